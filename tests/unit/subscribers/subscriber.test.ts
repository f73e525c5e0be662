// The subscriber state rules, as pure functions: which change each event makes from each state.
import { describe, expect, it } from 'vitest';
import { normaliseAddress } from '../../../functions/subscribers/address.js';
import {
  DEFAULT_POLICY,
  decideBounce,
  decideComplaint,
  decideConfirm,
  decideReleaseConfirmation,
  decideSoftBounce,
  decideSubscribe,
  decideUnsubscribe,
  maskEmail,
  refFor,
  type Subscriber,
  type SubscriberStatus,
  subscriberIdFor,
} from '../../../functions/subscribers/subscriber.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const DAY_3 = 3 * 86400;
const who = refFor(normaliseAddress('reader@example.org'));

function record(status: SubscriberStatus, extra: Partial<Subscriber> = {}): Subscriber {
  return {
    id: who.id,
    email: who.email,
    status,
    createdAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
    version: 3,
    ...extra,
  };
}

describe('subscriber ids', () => {
  it('are the same for one mailbox however it is cased, and differ between mailboxes', () => {
    expect(subscriberIdFor('Reader@Example.org')).toBe(subscriberIdFor('reader@example.org'));
    expect(subscriberIdFor('reader@example.org')).not.toBe(subscriberIdFor('reader2@example.org'));
  });

  it('are 24 lowercase base32 characters that do not contain the address', () => {
    const id = subscriberIdFor('reader@example.org');
    expect(id).toMatch(/^[a-z2-7]{24}$/);
    expect(id).not.toContain('reader');
  });

  it('mask addresses for logs', () => {
    expect(maskEmail('jane.doe@example.com')).toBe('j***@e***.com');
  });
});

describe('a sign-up', () => {
  it('creates a pending record with a TTL and sends a confirmation for a new address', () => {
    const d = decideSubscribe(undefined, who, T0);
    expect(d.result).toBe('send-confirmation');
    expect(d.next).toMatchObject({ status: 'pending', email: who.email, version: 1 });
    expect(d.next?.confirmationSentAt).toBe(T0.toISOString());
    expect(d.next?.expiresAt).toBe(
      T0.getTime() / 1000 + DEFAULT_POLICY.confirmTokenSeconds + DEFAULT_POLICY.pendingGraceSeconds,
    );
  });

  it('resends to a pending address only after the cool-down', () => {
    const pending = record('pending', {
      confirmationSentAt: T0.toISOString(),
      expiresAt: at(DAY_3).getTime() / 1000,
    });
    expect(decideSubscribe(pending, who, at(60)).result).toBe('cooldown');
    expect(decideSubscribe(pending, who, at(60)).next).toBeUndefined();
    const later = decideSubscribe(pending, who, at(DEFAULT_POLICY.resendCooldownSeconds + 1));
    expect(later.result).toBe('send-confirmation');
    expect(later.next?.version).toBe(4);
  });

  it('changes nothing and mails nothing for an active subscriber', () => {
    expect(decideSubscribe(record('active'), who, T0)).toEqual({ result: 'already-active' });
  });

  it('never mails an address that complained', () => {
    expect(decideSubscribe(record('complained'), who, at(365 * 86400))).toEqual({ result: 'suppressed' });
  });

  it('puts an unsubscribed address back to pending with a fresh confirmation, keeping its history', () => {
    const gone = record('unsubscribed', { unsubscribedAt: T0.toISOString() });
    const d = decideSubscribe(gone, who, at(3600));
    expect(d.result).toBe('send-confirmation');
    expect(d.next).toMatchObject({ status: 'pending', unsubscribedAt: T0.toISOString() });
    expect(d.next?.expiresAt).toBeGreaterThan(at(3600).getTime() / 1000);
  });

  it('confirms a bounced address again only a day after its bounce', () => {
    const bounced = record('bounced', { bouncedAt: T0.toISOString() });
    expect(decideSubscribe(bounced, who, at(3600)).result).toBe('cooldown');
    const d = decideSubscribe(bounced, who, at(DEFAULT_POLICY.bouncedResendCooldownSeconds + 1));
    expect(d.result).toBe('send-confirmation');
    expect(d.next?.status).toBe('pending');
  });

  it('treats an expired pending record that DynamoDB has not deleted yet as absent', () => {
    const stale = record('pending', {
      confirmationSentAt: T0.toISOString(),
      expiresAt: at(100).getTime() / 1000,
    });
    const d = decideSubscribe(stale, who, at(200));
    expect(d.result).toBe('send-confirmation');
    expect(d.next?.version).toBe(4);
    expect(d.next?.createdAt).toBe(at(200).toISOString());
  });
});

describe('a confirmation', () => {
  it('makes a pending subscriber active and drops the TTL', () => {
    const d = decideConfirm(record('pending', { expiresAt: at(DAY_3).getTime() / 1000 }), at(60));
    expect(d.result).toBe('confirmed');
    expect(d.next).toMatchObject({ status: 'active', confirmedAt: at(60).toISOString(), version: 4 });
    expect(d.next).not.toHaveProperty('expiresAt');
  });

  it('is a no-op for an active subscriber', () => {
    expect(decideConfirm(record('active'), T0)).toEqual({ result: 'already-active' });
  });

  it.each(['unsubscribed', 'bounced', 'complained'] as const)('never re-activates a %s record', (status) => {
    expect(decideConfirm(record(status), T0)).toEqual({ result: 'not-pending' });
  });

  it('finds nothing to confirm when the record is gone or expired', () => {
    expect(decideConfirm(undefined, T0).result).toBe('not-found');
    expect(decideConfirm(record('pending', { expiresAt: at(10).getTime() / 1000 }), at(20)).result).toBe(
      'not-found',
    );
  });
});

describe('an unsubscribe', () => {
  it.each(['active', 'pending'] as const)('makes a %s record unsubscribed', (status) => {
    const d = decideUnsubscribe(record(status, { expiresAt: 123 }), at(5));
    expect(d.result).toBe('unsubscribed');
    expect(d.next).toMatchObject({ status: 'unsubscribed', unsubscribedAt: at(5).toISOString() });
    expect(d.next).not.toHaveProperty('expiresAt');
  });

  it.each(['unsubscribed', 'bounced', 'complained'] as const)('leaves a %s record as it is', (status) => {
    expect(decideUnsubscribe(record(status), T0)).toEqual({ result: 'already-inactive' });
  });

  it('reports an unknown subscriber', () => {
    expect(decideUnsubscribe(undefined, T0)).toEqual({ result: 'not-found' });
  });
});

describe('a permanent bounce', () => {
  it.each(['active', 'pending', 'unsubscribed'] as const)('makes a %s record bounced', (status) => {
    const d = decideBounce(record(status), who, at(9));
    expect(d.result).toBe('bounced');
    expect(d.next).toMatchObject({ status: 'bounced', bouncedAt: at(9).toISOString() });
  });

  it('records an unknown address as bounced', () => {
    expect(decideBounce(undefined, who, T0).next).toMatchObject({ status: 'bounced', email: who.email });
  });

  it('leaves a complained record complained', () => {
    expect(decideBounce(record('complained'), who, T0)).toEqual({ result: 'unchanged' });
  });
});

describe('a complaint', () => {
  it.each(['active', 'pending', 'unsubscribed', 'bounced'] as const)(
    'makes a %s record complained',
    (status) => {
      const d = decideComplaint(record(status), who, at(7));
      expect(d.result).toBe('complained');
      expect(d.next).toMatchObject({ status: 'complained', complainedAt: at(7).toISOString() });
    },
  );

  it('records an unknown address as complained, so it is never mailed', () => {
    expect(decideComplaint(undefined, who, T0).next?.status).toBe('complained');
  });
});

describe('transient bounces', () => {
  it('make an active subscriber bounced when the third arrives within the window', () => {
    let current: Subscriber = record('active');
    const results: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const d = decideSoftBounce(current, at(i * 86400), at(i * 86400));
      results.push(d.result);
      if (d.next) current = d.next;
    }
    expect(results).toEqual(['counted', 'counted', 'bounced']);
    expect(current.status).toBe('bounced');
  });

  it('start counting afresh after the window', () => {
    const old = record('active', {
      softBounces: 2,
      softBounceWindowStart: T0.toISOString(),
      lastSoftBounceAt: at(86400).toISOString(),
    });
    const late = at(DEFAULT_POLICY.softBounceWindowSeconds + 10);
    const d = decideSoftBounce(old, late, late);
    expect(d.result).toBe('counted');
    expect(d.next).toMatchObject({ softBounces: 1, softBounceWindowStart: late.toISOString() });
  });

  it('do not count a redelivered notification twice', () => {
    const counted = record('active', { softBounces: 1, lastSoftBounceAt: at(50).toISOString() });
    expect(decideSoftBounce(counted, at(60), at(50))).toEqual({ result: 'duplicate' });
  });

  it.each(['unsubscribed', 'bounced', 'complained'] as const)('are ignored for a %s record', (status) => {
    expect(decideSoftBounce(record(status), T0, T0)).toEqual({ result: 'ignored' });
  });
});

describe('releasing a confirmation that could not be sent', () => {
  it('lifts the cool-down it set', () => {
    const d = decideReleaseConfirmation(record('pending', { confirmationSentAt: 'x' }), 'x');
    expect(d.result).toBe('released');
    expect(d.next).not.toHaveProperty('confirmationSentAt');
  });

  it('leaves a later confirmation alone', () => {
    expect(decideReleaseConfirmation(record('pending', { confirmationSentAt: 'y' }), 'x').result).toBe(
      'unchanged',
    );
  });
});
