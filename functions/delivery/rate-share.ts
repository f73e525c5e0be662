// How much of the SES account's rate one deliver instance may use: the rate divided among the instances that are
// sending now, so that a share not in use (instances not started yet, a concurrency limit, the tail of a run, a
// message waiting for a retry) is used by the others instead of being lost, and never more than the account's rate.
//
// While it sends, each instance re-reads how many are registered every refresh (a read), and renews its own
// registration every other refresh (a write: at 40 instances, 20 writes a second on one key); its share is the rate
// over that count. A registration lapses five refreshes after its last renewal, so a slow renewal never drops a live
// instance from the count; an instance with nothing left to send takes its registration back at once. A newcomer that
// finds others registered sends nothing until every one of them has looked again (two refreshes), because until then
// they still send at their larger shares: the sum of all shares stays under the rate. (One that finds itself alone
// starts at once: anyone registering after it finds it, and waits.) Without the
// registry (an error reading it), an instance falls back to the share that is always safe: the rate over the most
// instances that can run at once.

export interface ShareTiming {
  /** How often a sending instance re-reads the count. */
  readonly refreshMs: number;
  /** How often it renews its registration. */
  readonly renewMs: number;
  /** A registration not renewed for this long has lapsed (its instance stopped sending). */
  readonly lapseMs: number;
  /** A newcomer waits this long, so that every other instance has seen it before it sends. */
  readonly settleMs: number;
}

/** The timing for a refresh period (tests use shorter ones than the default). */
export function shareTiming(refreshMs: number): ShareTiming {
  return { refreshMs, renewMs: 2 * refreshMs, lapseMs: 5 * refreshMs, settleMs: 2 * refreshMs };
}

export const SHARE_TIMING: ShareTiming = shareTiming(1_000);

export interface ShareInput {
  readonly maxPerSecond: number;
  /** The most instances that can run at once (the event source's maximum concurrency). */
  readonly maxInstances: number;
  /** Registered instances, this one included; undefined when the registry could not be read. */
  readonly live?: number;
  /** When this instance's current registration began (epoch ms). */
  readonly registeredAt?: number;
  /** It found no other instance registered when it registered. */
  readonly registeredAlone?: boolean;
  readonly now: number;
}

/** The rate (per second) this instance may send at now; 0 while it waits to be seen. */
export function decideShare(input: ShareInput, timing: ShareTiming = SHARE_TIMING): number {
  const safe = input.maxPerSecond / input.maxInstances;
  if (input.live === undefined || input.registeredAt === undefined) return safe;
  if (!input.registeredAlone && input.now - input.registeredAt < timing.settleMs) return 0;
  const sharing = Math.min(Math.max(1, input.live), input.maxInstances);
  return Math.max(safe, input.maxPerSecond / sharing);
}
