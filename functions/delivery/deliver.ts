// The send loop for one queue message: for each recipient, re-read the subscriber, claim the (issue, subscriber)
// send, compose their copy, send it at the paced rate, and record the result — one recipient at a time, so that
// progress is recorded per email and a retried message resumes exactly where the last one stopped. When every
// recipient has a result, the message's own results are counted into the issue tally (once, however often the message
// is delivered) and the issue is completed if the counts now add up.
//
// The rules that keep "at most one email per (issue, subscriber)" and "nobody confirmed missed":
// - a recipient no longer active is skipped (and recorded as skipped);
// - a send is attempted only after our conditional claim succeeded;
// - a claim that already has a result is a duplicate delivery: nothing happens;
// - a claim without a result is either in flight in another sender (retry the message later) or orphaned by a
//   sender that stopped between claim and result (ambiguous: SES may have accepted it; reported, never resent);
// - throttling is retried with backoff; if SES still throttles, the claim is released (the email was certainly
//   not sent) and the message is retried later through the queue, never dropped;
// - a permanent refusal is recorded as failed; any other send error is ambiguous, because SES may have accepted;
// - a table error before the send (reading the subscriber, the claim) sends nothing: the claim is taken back and the
//   message retried; a table error after the send is not a send error: the result is written again, with backoff,
//   until it lands ('sent' once it does), and only a sender that runs out of time leaves the claim open.

import { type Mailer, PermanentSendError, ThrottledError } from '../email/mail.js';
import type { RenderedEmail } from '../email/render.js';
import { describeError } from '../subscribers/log-safe.js';
import type { Subscriber, SubscriberStore } from '../subscribers/subscriber.js';
import { maskEmail } from '../subscribers/subscriber.js';
import { type BackoffPolicy, DEFAULT_BACKOFF, fullJitterDelay } from './backoff.js';
import { composeMessage } from './compose.js';
import { type DeliveryMessage, messageKey } from './messages.js';
import {
  ClaimLostError,
  type ClaimResult,
  type FoldResult,
  type IssueLog,
  type IssueTally,
  type MessageTally,
  type SendLog,
  type SendOutcomeRecord,
  type SendRecord,
  UnknownIssueError,
} from './ports.js';
import type { RetryCause } from './retry.js';
import { CLAIM_ORPHANED_AFTER_MS, completeIfCounted, type IssueSummary } from './summary.js';
import { decideTally, type FinalResult } from './tally.js';

/** Why a recipient was left for a later delivery of the message. */
export type DeferCause = 'time' | 'ses' | 'table';

export type RecipientOutcome =
  | { readonly kind: 'sent'; readonly subscriberId: string; readonly messageId: string; readonly to: string }
  | { readonly kind: 'skipped'; readonly subscriberId: string; readonly reason: string }
  | { readonly kind: 'failed'; readonly subscriberId: string; readonly reason: string; readonly to: string }
  | { readonly kind: 'ambiguous'; readonly subscriberId: string; readonly reason: string }
  /** Already had an outcome (a duplicate or retried message): nothing done. */
  | {
      readonly kind: 'duplicate';
      readonly subscriberId: string;
      readonly result: string;
      readonly record: SendRecord;
    }
  /** Claimed moments ago by another sender: the message is retried later to learn the outcome. */
  | { readonly kind: 'in-flight'; readonly subscriberId: string; readonly claimedAt: number }
  /** SES still throttled after the retries: claim released, the message is retried later. */
  | { readonly kind: 'throttled'; readonly subscriberId: string }
  /**
   * Sent, but the table refused the result until this invocation ran out of time: the claim stays open, and is
   * reported ambiguous once orphaned (the message id is logged, to settle it by hand).
   */
  | {
      readonly kind: 'unrecorded';
      readonly subscriberId: string;
      readonly messageId?: string;
      readonly reason: string;
    }
  /** Not sent in this delivery (time running out, SES throttling, a table error): the message is retried later. */
  | {
      readonly kind: 'deferred';
      readonly subscriberId: string;
      readonly reason: string;
      readonly cause: DeferCause;
    };

export interface DeliverDeps {
  readonly issues: Pick<IssueLog, 'get' | 'complete'>;
  readonly tally: Pick<IssueTally, 'fold' | 'counts' | 'exceptions'>;
  readonly sends: SendLog;
  readonly subscribers: Pick<SubscriberStore, 'get'>;
  /** Sends one email; paced to the SES rate by the client underneath (see adapters/ses-send-client.ts). */
  readonly mailer: Mailer;
  /** The issue's rendered email (callers cache it: it is the same for every recipient). */
  readonly email: (issueId: string) => Promise<RenderedEmail | undefined>;
  /** The From header. */
  readonly from: string;
  /** The recipient's personal unsubscribe URL. */
  readonly unsubscribeUrl: (subscriberId: string) => string;
  readonly newClaimToken: () => string;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly backoff?: BackoffPolicy;
  /** Retries of a result write (after the email went out); RESULT_BACKOFF by default. */
  readonly resultBackoff?: BackoffPolicy;
  /** Claims older than this (epoch ms, given now) are orphaned; CLAIM_ORPHANED_AFTER_MS before now by default. */
  readonly orphanedBefore?: (now: number) => number;
  /** Milliseconds left in this invocation; recipients are deferred when fewer than `reserveMs` remain. */
  readonly remainingMs?: () => number;
  readonly reserveMs?: number;
  /** Told each recipient's outcome as it happens (progress bars, metrics, logs). */
  readonly observe?: (outcome: RecipientOutcome) => void;
  /** Told of every throttling response from SES. */
  readonly onThrottle?: () => void;
}

export interface MessageReport {
  readonly issueId: string;
  readonly outcomes: readonly RecipientOutcome[];
  /** Some recipients need another delivery of this message: fail it so the queue redelivers it. */
  readonly retry: boolean;
  /** Why (for the delay before it comes back: see retry.ts). */
  readonly causes: ReadonlySet<RetryCause>;
  /** The oldest claim held by another sender, when waiting on one. */
  readonly heldSince?: number;
  /** Set when this message completed the issue. */
  readonly completed?: IssueSummary;
}

/** Enough time for a send and its record after the last check: SES calls time out well before this. */
export const DEFAULT_RESERVE_MS = 15_000;
/** A result write refused after the send is tried again over about a minute, then until the invocation's end. */
export const RESULT_BACKOFF: BackoffPolicy = { attempts: 20, baseMs: 50, capMs: 5_000 };
/** Stop retrying a result write this long before the invocation ends. */
const RESULT_STOP_MS = 1_000;

/**
 * The wait before the next try of a write that must land (a result, a tally): until the invocation's end when its
 * remaining time is known, else for the policy's attempts; undefined when no try is left.
 */
function resultRetryWait(
  policy: BackoffPolicy,
  attempt: number,
  deps: Pick<DeliverDeps, 'random' | 'remainingMs'>,
): number | undefined {
  const wait = fullJitterDelay(policy, Math.min(attempt, 16), deps.random);
  const outOfTime = deps.remainingMs
    ? deps.remainingMs() - wait < RESULT_STOP_MS
    : attempt + 1 >= policy.attempts;
  return outOfTime ? undefined : wait;
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

type SendErrorKind = 'throttled' | 'permanent' | 'ambiguous';

/**
 * What a send error tells about the email. Throttling, a refused connection and a client-side (4xx) error mean SES
 * did not take it; anything else (timeouts, resets, 5xx) may have been accepted, so it must not be resent.
 */
export function classifySendError(error: unknown): SendErrorKind {
  if (error instanceof ThrottledError) return 'throttled';
  if (error instanceof PermanentSendError) return 'permanent';
  const e = error as { code?: unknown; $fault?: unknown; cause?: { code?: unknown } } | null;
  if (e && (NOT_SENT_CODES.has(String(e.code)) || NOT_SENT_CODES.has(String(e.cause?.code))))
    return 'throttled';
  // The SDK's connection timeout: no connection, so no request.
  if (error instanceof Error && /without establishing a connection/i.test(error.message)) return 'throttled';
  // AWS SDK v3 marks errors the service attributes to the request itself as client faults (HTTP 4xx).
  if (e && e.$fault === 'client') return 'permanent';
  return 'ambiguous';
}

/** One plain address, nothing that could add recipients or headers; SES judges the rest. */
export function isSendableAddress(address: string): boolean {
  return (
    address.length <= 254 && /^[^\s@<>,;"()[\]\\]+@[^\s@<>,;"()[\]\\]+\.[^\s@<>,;"()[\]\\]+$/.test(address)
  );
}

function orphanedBefore(deps: DeliverDeps, now: number): number {
  return deps.orphanedBefore ? deps.orphanedBefore(now) : now - CLAIM_ORPHANED_AFTER_MS;
}

function waitingCause(outcome: RecipientOutcome): RetryCause | undefined {
  switch (outcome.kind) {
    case 'in-flight':
      return 'in-flight';
    case 'throttled':
      return 'ses';
    case 'unrecorded':
      return 'table';
    case 'deferred':
      return outcome.cause;
    default:
      return undefined;
  }
}

/** The final result of each recipient, for the tally; undefined while one is still open. */
function finalResults(key: string, outcomes: readonly RecipientOutcome[]): FinalResult[] {
  return outcomes.flatMap((o): FinalResult[] => {
    switch (o.kind) {
      case 'sent':
        return [{ subscriberId: o.subscriberId, result: 'sent', resolvedBy: key }];
      case 'skipped':
      case 'failed':
      case 'ambiguous':
        return [{ subscriberId: o.subscriberId, result: o.kind, reason: o.reason, resolvedBy: key }];
      case 'duplicate': {
        const r = o.record;
        if (!r.result) return [];
        return [
          {
            subscriberId: o.subscriberId,
            result: r.result,
            ...(r.reason ? { reason: r.reason } : {}),
            ...(r.resolvedBy ? { resolvedBy: r.resolvedBy } : {}),
          },
        ];
      }
      default:
        return [];
    }
  });
}

export async function deliverMessage(message: DeliveryMessage, deps: DeliverDeps): Promise<MessageReport> {
  const { issueId } = message;
  const email = await deps.email(issueId);
  if (!email) throw new UnknownIssueError(`issue ${issueId} has no rendered email in the issue log`);
  const key = messageKey(message);
  const outcomes: RecipientOutcome[] = [];
  let stop: { reason: string; cause: DeferCause } | undefined;
  for (const subscriberId of message.subscriberIds) {
    if (!stop && deps.remainingMs && deps.remainingMs() < (deps.reserveMs ?? DEFAULT_RESERVE_MS)) {
      stop = { reason: 'invocation time is running out', cause: 'time' };
    }
    const outcome: RecipientOutcome = stop
      ? { kind: 'deferred', subscriberId, ...stop }
      : await deliverPatiently(issueId, email, subscriberId, key, deps);
    outcomes.push(outcome);
    deps.observe?.(outcome);
    // SES or the table is refusing now: the rest of the message would fare no better.
    if (!stop && outcome.kind === 'throttled') stop = { reason: 'SES is throttling', cause: 'ses' };
    if (!stop && (outcome.kind === 'deferred' || outcome.kind === 'unrecorded')) {
      stop = { reason: `an earlier recipient hit a table error (${outcome.reason})`, cause: 'table' };
    }
  }
  const causes = new Set<RetryCause>();
  let heldSince: number | undefined;
  for (const o of outcomes) {
    const cause = waitingCause(o);
    if (cause) causes.add(cause);
    if (o.kind === 'in-flight') heldSince = Math.min(heldSince ?? o.claimedAt, o.claimedAt);
  }
  const base = { issueId, outcomes, ...(heldSince !== undefined ? { heldSince } : {}) };
  if (causes.size > 0) return { ...base, retry: true, causes };

  // Every recipient has a result: count the ones this message recorded, then see whether the issue is done. Both
  // run again when the message is redelivered, so a failure here (thrown) loses nothing.
  const tally = decideTally(key, finalResults(key, outcomes));
  const folded = await foldWithRetries(issueId, tally, deps);
  if (folded === 'busy') return { ...base, retry: true, causes: new Set(['in-flight']) };
  const completed = await completeIfCounted(issueId, { issues: deps.issues, tally: deps.tally }, deps.now());
  return { ...base, retry: false, causes, ...(completed ? { completed } : {}) };
}

/**
 * Adds the tally, trying again with backoff while the table refuses: a fold is safe to repeat under the same token,
 * and one abandoned part way is only taken over after CLAIM_ORPHANED_AFTER_MS, so it is worth finishing now.
 */
async function foldWithRetries(issueId: string, tally: MessageTally, deps: DeliverDeps): Promise<FoldResult> {
  const token = deps.newClaimToken();
  const policy = deps.resultBackoff ?? RESULT_BACKOFF;
  for (let attempt = 0; ; attempt++) {
    try {
      const now = deps.now();
      return await deps.tally.fold(issueId, tally, token, now, orphanedBefore(deps, now));
    } catch (error) {
      const wait = resultRetryWait(policy, attempt, deps);
      if (wait === undefined) throw error;
      await deps.sleep(wait);
    }
  }
}

/**
 * deliverOne, tried again with backoff while the table refuses before anything was sent (each try starts afresh: a
 * claim of a failed try was taken back), so a brief throttle costs a moment rather than a redelivery.
 */
async function deliverPatiently(
  issueId: string,
  email: RenderedEmail,
  subscriberId: string,
  key: string,
  deps: DeliverDeps,
): Promise<RecipientOutcome> {
  const policy = deps.backoff ?? DEFAULT_BACKOFF;
  for (let attempt = 0; ; attempt++) {
    const outcome = await deliverOne(issueId, email, subscriberId, key, deps);
    if (outcome.kind !== 'deferred' || outcome.cause !== 'table') return outcome;
    const wait = fullJitterDelay(policy, attempt, deps.random);
    const outOfTime =
      deps.remainingMs !== undefined && deps.remainingMs() - wait < (deps.reserveMs ?? DEFAULT_RESERVE_MS);
    if (attempt + 1 >= policy.attempts || outOfTime) return outcome;
    await deps.sleep(wait);
  }
}

function tableTrouble(subscriberId: string, what: string, error: unknown): RecipientOutcome {
  return {
    kind: 'deferred',
    subscriberId,
    cause: 'table',
    reason: `${what} failed (${describeError(error)}); nothing sent`,
  };
}

async function deliverOne(
  issueId: string,
  email: RenderedEmail,
  subscriberId: string,
  key: string,
  deps: DeliverDeps,
): Promise<RecipientOutcome> {
  let subscriber: Subscriber | undefined;
  try {
    subscriber = await deps.subscribers.get(subscriberId);
  } catch (error) {
    return tableTrouble(subscriberId, 'reading the subscriber', error);
  }
  if (subscriber?.status !== 'active') {
    const reason = subscriber ? subscriber.status : 'no longer exists';
    try {
      const existing = await deps.sends.skip(issueId, subscriberId, reason, key, deps.now());
      return existing
        ? await resolveExisting(existing, key, deps)
        : { kind: 'skipped', subscriberId, reason };
    } catch (error) {
      return tableTrouble(subscriberId, 'recording the skip', error);
    }
  }
  const token = deps.newClaimToken();
  let claim: ClaimResult;
  try {
    claim = await deps.sends.claim(issueId, subscriberId, token, deps.now());
  } catch (error) {
    // The claim may have been written before the error (a timeout after DynamoDB applied it): take it back, so that
    // the next delivery does not wait on it and, after 16 minutes, report a recipient never sent as ambiguous.
    await releaseQuietly(issueId, subscriberId, token, deps);
    return tableTrouble(subscriberId, 'claiming', error);
  }
  if (!claim.claimed) {
    try {
      return await resolveExisting(claim.existing, key, deps);
    } catch (error) {
      return tableTrouble(subscriberId, 'resolving an earlier claim', error);
    }
  }
  return sendClaimed(issueId, email, subscriber, token, key, deps);
}

async function releaseQuietly(issueId: string, subscriberId: string, token: string, deps: DeliverDeps) {
  const policy = deps.backoff ?? DEFAULT_BACKOFF;
  for (let attempt = 0; attempt < policy.attempts; attempt++) {
    try {
      await deps.sends.release(issueId, subscriberId, token);
      return;
    } catch {
      await deps.sleep(fullJitterDelay(policy, attempt, deps.random));
    }
  }
}

/** Someone holds or held this (issue, subscriber): decide without sending. */
async function resolveExisting(
  existing: SendRecord,
  key: string,
  deps: DeliverDeps,
): Promise<RecipientOutcome> {
  const { issueId, subscriberId } = existing;
  if (existing.result) return { kind: 'duplicate', subscriberId, result: existing.result, record: existing };
  const now = deps.now();
  if (existing.claimedAt >= orphanedBefore(deps, now) || existing.claimToken === undefined) {
    return { kind: 'in-flight', subscriberId, claimedAt: existing.claimedAt };
  }
  const reason = `claimed ${new Date(existing.claimedAt).toISOString()} by a sender that stopped before recording a result; not resent`;
  if (await deps.sends.markAmbiguous(issueId, subscriberId, existing.claimToken, reason, key, now)) {
    return { kind: 'ambiguous', subscriberId, reason };
  }
  // Not marked: another delivery resolved it a moment ago; its record says how.
  const record = await deps.sends.get(issueId, subscriberId);
  return record?.result
    ? { kind: 'duplicate', subscriberId, result: record.result, record }
    : { kind: 'in-flight', subscriberId, claimedAt: record?.claimedAt ?? now };
}

/**
 * Writes the result on our claim, again and again with backoff while the table refuses (a throttled write after a
 * send is not an ambiguous send), until it lands or the invocation is about to end. False when it never landed.
 */
async function recordResult(
  issueId: string,
  subscriberId: string,
  token: string,
  outcome: SendOutcomeRecord,
  key: string,
  deps: DeliverDeps,
): Promise<boolean> {
  const policy = deps.resultBackoff ?? RESULT_BACKOFF;
  for (let attempt = 0; ; attempt++) {
    try {
      await deps.sends.finish(issueId, subscriberId, token, outcome, key, deps.now());
      return true;
    } catch (error) {
      if (error instanceof ClaimLostError) throw error;
    }
    const wait = resultRetryWait(policy, attempt, deps);
    if (wait === undefined) return false;
    await deps.sleep(wait);
  }
}

async function sendClaimed(
  issueId: string,
  email: RenderedEmail,
  subscriber: Subscriber,
  token: string,
  key: string,
  deps: DeliverDeps,
): Promise<RecipientOutcome> {
  const subscriberId = subscriber.id;
  const to = maskEmail(subscriber.email);
  const recorded = async (outcome: SendOutcomeRecord, then: RecipientOutcome): Promise<RecipientOutcome> => {
    if (await recordResult(issueId, subscriberId, token, outcome, key, deps)) return then;
    const reason = `the ${outcome.result} result could not be written before the invocation ended`;
    return {
      kind: 'unrecorded',
      subscriberId,
      reason,
      ...(outcome.result === 'sent' ? { messageId: outcome.messageId } : {}),
    };
  };
  if (!isSendableAddress(subscriber.email)) {
    const reason = 'the stored address is not a sendable email address';
    return recorded({ result: 'failed', reason }, { kind: 'failed', subscriberId, reason, to });
  }
  const policy = deps.backoff ?? DEFAULT_BACKOFF;
  const message = composeMessage(email, {
    from: deps.from,
    to: subscriber.email,
    unsubscribeUrl: deps.unsubscribeUrl(subscriberId),
  });
  for (let attempt = 0; ; attempt++) {
    let error: unknown;
    try {
      const { messageId } = await deps.mailer.send(message);
      return recorded({ result: 'sent', messageId }, { kind: 'sent', subscriberId, messageId, to });
    } catch (caught) {
      error = caught;
    }
    const kind = classifySendError(error);
    if (kind === 'permanent') {
      const reason = describeError(error);
      return recorded({ result: 'failed', reason }, { kind: 'failed', subscriberId, reason, to });
    }
    if (kind === 'ambiguous') {
      const reason = `send outcome unknown (${describeError(error)}); not resent`;
      return recorded({ result: 'ambiguous', reason }, { kind: 'ambiguous', subscriberId, reason });
    }
    deps.onThrottle?.();
    const wait = fullJitterDelay(policy, attempt, deps.random);
    const outOfTime =
      deps.remainingMs !== undefined && deps.remainingMs() - wait < (deps.reserveMs ?? DEFAULT_RESERVE_MS);
    if (attempt + 1 >= policy.attempts || outOfTime) {
      await releaseQuietly(issueId, subscriberId, token, deps);
      return { kind: 'throttled', subscriberId };
    }
    await deps.sleep(wait);
  }
}
