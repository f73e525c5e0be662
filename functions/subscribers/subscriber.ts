// Subscribers as the domain sees them: states, the pure rules between them, and the store ports.
// Every rule takes the current record (or none) and returns what to write, if anything; the store writes it on the
// condition that the record is still what the rule saw, so concurrent requests cannot corrupt a subscriber.
//
// States and the choices made:
// - pending      -> active        only by a valid confirm token (double opt-in).
// - active|pending -> unsubscribed by an unsubscribe token; leaving again is a no-op.
// - any          -> bounced       on a permanent bounce (or `softBounceLimit` transient ones within the window),
//                                 except complained, which stays complained (the stronger "never mail").
// - any          -> complained    on a complaint, at once. A complained address is never mailed again, not even a
//                                 confirmation: they told their provider we are spam. Only an operator can undo it.
// - unsubscribed|bounced -> pending by a new sign-up, which sends a fresh confirmation; nothing is re-activated
//                                 without one. A bounced address waits `bouncedResendCooldownSeconds` after its last
//                                 bounce or confirmation, so a sign-up form cannot be used to hammer a dead mailbox.
// - a sign-up for an active or complained address changes nothing and mails nothing; the caller answers the same
//   way in every case, so the answer never tells who is subscribed.
// - an erased address has no record; if it had complained or bounced, the keyed hash its erasure kept
//   (subscribers/suppression.ts) is consulted instead, and counts as that complained or bounced record would.
// - a sign-up that would send a confirmation must also fit the mailbox's quota (confirmation-quota.ts: a few
//   a day, further apart each time, plus-address variants counted together); when it does not, the store changes
//   nothing and the result is `capped`, answered like every other.
// Pending records carry `expiresAt` (DynamoDB TTL) and vanish when nobody confirms; other states keep no TTL.
import { createHash } from 'node:crypto';
import { addressKey, type NormalisedAddress } from './address.js';

export type SubscriberStatus = 'pending' | 'active' | 'unsubscribed' | 'bounced' | 'complained';

export interface Subscriber {
  /** Derived from the normalised address; safe to put in logs and tokens. */
  readonly id: string;
  readonly email: string;
  readonly status: SubscriberStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly confirmedAt?: string;
  readonly unsubscribedAt?: string;
  readonly bouncedAt?: string;
  readonly complainedAt?: string;
  /** Incremented by every state change; the condition of the next write. Absent on seeded records. */
  readonly version?: number;
  /** TTL in epoch seconds, present only while pending. */
  readonly expiresAt?: number;
  /** When the last confirmation email was sent; the resend cool-down counts from it. */
  readonly confirmationSentAt?: string;
  /** Transient bounces counted in the current window. */
  readonly softBounces?: number;
  readonly softBounceWindowStart?: string;
  /** Time of the latest transient bounce counted, so a redelivered notification is not counted twice. */
  readonly lastSoftBounceAt?: string;
  /** The person's name, when an import gave one (plain text: no markup, no line breaks). */
  readonly name?: string;
  /** When an operator imported this subscriber, and from which file (`subscribers/import-rules.ts`). */
  readonly importedAt?: string;
  readonly importedFrom?: string;
  /** Where consent came from when it was not our double opt-in: `import:<file>` for an `--confirmed` import. */
  readonly consentSource?: string;
}

/** One page of active subscribers from one shard of the sparse index. */
export interface ActivePage {
  readonly subscribers: ReadonlyArray<Pick<Subscriber, 'id' | 'email'>>;
  /** Opaque; absent on the last page. */
  readonly cursor?: string;
}

/** Port. Delivery uses `get`, `listActive` and `shards`. */
export interface SubscriberStore {
  readonly shards: number;
  get(subscriberId: string): Promise<Subscriber | undefined>;
  listActive(shard: number, cursor?: string, limit?: number): Promise<ActivePage>;
}

/** What a state change did: the rule's result, and the record as it now stands (none when there is none). */
export interface Outcome<R> {
  readonly result: R;
  readonly subscriber?: Subscriber;
}

/** Port for the subscription API and the SES events: each method is one conditional state change. */
export interface SubscriptionStore extends SubscriberStore {
  subscribe(who: SubscriberRef, now: Date, policy?: SubscriptionPolicy): Promise<Outcome<SubscribeResult>>;
  confirm(subscriberId: string, now: Date): Promise<Outcome<ConfirmResult>>;
  unsubscribe(subscriberId: string, now: Date): Promise<Outcome<UnsubscribeResult>>;
  markBounced(who: SubscriberRef, now: Date): Promise<Outcome<SuppressResult>>;
  markComplained(who: SubscriberRef, now: Date): Promise<Outcome<SuppressResult>>;
  recordSoftBounce(
    who: SubscriberRef,
    now: Date,
    bouncedAt: Date,
    policy?: SubscriptionPolicy,
  ): Promise<Outcome<SoftBounceResult>>;
  /** The confirmation recorded at `sentAt` was not sent: lift the cool-down and give back the quota's email. */
  releaseConfirmation(who: SubscriberRef, sentAt: string): Promise<Outcome<ReleaseResult>>;
}

/** Who a change is about: the derived id, and the address to store when a record is created. */
export interface SubscriberRef {
  readonly id: string;
  readonly email: string;
  /**
   * The keyed hash under which an erased address may still be suppressed (`subscribers/suppression.ts`). A sign-up
   * passes it, so the store can look the suppression up when the address has no record.
   */
  readonly suppressionKey?: string;
}

export interface SubscriptionPolicy {
  /** Lifetime of a confirmation link. */
  readonly confirmTokenSeconds: number;
  /** How long a pending record outlives its last confirmation email before DynamoDB's TTL removes it. */
  readonly pendingGraceSeconds: number;
  /** Lifetime of an unsubscribe link: long, because mail is kept for years and one-click must keep working. */
  readonly unsubscribeTokenSeconds: number;
  /**
   * Minimum time between two confirmation emails to one address. To one mailbox (plus-address variants together),
   * the wait doubles with each email sent in the last 24 hours.
   */
  readonly resendCooldownSeconds: number;
  /** At most this many confirmation emails to one mailbox in any 24 hours. */
  readonly confirmationsPerDay: number;
  /** Minimum time after a bounce (or the last confirmation) before a bounced address is mailed a confirmation. */
  readonly bouncedResendCooldownSeconds: number;
  /** Transient bounces within `softBounceWindowSeconds` that make an address bounced. */
  readonly softBounceLimit: number;
  readonly softBounceWindowSeconds: number;
}

const HOUR = 3600;
const DAY = 24 * HOUR;

export const DEFAULT_POLICY: SubscriptionPolicy = {
  confirmTokenSeconds: 48 * HOUR,
  pendingGraceSeconds: DAY,
  unsubscribeTokenSeconds: 2 * 365 * DAY,
  resendCooldownSeconds: 10 * 60,
  confirmationsPerDay: 5,
  bouncedResendCooldownSeconds: DAY,
  softBounceLimit: 3,
  softBounceWindowSeconds: 14 * DAY,
};

export type SubscribeResult = 'send-confirmation' | 'cooldown' | 'capped' | 'already-active' | 'suppressed';
export type ConfirmResult = 'confirmed' | 'already-active' | 'not-pending' | 'not-found';
export type UnsubscribeResult = 'unsubscribed' | 'already-inactive' | 'not-found';
export type SuppressResult = 'bounced' | 'complained' | 'unchanged';
export type SoftBounceResult = 'counted' | 'bounced' | 'duplicate' | 'ignored';
export type ReleaseResult = 'released' | 'unchanged';

/** A rule's verdict: the result, and the full next record to write (absent when nothing changes). */
export interface Decision<R, T = Subscriber> {
  readonly result: R;
  readonly next?: T;
}

/** Masks an address for logs: "jane.doe@example.com" -> "j***@e***.com". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const tld = dot >= 0 ? domain.slice(dot) : '';
  return `${email[0]}***@${domain[0] ?? ''}***${tld}`;
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * The subscriber id of an address: 120 bits of SHA-256 over the lowercased address, in lowercase base32 (24
 * characters). Deterministic, so "look up by address" is one GetItem with no second item to keep in step. It is a
 * pseudonym, not a secret: whoever already knows an address can compute its id, nobody can read an address from it.
 */
export function subscriberIdFor(address: NormalisedAddress | string): string {
  const digest = createHash('sha256')
    .update(`subscriber:v1:${addressKey(address)}`)
    .digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest.subarray(0, 15)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** A reference to the subscriber of a normalised address. */
export function refFor(address: NormalisedAddress): SubscriberRef {
  return { id: subscriberIdFor(address), email: address.address };
}

const epochSeconds = (d: Date) => Math.floor(d.getTime() / 1000);
const secondsSince = (iso: string | undefined, now: Date) =>
  iso === undefined ? Number.POSITIVE_INFINITY : (now.getTime() - Date.parse(iso)) / 1000;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Field = keyof Subscriber;

/** The next version of a record: `set` applied, `drop` removed, version bumped, updatedAt now. */
function evolve(current: Subscriber, now: Date, set: Partial<Subscriber>, drop: Field[] = []): Subscriber {
  const next: Partial<Mutable<Subscriber>> = { ...current, ...set };
  for (const field of drop) delete next[field];
  next.updatedAt = now.toISOString();
  next.version = (current.version ?? 0) + 1;
  return next as Subscriber;
}

/** A new record; when it replaces an expired one, its version still moves on, so stale writers fail. */
function fresh(
  who: SubscriberRef,
  now: Date,
  status: SubscriberStatus,
  set: Partial<Subscriber>,
  replacing?: Subscriber,
): Subscriber {
  const at = now.toISOString();
  const version = (replacing?.version ?? 0) + 1;
  return { id: who.id, email: who.email, status, createdAt: at, updatedAt: at, version, ...set };
}

/** What a record carries while it waits for its confirmation (sent at `now`). */
export function pendingFields(now: Date, policy: SubscriptionPolicy): Partial<Subscriber> {
  return {
    confirmationSentAt: now.toISOString(),
    expiresAt: epochSeconds(now) + policy.confirmTokenSeconds + policy.pendingGraceSeconds,
  };
}

export type SuppressionReason = 'complained' | 'bounced';

/** What an erased address leaves behind to keep it from being mailed (subscribers/suppression.ts). */
export interface SuppressionMark {
  readonly reason: SuppressionReason;
  /** When the complaint or the (last) bounce happened, ISO 8601. */
  readonly since: string;
}

/**
 * A sign-up for `who`. `send-confirmation` means the record now says a confirmation is being sent. `suppression`
 * is what an erasure of the address kept, if anything; it counts only when the address has no record, and then as
 * the complained or bounced record it replaces would have.
 */
export function decideSubscribe(
  current: Subscriber | undefined,
  who: SubscriberRef,
  now: Date,
  policy: SubscriptionPolicy = DEFAULT_POLICY,
  suppression?: SuppressionMark,
): Decision<SubscribeResult> {
  if (!current || isExpiredPending(current, now)) {
    if (suppression?.reason === 'complained') return { result: 'suppressed' };
    if (
      suppression?.reason === 'bounced' &&
      secondsSince(suppression.since, now) < policy.bouncedResendCooldownSeconds
    ) {
      return { result: 'cooldown' };
    }
    const next = fresh(who, now, 'pending', pendingFields(now, policy), current);
    return { result: 'send-confirmation', next };
  }
  switch (current.status) {
    case 'active':
      return { result: 'already-active' };
    case 'complained':
      return { result: 'suppressed' };
    case 'pending':
    case 'unsubscribed': {
      if (secondsSince(current.confirmationSentAt, now) < policy.resendCooldownSeconds) {
        return { result: 'cooldown' };
      }
      break;
    }
    case 'bounced': {
      const last = Math.min(
        secondsSince(current.confirmationSentAt, now),
        secondsSince(current.bouncedAt, now),
      );
      if (last < policy.bouncedResendCooldownSeconds) return { result: 'cooldown' };
      break;
    }
  }
  const next = evolve(current, now, { status: 'pending', email: who.email, ...pendingFields(now, policy) }, [
    'softBounces',
    'softBounceWindowStart',
    'lastSoftBounceAt',
  ]);
  return { result: 'send-confirmation', next };
}

/** A confirmation link was followed: only a pending record becomes active. */
export function decideConfirm(current: Subscriber | undefined, now: Date): Decision<ConfirmResult> {
  if (!current || isExpiredPending(current, now)) return { result: 'not-found' };
  if (current.status === 'active') return { result: 'already-active' };
  if (current.status !== 'pending') return { result: 'not-pending' };
  return {
    result: 'confirmed',
    next: evolve(current, now, { status: 'active', confirmedAt: now.toISOString() }, ['expiresAt']),
  };
}

/** An unsubscribe link or one-click POST: active and pending records leave; anyone else already has. */
export function decideUnsubscribe(current: Subscriber | undefined, now: Date): Decision<UnsubscribeResult> {
  if (!current) return { result: 'not-found' };
  if (current.status !== 'active' && current.status !== 'pending') return { result: 'already-inactive' };
  return {
    result: 'unsubscribed',
    next: evolve(current, now, { status: 'unsubscribed', unsubscribedAt: now.toISOString() }, ['expiresAt']),
  };
}

/**
 * A permanent bounce. An unknown address gets a bounced record, so a later sign-up waits out the cool-down;
 * a complained record stays complained.
 */
export function decideBounce(
  current: Subscriber | undefined,
  who: SubscriberRef,
  now: Date,
): Decision<SuppressResult> {
  const set = { status: 'bounced' as const, bouncedAt: now.toISOString() };
  if (!current) return { result: 'bounced', next: fresh(who, now, 'bounced', { bouncedAt: set.bouncedAt }) };
  if (current.status === 'bounced' || current.status === 'complained') return { result: 'unchanged' };
  return { result: 'bounced', next: evolve(current, now, set, ['expiresAt']) };
}

/** A complaint: complained at once, from any state, and never mailed again. */
export function decideComplaint(
  current: Subscriber | undefined,
  who: SubscriberRef,
  now: Date,
): Decision<SuppressResult> {
  const complainedAt = now.toISOString();
  if (!current) return { result: 'complained', next: fresh(who, now, 'complained', { complainedAt }) };
  if (current.status === 'complained') return { result: 'unchanged' };
  return {
    result: 'complained',
    next: evolve(current, now, { status: 'complained', complainedAt }, ['expiresAt']),
  };
}

/**
 * A transient bounce (mailbox full, greylisting, undetermined). Counted for active and pending records within a
 * window that starts at the first bounce; reaching the limit makes the address bounced. A notification no newer
 * than the last one counted is a redelivery and is not counted again.
 */
export function decideSoftBounce(
  current: Subscriber | undefined,
  now: Date,
  bouncedAt: Date,
  policy: SubscriptionPolicy = DEFAULT_POLICY,
): Decision<SoftBounceResult> {
  if (!current || (current.status !== 'active' && current.status !== 'pending')) return { result: 'ignored' };
  if (current.lastSoftBounceAt && bouncedAt.getTime() <= Date.parse(current.lastSoftBounceAt)) {
    return { result: 'duplicate' };
  }
  const windowStart = current.softBounceWindowStart;
  const inWindow =
    windowStart !== undefined &&
    (bouncedAt.getTime() - Date.parse(windowStart)) / 1000 <= policy.softBounceWindowSeconds;
  const softBounces = inWindow ? (current.softBounces ?? 0) + 1 : 1;
  const counted = {
    softBounces,
    softBounceWindowStart: inWindow ? windowStart : bouncedAt.toISOString(),
    lastSoftBounceAt: bouncedAt.toISOString(),
  };
  if (softBounces >= policy.softBounceLimit) {
    return {
      result: 'bounced',
      next: evolve(current, now, { ...counted, status: 'bounced', bouncedAt: now.toISOString() }, [
        'expiresAt',
      ]),
    };
  }
  return { result: 'counted', next: evolve(current, now, counted) };
}

/** The confirmation email could not be sent: lift the cool-down it set, so the person can try again at once. */
export function decideReleaseConfirmation(
  current: Subscriber | undefined,
  sentAt: string,
): Decision<ReleaseResult> {
  if (!current || current.confirmationSentAt !== sentAt) return { result: 'unchanged' };
  const next: Partial<Mutable<Subscriber>> = { ...current, version: (current.version ?? 0) + 1 };
  delete next.confirmationSentAt;
  return { result: 'released', next: next as Subscriber };
}

/** DynamoDB deletes expired items lazily (up to days later); until then they must read as gone. */
export function isExpiredPending(current: Subscriber, now: Date): boolean {
  return (
    current.status === 'pending' && current.expiresAt !== undefined && current.expiresAt < epochSeconds(now)
  );
}
