// Use case of `subscribers delete EMAIL`: the erasure of one subscriber (GDPR article 17). The record goes, and
// every delivery record that names them (the send records of each issue, and their id in issue summaries); what
// stays is what keeps a complained or bounced address from being mailed again, and that is a keyed hash of the
// address, never the address (subscribers/suppression.ts).
//
// Order matters: the suppression is written before the record is deleted, so there is no moment when the address
// is neither recorded nor suppressed. Erasing twice is harmless, and a second run also removes a record that an issue
// still being delivered wrote after the first (it is reported, so the operator knows to run it again).
import { normaliseAddress } from './address.js';
import { refFor, type Subscriber, type SubscriberStatus } from './subscriber.js';
import { type Suppression, suppressionKeyFor, suppressionOnErasure } from './suppression.js';

/** What the erasure of one subscriber's deliveries removed. */
export interface DeliveryErasure {
  /** Send records deleted (one per issue they were a recipient of). */
  readonly sendRecords: number;
  /** Issue summaries whose lists named them, now without their id. */
  readonly summaries: number;
  /** Issues still being delivered: they may yet write a record naming the subscriber (run the erasure again). */
  readonly stillSending: readonly string[];
}

/** Port: what an erasure reads and removes. */
export interface ErasureStore {
  get(subscriberId: string): Promise<Subscriber | undefined>;
  getSuppression(key: string): Promise<Suppression | undefined>;
  putSuppression(suppression: Suppression): Promise<void>;
  deleteSubscriber(subscriberId: string): Promise<void>;
  /** Deletes every delivery record that names the subscriber. */
  forgetDeliveries(subscriberId: string): Promise<DeliveryErasure>;
  /** Other items derived from the address (such as a confirmation quota); how many were deleted. */
  forgetDerived?(who: { id: string; email: string }): Promise<number>;
}

export interface ErasureReport extends DeliveryErasure {
  /** The normalised address erased (for the operator, who typed it). */
  readonly email: string;
  readonly subscriberId: string;
  /** The state of the record that was deleted; undefined when there was none. */
  readonly deletedStatus?: SubscriberStatus;
  /** What is kept to keep the address from being mailed, if anything. */
  readonly suppression?: Suppression;
  /** Other derived items deleted. */
  readonly derived: number;
}

/** Erases the subscriber with this address (InvalidAddressError when it is not one). */
export async function eraseSubscriber(
  store: ErasureStore,
  secret: string,
  email: string,
  now: Date,
): Promise<ErasureReport> {
  const address = normaliseAddress(email);
  const who = refFor(address);
  const key = suppressionKeyFor(secret, address);
  const [current, existing] = await Promise.all([store.get(who.id), store.getSuppression(key)]);
  const suppression = suppressionOnErasure(current, existing, key, now);
  if (suppression && suppression !== existing) await store.putSuppression(suppression);
  if (current) await store.deleteSubscriber(who.id);
  const deliveries = await store.forgetDeliveries(who.id);
  const derived = (await store.forgetDerived?.(who)) ?? 0;
  return {
    email: address.address,
    subscriberId: who.id,
    ...(current ? { deletedStatus: current.status } : {}),
    ...(suppression ? { suppression } : {}),
    ...deliveries,
    derived,
  };
}
