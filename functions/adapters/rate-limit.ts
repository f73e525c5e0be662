// The SES client's send pacer: sends start at most at this instance's share of `maxPerSecond`, evenly spaced.
// Without a registry the share is fixed, `maxPerSecond / instances` (the stack caps the instances at
// DELIVER_CONCURRENCY, so together they stay under SES's maximum send rate). With one (SharedLimiter) it is the rate
// over the instances sending now (delivery/rate-share.ts), so the share of an instance that is not sending goes to
// the others.
//
// Hand-written rather than Bottleneck (tried first, then removed): Bottleneck's minTime assigns each queued job its
// start slot when it is queued, so after an event-loop stall (GC, a busy CPU) every overdue job starts at once. The
// benchmark measured 38 sends in one second against a limit of 30 on a loaded machine. This pacer follows the generic
// cell rate algorithm: each start is due one interval after the previous one's due time, so timer lateness (up to
// half an interval, or 4 ms) does not accumulate and the long-run rate is exact; after a longer stall the schedule
// restarts from now instead of catching up, so a stall costs throughput, never a burst. Nothing starts before it is due.
import { decideShare, SHARE_TIMING, type ShareTiming } from '../delivery/rate-share.js';

/** Paces calls to at most a configured rate (the SES client's send middleware runs each send through it). */
export interface RateLimiter {
  schedule<T>(task: () => Promise<T>): Promise<T>;
}

/**
 * The deliver instances sending right now (adapters/dynamo/rate-registry.ts). Each renews its registration while it
 * sends; one that stops (ends, is frozen between invocations, dies) drops out when its registration lapses.
 */
export interface RateRegistry {
  /** Registers or renews `instanceId` until `until` (epoch ms). */
  renew(instanceId: string, until: number): Promise<void>;
  /** How many registrations hold at `now` (epoch ms). */
  count(now: number): Promise<number>;
}

/**
 * Aim a hair under the limit: timers fire up to a millisecond off, and SES counts per second, so pacing at exactly the
 * limit could overshoot it by one message in some one-second window.
 */
export const RATE_HEADROOM = 0.99;

export interface SendRateOptions {
  /** SES maximum send rate for the account (messages per second); Infinity for no limit. */
  readonly maxPerSecond: number;
  /** The most instances that share that rate at once; 1 when left out. */
  readonly instances?: number;
  /** Where the instances sending now register: with it, shares follow how many send (see SharedLimiter). */
  readonly registry?: RateRegistry;
  /** This instance's name in the registry. */
  readonly instanceId?: string;
  /** Shorter refresh periods for tests; SHARE_TIMING when left out. */
  readonly timing?: ShareTiming;
}

/** The rate one instance may send at. */
export function perInstanceRate(options: SendRateOptions): number {
  return (options.maxPerSecond / (options.instances ?? 1)) * RATE_HEADROOM;
}

export function createSendLimiter(options: SendRateOptions): RateLimiter {
  if (!(options.maxPerSecond > 0)) throw new RangeError('the maximum send rate must be positive');
  if (!Number.isFinite(options.maxPerSecond)) return { schedule: (task) => task() };
  if (options.registry && options.instanceId) {
    return new SharedLimiter({ ...options, registry: options.registry, instanceId: options.instanceId });
  }
  return new Pacer(1000 / perInstanceRate(options));
}

/**
 * A pacer whose rate is this instance's share of the account's rate, re-read from the registry every refresh period
 * while it has sends to start. It starts at 0: a newcomer that finds others waits until they have seen it.
 */
export class SharedLimiter implements RateLimiter {
  private readonly pacer = new Pacer(Number.POSITIVE_INFINITY);
  private readonly timing: ShareTiming;
  private registeredAt: number | undefined;
  private lastRenewal = Number.NEGATIVE_INFINITY;
  private registeredAlone = false;
  private lastActivity = Number.NEGATIVE_INFINITY;
  private lastLook = Number.NEGATIVE_INFINITY;
  private looking = false;
  private waiting = 0;
  private timer: NodeJS.Timeout | undefined;
  /** The latest share, for tests and logs. */
  perSecond = 0;

  constructor(
    private readonly options: SendRateOptions & { registry: RateRegistry; instanceId: string },
    private readonly now: () => number = Date.now,
  ) {
    this.timing = options.timing ?? SHARE_TIMING;
  }

  schedule<T>(task: () => Promise<T>): Promise<T> {
    this.waiting++;
    this.active();
    return this.pacer.schedule(() => {
      this.waiting--;
      this.active();
      return task();
    });
  }

  private active(): void {
    this.lastActivity = this.now();
    this.tick();
  }

  private tick(): void {
    if (!this.looking && this.now() - this.lastLook >= this.timing.refreshMs) {
      this.looking = true;
      void this.look().finally(() => {
        this.looking = false;
      });
    }
    this.arm();
  }

  /** While sends wait, look again on time even when none can start (a newcomer's wait); idle for a refresh, leave. */
  private arm(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.waiting > 0) this.tick();
      else if (this.now() - this.lastActivity >= this.timing.refreshMs && !this.looking) void this.leave();
      else this.arm();
    }, this.timing.refreshMs);
    this.timer.unref();
  }

  /** Nothing left to send: take the registration back, so that the others take up our share at their next look. */
  private async leave(): Promise<void> {
    if (this.registeredAt === undefined) return;
    this.registeredAt = undefined;
    this.lastRenewal = Number.NEGATIVE_INFINITY;
    this.perSecond = 0;
    this.pacer.setRate(0);
    await this.options.registry.renew(this.options.instanceId, 0).catch(() => undefined);
  }

  private async look(): Promise<void> {
    const now = this.now();
    this.lastLook = now;
    const { registry, instanceId } = this.options;
    let live: number | undefined;
    let registering = false;
    try {
      if (now - this.lastRenewal >= this.timing.renewMs) {
        // Lapsed (or never registered): the others have not counted us for a while, so we are new again.
        registering = now - this.lastRenewal >= this.timing.lapseMs || this.registeredAt === undefined;
        if (registering) this.registeredAt = now;
        await registry.renew(instanceId, now + this.timing.lapseMs);
        this.lastRenewal = now;
      }
      live = await registry.count(this.now());
      if (registering) this.registeredAlone = live === 1;
    } catch {
      // The registry is out of reach: keep the share while our registration still counts, then the safe share.
      if (now - this.lastRenewal < this.timing.lapseMs) return;
      this.registeredAt = undefined;
    }
    this.perSecond = decideShare(
      {
        maxPerSecond: this.options.maxPerSecond,
        maxInstances: this.options.instances ?? 1,
        ...(live !== undefined ? { live } : {}),
        ...(this.registeredAt !== undefined
          ? { registeredAt: this.registeredAt, registeredAlone: this.registeredAlone }
          : {}),
        now: this.now(),
      },
      this.timing,
    );
    this.pacer.setRate(this.perSecond * RATE_HEADROOM);
  }
}

export class Pacer implements RateLimiter {
  /** When the next start is due (the algorithm's "theoretical arrival time"), in performance.now() milliseconds. */
  private due = Number.NEGATIVE_INFINITY;
  private readonly waiting: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private tolerance = 4;

  /** `intervalMs` Infinity holds every start until setRate gives a rate. */
  constructor(
    private intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.setInterval(intervalMs);
  }

  /** Starts per second from now on; 0 holds them. */
  setRate(perSecond: number): void {
    this.setInterval(perSecond > 0 ? 1000 / perSecond : Number.POSITIVE_INFINITY);
    this.pump();
  }

  private setInterval(intervalMs: number): void {
    this.intervalMs = intervalMs;
    // Timers are only millisecond-precise: at high rates, a few milliseconds of lateness are caught up rather than lost.
    this.tolerance = Number.isFinite(intervalMs) ? Math.max(intervalMs / 2, 4) : 4;
  }

  schedule<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.pump();
    }).then(task);
  }

  private pump(): void {
    while (this.timer === undefined && this.waiting.length > 0 && Number.isFinite(this.intervalMs)) {
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
