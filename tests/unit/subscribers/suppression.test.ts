// What an erasure keeps (a keyed hash, the reason and when) and how a sign-up treats an erased address that had
// complained or bounced.
import { describe, expect, it } from 'vitest';
import { normaliseAddress } from '../../../functions/subscribers/address.js';
import {
  DEFAULT_POLICY,
  decideSubscribe,
  refFor,
  type Subscriber,
  type SubscriberStatus,
} from '../../../functions/subscribers/subscriber.js';
import {
  type Suppression,
  suppressionKeyFor,
  suppressionOnErasure,
} from '../../../functions/subscribers/suppression.js';

const SECRET = 'unit-test-secret-0123456789';
const NOW = new Date('2026-03-01T12:00:00.000Z');
const address = normaliseAddress('Jane.Doe@Example.com');
const who = refFor(address);

const record = (status: SubscriberStatus, extra: Partial<Subscriber> = {}): Subscriber => ({
  id: who.id,
  email: address.address,
  status,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-02-01T00:00:00.000Z',
  ...extra,
});

describe('the suppression key', () => {
  it('is the same for every casing of an address, differs between addresses, and never shows the address', () => {
    const key = suppressionKeyFor(SECRET, address);
    expect(suppressionKeyFor(SECRET, 'jane.doe@example.com')).toBe(key);
    expect(suppressionKeyFor(SECRET, 'john.doe@example.com')).not.toBe(key);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key.toLowerCase()).not.toContain('jane');
  });

  it('depends on the secret, so nobody without it can test an address against the table', () => {
    expect(suppressionKeyFor(`${SECRET}x`, address)).not.toBe(suppressionKeyFor(SECRET, address));
    expect(() => suppressionKeyFor('short', address)).toThrow(/16 characters/);
  });
});

describe('what an erasure keeps', () => {
  const key = suppressionKeyFor(SECRET, address);

  it('keeps a complaint and a bounce with their dates, and nothing for anyone else', () => {
    expect(
      suppressionOnErasure(
        record('complained', { complainedAt: '2025-05-01T00:00:00.000Z' }),
        undefined,
        key,
        NOW,
      ),
    ).toEqual({
      key,
      reason: 'complained',
      since: '2025-05-01T00:00:00.000Z',
      erasedAt: NOW.toISOString(),
    });
    expect(
      suppressionOnErasure(record('bounced', { bouncedAt: '2025-06-01T00:00:00.000Z' }), undefined, key, NOW),
    ).toMatchObject({
      reason: 'bounced',
      since: '2025-06-01T00:00:00.000Z',
    });
    for (const status of ['active', 'pending', 'unsubscribed'] as const) {
      expect(suppressionOnErasure(record(status), undefined, key, NOW)).toBeUndefined();
    }
  });

  it('never weakens what an earlier erasure kept', () => {
    const earlier: Suppression = {
      key,
      reason: 'complained',
      since: '2024-01-01T00:00:00.000Z',
      erasedAt: '2024-02-01T00:00:00.000Z',
    };
    expect(suppressionOnErasure(undefined, earlier, key, NOW)).toBe(earlier);
    expect(suppressionOnErasure(record('active'), earlier, key, NOW)).toBe(earlier);
    expect(
      suppressionOnErasure(record('bounced', { bouncedAt: '2025-06-01T00:00:00.000Z' }), earlier, key, NOW),
    ).toMatchObject({
      reason: 'complained',
      since: '2024-01-01T00:00:00.000Z',
    });
  });

  it('counts a bounce cool-down from the later of two bounces', () => {
    const earlier: Suppression = {
      key,
      reason: 'bounced',
      since: '2024-01-01T00:00:00.000Z',
      erasedAt: '2024-02-01T00:00:00.000Z',
    };
    expect(
      suppressionOnErasure(record('bounced', { bouncedAt: '2025-06-01T00:00:00.000Z' }), earlier, key, NOW),
    ).toMatchObject({
      reason: 'bounced',
      since: '2025-06-01T00:00:00.000Z',
    });
  });
});

describe('a sign-up for an erased address', () => {
  it('mails nothing when it had complained, as for a complained record', () => {
    expect(
      decideSubscribe(undefined, who, NOW, DEFAULT_POLICY, {
        reason: 'complained',
        since: '2020-01-01T00:00:00.000Z',
      }),
    ).toEqual({
      result: 'suppressed',
    });
  });

  it('waits out the bounce cool-down when it had bounced, then asks for a fresh confirmation', () => {
    const justNow = { reason: 'bounced' as const, since: new Date(NOW.getTime() - 3600_000).toISOString() };
    expect(decideSubscribe(undefined, who, NOW, DEFAULT_POLICY, justNow)).toEqual({ result: 'cooldown' });
    const longAgo = { reason: 'bounced' as const, since: '2025-01-01T00:00:00.000Z' };
    expect(decideSubscribe(undefined, who, NOW, DEFAULT_POLICY, longAgo)).toMatchObject({
      result: 'send-confirmation',
      next: { status: 'pending' },
    });
  });

  it('is governed by its record when it has one again', () => {
    const mark = { reason: 'complained' as const, since: '2020-01-01T00:00:00.000Z' };
    expect(decideSubscribe(record('active'), who, NOW, DEFAULT_POLICY, mark)).toEqual({
      result: 'already-active',
    });
  });
});
