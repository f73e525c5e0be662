// The signed links in our mail: confirm (short-lived, 48 h) and unsubscribe (long-lived, 2 years, because mail is
// kept and a mail client's one-click button must keep working). The URL holds a token, never the address.

import { signToken, type TokenPurpose } from './signed-tokens.js';
import { DEFAULT_POLICY, type SubscriptionPolicy } from './subscriber.js';

function link(
  path: string,
  purpose: TokenPurpose,
  lifetimeSeconds: number,
  siteUrl: string,
  secret: string,
  subscriberId: string,
  now: Date | number,
): string {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const token = signToken(secret, {
    subscriberId,
    purpose,
    expiresAt: Math.floor(nowMs / 1000) + lifetimeSeconds,
  });
  return `${siteUrl.replace(/\/+$/, '')}${path}?token=${encodeURIComponent(token)}`;
}

/**
 * The unsubscribe URL of a subscriber, for the List-Unsubscribe header and the visible link of each email.
 * `now` is a Date or epoch milliseconds. The same URL accepts the RFC 8058 one-click POST.
 */
export function unsubscribeUrl(
  siteUrl: string,
  secret: string,
  subscriberId: string,
  now: Date | number,
  policy: SubscriptionPolicy = DEFAULT_POLICY,
): string {
  return link(
    '/unsubscribe',
    'unsubscribe',
    policy.unsubscribeTokenSeconds,
    siteUrl,
    secret,
    subscriberId,
    now,
  );
}

/** The confirmation URL sent after a sign-up. */
export function confirmUrl(
  siteUrl: string,
  secret: string,
  subscriberId: string,
  now: Date | number,
  policy: SubscriptionPolicy = DEFAULT_POLICY,
): string {
  return link('/confirm', 'confirm', policy.confirmTokenSeconds, siteUrl, secret, subscriberId, now);
}
