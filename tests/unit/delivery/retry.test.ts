// When a message left for redelivery comes back: at once when the clock ran out, in seconds (growing with each
// receive) when SES or the table refused, and, when another sender holds a claim, first soon, then once that claim
// could be orphaned, so that waiting never spends the message's tries.
import { describe, expect, it } from 'vitest';
import {
  decideRetryDelay,
  MAX_VISIBILITY_SECONDS,
  type RetryCause,
} from '../../../functions/delivery/retry.js';
import { CLAIM_ORPHANED_AFTER_MS } from '../../../functions/delivery/summary.js';

const now = 10_000_000;
const delay = (
  causes: RetryCause[],
  receiveCount: number,
  more: { heldSince?: number; random?: number } = {},
) =>
  decideRetryDelay({
    causes: new Set(causes),
    receiveCount,
    now,
    random: () => more.random ?? 0.5,
    ...(more.heldSince !== undefined ? { heldSince: more.heldSince } : {}),
  });

describe('retry delays', () => {
  it('bring a message stopped by the clock back at once', () => {
    expect(delay(['time'], 1)).toBe(0);
  });

  it('back off throttling in seconds, doubling per receive, never past five minutes', () => {
    const ses = [1, 2, 3, 4].map((n) => delay(['ses'], n, { random: 1 }));
    expect(ses).toEqual([5, 10, 20, 40]);
    expect(delay(['table'], 1, { random: 0 })).toBe(1);
    expect(delay(['table'], 3, { random: 1 })).toBe(8);
    expect(delay(['ses'], 30, { random: 1 })).toBe(300);
  });

  it('look again soon at a claim held by another sender, then wait until it could be orphaned', () => {
    const heldSince = now - 60_000;

    expect(delay(['in-flight'], 1, { heldSince })).toBe(30);
    expect(delay(['in-flight'], 2, { heldSince })).toBe((CLAIM_ORPHANED_AFTER_MS - 60_000) / 1000 + 5);
    expect(delay(['in-flight', 'time'], 2, { heldSince: now - CLAIM_ORPHANED_AFTER_MS * 2 })).toBeLessThan(
      30,
    );
  });

  it('take the longest wait any cause asks for, within what SQS allows', () => {
    expect(delay(['time', 'ses'], 1, { random: 1 })).toBe(5);
    expect(delay(['in-flight'], 3, { heldSince: now + 10 * 86_400_000 })).toBe(MAX_VISIBILITY_SECONDS);
  });
});
