// Send pacing: each instance gets its share of the SES rate, a little under it, with starts evenly spaced.
import { describe, expect, it } from 'vitest';
import { createSendLimiter, perInstanceRate } from '../../../functions/adapters/rate-limit.js';

describe('send pacing', () => {
  it('shares the account rate between the deliver instances, a little under it', () => {
    expect(perInstanceRate({ maxPerSecond: 14, instances: 2 })).toBeCloseTo(6.93, 2);
    expect(perInstanceRate({ maxPerSecond: 100 })).toBeCloseTo(99, 5);
    expect(() => createSendLimiter({ maxPerSecond: 0 })).toThrow(RangeError);
  });

  it('starts the n-th send no earlier than n intervals after the first', async () => {
    const limiter = createSendLimiter({ maxPerSecond: 200 });
    const starts: number[] = [];
    const t0 = performance.now();

    await Promise.all(
      Array.from({ length: 8 }, () => limiter.schedule(async () => starts.push(performance.now()))),
    );

    // 1000 / (200 * 0.99) = 5.05 ms between slots, counted from when the sends were scheduled: a late timer does not
    // let a later send start early against that schedule. Bottleneck keeps time in whole milliseconds.
    const interval = 1000 / (200 * 0.99);
    starts.forEach((t, i) => {
      expect(t - t0).toBeGreaterThanOrEqual(i * interval - 1.5);
    });
  });

  it('does not burst to catch up after the event loop stalls', async () => {
    const limiter = createSendLimiter({ maxPerSecond: 100 });
    const starts: number[] = [];
    const jobs = Array.from({ length: 12 }, () =>
      limiter.schedule(async () => starts.push(performance.now())),
    );

    // Block the event loop for 100 ms: ten sends fall due meanwhile.
    const until = performance.now() + 100;
    while (performance.now() < until) {
      // busy
    }
    await Promise.all(jobs);

    const gaps = starts.slice(1).map((t, i) => t - (starts[i] ?? 0));
    // 1000 / 99 = 10.1 ms; after the stall at most one send starts at once, then the spacing resumes.
    expect(gaps.filter((g) => g < 5).length).toBeLessThanOrEqual(1);
  });
});
