// Demo subscribers for local runs: a handful in every state, so a run shows who gets the digest (the active ones)
// and who does not. Seeding is idempotent: a subscriber already in the table is left as it is, so a second run
// neither resets anyone's state nor creates duplicates.
import type { DynamoSubscriberStore } from '../adapters/dynamo/subscriber-store.js';
import { type Subscriber, type SubscriberStatus, subscriberIdFor } from '../subscribers/subscriber.js';

const DEMO: ReadonlyArray<readonly [string, SubscriberStatus]> = [
  ['ada@example.org', 'active'],
  ['grace@example.org', 'active'],
  ['alan@example.org', 'active'],
  ['katherine@example.org', 'active'],
  ['linus@example.org', 'pending'],
  ['margaret@example.org', 'unsubscribed'],
  ['edsger@example.org', 'bounced'],
  ['barbara@example.org', 'complained'],
];

export function demoSubscribers(now: Date = new Date('2024-01-01T08:00:00Z')): Subscriber[] {
  const at = now.toISOString();
  return DEMO.map(([email, status]) => ({
    // The id the subscription flow derives from the address, so `npm start -- --serve` finds these subscribers.
    id: subscriberIdFor(email),
    email,
    status,
    createdAt: at,
    updatedAt: at,
    ...(status !== 'pending' ? { confirmedAt: at } : {}),
    ...(status === 'unsubscribed' ? { unsubscribedAt: at } : {}),
    ...(status === 'bounced' ? { bouncedAt: at } : {}),
    ...(status === 'complained' ? { complainedAt: at } : {}),
  }));
}

export interface SeedReport {
  readonly added: number;
  /** Current state of each demo subscriber (as found, or as added). */
  readonly byStatus: Readonly<Record<SubscriberStatus, number>>;
}

export async function seedDemo(
  store: Pick<DynamoSubscriberStore, 'get' | 'putSubscriber'>,
  subscribers: readonly Subscriber[] = demoSubscribers(),
): Promise<SeedReport> {
  let added = 0;
  const byStatus: Record<SubscriberStatus, number> = {
    active: 0,
    pending: 0,
    unsubscribed: 0,
    bounced: 0,
    complained: 0,
  };
  for (const s of subscribers) {
    const existing = await store.get(s.id);
    if (existing) {
      byStatus[existing.status]++;
      continue;
    }
    await store.putSubscriber(s);
    added++;
    byStatus[s.status]++;
  }
  return { added, byStatus };
}
