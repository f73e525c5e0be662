// The sparse active index: only active subscribers are listed, across every shard, page by page.
import { describe, expect, it } from 'vitest';
import {
  createDocumentClient,
  DynamoSubscriberStore,
} from '../../functions/adapters/dynamo/subscriber-store.js';
import type { Subscriber, SubscriberStatus } from '../../functions/subscribers/subscriber.js';
import { type LocalAws, useLocalAws } from '../helpers/local-aws.js';

let aws: LocalAws;
let store: DynamoSubscriberStore;
useLocalAws((started) => {
  aws = started;
  store = new DynamoSubscriberStore(createDocumentClient(), aws.tableName);
});

function subscriber(i: number, status: SubscriberStatus): Subscriber {
  const now = new Date(0).toISOString();
  return { id: `sub${i}`, email: `reader${i}@example.org`, status, createdAt: now, updatedAt: now };
}

describe('active subscriber listing', () => {
  it('lists every active subscriber once and nobody else', async () => {
    const statuses: SubscriberStatus[] = [
      'active',
      'pending',
      'active',
      'unsubscribed',
      'bounced',
      'complained',
    ];
    for (let i = 0; i < 60; i++)
      await store.putSubscriber(subscriber(i, statuses[i % statuses.length] ?? 'active'));

    const seen: string[] = [];
    for (let shard = 0; shard < store.shards; shard++) {
      let cursor: string | undefined;
      do {
        const page = await store.listActive(shard, cursor, 3);
        seen.push(...page.subscribers.map((s) => s.id));
        cursor = page.cursor;
      } while (cursor);
    }

    const expected = Array.from({ length: 60 }, (_, i) => i)
      .filter((i) => i % 6 === 0 || i % 6 === 2)
      .map((i) => `sub${i}`);
    expect(seen.sort()).toEqual(expected.sort());
  });

  it('drops a subscriber from the index when they leave', async () => {
    await store.putSubscriber(subscriber(100, 'active'));
    await store.putSubscriber({ ...subscriber(100, 'unsubscribed') });
    const all: string[] = [];
    for (let shard = 0; shard < store.shards; shard++) {
      all.push(...(await store.listActive(shard)).subscribers.map((s) => s.id));
    }
    expect(all).not.toContain('sub100');
    expect((await store.get('sub100'))?.status).toBe('unsubscribed');
  });
});
