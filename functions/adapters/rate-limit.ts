// The RateLimiter port on Bottleneck: sends are started at most `maxPerSecond / instances` per second in this
// process, spaced evenly (Bottleneck's minTime schedules each start against the previous slot, so timer lateness
// does not accumulate). Every deliver instance runs one of these; the stack caps the instances at DELIVER_CONCURRENCY,
// so together they stay under SES's maximum send rate.
import Bottleneck from 'bottleneck';
import type { RateLimiter } from '../core/delivery/ports.js';

/**
 * Aim a hair under the limit: timers fire up to a millisecond early or late, and SES counts per second, so pacing at
 * exactly the limit can overshoot it by one message in some one-second window.
 */
export const RATE_HEADROOM = 0.99;

export interface SendRateOptions {
  /** SES maximum send rate for the account (messages per second); Infinity for no limit. */
  readonly maxPerSecond: number;
  /** How many instances share that rate; 1 when left out. */
  readonly instances?: number;
}

/** The rate one instance may send at. */
export function perInstanceRate(options: SendRateOptions): number {
  return (options.maxPerSecond / (options.instances ?? 1)) * RATE_HEADROOM;
}

export function createSendLimiter(options: SendRateOptions): RateLimiter {
  if (!(options.maxPerSecond > 0)) throw new RangeError('the maximum send rate must be positive');
  if (!Number.isFinite(options.maxPerSecond)) return { schedule: (task) => task() };
  const limiter = new Bottleneck({ minTime: 1000 / perInstanceRate(options) });
  return { schedule: (task) => limiter.schedule(task) };
}
