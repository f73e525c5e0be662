// The summary of an issue: how many were sent, skipped, failed or left ambiguous, and who (by subscriber id, never
// by address). Read in O(exceptions), not O(recipients): the counts are the issue tally's exact counters, the lists
// its exception items, read only up to a limit. Completion is the moment the counters add up to the recipients
// queued. An audit (auditIssue) reads every send record instead, streaming, to check the counters against them.
// A multi-story issue's summary also names its stories and the stories it left out, with why.
import type {
  ExceptionKind,
  IssueCounts,
  IssueLog,
  IssueRecord,
  IssueState,
  IssueTally,
  RecipientNote,
  SendLog,
  SendRecord,
  StoredSummary,
} from './ports.js';
import { resolvedCount } from './ports.js';
import type { LeftOut, StoryEntry } from './stories.js';

/** The summary: counts, and lists of who was not sent (each cut at the reader's limit; `truncated` says so). */
export interface IssueSummary extends StoredSummary {
  readonly issueId: string;
  readonly subject: string;
  readonly article: string;
  readonly state: IssueState;
  readonly createdAt: string;
  readonly completedAt?: string;
  /**
   * Queued recipients whose outcome is not counted yet: waiting in the queue, being sent (a message is counted when
   * all its recipients have a result), or in the dead-letter queue.
   */
  readonly pending: number;
  /** Audits only: claims held without a result by a sender that may still be running. */
  readonly inFlight?: number;
  /** A multi-story issue's stories, and those left out of it (could not be loaded or digested). */
  readonly stories?: readonly Pick<StoryEntry, 'title' | 'location'>[];
  readonly leftOut?: readonly LeftOut[];
}

/** Claims older than this belong to a sender that cannot still be running: a Lambda lives at most 15 minutes. */
export const CLAIM_ORPHANED_AFTER_MS = 16 * 60_000;

/** Lists longer than this are cut on the issue record (its item must stay well under DynamoDB's 400 KB). */
export const STORED_LIST_LIMIT = 500;
/** Longest list a summary reads unless told otherwise. */
export const SUMMARY_LIST_LIMIT = 1_000;

const KINDS: readonly ExceptionKind[] = ['failed', 'ambiguous', 'skipped'];

function header(issue: IssueRecord) {
  return {
    issueId: issue.issueId,
    subject: issue.subject,
    article: issue.article,
    state: issue.state,
    createdAt: issue.createdAt,
    ...(issue.completedAt ? { completedAt: issue.completedAt } : {}),
    ...(issue.stories
      ? { stories: issue.stories.map((st) => ({ title: st.title, location: st.location })) }
      : {}),
    ...(issue.leftOut ? { leftOut: issue.leftOut } : {}),
  };
}

/** Recipients queued so far: the issue's total once queuing is done, the shards' running sums before. */
async function queuedRecipients(issue: IssueRecord, issues: Pick<IssueLog, 'queueShards'>): Promise<number> {
  if (issue.state !== 'enqueuing') return issue.recipients;
  return (await issues.queueShards(issue.issueId)).reduce((n, s) => n + s.recipients, 0);
}

/** Reads up to `limit` recipients of one kind. */
async function firstNotes(
  tally: Pick<IssueTally, 'exceptions'>,
  issueId: string,
  kind: ExceptionKind,
  limit: number,
): Promise<RecipientNote[]> {
  const notes: RecipientNote[] = [];
  if (limit <= 0) return notes;
  for await (const note of tally.exceptions(issueId, kind)) {
    notes.push(note);
    if (notes.length >= limit) break;
  }
  return notes;
}

/** The summary from the counters and the exception lists; undefined for an unknown issue. */
export async function summariseIssue(
  issueId: string,
  logs: { issues: Pick<IssueLog, 'get' | 'queueShards'>; tally: Pick<IssueTally, 'counts' | 'exceptions'> },
  options: { listLimit?: number } = {},
): Promise<IssueSummary | undefined> {
  const issue = await logs.issues.get(issueId);
  if (!issue) return undefined;
  const [counts, recipients] = await Promise.all([
    logs.tally.counts(issueId),
    queuedRecipients(issue, logs.issues),
  ]);
  return fromCounts(issue, recipients, counts, logs.tally, options.listLimit ?? SUMMARY_LIST_LIMIT);
}

async function fromCounts(
  issue: IssueRecord,
  recipients: number,
  counts: IssueCounts,
  tally: Pick<IssueTally, 'exceptions'>,
  limit: number,
): Promise<IssueSummary> {
  const [failed, ambiguous, skipped] = await Promise.all(
    KINDS.map((kind) => firstNotes(tally, issue.issueId, kind, Math.min(limit, counts[kind]))),
  );
  return {
    ...header(issue),
    recipients,
    ...counts,
    pending: Math.max(0, recipients - resolvedCount(counts)),
    failedRecipients: failed ?? [],
    ambiguousRecipients: ambiguous ?? [],
    skippedRecipients: skipped ?? [],
    truncated: KINDS.some((k) => counts[k] > limit),
  };
}

/**
 * Completes the issue when its counters add up to the recipients queued, storing the summary. Safe to call from
 * any number of places (the state change is conditional), and cheap when it is not time yet: one read of the issue
 * and one of the counters. Returns the summary when this call completed it.
 */
export async function completeIfCounted(
  issueId: string,
  logs: { issues: Pick<IssueLog, 'get' | 'complete'>; tally: Pick<IssueTally, 'counts' | 'exceptions'> },
  now: number,
): Promise<IssueSummary | undefined> {
  const issue = await logs.issues.get(issueId);
  if (issue?.state !== 'sending') return undefined;
  const counts = await logs.tally.counts(issueId);
  if (resolvedCount(counts) < issue.recipients) return undefined;
  const summary = await fromCounts(issue, issue.recipients, counts, logs.tally, STORED_LIST_LIMIT);
  const done = await logs.issues.complete(issueId, toStoredSummary(summary), now);
  return done ? { ...summary, state: 'complete', completedAt: new Date(now).toISOString() } : undefined;
}

/**
 * Folds send records into a summary, streaming: memory holds at most `listLimit` notes per kind. A claim with no
 * result is in flight when it is younger than `orphanedBefore` (epoch ms), and counted ambiguous when older.
 */
export async function summarise(
  issue: IssueRecord,
  sends: AsyncIterable<SendRecord> | Iterable<SendRecord>,
  orphanedBefore: number,
  listLimit: number = SUMMARY_LIST_LIMIT,
): Promise<IssueSummary> {
  const counts = { sent: 0, skipped: 0, failed: 0, ambiguous: 0 };
  let inFlight = 0;
  const lists: Record<ExceptionKind, RecipientNote[]> = { failed: [], ambiguous: [], skipped: [] };
  const note = (kind: ExceptionKind, n: RecipientNote) => {
    counts[kind]++;
    if (lists[kind].length < listLimit) lists[kind].push(n);
  };
  for await (const s of sends) {
    if (s.result === 'sent') counts.sent++;
    else if (s.result) note(s.result, { subscriberId: s.subscriberId, reason: s.reason ?? s.result });
    else if (s.claimedAt < orphanedBefore) {
      const reason = `claimed ${new Date(s.claimedAt).toISOString()}, no result recorded`;
      note('ambiguous', { subscriberId: s.subscriberId, reason });
    } else inFlight++;
  }
  return {
    ...header(issue),
    recipients: issue.recipients,
    ...counts,
    inFlight,
    pending: Math.max(0, issue.recipients - resolvedCount(counts) - inFlight),
    failedRecipients: lists.failed,
    ambiguousRecipients: lists.ambiguous,
    skippedRecipients: lists.skipped,
    truncated: KINDS.some((k) => counts[k] > listLimit),
  };
}

/** The summary from every send record of the issue (O(recipients) reads): for audits and tests, never for sending. */
export async function auditIssue(
  issueId: string,
  logs: { issues: Pick<IssueLog, 'get'>; sends: Pick<SendLog, 'list'> },
  orphanedBefore: number,
  listLimit?: number,
): Promise<IssueSummary | undefined> {
  const issue = await logs.issues.get(issueId);
  if (!issue) return undefined;
  return summarise(issue, logs.sends.list(issueId), orphanedBefore, listLimit);
}

export function toStoredSummary(summary: StoredSummary, limit: number = STORED_LIST_LIMIT): StoredSummary {
  const cut = (list: readonly RecipientNote[]) => list.slice(0, limit);
  return {
    recipients: summary.recipients,
    sent: summary.sent,
    skipped: summary.skipped,
    failed: summary.failed,
    ambiguous: summary.ambiguous,
    failedRecipients: cut(summary.failedRecipients),
    ambiguousRecipients: cut(summary.ambiguousRecipients),
    skippedRecipients: cut(summary.skippedRecipients),
    truncated:
      summary.truncated ||
      [summary.failedRecipients, summary.ambiguousRecipients, summary.skippedRecipients].some(
        (l) => l.length > limit,
      ),
  };
}

/** Human-readable lines for logs and the command line. */
export function formatSummary(s: IssueSummary, maxListed = 10): string[] {
  const lines = [
    `issue ${s.issueId} (${s.state}): ${s.recipients} recipients — sent ${s.sent}, skipped ${s.skipped}, failed ${s.failed}, ambiguous ${s.ambiguous}` +
      (s.inFlight ? `, in flight ${s.inFlight}` : '') +
      (s.pending ? `, pending ${s.pending}` : ''),
  ];
  const list = (label: string, notes: readonly RecipientNote[], total: number) => {
    if (total === 0) return;
    const shown = notes.slice(0, maxListed).map((n) => `${n.subscriberId} (${n.reason})`);
    const more = total > shown.length ? `, and ${total - shown.length} more` : '';
    lines.push(`  ${label}: ${shown.join(', ')}${more}`);
  };
  list('failed', s.failedRecipients, s.failed);
  list('ambiguous (not resent)', s.ambiguousRecipients, s.ambiguous);
  list('skipped', s.skippedRecipients, s.skipped);
  if (s.stories) lines.push(`  stories: ${s.stories.length} (${s.stories.map((st) => st.title).join('; ')})`);
  for (const left of s.leftOut ?? []) lines.push(`  left out: ${left.location} (${left.reason})`);
  return lines;
}

/** The summary with each list of recipients cut to `limit` (for responses and logs). */
export function limitLists(summary: IssueSummary, limit: number): IssueSummary {
  const cut = [summary.failedRecipients, summary.ambiguousRecipients, summary.skippedRecipients].some(
    (l) => l.length > limit,
  );
  return {
    ...summary,
    failedRecipients: summary.failedRecipients.slice(0, limit),
    ambiguousRecipients: summary.ambiguousRecipients.slice(0, limit),
    skippedRecipients: summary.skippedRecipients.slice(0, limit),
    truncated: summary.truncated || cut,
  };
}
