// What survives the erasure of a subscriber who complained or bounced: a keyed hash of the address, never the address.
// Erasing a complainer must not turn them back into someone we may mail, so `subscribers delete` keeps a
// suppression: HMAC-SHA256 (keyed with the link-signing secret) of the normalised, lower-cased address, the reason,
// and when it happened. Without the secret nobody can test an address against it; with the secret, only an
// address that someone types again can be matched, which is what it is for.
//
// How a suppression counts when the address has no record (erased, then seen again):
// - complained: exactly like a complained record. A sign-up mails nothing, not even a confirmation (a stranger could
//   type the address into the form; the person told their provider we are spam), and an import leaves it alone,
//   even with --confirmed. Only the operator can lift it, by deleting the suppression item (docs/admin.md).
// - bounced: like a bounced record. A sign-up waits out the bounce cool-down from `since`, then sends a fresh
//   confirmation (double opt-in, as for any bounced address); an import leaves it alone, since nobody asked.
import { createHmac } from 'node:crypto';
import { addressKey, type NormalisedAddress } from './address.js';
import type { Subscriber, SuppressionMark, SuppressionReason } from './subscriber.js';

export type { SuppressionReason };

export interface Suppression extends SuppressionMark {
  /** suppressionKeyFor(secret, address): base64url, 43 characters. */
  readonly key: string;
  /** When the subscriber's record was erased. */
  readonly erasedAt: string;
}

/**
 * The keyed hash of an address. The message is prefixed, so a suppression key can never equal a link signature
 * made with the same secret (a token's signed payload is base64url, which holds no colon).
 */
export function suppressionKeyFor(secret: string, address: NormalisedAddress | string): string {
  if (secret.length < 16) throw new Error('token secret must be at least 16 characters');
  return createHmac('sha256', secret)
    .update(`suppression:v1:${addressKey(address)}`)
    .digest('base64url');
}

const strongest = (a: SuppressionReason, b: SuppressionReason): SuppressionReason =>
  a === 'complained' || b === 'complained' ? 'complained' : 'bounced';

/**
 * The suppression to keep when `current` is erased, merged with one kept by an earlier erasure: complained outranks
 * bounced; between two bounces the later counts. None when neither says "do not mail" (an active, pending or
 * unsubscribed record is simply forgotten).
 */
export function suppressionOnErasure(
  current: Subscriber | undefined,
  existing: Suppression | undefined,
  key: string,
  now: Date,
): Suppression | undefined {
  const fromRecord = current ? recordSuppression(current) : undefined;
  if (!fromRecord) return existing;
  if (!existing) return { key, ...fromRecord, erasedAt: now.toISOString() };
  const reason = strongest(existing.reason, fromRecord.reason);
  const candidates = [existing, fromRecord].filter((s) => s.reason === reason).map((s) => s.since);
  const since = reason === 'bounced' ? candidates.sort().at(-1) : candidates.sort()[0];
  return { key, reason, since: since ?? fromRecord.since, erasedAt: now.toISOString() };
}

function recordSuppression(s: Subscriber): SuppressionMark | undefined {
  if (s.status === 'complained') return { reason: 'complained', since: s.complainedAt ?? s.updatedAt };
  if (s.status === 'bounced') return { reason: 'bounced', since: s.bouncedAt ?? s.updatedAt };
  return undefined;
}
