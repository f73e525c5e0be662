// Use case of the ses-events Lambda: a bounce or complaint reported by SES changes each recipient's state.
// Permanent bounces suppress at once; transient ones are counted (see decideSoftBounce); complaints suppress at once.
// A complaint that is a "not-spam" report (the person took back a spam vote) changes nothing.
import { InvalidAddressError, normaliseAddress } from './address.js';
import {
  DEFAULT_POLICY,
  maskEmail,
  refFor,
  type SoftBounceResult,
  type SubscriptionPolicy,
  type SubscriptionStore,
  type SuppressResult,
} from './subscriber.js';

export type DeliveryEvent =
  | {
      readonly kind: 'bounce';
      /** Permanent bounces suppress; Transient and Undetermined ones are counted. */
      readonly permanent: boolean;
      readonly subType: string | undefined;
      readonly recipients: readonly string[];
      readonly at: Date;
    }
  | {
      readonly kind: 'complaint';
      readonly feedbackType: string | undefined;
      readonly recipients: readonly string[];
      readonly at: Date;
    };

export interface RecipientOutcome {
  /** Masked, for logs. */
  readonly recipient: string;
  readonly subscriberId?: string;
  readonly result: SuppressResult | SoftBounceResult | 'invalid-address' | 'not-spam';
}

/** Applies one event to each of its recipients. Store failures propagate, so the event is delivered again. */
export async function applyDeliveryEvent(
  store: SubscriptionStore,
  event: DeliveryEvent,
  now: Date,
  policy: SubscriptionPolicy = DEFAULT_POLICY,
): Promise<RecipientOutcome[]> {
  const outcomes: RecipientOutcome[] = [];
  for (const raw of event.recipients) {
    let who: ReturnType<typeof refFor>;
    try {
      who = refFor(normaliseAddress(raw));
    } catch (error) {
      if (!(error instanceof InvalidAddressError)) throw error;
      outcomes.push({ recipient: maskEmail(raw), result: 'invalid-address' });
      continue;
    }
    const recipient = maskEmail(who.email);
    if (event.kind === 'complaint') {
      if (event.feedbackType?.toLowerCase() === 'not-spam') {
        outcomes.push({ recipient, subscriberId: who.id, result: 'not-spam' });
        continue;
      }
      const { result } = await store.markComplained(who, now);
      outcomes.push({ recipient, subscriberId: who.id, result });
    } else if (event.permanent) {
      const { result } = await store.markBounced(who, now);
      outcomes.push({ recipient, subscriberId: who.id, result });
    } else {
      const { result } = await store.recordSoftBounce(who, now, event.at, policy);
      outcomes.push({ recipient, subscriberId: who.id, result });
    }
  }
  return outcomes;
}
