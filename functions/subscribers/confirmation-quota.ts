// How many confirmation emails one mailbox may receive: at most `confirmationsPerDay` in any 24 hours, each further
// one after a longer wait (10, 20, 40, 80 minutes with the defaults). Without it, an address that never confirms
// could be sent one every 10 minutes for ever, by anyone who types it into the form, and every plus-address variant
// (jane+1@, jane+2@, ...) would multiply that, since each is a subscriber of its own.
//
// The quota is kept per mailbox, not per address: the mailbox key lowercases the address, drops a "+tag" from the
// local part, and for Gmail also the dots, which Gmail ignores. That key is used for counting only; the subscriber
// keeps the address exactly as given, and the stored quota holds a hash of the key, never the address.
//
// Like the subscriber rules, these are pure: they take the quota as read and say what to write. The store writes it
// on condition that the quota is still what the rule saw, before it records the sign-up; a lost race reads and
// decides again, so two sign-ups at once cannot both take the last email of the day.
import { createHash } from 'node:crypto';
import type { Decision, ReleaseResult, SubscriptionPolicy } from './subscriber.js';

/** The confirmation emails sent to one mailbox in the last 24 hours. */
export interface ConfirmationQuota {
  /** Hash of the mailbox key (see mailboxIdFor). */
  readonly id: string;
  /** When each email was sent (ISO), oldest first; entries older than a day no longer count. */
  readonly sentAt: readonly string[];
  /** Incremented by every write; the condition of the next one. */
  readonly version: number;
  /** TTL in epoch seconds: once the newest email is a day old, the quota has nothing left to say. */
  readonly expiresAt: number;
}

/** `allowed`: the email may go and `next` records it. `backoff`: too soon after the last one. `daily-cap`: enough. */
export type QuotaResult = 'allowed' | 'backoff' | 'daily-cap';

const DAY_SECONDS = 24 * 3600;
/** The quota item outlives its window a little, so that DynamoDB's TTL never removes a quota that still counts. */
const TTL_MARGIN_SECONDS = 3600;
const GMAIL = new Set(['gmail.com', 'googlemail.com']);

/** The mailbox an address delivers to, for counting: "Jane.Doe+news@GoogleMail.com" -> "janedoe@gmail.com". */
export function mailboxKey(address: string): string {
  const lower = address.toLowerCase();
  const at = lower.lastIndexOf('@');
  let local = lower.slice(0, at);
  let domain = lower.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL.has(domain)) {
    local = local.replaceAll('.', '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}

/** The quota's id: a hash of the mailbox key, so the table holds no address in a key. */
export function mailboxIdFor(address: string): string {
  return createHash('sha256')
    .update(`mailbox:v1:${mailboxKey(address)}`)
    .digest('base64url')
    .slice(0, 24);
}

/** The wait before the next email when `sentToday` were sent in the last 24 hours: doubling from the cool-down. */
export function confirmationGapSeconds(sentToday: number, policy: SubscriptionPolicy): number {
  return sentToday === 0 ? 0 : policy.resendCooldownSeconds * 2 ** (sentToday - 1);
}

const epochSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** Whether one more confirmation email may go to the mailbox `mailboxId` at `now`. */
export function decideConfirmationQuota(
  current: ConfirmationQuota | undefined,
  mailboxId: string,
  now: Date,
  policy: SubscriptionPolicy,
): Decision<QuotaResult, ConfirmationQuota> {
  const nowMs = now.getTime();
  const recent = (current?.sentAt ?? []).filter((at) => nowMs - Date.parse(at) < DAY_SECONDS * 1000);
  if (recent.length >= policy.confirmationsPerDay) return { result: 'daily-cap' };
  const latest = Math.max(...recent.map((at) => Date.parse(at)));
  // A clock that runs behind the last writer's counts as too soon: the wait is never cut short.
  if (recent.length > 0 && (nowMs - latest) / 1000 < confirmationGapSeconds(recent.length, policy)) {
    return { result: 'backoff' };
  }
  return {
    result: 'allowed',
    next: {
      id: mailboxId,
      sentAt: [...recent, now.toISOString()],
      version: (current?.version ?? 0) + 1,
      expiresAt: epochSeconds(now) + DAY_SECONDS + TTL_MARGIN_SECONDS,
    },
  };
}

/** The email recorded at `sentAt` could not be sent: it no longer counts, so the person may try again at once. */
export function decideQuotaRelease(
  current: ConfirmationQuota | undefined,
  sentAt: string,
): Decision<ReleaseResult, ConfirmationQuota> {
  const index = current?.sentAt.indexOf(sentAt) ?? -1;
  if (!current || index < 0) return { result: 'unchanged' };
  return {
    result: 'released',
    next: {
      ...current,
      sentAt: current.sentAt.filter((_, i) => i !== index),
      version: current.version + 1,
    },
  };
}
