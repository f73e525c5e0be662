// The subscriber store on dynalite: every state change is a conditional write, the sparse active index and the TTL
// follow the status, and concurrent changes to one subscriber never corrupt it.
import { describe, expect, it } from 'vitest';
import {
  ConcurrentUpdateError,
  createDocumentClient,
  DynamoSubscriberStore,
} from '../../functions/adapters/dynamo/subscriber-store.js';
import { keys } from '../../functions/adapters/dynamo/table-schema.js';
import { normaliseAddress } from '../../functions/subscribers/address.js';
import { refFor, type SubscriberRef } from '../../functions/subscribers/subscriber.js';
import { type LocalAws, useLocalAws } from '../helpers/local-aws.js';
import { scanTable } from './subscriptions-support.js';

let aws: LocalAws;
let store: DynamoSubscriberStore;
useLocalAws((started) => {
  aws = started;
  store = new DynamoSubscriberStore(createDocumentClient(), aws.tableName);
});

const T0 = new Date('2026-03-01T10:00:00.000Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
let n = 0;
const someone = (): SubscriberRef => refFor(normaliseAddress(`reader${++n}@example.org`));

async function activeIds(): Promise<string[]> {
  const ids: string[] = [];
  for (let shard = 0; shard < store.shards; shard++) {
    let cursor: string | undefined;
    do {
      const page = await store.listActive(shard, cursor);
      ids.push(...page.subscribers.map((s) => s.id));
      cursor = page.cursor;
    } while (cursor);
  }
  return ids;
}

async function item(id: string): Promise<Record<string, unknown> | undefined> {
  return (await scanTable(aws.tableName)).find((i) => i.pk === keys.subscriber(id).pk);
}

describe('subscriber state changes on DynamoDB', () => {
  it('subscribe creates one pending item keyed by the derived id, with a TTL and outside the active index', async () => {
    const who = someone();
    const out = await store.subscribe(who, T0);
    expect(out.result).toBe('send-confirmation');
    const stored = await item(who.id);
    expect(stored).toMatchObject({ pk: `SUB#${who.id}`, sk: 'PROFILE', status: 'pending', email: who.email });
    expect(stored?.expiresAt).toBeTypeOf('number');
    expect(stored).not.toHaveProperty('activePk');
    expect(await activeIds()).not.toContain(who.id);
  });

  it('confirm makes it active: in the index, without a TTL', async () => {
    const who = someone();
    await store.subscribe(who, T0);
    expect((await store.confirm(who.id, later(60))).result).toBe('confirmed');
    const stored = await item(who.id);
    expect(stored).toMatchObject({ status: 'active', confirmedAt: later(60).toISOString() });
    expect(stored).not.toHaveProperty('expiresAt');
    expect(stored?.activePk).toMatch(/^ACTIVE#[0-7]$/);
    expect(await activeIds()).toContain(who.id);
    expect((await store.confirm(who.id, later(120))).result).toBe('already-active');
  });

  it('unsubscribe takes an active subscriber out of the index and is idempotent', async () => {
    const who = someone();
    await store.subscribe(who, T0);
    await store.confirm(who.id, T0);
    expect((await store.unsubscribe(who.id, later(5))).result).toBe('unsubscribed');
    expect(await activeIds()).not.toContain(who.id);
    const before = await item(who.id);
    expect(before).toMatchObject({ status: 'unsubscribed', unsubscribedAt: later(5).toISOString() });
    expect((await store.unsubscribe(who.id, later(10))).result).toBe('already-inactive');
    expect(await item(who.id)).toEqual(before);
  });

  it('unsubscribe of a pending sign-up drops its TTL', async () => {
    const who = someone();
    await store.subscribe(who, T0);
    await store.unsubscribe(who.id, later(5));
    expect(await item(who.id)).not.toHaveProperty('expiresAt');
  });

  it('a resubscribe of an unsubscribed address goes through pending and a new confirmation', async () => {
    const who = someone();
    await store.subscribe(who, T0);
    await store.confirm(who.id, T0);
    await store.unsubscribe(who.id, later(1));
    const again = await store.subscribe(who, later(3600));
    expect(again.result).toBe('send-confirmation');
    expect(again.subscriber?.status).toBe('pending');
    expect(await activeIds()).not.toContain(who.id);
    expect((await store.confirm(who.id, later(3700))).result).toBe('confirmed');
    expect(await activeIds()).toContain(who.id);
  });

  it('a permanent bounce suppresses an active subscriber; a later sign-up does not re-activate it', async () => {
    const who = someone();
    await store.subscribe(who, T0);
    await store.confirm(who.id, T0);
    expect((await store.markBounced(who, later(10))).result).toBe('bounced');
    expect(await activeIds()).not.toContain(who.id);
    expect((await store.subscribe(who, later(20))).result).toBe('cooldown');
    expect((await store.get(who.id))?.status).toBe('bounced');
    const next = await store.subscribe(who, later(2 * 86400));
    expect(next.result).toBe('send-confirmation');
    expect(next.subscriber?.status).toBe('pending');
  });

  it('a complaint suppresses for good: no sign-up reaches it again', async () => {
    const who = someone();
    await store.subscribe(who, T0);
    await store.confirm(who.id, T0);
    expect((await store.markComplained(who, later(10))).result).toBe('complained');
    expect(await activeIds()).not.toContain(who.id);
    const before = await item(who.id);
    expect((await store.subscribe(who, later(400 * 86400))).result).toBe('suppressed');
    expect((await store.markBounced(who, later(11))).result).toBe('unchanged');
    expect(await item(who.id)).toEqual(before);
  });

  it('three transient bounces in the window make a subscriber bounced, a redelivery counts once', async () => {
    const who = someone();
    await store.subscribe(who, T0);
    await store.confirm(who.id, T0);
    const first = later(86400);
    expect((await store.recordSoftBounce(who, first, first)).result).toBe('counted');
    expect((await store.recordSoftBounce(who, first, first)).result).toBe('duplicate');
    expect((await store.get(who.id))?.softBounces).toBe(1);
    expect((await store.recordSoftBounce(who, later(2 * 86400), later(2 * 86400))).result).toBe('counted');
    expect((await store.recordSoftBounce(who, later(3 * 86400), later(3 * 86400))).result).toBe('bounced');
    expect((await store.get(who.id))?.status).toBe('bounced');
    expect(await activeIds()).not.toContain(who.id);
  });

  it('a bounce or complaint for an unknown address records it, so that it is never mailed unasked', async () => {
    const bounced = someone();
    const complained = someone();
    await store.markBounced(bounced, T0);
    await store.markComplained(complained, T0);
    expect((await store.get(bounced.id))?.status).toBe('bounced');
    expect((await store.get(complained.id))?.status).toBe('complained');
  });

  it('releaseConfirmation lifts the cool-down of a confirmation that was not sent', async () => {
    const who = someone();
    const out = await store.subscribe(who, T0);
    expect((await store.subscribe(who, later(1))).result).toBe('cooldown');
    await store.releaseConfirmation(who, out.subscriber?.confirmationSentAt ?? '');
    expect((await store.subscribe(who, later(2))).result).toBe('send-confirmation');
  });

  it('works on records seeded without a version', async () => {
    const who = someone();
    await store.putSubscriber({
      id: who.id,
      email: who.email,
      status: 'active',
      createdAt: T0.toISOString(),
      updatedAt: T0.toISOString(),
    });
    expect((await store.unsubscribe(who.id, later(1))).result).toBe('unsubscribed');
    expect((await store.get(who.id))?.version).toBe(1);
  });
});

describe('concurrent changes', () => {
  it('ten simultaneous sign-ups of one new address send exactly one confirmation', async () => {
    const who = someone();
    const results = await Promise.all(Array.from({ length: 10 }, () => store.subscribe(who, T0)));
    const sends = results.filter((r) => r.result === 'send-confirmation');
    expect(sends).toHaveLength(1);
    // A loser is stopped by the record's cool-down, or earlier by the mailbox quota the winner took.
    expect(results.filter((r) => r.result === 'cooldown' || r.result === 'capped')).toHaveLength(9);
    expect((await store.get(who.id))?.version).toBe(1);
  });

  it('ten simultaneous sign-ups of ten plus-address variants of one mailbox send exactly one confirmation', async () => {
    const base = `racer${++n}`;
    const variants = Array.from({ length: 10 }, (_, i) =>
      refFor(normaliseAddress(`${base}+${i}@example.org`)),
    );
    const results = await Promise.all(variants.map((who) => store.subscribe(who, T0)));
    expect(results.filter((r) => r.result === 'send-confirmation')).toHaveLength(1);
    expect(results.filter((r) => r.result === 'capped')).toHaveLength(9);
    expect((await store.confirmationQuota(variants[0] as SubscriberRef))?.sentAt).toEqual([T0.toISOString()]);
    const stored = await Promise.all(variants.map((who) => store.get(who.id)));
    expect(stored.filter(Boolean)).toHaveLength(1);
  });

  it('a confirmation racing an unsubscribe ends in one consistent state with the index in step', async () => {
    for (let round = 0; round < 5; round++) {
      const who = someone();
      await store.subscribe(who, T0);
      await Promise.all([store.confirm(who.id, later(1)), store.unsubscribe(who.id, later(1))]);
      const final = await store.get(who.id);
      expect(['active', 'unsubscribed']).toContain(final?.status);
      expect((await activeIds()).includes(who.id)).toBe(final?.status === 'active');
    }
  });

  it('a complaint racing a confirmation always leaves the address complained', async () => {
    for (let round = 0; round < 5; round++) {
      const who = someone();
      await store.subscribe(who, T0);
      await Promise.all([store.confirm(who.id, later(1)), store.markComplained(who, later(1))]);
      expect((await store.get(who.id))?.status).toBe('complained');
      expect(await activeIds()).not.toContain(who.id);
    }
  });

  it('gives up with ConcurrentUpdateError when the record keeps changing underneath', async () => {
    const who = someone();
    await store.subscribe(who, T0);
    // A store whose every read is stale: each conditional write fails, as under a hot race.
    const stale = new DynamoSubscriberStore(createDocumentClient(), aws.tableName);
    const first = await stale.get(who.id);
    stale.get = async () => first;
    await store.confirm(who.id, later(1));
    await expect(stale.unsubscribe(who.id, later(2))).rejects.toThrow(ConcurrentUpdateError);
    expect((await store.get(who.id))?.status).toBe('active');
  });
});
