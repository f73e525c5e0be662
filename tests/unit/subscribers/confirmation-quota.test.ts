// The confirmation-email quota of a mailbox, as pure rules: a few a day, further apart each time, plus-address and
// Gmail dot variants of one mailbox counted together.
import { describe, expect, it } from 'vitest';
import {
  type ConfirmationQuota,
  confirmationGapSeconds,
  decideConfirmationQuota,
  decideQuotaRelease,
  mailboxIdFor,
  mailboxKey,
} from '../../../functions/subscribers/confirmation-quota.js';
import { DEFAULT_POLICY } from '../../../functions/subscribers/subscriber.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const minutes = (m: number) => new Date(T0.getTime() + m * 60_000);
const ID = mailboxIdFor('reader@example.org');

/** Asks for one email at each minute in `times`; returns the minutes at which one was allowed. */
function allowedAt(times: number[], policy = DEFAULT_POLICY): number[] {
  let quota: ConfirmationQuota | undefined;
  const sent: number[] = [];
  for (const m of times) {
    const d = decideConfirmationQuota(quota, ID, minutes(m), policy);
    if (d.result === 'allowed') {
      quota = d.next;
      sent.push(m);
    }
  }
  return sent;
}

describe('the mailbox key', () => {
  it.each([
    ['Reader@Example.org', 'reader@example.org'],
    ['reader+news@example.org', 'reader@example.org'],
    ['Reader+a+b@EXAMPLE.org', 'reader@example.org'],
    ['first.last@example.org', 'first.last@example.org'],
    ['First.Last+x@gmail.com', 'firstlast@gmail.com'],
    ['f.i.r.s.t.last@googlemail.com', 'firstlast@gmail.com'],
    ['+only-tag@example.org', '+only-tag@example.org'],
  ])('of %s is %s', (address, key) => {
    expect(mailboxKey(address)).toBe(key);
  });

  it('gives plus-address variants one id, other mailboxes another, and holds no address', () => {
    expect(mailboxIdFor('reader+1@example.org')).toBe(mailboxIdFor('READER+2@example.org'));
    expect(mailboxIdFor('reader@example.org')).not.toBe(mailboxIdFor('reader2@example.org'));
    expect(mailboxIdFor('reader@example.org')).not.toBe(mailboxIdFor('reader@example.com'));
    expect(mailboxIdFor('reader@example.org')).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });
});

describe('confirmation emails to one mailbox', () => {
  it('wait 10, 20, 40 and 80 minutes between the first five', () => {
    expect([1, 2, 3, 4, 5].map((n) => confirmationGapSeconds(n, DEFAULT_POLICY) / 60)).toEqual([
      10, 20, 40, 80, 160,
    ]);
    const everyMinute = Array.from({ length: 24 * 60 }, (_, m) => m);
    expect(allowedAt(everyMinute)).toEqual([0, 10, 30, 70, 150]);
  });

  it('stop at five in any 24 hours, however often someone asks, week after week', () => {
    const everyMinuteForAWeek = Array.from({ length: 7 * 24 * 60 }, (_, m) => m);
    const sent = allowedAt(everyMinuteForAWeek);
    for (const start of sent) {
      expect(sent.filter((m) => m >= start && m < start + 24 * 60).length).toBeLessThanOrEqual(5);
    }
    expect(sent.length).toBeLessThanOrEqual(5 * 7);
    expect(sent.length).toBeGreaterThanOrEqual(5 * 6);
  });

  it('say backoff before the wait is over and daily-cap once five went, and write nothing', () => {
    let quota: ConfirmationQuota | undefined;
    for (const m of [0, 10, 30, 70, 150])
      quota = decideConfirmationQuota(quota, ID, minutes(m), DEFAULT_POLICY).next;
    expect(decideConfirmationQuota(quota, ID, minutes(151), DEFAULT_POLICY)).toEqual({ result: 'daily-cap' });
    const four = { ...(quota as ConfirmationQuota), sentAt: quota?.sentAt.slice(0, 4) ?? [] };
    expect(decideConfirmationQuota(four, ID, minutes(100), DEFAULT_POLICY)).toEqual({ result: 'backoff' });
  });

  it('count again from a day after the first', () => {
    let quota: ConfirmationQuota | undefined;
    for (const m of [0, 10, 30, 70, 150])
      quota = decideConfirmationQuota(quota, ID, minutes(m), DEFAULT_POLICY).next;
    const d = decideConfirmationQuota(quota, ID, minutes(24 * 60), DEFAULT_POLICY);
    expect(d.result).toBe('allowed');
    expect(d.next?.sentAt).toEqual([10, 30, 70, 150, 24 * 60].map((m) => minutes(m).toISOString()));
  });

  it('treat a clock behind the last email as too soon', () => {
    const quota = decideConfirmationQuota(undefined, ID, minutes(60), DEFAULT_POLICY).next;
    expect(decideConfirmationQuota(quota, ID, minutes(30), DEFAULT_POLICY).result).toBe('backoff');
  });

  it('record each email with a version and a TTL a little over a day', () => {
    const first = decideConfirmationQuota(undefined, ID, T0, DEFAULT_POLICY).next;
    expect(first).toEqual({
      id: ID,
      sentAt: [T0.toISOString()],
      version: 1,
      expiresAt: T0.getTime() / 1000 + 25 * 3600,
    });
    expect(decideConfirmationQuota(first, ID, minutes(10), DEFAULT_POLICY).next?.version).toBe(2);
  });

  it('follow the policy', () => {
    const policy = { ...DEFAULT_POLICY, confirmationsPerDay: 2, resendCooldownSeconds: 60 };
    expect(allowedAt([0, 1, 2, 3, 4, 5], policy)).toEqual([0, 1]);
  });
});

describe('an email that could not be sent', () => {
  it('no longer counts', () => {
    const quota = decideConfirmationQuota(undefined, ID, T0, DEFAULT_POLICY).next;
    const d = decideQuotaRelease(quota, T0.toISOString());
    expect(d.result).toBe('released');
    expect(d.next).toMatchObject({ sentAt: [], version: 2 });
    expect(decideConfirmationQuota(d.next, ID, minutes(1), DEFAULT_POLICY).result).toBe('allowed');
  });

  it('changes nothing when the quota does not hold it', () => {
    const quota = decideConfirmationQuota(undefined, ID, T0, DEFAULT_POLICY).next;
    expect(decideQuotaRelease(quota, minutes(5).toISOString())).toEqual({ result: 'unchanged' });
    expect(decideQuotaRelease(undefined, T0.toISOString())).toEqual({ result: 'unchanged' });
  });
});
