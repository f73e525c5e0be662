// Ports of the delivery domain: the issue log (one record per issue: state, enqueue checkpoints, progress counters,
// the final summary, and the rendered email), the send log (one record per issue and recipient: the claim that
// makes a send happen at most once, then its result), and the rate limiter that paces sends (used by the SES client).
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

/** Marks a shard whose recipients are all queued, in `IssueRecord.cursors`. */
export const SHARD_DONE = 'done';

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
  /** The invocation queuing recipients, and until when (epoch ms) it holds that right. */
  readonly leaseOwner?: string;
  readonly leaseUntil: number;
  /** Per shard: the listing cursor after the last queued page, or SHARD_DONE. */
  readonly cursors: Readonly<Record<string, string>>;
  /** Recipients queued and queue messages sent (exact: counted with each page's checkpoint). */
  readonly recipients: number;
  readonly messages: number;
  /** Progress, added by the deliver function per queue message; the send log is the authority. */
  readonly counts: IssueCounts;
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

export type BeginResult =
  | { readonly created: true; readonly issue: IssueRecord }
  | { readonly created: false; readonly issue: IssueRecord };

export interface EnqueueProgress {
  readonly shard: number;
  /** The cursor after this page, or SHARD_DONE. */
  readonly cursor: string;
  readonly recipients: number;
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
  /** True when a list above was cut to fit the record; `IssueLog.summary` always has them all. */
  readonly truncated: boolean;
}

export interface IssueLog {
  /** Records a new issue (conditional put) with its rendered email, holding the enqueue lease; or returns the existing one. */
  begin(issue: NewIssue, email: RenderedEmail, lease: Lease): Promise<BeginResult>;
  get(issueId: string): Promise<IssueRecord | undefined>;
  getEmail(issueId: string): Promise<RenderedEmail | undefined>;
  /** Takes the enqueue lease of an issue still `enqueuing` whose lease has expired; undefined when someone holds it. */
  takeOver(issueId: string, lease: Lease, now: number): Promise<IssueRecord | undefined>;
  /** Records a queued page and renews the lease. Throws LeaseLostError when the lease is no longer ours. */
  checkpoint(issueId: string, lease: Lease, progress: EnqueueProgress): Promise<void>;
  /** `enqueuing` -> `sending`. Throws LeaseLostError when the lease is no longer ours. */
  finishEnqueue(issueId: string, owner: string, now: number): Promise<IssueRecord>;
  /** Gives the lease up early, so that a retry can resume at once. */
  releaseLease(issueId: string, owner: string): Promise<void>;
  /** Adds to the progress counters; returns the updated record. */
  addCounts(issueId: string, counts: IssueCounts, now: number): Promise<IssueRecord>;
  /** `sending` -> `complete` with the summary; false when it was already complete. */
  complete(issueId: string, summary: StoredSummary, now: number): Promise<boolean>;
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
  skip(issueId: string, subscriberId: string, reason: string, now: number): Promise<SendRecord | undefined>;
  /** Records the result on our claim. Throws ClaimLostError when the claim is not ours any more. */
  finish(
    issueId: string,
    subscriberId: string,
    token: string,
    outcome: SendOutcomeRecord,
    now: number,
  ): Promise<void>;
  /** Marks an orphaned claim (holder gone, no result) as ambiguous; false when someone else resolved it first. */
  markAmbiguous(
    issueId: string,
    subscriberId: string,
    staleToken: string,
    reason: string,
    now: number,
  ): Promise<boolean>;
  /** Deletes our claim while it has no result (the message was certainly not sent), so a redelivery can send. */
  release(issueId: string, subscriberId: string, token: string): Promise<void>;
  /** Every send record of an issue, in pages. */
  list(issueId: string): AsyncIterable<SendRecord>;
}
