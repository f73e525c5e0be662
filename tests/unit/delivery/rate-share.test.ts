// Sharing the SES rate: the rate over the instances sending now, nothing for a newcomer until the others have seen
// it, and the always-safe share (rate over the most instances) when the registry cannot be read.
import { describe, expect, it } from 'vitest';
import { decideShare, shareTiming } from '../../../functions/delivery/rate-share.js';

const timing = shareTiming(1_000);
const base = { maxPerSecond: 100, maxInstances: 10, now: 50_000 };

describe('an instance’s share of the rate', () => {
  it('is the rate over the instances sending now, however few', () => {
    expect(decideShare({ ...base, live: 1, registeredAt: 0 }, timing)).toBe(100);
    expect(decideShare({ ...base, live: 4, registeredAt: 0 }, timing)).toBe(25);
  });

  it('never falls below the share that is always safe, nor counts more instances than can run', () => {
    expect(decideShare({ ...base, live: 40, registeredAt: 0 }, timing)).toBe(10);
  });

  it('is nothing for a newcomer that found others, until every one of them has looked again', () => {
    expect(decideShare({ ...base, live: 2, registeredAt: base.now - 1_500 }, timing)).toBe(0);
    expect(decideShare({ ...base, live: 2, registeredAt: base.now - 2_000 }, timing)).toBe(50);
  });

  it('is the whole rate at once for a newcomer that found itself alone', () => {
    expect(decideShare({ ...base, live: 1, registeredAt: base.now, registeredAlone: true }, timing)).toBe(
      100,
    );
  });

  it('is the always-safe share without the registry', () => {
    expect(decideShare({ ...base }, timing)).toBe(10);
  });
});
