// Ports of the delivery domain: the issue log (one record per issue: state, totals and the final summary, the
// rendered email, and per shard of the active index the queuing lease and checkpoint), the send log (one record per
// issue and recipient: the claim that makes a send happen at most once, then its result), the issue tally (exact
// outcome counters, counted once per queue message, and the recipients that were not sent), and the rate limiter that
// paces sends (used by the SES client).
import type { RenderedEmail } from '../email/render.js';
import type { LeftOut, StoryEntry } from './stories.js';

/** enqueuing: recipients being queued (resumable); sending: all queued; complete: every recipient has an outcome. */
export type IssueState = 'enqueuing' | 'sending' | 'complete';

export interface IssueCounts {
  readonly sent: number;
  readonly skipped: number;
  readonly failed: number;
  readonly ambiguous: number;
}

export const ZERO_COUNTS: IssueCounts = { sent: 0, skipped: 0, failed: 0, ambiguous: 0 };

export function resolvedCount(c: IssueCounts): number {
  return c.sent + c.skipped + c.failed + c.ambiguous;
}

export interface IssueRecord {
  readonly issueId: string;
  readonly subject: string;
  /** Where the article came from, as given to the digest function. */
  readonly article: string;
  readonly forced: boolean;
  readonly state: IssueState;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly enqueuedAt?: string;
  readonly completedAt?: string;
  /** Recipients queued and queue messages sent: the sums of the shards, set when queuing finishes (0 before). */
  readonly recipients: number;
  readonly messages: number;
  /** Written once when the issue completes. */
  readonly summary?: StoredSummary;
  /** A multi-story issue's stories (with the keys it claimed) and the stories it left out, with why. */
  readonly stories?: readonly StoryEntry[];
  readonly leftOut?: readonly LeftOut[];
}

export interface NewIssue {
  readonly issueId: string;
  readonly subject: string;
  readonly article: string;
  readonly forced: boolean;
  readonly createdAt: string;
  readonly stories?: readonly StoryEntry[];
  readonly leftOut?: readonly LeftOut[];
}

export interface Lease {
  readonly owner: string;
  /** Epoch ms. */
  readonly until: number;
}

/** One shard of the active-subscriber index, as queued for one issue. */
export interface QueueShard {
  readonly shard: number;
  /** Who queues it, and until when (epoch ms) that right holds without a checkpoint. */
  readonly owner?: string;
  readonly leaseUntil: number;
  /** The listing cursor after the last checkpointed page; absent before the first. */
  readonly cursor?: string;
  /** Every page is checkpointed. */
  readonly done: boolean;
  /**
   * The subscribers of the last checkpointed page until its messages are known to be queued. The checkpoint is
   * written before the messages are sent, so a run that stops in between leaves the page here and the next run sends
   * exactly these recipients again (a duplicate message is harmless; a recipient counted but never queued is not).
   */
  readonly pending: readonly string[];
  readonly recipients: number;
  readonly messages: number;
}

/** Every page listed and queued. */
export function shardFinished(shard: QueueShard): boolean {
  return shard.done && shard.pending.length === 0;
}

export type BeginResult =
  | { readonly created: true; readonly issue: IssueRecord }
  | { readonly created: false; readonly issue: IssueRecord };

/** A listed page of one shard, checkpointed before its messages are sent. */
export interface PageCheckpoint {
  readonly shard: number;
  /** The cursor after this page; absent when it was the shard's last. */
  readonly cursor?: string;
  readonly subscriberIds: readonly string[];
  readonly messages: number;
}

/** The lease was taken over by another invocation (ours had expired): stop queuing, it carries on. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

/** The rendered email does not fit in the issue log even compressed. */
export class RenderedEmailTooLargeError extends Error {
  override readonly name = 'RenderedEmailTooLargeError';
}

/** A queue message names an issue the log does not hold (deleted, or a forged message). */
export class UnknownIssueError extends Error {
  override readonly name = 'UnknownIssueError';
}

/**
 * The issue was started by a version that kept its send records under other keys: delivering it here could send
 * twice. It is refused (its messages go to the dead-letter queue); finish it with that version or force a new issue.
 */
export class LegacyIssueError extends Error {
  override readonly name = 'LegacyIssueError';
}

export interface RecipientNote {
  readonly subscriberId: string;
  readonly reason: string;
}

/** The summary kept on the issue record: counts, and who (by subscriber id) for everything that is not `sent`. */
export interface StoredSummary {
  /** Recipients queued for this issue. */
  readonly recipients: number;
  readonly sent: number;
  /** Not sent: no longer active when their turn came (unsubscribed, bounced, complained, deleted). */
  readonly skipped: number;
  /** Refused for good by SES (or by our checks); not retried. */
  readonly failed: number;
  /** SES may or may not have accepted (the sender stopped between sending and recording): reported, never resent. */
  readonly ambiguous: number;
  readonly failedRecipients: readonly RecipientNote[];
  readonly ambiguousRecipients: readonly RecipientNote[];
  readonly skippedRecipients: readonly RecipientNote[];
  /** True when a list above was cut to fit the record; `IssueTally.exceptions` always has them all. */
  readonly truncated: boolean;
}

export interface IssueLog {
  /**
   * Records a new issue (conditional put) with its rendered email, and one queue shard per index shard, all held by
   * the lease's owner; or returns the existing issue.
   */
  begin(issue: NewIssue, email: RenderedEmail, lease: Lease, shards: number): Promise<BeginResult>;
  get(issueId: string): Promise<IssueRecord | undefined>;
  /** Throws LegacyIssueError for an issue of an earlier layout. */
  getEmail(issueId: string): Promise<RenderedEmail | undefined>;
  /** Every queue shard of an issue, in shard order. */
  queueShards(issueId: string): Promise<QueueShard[]>;
  /** Takes an unfinished shard whose lease has expired (or was released); undefined when it is done or held. */
  takeShard(issueId: string, shard: number, lease: Lease, now: number): Promise<QueueShard | undefined>;
  /** Records a listed page before its messages are sent, and renews the lease. Throws LeaseLostError. */
  checkpoint(issueId: string, lease: Lease, page: PageCheckpoint): Promise<void>;
  /** Forgets the pending page once its messages are queued. Throws LeaseLostError. */
  clearPending(issueId: string, shard: number, owner: string): Promise<void>;
  /** Gives a shard's lease up early, so that another invocation can go on with it at once. */
  releaseShard(issueId: string, shard: number, owner: string): Promise<void>;
  /**
   * `enqueuing` -> `sending` with the shards' sums, when every shard is done; the record as it stands when already
   * past `enqueuing`; undefined while a shard is unfinished.
   */
  finishEnqueue(issueId: string, now: number): Promise<IssueRecord | undefined>;
  /** `sending` -> `complete` with the summary; false when it was already complete. */
  complete(issueId: string, summary: StoredSummary, now: number): Promise<boolean>;
}

export type ExceptionKind = 'failed' | 'skipped' | 'ambiguous';

export interface ExceptionNote extends RecipientNote {
  readonly kind: ExceptionKind;
}

/** What one queue message resolved itself: the counts of the recipients it recorded, and those not sent. */
export interface MessageTally {
  /** The message's content key (see messageKey): the same recipients give the same key, however often queued. */
  readonly key: string;
  readonly counts: IssueCounts;
  readonly exceptions: readonly ExceptionNote[];
}

/**
 * folded: counted now; already: counted before (a redelivered or duplicate message); busy: another delivery of the
 * same message is counting it right now (retry later to learn that it did).
 */
export type FoldResult = 'folded' | 'already' | 'busy';

export interface IssueTally {
  /**
   * Adds a message's tally to the counters exactly once per message key, however often it is called, from however
   * many places; the exceptions are listed before the counts change, so counts that add up imply complete lists.
   * A fold left half done by a stopped sender is taken over after `orphanedBefore` (epoch ms).
   */
  fold(
    issueId: string,
    tally: MessageTally,
    token: string,
    now: number,
    orphanedBefore: number,
  ): Promise<FoldResult>;
  /** The exact counts so far (strongly consistent). */
  counts(issueId: string): Promise<IssueCounts>;
  /** The recipients of one kind that were not sent, in pages; memory stays flat however many there are. */
  exceptions(issueId: string, kind: ExceptionKind): AsyncIterable<RecipientNote>;
}

export type SendResultKind = 'sent' | 'failed' | 'ambiguous' | 'skipped';

export interface SendRecord {
  readonly issueId: string;
  readonly subscriberId: string;
  /** Identifies the claim's holder; absent on skip records. */
  readonly claimToken?: string;
  /** Epoch ms. */
  readonly claimedAt: number;
  readonly result?: SendResultKind;
  readonly messageId?: string;
  readonly reason?: string;
  readonly completedAt?: number;
  /** The key of the queue message whose delivery recorded the result: that message's tally counts it. */
  readonly resolvedBy?: string;
}

export type ClaimResult =
  | { readonly claimed: true }
  | { readonly claimed: false; readonly existing: SendRecord };

export type SendOutcomeRecord =
  | { readonly result: 'sent'; readonly messageId: string }
  | { readonly result: 'failed' | 'ambiguous'; readonly reason: string };

/** Our claim was changed by someone else between claim and result: a bug or manual edit; never resend. */
export class ClaimLostError extends Error {
  override readonly name = 'ClaimLostError';
}

export interface SendLog {
  /** Conditional put of the (issue, subscriber) claim; when it exists, returns what is there. */
  claim(issueId: string, subscriberId: string, token: string, now: number): Promise<ClaimResult>;
  /** Records that a recipient was not sent to (no longer active); returns the existing record instead when there is one. */
  skip(
    issueId: string,
    subscriberId: string,
    reason: string,
    resolvedBy: string,
    now: number,
  ): Promise<SendRecord | undefined>;
  /** Records the result on our claim. Throws ClaimLostError when the claim is not ours any more. */
  finish(
    issueId: string,
    subscriberId: string,
    token: string,
    outcome: SendOutcomeRecord,
    resolvedBy: string,
    now: number,
  ): Promise<void>;
  /** Marks an orphaned claim (holder gone, no result) as ambiguous; false when someone else resolved it first. */
  markAmbiguous(
    issueId: string,
    subscriberId: string,
    staleToken: string,
    reason: string,
    resolvedBy: string,
    now: number,
  ): Promise<boolean>;
  /** Deletes our claim while it has no result (the message was certainly not sent), so a redelivery can send. */
  release(issueId: string, subscriberId: string, token: string): Promise<void>;
  get(issueId: string, subscriberId: string): Promise<SendRecord | undefined>;
  /** Every send record of an issue, in pages (audits: O(recipients), never on the sending path). */
  list(issueId: string): AsyncIterable<SendRecord>;
}
