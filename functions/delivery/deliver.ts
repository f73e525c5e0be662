// The send loop for one queue message: for each recipient, re-read the subscriber, claim the (issue, subscriber)
// send, compose their copy, send it at the paced rate, and record the result — one recipient at a time, so that
// progress is recorded per email and a retried message resumes exactly where the last one stopped.
//
// The rules that keep "at most one email per (issue, subscriber)" and "nobody confirmed missed":
// - a recipient no longer active is skipped (and recorded as skipped);
// - a send is attempted only after our conditional claim succeeded;
// - a claim that already has a result is a duplicate delivery: nothing happens;
// - a claim without a result is either in flight in another sender (retry the message later) or orphaned by a
//   sender that stopped between claim and result (ambiguous: SES may have accepted it; reported, never resent);
// - throttling is retried with backoff; if SES still throttles, the claim is released (the email was certainly
//   not sent) and the message is retried later through the queue, never dropped;
// - a permanent refusal is recorded as failed; any other send error is ambiguous, because SES may have accepted.

import { type Mailer, PermanentSendError, ThrottledError } from '../email/mail.js';
import type { RenderedEmail } from '../email/render.js';
import { describeError } from '../subscribers/log-safe.js';
import type { Subscriber, SubscriberStore } from '../subscribers/subscriber.js';
import { maskEmail } from '../subscribers/subscriber.js';
import { type BackoffPolicy, DEFAULT_BACKOFF, fullJitterDelay } from './backoff.js';
import { composeMessage } from './compose.js';
import type { DeliveryMessage } from './messages.js';
import {
  type IssueCounts,
  type IssueLog,
  type IssueRecord,
  type SendLog,
  type SendRecord,
  UnknownIssueError,
  ZERO_COUNTS,
} from './ports.js';
import { CLAIM_ORPHANED_AFTER_MS, completeIfSettled, type IssueSummary } from './summary.js';

export type RecipientOutcome =
  | { readonly kind: 'sent'; readonly subscriberId: string; readonly messageId: string; readonly to: string }
  | { readonly kind: 'skipped'; readonly subscriberId: string; readonly reason: string }
  | { readonly kind: 'failed'; readonly subscriberId: string; readonly reason: string; readonly to: string }
  | { readonly kind: 'ambiguous'; readonly subscriberId: string; readonly reason: string }
  /** Already had an outcome (a duplicate or retried message): nothing done. */
  | { readonly kind: 'duplicate'; readonly subscriberId: string; readonly result: string }
  /** Claimed moments ago by another sender: the message is retried later to learn the outcome. */
  | { readonly kind: 'in-flight'; readonly subscriberId: string }
  /** SES still throttled after the retries: claim released, the message is retried later. */
  | { readonly kind: 'throttled'; readonly subscriberId: string }
  /** Not attempted in this delivery (time running out, or SES throttling): the message is retried later. */
  | { readonly kind: 'deferred'; readonly subscriberId: string; readonly reason: string };

export interface DeliverDeps {
  readonly issues: Pick<IssueLog, 'get' | 'addCounts' | 'complete'>;
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
  /** Set when this message completed the issue. */
  readonly completed?: IssueSummary;
}

/** Enough time for a send and its record after the last check: SES calls time out well before this. */
export const DEFAULT_RESERVE_MS = 15_000;

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

function tally(counts: IssueCounts, outcome: RecipientOutcome): IssueCounts {
  switch (outcome.kind) {
    case 'sent':
    case 'skipped':
    case 'failed':
    case 'ambiguous':
      return { ...counts, [outcome.kind]: counts[outcome.kind] + 1 };
    default:
      return counts;
  }
}

export async function deliverMessage(message: DeliveryMessage, deps: DeliverDeps): Promise<MessageReport> {
  const email = await deps.email(message.issueId);
  if (!email) throw new UnknownIssueError(`issue ${message.issueId} has no rendered email in the issue log`);
  const outcomes: RecipientOutcome[] = [];
  let counts = ZERO_COUNTS;
  let stop: string | undefined;
  let latest: IssueRecord | undefined;
  const record = (outcome: RecipientOutcome) => {
    outcomes.push(outcome);
    counts = tally(counts, outcome);
    deps.observe?.(outcome);
  };
  try {
    for (const subscriberId of message.subscriberIds) {
      if (!stop && deps.remainingMs && deps.remainingMs() < (deps.reserveMs ?? DEFAULT_RESERVE_MS)) {
        stop = 'invocation time is running out';
      }
      if (stop) {
        record({ kind: 'deferred', subscriberId, reason: stop });
        continue;
      }
      const outcome = await deliverOne(message.issueId, email, subscriberId, deps);
      record(outcome);
      // SES is still refusing after the backoff: the rest of the message would fare no better now.
      if (outcome.kind === 'throttled') stop = 'SES is throttling';
    }
  } finally {
    // Progress counters go to the issue record once per message, even when a recipient threw.
    const changed = counts.sent + counts.skipped + counts.failed + counts.ambiguous > 0;
    if (changed) latest = await deps.issues.addCounts(message.issueId, counts, deps.now());
  }
  const retry = outcomes.some(
    (o) => o.kind === 'in-flight' || o.kind === 'throttled' || o.kind === 'deferred',
  );
  const completed = latest && !retry ? await tryComplete(latest, deps) : undefined;
  return { issueId: message.issueId, outcomes, retry, ...(completed ? { completed } : {}) };
}

function orphanedBefore(deps: DeliverDeps, now: number): number {
  return deps.orphanedBefore ? deps.orphanedBefore(now) : now - CLAIM_ORPHANED_AFTER_MS;
}

async function tryComplete(issue: IssueRecord, deps: DeliverDeps): Promise<IssueSummary | undefined> {
  const now = deps.now();
  return completeIfSettled(issue, { issues: deps.issues, sends: deps.sends }, now, orphanedBefore(deps, now));
}

async function deliverOne(
  issueId: string,
  email: RenderedEmail,
  subscriberId: string,
  deps: DeliverDeps,
): Promise<RecipientOutcome> {
  const subscriber = await deps.subscribers.get(subscriberId);
  if (subscriber?.status !== 'active') {
    const reason = subscriber ? subscriber.status : 'no longer exists';
    const existing = await deps.sends.skip(issueId, subscriberId, reason, deps.now());
    return existing ? await resolveExisting(existing, deps) : { kind: 'skipped', subscriberId, reason };
  }
  const token = deps.newClaimToken();
  const claim = await deps.sends.claim(issueId, subscriberId, token, deps.now());
  if (!claim.claimed) return resolveExisting(claim.existing, deps);
  return sendClaimed(issueId, email, subscriber, token, deps);
}

/** Someone holds or held this (issue, subscriber): decide without sending. */
async function resolveExisting(existing: SendRecord, deps: DeliverDeps): Promise<RecipientOutcome> {
  const { issueId, subscriberId } = existing;
  if (existing.result) return { kind: 'duplicate', subscriberId, result: existing.result };
  const now = deps.now();
  if (existing.claimedAt >= orphanedBefore(deps, now) || existing.claimToken === undefined) {
    return { kind: 'in-flight', subscriberId };
  }
  const reason = `claimed ${new Date(existing.claimedAt).toISOString()} by a sender that stopped before recording a result; not resent`;
  const marked = await deps.sends.markAmbiguous(issueId, subscriberId, existing.claimToken, reason, now);
  // Not marked: another delivery resolved it a moment ago, which makes ours a duplicate.
  return marked
    ? { kind: 'ambiguous', subscriberId, reason }
    : { kind: 'duplicate', subscriberId, result: 'resolved' };
}

async function sendClaimed(
  issueId: string,
  email: RenderedEmail,
  subscriber: Subscriber,
  token: string,
  deps: DeliverDeps,
): Promise<RecipientOutcome> {
  const subscriberId = subscriber.id;
  const to = maskEmail(subscriber.email);
  if (!isSendableAddress(subscriber.email)) {
    const reason = 'the stored address is not a sendable email address';
    await deps.sends.finish(issueId, subscriberId, token, { result: 'failed', reason }, deps.now());
    return { kind: 'failed', subscriberId, reason, to };
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
      await deps.sends.finish(issueId, subscriberId, token, { result: 'sent', messageId }, deps.now());
      return { kind: 'sent', subscriberId, messageId, to };
    } catch (caught) {
      error = caught;
    }
    const kind = classifySendError(error);
    if (kind === 'permanent') {
      const reason = describeError(error);
      await deps.sends.finish(issueId, subscriberId, token, { result: 'failed', reason }, deps.now());
      return { kind: 'failed', subscriberId, reason, to };
    }
    if (kind === 'ambiguous') {
      const reason = `send outcome unknown (${describeError(error)}); not resent`;
      await deps.sends.finish(issueId, subscriberId, token, { result: 'ambiguous', reason }, deps.now());
      return { kind: 'ambiguous', subscriberId, reason };
    }
    deps.onThrottle?.();
    const wait = fullJitterDelay(policy, attempt, deps.random);
    const outOfTime =
      deps.remainingMs !== undefined && deps.remainingMs() - wait < (deps.reserveMs ?? DEFAULT_RESERVE_MS);
    if (attempt + 1 >= policy.attempts || outOfTime) {
      await deps.sends.release(issueId, subscriberId, token);
      return { kind: 'throttled', subscriberId };
    }
    await deps.sleep(wait);
  }
}
