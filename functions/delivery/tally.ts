// Counting outcomes exactly, once per queue message, without transactions (the local stand-in has none, and none
// are needed). Each result a delivery records carries the key of the message that recorded it (`resolvedBy`); when
// every recipient of a message has a result, the message's tally is the results it recorded itself, so a recipient
// queued in two messages, or a message delivered twice, is still counted once.
//
// Folding a tally into the counters is four conditional writes (see adapters/dynamo/issue-tally.ts):
//   1. claim the tally's anchor (put if absent, with our token)           -> or stop: already counted, or busy
//   2. add the counts to a counter shard, marking the key as being added  -> skipped if the mark is there already
//   3. mark the anchor folded
//   4. take the mark off the counter shard
// A sender that stops part way leaves the anchor claimed; after CLAIM_ORPHANED_AFTER_MS another delivery takes it
// over, and the mark written in step 2 tells it whether the counts were added. The mark is removed only after the
// anchor says folded, so nobody can add the same key twice.
import type { ExceptionKind, ExceptionNote, IssueCounts, MessageTally, SendResultKind } from './ports.js';
import { ZERO_COUNTS } from './ports.js';

/** A recipient's final record, as the tally needs it. */
export interface FinalResult {
  readonly subscriberId: string;
  readonly result: SendResultKind;
  readonly reason?: string;
  readonly resolvedBy?: string;
}

const FALLBACK_REASON: Record<ExceptionKind, string> = {
  failed: 'failed',
  skipped: 'not active',
  ambiguous: 'no result recorded',
};

/** The counts and exceptions of the results this message recorded itself; results recorded by others are theirs. */
export function decideTally(key: string, finals: readonly FinalResult[]): MessageTally {
  const counts: Record<keyof IssueCounts, number> = { ...ZERO_COUNTS };
  const exceptions: ExceptionNote[] = [];
  for (const f of finals) {
    if (f.resolvedBy !== key) continue;
    counts[f.result]++;
    if (f.result !== 'sent') {
      exceptions.push({
        kind: f.result,
        subscriberId: f.subscriberId,
        reason: f.reason ?? FALLBACK_REASON[f.result],
      });
    }
  }
  return { key, counts, exceptions };
}

/** The anchor of a message's tally, as stored. */
export interface TallyAnchor {
  readonly state: 'folding' | 'folded';
  readonly token: string;
  /** Epoch ms when the current holder claimed it. */
  readonly at: number;
}

export type FoldStep =
  /** No anchor yet: claim it. */
  | 'claim'
  /** Counted before. */
  | 'done'
  /** Ours: go on from step 2. */
  | 'continue'
  /** Left half done by a sender that stopped: take it over, then go on from step 2. */
  | 'take-over'
  /** Held by a live sender: it will finish. */
  | 'busy';

export function decideFoldStep(
  anchor: TallyAnchor | undefined,
  token: string,
  orphanedBefore: number,
): FoldStep {
  if (!anchor) return 'claim';
  if (anchor.state === 'folded') return 'done';
  if (anchor.token === token) return 'continue';
  return anchor.at < orphanedBefore ? 'take-over' : 'busy';
}
