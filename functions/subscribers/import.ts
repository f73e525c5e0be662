// Use case of `subscribers import`: writes the planned rows (import-rules.ts) and mails the confirmations.
//
// - Rows go in chunks: one batched read finds each address's record and the suppression its erasure may have left,
//   then each new address is written on condition that the record is still what was read (attribute_not_exists
//   for a new one), so a sign-up arriving meanwhile is never overwritten: the row then counts as known.
// - A pending row's confirmation is sent after its record is written, through the mailer the caller paces at the
//   SES rate; throttling is retried with backoff. When the email cannot be sent, the record is withdrawn (deleted
//   if still as written) and the row reported as failed, so a second run of the same file tries it again.
// - A pending row first takes its email from the mailbox's confirmation quota (confirmation-quota.ts), as a sign-up
//   does: plus-address variants of one mailbox in one file are not all mailed at once. A row the quota holds back
//   is deferred, not written; a later run imports it.
// - Writes run in parallel, bounded. A store that keeps failing stops the run: rows not tried are counted, and a
//   second run picks them up, since an import never changes what is already there.
import pMap from 'p-map';
import type { ConfirmationComposer } from '../email/confirmation-email.js';
import { type Mailer, ThrottledError } from '../email/mail.js';
import type { QuotaResult } from './confirmation-quota.js';
import type {
  DuplicateRow,
  ImportCandidate,
  ImportOptions,
  ImportPlan,
  RejectedRow,
} from './import-rules.js';
import { decideImport } from './import-rules.js';
import { describeError } from './log-safe.js';
import { confirmUrl } from './signed-links.js';
import {
  DEFAULT_POLICY,
  type Subscriber,
  type SubscriberRef,
  type SubscriberStatus,
  type SubscriptionPolicy,
  type SuppressionMark,
} from './subscriber.js';
import { suppressionKeyFor } from './suppression.js';

/** What the store holds for one address: its record and the suppression kept under its keyed hash. */
export interface KnownAddress {
  readonly subscriber?: Subscriber;
  readonly suppression?: SuppressionMark;
}

/** Port: the reads and writes of an import. */
export interface ImportStore {
  /** For each (subscriber id, suppression key), what is held; in the order asked. At most 50 at a time. */
  lookup(who: ReadonlyArray<{ id: string; suppressionKey: string }>): Promise<KnownAddress[]>;
  /** Writes `next` if the record is still `expected` (absent when undefined). False when it changed meanwhile. */
  create(next: Subscriber, expected: Subscriber | undefined): Promise<boolean>;
  /** Deletes `written` if it is still exactly as written (its confirmation could not be sent). */
  withdraw(written: Subscriber): Promise<void>;
  /** Takes one confirmation email from the quota of the mailbox `who` delivers to. */
  takeConfirmation(who: SubscriberRef, now: Date, policy: SubscriptionPolicy): Promise<QuotaResult>;
  /** Gives back the quota's email taken at `sentAt` (it was not sent). */
  releaseQuota(who: SubscriberRef, sentAt: string): Promise<unknown>;
}

export interface ImportDeps {
  readonly store: ImportStore;
  readonly tokenSecret: string;
  /** Needed for pending imports: the paced mailer, the From header, the site and the email's text. */
  readonly mailer?: Mailer;
  readonly from?: string;
  readonly siteUrl?: string;
  readonly composeConfirmation?: ConfirmationComposer;
  /** Rows written at once; 16 when left out. */
  readonly concurrency?: number;
  /** Retries of a throttled confirmation: tries in all, and the full-jitter backoff's base and cap. */
  readonly backoff?: { readonly attempts: number; readonly baseMs: number; readonly capMs: number };
  /** Store failures in a row that stop the run; 10 when left out. */
  readonly maxConsecutiveFailures?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Told of each row done (any outcome), for a progress bar. */
  readonly onRow?: (outcome: RowOutcome) => void;
  /** Aborted (Ctrl+C): rows not started yet are left, those in flight finish, and the report says so. */
  readonly signal?: AbortSignal;
  /**
   * The time of each row's write and email: an import paced at the SES rate can run for hours, and each link must
   * last its full 48 hours from its own email. `now` for every row when left out.
   */
  readonly clock?: () => Date;
}

export type RowOutcome =
  | { readonly kind: 'imported'; readonly line: number }
  | { readonly kind: 'known'; readonly line: number; readonly status: SubscriberStatus }
  | { readonly kind: 'suppressed'; readonly line: number }
  | { readonly kind: 'failed'; readonly line: number; readonly reason: string }
  | { readonly kind: 'deferred'; readonly line: number; readonly reason: Exclude<QuotaResult, 'allowed'> }
  | { readonly kind: 'not-tried'; readonly line: number };

export interface ImportReport {
  readonly mode: ImportOptions['mode'];
  readonly imported: number;
  /** Left alone: the address was already known, by its current state. */
  readonly known: Readonly<Partial<Record<SubscriberStatus, number>>>;
  readonly knownTotal: number;
  /** Left alone: an erasure suppressed the address. */
  readonly suppressed: readonly number[];
  readonly rejected: readonly RejectedRow[];
  readonly duplicates: readonly DuplicateRow[];
  /** Not written because the mailbox's confirmation quota holds them back for now; a later run imports them. */
  readonly deferred: ReadonlyArray<{
    readonly line: number;
    readonly reason: Exclude<QuotaResult, 'allowed'>;
  }>;
  /** Written and withdrawn, or not written, because of an error; a second run tries them again. */
  readonly failed: ReadonlyArray<{ readonly line: number; readonly reason: string }>;
  /** Rows not tried because the run stopped (see `stoppedBy`). */
  readonly notTried: number;
  /** Why the run stopped before the end, if it did. */
  readonly stoppedBy?: string;
}

/** Rows per batched read (two keys each: DynamoDB's BatchGetItem takes 100). */
export const LOOKUP_CHUNK = 50;

export async function importSubscribers(
  deps: ImportDeps,
  plan: ImportPlan,
  options: ImportOptions,
  now: Date,
): Promise<ImportReport> {
  if (options.mode === 'pending' && !(deps.mailer && deps.from && deps.siteUrl && deps.composeConfirmation)) {
    throw new Error('a pending import needs a mailer, a sender, the site URL and the confirmation email');
  }
  const policy = options.policy ?? DEFAULT_POLICY;
  const outcomes: RowOutcome[] = [];
  const maxFailures = deps.maxConsecutiveFailures ?? 10;
  let consecutiveFailures = 0;
  let stoppedBy: string | undefined;

  const record = (outcome: RowOutcome) => {
    outcomes.push(outcome);
    deps.onRow?.(outcome);
  };
  const storeFailed = (line: number, error: unknown) => {
    const reason = describeError(error);
    record({ kind: 'failed', line, reason });
    consecutiveFailures++;
    if (consecutiveFailures >= maxFailures && stoppedBy === undefined) {
      stoppedBy = `${consecutiveFailures} rows in a row failed; the last: ${reason}`;
    }
  };

  const importOne = async (candidate: ImportCandidate, known: KnownAddress): Promise<void> => {
    const at = deps.clock?.() ?? now;
    const decision = decideImport(known.subscriber, known.suppression, candidate, at, options);
    if (decision.result === 'known') {
      record({ kind: 'known', line: candidate.line, status: known.subscriber?.status ?? 'pending' });
      return;
    }
    if (decision.result === 'suppressed' || !decision.next) {
      record({ kind: 'suppressed', line: candidate.line });
      return;
    }
    const next = decision.next;
    let created: boolean;
    try {
      if (next.status === 'pending') {
        const quota = await deps.store.takeConfirmation(candidate.ref, at, policy);
        if (quota !== 'allowed') {
          record({ kind: 'deferred', line: candidate.line, reason: quota });
          return;
        }
      }
      created = await deps.store.create(next, known.subscriber);
    } catch (error) {
      storeFailed(candidate.line, error);
      return;
    }
    consecutiveFailures = 0;
    if (!created) {
      // Someone signed up (or another import ran) between our read and our write: theirs stands.
      record({ kind: 'known', line: candidate.line, status: 'pending' });
      return;
    }
    if (next.status === 'pending') {
      const notSent = await sendConfirmation(deps, candidate, at, policy);
      if (notSent) {
        await deps.store.withdraw(next).catch(() => undefined);
        if (next.confirmationSentAt) {
          await deps.store.releaseQuota(candidate.ref, next.confirmationSentAt).catch(() => undefined);
        }
        record({ kind: 'failed', line: candidate.line, reason: `confirmation email not sent: ${notSent}` });
        return;
      }
    }
    record({ kind: 'imported', line: candidate.line });
  };

  const chunks: ImportCandidate[][] = [];
  for (let i = 0; i < plan.candidates.length; i += LOOKUP_CHUNK) {
    chunks.push(plan.candidates.slice(i, i + LOOKUP_CHUNK));
  }
  const stopped = () => {
    if (stoppedBy === undefined && deps.signal?.aborted) stoppedBy = 'interrupted';
    return stoppedBy !== undefined;
  };
  const concurrency = deps.concurrency ?? 16;
  // A few chunks at once, each writing its rows in parallel: about `concurrency` writes in flight in all.
  const chunkConcurrency = 4;
  const perChunk = Math.max(1, Math.ceil(concurrency / chunkConcurrency));
  await pMap(
    chunks,
    async (chunk) => {
      if (stopped()) {
        for (const c of chunk) record({ kind: 'not-tried', line: c.line });
        return;
      }
      let known: KnownAddress[];
      try {
        known = await deps.store.lookup(
          chunk.map((c) => ({
            id: c.ref.id,
            suppressionKey: suppressionKeyFor(deps.tokenSecret, c.address),
          })),
        );
      } catch (error) {
        for (const c of chunk) storeFailed(c.line, error);
        return;
      }
      await pMap(
        chunk.map((candidate, i) => [candidate, known[i] ?? {}] as const),
        async ([candidate, k]) => {
          if (stopped()) {
            record({ kind: 'not-tried', line: candidate.line });
            return;
          }
          await importOne(candidate, k);
        },
        { concurrency: perChunk },
      );
    },
    { concurrency: chunkConcurrency },
  );

  return summarise(plan, outcomes, options.mode, stoppedBy);
}

/** Sends one confirmation, retrying throttling with backoff; the reason when it was not sent. */
async function sendConfirmation(
  deps: ImportDeps,
  candidate: ImportCandidate,
  now: Date,
  policy: SubscriptionPolicy,
): Promise<string | undefined> {
  const { mailer, from, siteUrl, composeConfirmation } = deps;
  if (!mailer || !from || !siteUrl || !composeConfirmation) return 'no mailer';
  const email = composeConfirmation(confirmUrl(siteUrl, deps.tokenSecret, candidate.ref.id, now, policy));
  // As the deliver function retries throttled digests: six tries, full jitter up to 3 s.
  const backoff = deps.backoff ?? { attempts: 6, baseMs: 100, capMs: 3_000 };
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = deps.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      await mailer.send({ from, to: candidate.address.address, ...email });
      return undefined;
    } catch (error) {
      if (error instanceof ThrottledError && attempt + 1 < backoff.attempts) {
        await sleep(Math.floor(random() * Math.min(backoff.capMs, backoff.baseMs * 2 ** attempt)));
        continue;
      }
      return describeError(error);
    }
  }
}

function summarise(
  plan: ImportPlan,
  outcomes: readonly RowOutcome[],
  mode: ImportOptions['mode'],
  stoppedBy: string | undefined,
): ImportReport {
  const known: Partial<Record<SubscriberStatus, number>> = {};
  const suppressed: number[] = [];
  const failed: Array<{ line: number; reason: string }> = [];
  const deferred: Array<{ line: number; reason: Exclude<QuotaResult, 'allowed'> }> = [];
  let imported = 0;
  let knownTotal = 0;
  let notTried = 0;
  for (const o of outcomes) {
    switch (o.kind) {
      case 'imported':
        imported++;
        break;
      case 'known':
        known[o.status] = (known[o.status] ?? 0) + 1;
        knownTotal++;
        break;
      case 'suppressed':
        suppressed.push(o.line);
        break;
      case 'failed':
        failed.push({ line: o.line, reason: o.reason });
        break;
      case 'deferred':
        deferred.push({ line: o.line, reason: o.reason });
        break;
      case 'not-tried':
        notTried++;
        break;
    }
  }
  const byLine = <T extends { line: number }>(a: T, b: T) => a.line - b.line;
  return {
    mode,
    imported,
    known,
    knownTotal,
    suppressed: suppressed.sort((a, b) => a - b),
    rejected: [...plan.rejected].sort(byLine),
    duplicates: [...plan.duplicates].sort(byLine),
    deferred: deferred.sort(byLine),
    failed: failed.sort(byLine),
    notTried,
    ...(stoppedBy !== undefined ? { stoppedBy } : {}),
  };
}
