// The SES client's send pacer: sends start at most `maxPerSecond / instances` per second in this process, evenly
// spaced.
// Every deliver instance runs one; the stack caps the instances at DELIVER_CONCURRENCY, so together they stay under
// SES's maximum send rate.
//
// Hand-written rather than Bottleneck (tried first, then removed): Bottleneck's minTime assigns each queued job its
// start slot when it is queued, so after an event-loop stall (GC, a busy CPU) every overdue job starts at once. The
// benchmark measured 38 sends in one second against a limit of 30 on a loaded machine. This pacer follows the generic
// cell rate algorithm: each start is due one interval after the previous one's due time, so timer lateness (up to
// half an interval, or 4 ms) does not accumulate and the long-run rate is exact; after a longer stall the schedule
// restarts from now instead of catching up, so a stall costs throughput, never a burst. Nothing starts before it is due.

/** Paces calls to at most a configured rate (the SES client's send middleware runs each send through it). */
export interface RateLimiter {
  schedule<T>(task: () => Promise<T>): Promise<T>;
}

/**
 * Aim a hair under the limit: timers fire up to a millisecond off, and SES counts per second, so pacing at exactly the
 * limit could overshoot it by one message in some one-second window.
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
  return new Pacer(1000 / perInstanceRate(options));
}

export class Pacer implements RateLimiter {
  /** When the next start is due (the algorithm's "theoretical arrival time"), in performance.now() milliseconds. */
  private due = Number.NEGATIVE_INFINITY;
  private readonly waiting: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly tolerance: number;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    // Timers are only millisecond-precise: at high rates, a few milliseconds of lateness are caught up rather than lost.
    this.tolerance = Math.max(intervalMs / 2, 4);
  }

  schedule<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.pump();
    }).then(task);
  }

  private pump(): void {
    while (this.timer === undefined && this.waiting.length > 0) {
      const now = this.now();
      if (now < this.due) {
        this.timer = setTimeout(
          () => {
            this.timer = undefined;
            this.pump();
          },
          Math.max(1, Math.ceil(this.due - now)),
        );
        return;
      }
      // On time, or a little late: the schedule advances by one interval. Later (a stall): it restarts from now.
      this.due = (now - this.due <= this.tolerance ? this.due : now) + this.intervalMs;
      this.waiting.shift()?.();
    }
  }
}
