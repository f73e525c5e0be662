// Retry pacing for throttled sends: exponential backoff with "full jitter" (a random wait between 0 and the
// exponential cap), which spreads retrying senders apart instead of having them retry in lockstep.

export interface BackoffPolicy {
  /** Tries in all, the first included. */
  readonly attempts: number;
  readonly baseMs: number;
  readonly capMs: number;
}

/** Six tries over at most about 8 seconds of waiting: long enough for SES's per-second window to pass. */
export const DEFAULT_BACKOFF: BackoffPolicy = { attempts: 6, baseMs: 100, capMs: 3_000 };

/** The wait before retry number `retry` (0 for the first retry). `random` returns [0, 1). */
export function fullJitterDelay(policy: BackoffPolicy, retry: number, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}
