// When a queue message that still has work comes back. The deliver function sets its visibility to this (SQS
// ChangeMessageVisibility) instead of leaving it invisible for the queue's whole visibility timeout (18 minutes), so
// a message stopped by the clock or by throttling returns in seconds, while one waiting on another sender's claim
// waits until that claim could be orphaned, without spending its tries (the dead-letter queue takes a message after
// 10 receives).
import { CLAIM_ORPHANED_AFTER_MS } from './summary.js';

/**
 * time: the invocation ran short; ses: SES kept throttling; table: DynamoDB throttled or failed (nothing was sent
 * without its result, or a result is still unwritten); in-flight: another sender holds a claim (or a tally).
 */
export type RetryCause = 'time' | 'ses' | 'table' | 'in-flight';

export interface RetryInput {
  readonly causes: ReadonlySet<RetryCause>;
  /** How many times the queue has handed this message over, this time included (1 the first time). */
  readonly receiveCount: number;
  /** The oldest claim held by another sender (epoch ms), when waiting on one. */
  readonly heldSince?: number;
  readonly now: number;
  readonly random: () => number;
}

/** SQS's limit for a message's visibility. */
export const MAX_VISIBILITY_SECONDS = 43_200;
/** A claim this young is most likely a duplicate delivery finishing now: look again soon. */
export const IN_FLIGHT_FIRST_LOOK_SECONDS = 30;

/** Exponential in the receive count, with jitter in its upper half (never 0, so retries spread out). */
function backoff(
  baseSeconds: number,
  capSeconds: number,
  receiveCount: number,
  random: () => number,
): number {
  const ceiling = Math.min(capSeconds, baseSeconds * 2 ** Math.max(0, receiveCount - 1));
  return Math.ceil(ceiling / 2 + (random() * ceiling) / 2);
}

/** Seconds until the message should be delivered again: the longest wait any of its causes asks for. */
export function decideRetryDelay(input: RetryInput): number {
  let seconds = 0;
  if (input.causes.has('ses')) seconds = Math.max(seconds, backoff(5, 300, input.receiveCount, input.random));
  if (input.causes.has('table'))
    seconds = Math.max(seconds, backoff(2, 300, input.receiveCount, input.random));
  if (input.causes.has('in-flight')) {
    const orphanIn =
      input.heldSince === undefined
        ? IN_FLIGHT_FIRST_LOOK_SECONDS
        : Math.ceil((input.heldSince + CLAIM_ORPHANED_AFTER_MS - input.now) / 1000) + 5;
    // First a short look (the holder is usually a duplicate delivery about to finish), then wait for the orphan.
    const wait = input.receiveCount <= 1 ? Math.min(IN_FLIGHT_FIRST_LOOK_SECONDS, orphanIn) : orphanIn;
    seconds = Math.max(seconds, wait);
  }
  return Math.min(MAX_VISIBILITY_SECONDS, Math.max(0, seconds));
}
