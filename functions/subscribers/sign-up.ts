// Use cases of the subscription API: sign up (double opt-in), confirm, and leave. Entry points parse the request,
// call one of these, and map the result; these never say whether an address was already known.

import type { ConfirmationComposer } from '../email/confirmation-email.js';
import type { Mailer } from '../email/mail.js';
import { normaliseAddress } from './address.js';
import { describeError } from './log-safe.js';
import { confirmUrl } from './signed-links.js';
import { verifyToken } from './signed-tokens.js';
import {
  type ConfirmResult,
  DEFAULT_POLICY,
  decideConfirm,
  refFor,
  type SubscribeResult,
  type SubscriptionPolicy,
  type SubscriptionStore,
  type UnsubscribeResult,
} from './subscriber.js';
import { suppressionKeyFor } from './suppression.js';

export interface SubscriptionDeps {
  readonly store: SubscriptionStore;
  readonly mailer: Mailer;
  /** The From header of the confirmation email. */
  readonly from: string;
  readonly siteUrl: string;
  readonly tokenSecret: () => Promise<string>;
  readonly composeConfirmation: ConfirmationComposer;
  readonly policy?: SubscriptionPolicy;
}

/** The confirmation email could not be handed to SES; nothing is lost, the person may simply try again. */
export class ConfirmationNotSentError extends Error {
  override readonly name = 'ConfirmationNotSentError';
}

export interface SignUpInput {
  readonly email: unknown;
  /** The bot trap: a field people never see and bots fill in. */
  readonly honeypot?: string | undefined;
}

export interface SignUpOutcome {
  /** For logs only; the caller answers the same way whatever it is. */
  readonly result: SubscribeResult | 'trapped';
  readonly subscriberId?: string;
  /** The normalised address, for the caller to mask in logs or echo back to the person who typed it. */
  readonly email?: string;
}

/**
 * A sign-up. Validates the address (InvalidAddressError), records the request, and mails a confirmation when the
 * rules call for one. The work is the same whether or not the address is known (read, sign, render); only the
 * write and the send differ, and the caller pads the answer to a floor so that their time does not show.
 */
export async function requestSubscription(
  deps: SubscriptionDeps,
  input: SignUpInput,
  now: Date,
): Promise<SignUpOutcome> {
  if (input.honeypot !== undefined && input.honeypot.trim() !== '') return { result: 'trapped' };
  const address = normaliseAddress(input.email);
  const policy = deps.policy ?? DEFAULT_POLICY;
  const secret = await deps.tokenSecret();
  // With the keyed hash, the store finds what the erasure of a complained or bounced address kept.
  const who = { ...refFor(address), suppressionKey: suppressionKeyFor(secret, address) };
  const outcome = await deps.store.subscribe(who, now, policy);
  const email = deps.composeConfirmation(confirmUrl(deps.siteUrl, secret, who.id, now, policy));
  if (outcome.result === 'send-confirmation') {
    try {
      await deps.mailer.send({ from: deps.from, to: address.address, ...email });
    } catch (error) {
      const sentAt = outcome.subscriber?.confirmationSentAt;
      if (sentAt) await deps.store.releaseConfirmation(who, sentAt).catch(() => undefined);
      throw new ConfirmationNotSentError(`confirmation email not sent: ${describeError(error)}`);
    }
  }
  return { result: outcome.result, subscriberId: who.id, email: address.address };
}

export interface TokenOutcome<R> {
  readonly result: R;
  readonly subscriberId: string;
}

const seconds = (now: Date) => Math.floor(now.getTime() / 1000);

/**
 * What following a confirmation link would do, without doing it (the GET page, which mail scanners also fetch):
 * `confirmed` means the subscriber is pending and the button will confirm. Throws InvalidTokenError.
 */
export async function previewConfirmation(
  deps: Pick<SubscriptionDeps, 'store' | 'tokenSecret'>,
  token: string,
  now: Date,
): Promise<TokenOutcome<ConfirmResult>> {
  const claims = verifyToken(await deps.tokenSecret(), token, 'confirm', seconds(now));
  const { result } = decideConfirm(await deps.store.get(claims.subscriberId), now);
  return { result, subscriberId: claims.subscriberId };
}

/** A confirmation (the page's button, or an API client's POST): a pending subscriber becomes active. */
export async function confirmSubscription(
  deps: Pick<SubscriptionDeps, 'store' | 'tokenSecret'>,
  token: string,
  now: Date,
): Promise<TokenOutcome<ConfirmResult>> {
  const claims = verifyToken(await deps.tokenSecret(), token, 'confirm', seconds(now));
  const outcome = await deps.store.confirm(claims.subscriberId, now);
  return { result: outcome.result, subscriberId: claims.subscriberId };
}

/** Checks an unsubscribe link without acting on it (the GET page). Throws InvalidTokenError. */
export async function checkUnsubscribeToken(
  deps: Pick<SubscriptionDeps, 'tokenSecret'>,
  token: string,
  now: Date,
): Promise<string> {
  return verifyToken(await deps.tokenSecret(), token, 'unsubscribe', seconds(now)).subscriberId;
}

/** An unsubscribe (page button or RFC 8058 one-click). Idempotent; throws InvalidTokenError. */
export async function unsubscribeWithToken(
  deps: Pick<SubscriptionDeps, 'store' | 'tokenSecret'>,
  token: string,
  now: Date,
): Promise<TokenOutcome<UnsubscribeResult>> {
  const claims = verifyToken(await deps.tokenSecret(), token, 'unsubscribe', seconds(now));
  const outcome = await deps.store.unsubscribe(claims.subscriberId, now);
  return { result: outcome.result, subscriberId: claims.subscriberId };
}
