// Full-jitter backoff: a random wait under an exponentially growing, capped ceiling.
import { describe, expect, it } from 'vitest';
import { fullJitterDelay } from '../../../functions/delivery/backoff.js';

const policy = { attempts: 6, baseMs: 100, capMs: 3_000 };

describe('full-jitter backoff', () => {
  it('waits between zero and the exponential ceiling', () => {
    expect(fullJitterDelay(policy, 0, () => 0)).toBe(0);
    expect(fullJitterDelay(policy, 0, () => 0.999)).toBe(99);
    expect(fullJitterDelay(policy, 3, () => 0.5)).toBe(400);
  });

  it('never waits longer than the cap', () => {
    expect(fullJitterDelay(policy, 20, () => 0.999)).toBeLessThan(3_000);
  });
});
