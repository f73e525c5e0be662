// Send pacing: each instance gets its share of the SES rate, a little under it, with starts evenly spaced; shared,
// the share follows how many instances are sending.
import { describe, expect, it } from 'vitest';
import { createSendLimiter, perInstanceRate, SharedLimiter } from '../../../functions/adapters/rate-limit.js';
import { shareTiming } from '../../../functions/delivery/rate-share.js';

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

describe('the shared rate', () => {
  /** A registry in memory: instance -> until. */
  function memoryRegistry() {
    const until = new Map<string, number>();
    return {
      until,
      renew: async (id: string, u: number) => {
        until.set(id, u);
      },
      count: async (now: number) => [...until.values()].filter((t) => t > now).length,
    };
  }
  const timing = shareTiming(10);
  const run = (limiter: SharedLimiter, n: number) =>
    Promise.all(Array.from({ length: n }, () => limiter.schedule(async () => performance.now())));

  it('starts at once when alone; a newcomer waits until the others have seen it; together they never exceed the rate', async () => {
    const registry = memoryRegistry();
    const options = { maxPerSecond: 1_000, instances: 4, registry, timing };
    const a = new SharedLimiter({ ...options, instanceId: 'a' });
    const b = new SharedLimiter({ ...options, instanceId: 'b' });
    const sums: number[] = [];
    const sampler = setInterval(() => sums.push(a.perSecond + b.perSecond), 1);

    const aRun = run(a, 60);
    await new Promise((r) => setTimeout(r, 5));
    const alone = a.perSecond;
    const t1 = performance.now();
    const [bFirst] = await run(b, 1);
    const shared = [a.perSecond, b.perSecond];
    await Promise.all([aRun, run(b, 30)]);
    clearInterval(sampler);

    expect(alone).toBe(1_000);
    expect((bFirst ?? 0) - t1).toBeGreaterThanOrEqual(2 * 10 - 2);
    expect(shared).toEqual([500, 500]);
    expect(Math.max(...sums)).toBeLessThanOrEqual(1_000);
  });

  it('takes the whole rate once the other instance stops sending', async () => {
    const registry = memoryRegistry();
    const options = { maxPerSecond: 1_000, instances: 4, registry, timing };
    const a = new SharedLimiter({ ...options, instanceId: 'a' });
    const b = new SharedLimiter({ ...options, instanceId: 'b' });
    await Promise.all([run(a, 3), run(b, 3)]);

    // b sends nothing more; its registration lapses five refreshes after its last renewal.
    await new Promise((r) => setTimeout(r, 60));
    await run(a, 3);
    await new Promise((r) => setTimeout(r, 15));
    await run(a, 3);

    expect(a.perSecond).toBe(1_000);
  });

  it('keeps to the always-safe share when the registry cannot be read', async () => {
    const broken = {
      renew: async () => {
        throw new Error('unreachable');
      },
      count: async () => 0,
    };
    const a = new SharedLimiter({
      maxPerSecond: 1_000,
      instances: 4,
      registry: broken,
      instanceId: 'a',
      timing,
    });

    await run(a, 3);

    expect(a.perSecond).toBe(250);
  });
});
