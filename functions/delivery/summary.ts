// The summary of an issue: how many were sent, skipped, failed or left ambiguous, and who (by subscriber id, never
// by address), computed from the send log, which records every recipient's outcome one by one. A multi-story issue's
// summary also names its stories and the stories it left out, with why.
import type {
  IssueLog,
  IssueRecord,
  IssueState,
  RecipientNote,
  SendLog,
  SendRecord,
  StoredSummary,
} from './ports.js';
import type { LeftOut, StoryEntry } from './stories.js';

/** The exact summary, read from the send log: the stored counts and lists, never cut, plus what is still open. */
export interface IssueSummary extends Omit<StoredSummary, 'truncated'> {
  readonly issueId: string;
  readonly subject: string;
  readonly article: string;
  readonly state: IssueState;
  readonly createdAt: string;
  readonly completedAt?: string;
  /** Claimed moments ago by a sender still running. */
  readonly inFlight: number;
  /** Queued, no outcome yet (still in the queue, or its message dead-lettered). */
  readonly pending: number;
  /** A multi-story issue's stories, and those left out of it (could not be loaded or digested). */
  readonly stories?: readonly Pick<StoryEntry, 'title' | 'location'>[];
  readonly leftOut?: readonly LeftOut[];
}

/** Claims older than this belong to a sender that cannot still be running: a Lambda lives at most 15 minutes. */
export const CLAIM_ORPHANED_AFTER_MS = 16 * 60_000;

/**
 * Folds the send records of an issue into its summary. A claim with no result is in flight when it is younger than
 * `orphanedBefore` (epoch ms), and ambiguous when older.
 */
export function summarise(
  issue: IssueRecord,
  sends: Iterable<SendRecord>,
  orphanedBefore: number,
): IssueSummary {
  let sent = 0;
  let inFlight = 0;
  const failed: RecipientNote[] = [];
  const ambiguous: RecipientNote[] = [];
  const skipped: RecipientNote[] = [];
  for (const s of sends) {
    const note = (fallback: string) => ({ subscriberId: s.subscriberId, reason: s.reason ?? fallback });
    switch (s.result) {
      case 'sent':
        sent++;
        break;
      case 'failed':
        failed.push(note('failed'));
        break;
      case 'ambiguous':
        ambiguous.push(note('no result recorded'));
        break;
      case 'skipped':
        skipped.push(note('not active'));
        break;
      default:
        if (s.claimedAt < orphanedBefore) {
          ambiguous.push({
            subscriberId: s.subscriberId,
            reason: `claimed ${new Date(s.claimedAt).toISOString()}, no result recorded`,
          });
        } else inFlight++;
    }
  }
  const accounted = sent + failed.length + ambiguous.length + skipped.length + inFlight;
  return {
    issueId: issue.issueId,
    subject: issue.subject,
    article: issue.article,
    state: issue.state,
    createdAt: issue.createdAt,
    ...(issue.completedAt ? { completedAt: issue.completedAt } : {}),
    recipients: issue.recipients,
    sent,
    skipped: skipped.length,
    failed: failed.length,
    ambiguous: ambiguous.length,
    inFlight,
    pending: Math.max(0, issue.recipients - accounted),
    failedRecipients: failed,
    ambiguousRecipients: ambiguous,
    skippedRecipients: skipped,
    ...(issue.stories
      ? { stories: issue.stories.map((st) => ({ title: st.title, location: st.location })) }
      : {}),
    ...(issue.leftOut ? { leftOut: issue.leftOut } : {}),
  };
}

/** Reads an issue's summary from the logs; undefined for an unknown issue. */
export async function summariseIssue(
  issueId: string,
  logs: { issues: Pick<IssueLog, 'get'>; sends: Pick<SendLog, 'list'> },
  orphanedBefore: number,
): Promise<IssueSummary | undefined> {
  const issue = await logs.issues.get(issueId);
  if (!issue) return undefined;
  const records: SendRecord[] = [];
  for await (const record of logs.sends.list(issueId)) records.push(record);
  return summarise(issue, records, orphanedBefore);
}

/** Every queued recipient has a final outcome. */
export function isSettled(summary: IssueSummary): boolean {
  return summary.state !== 'enqueuing' && summary.pending === 0 && summary.inFlight === 0;
}

/** Lists longer than this are cut on the issue record (its item must stay well under DynamoDB's 400 KB). */
export const STORED_LIST_LIMIT = 500;

export function toStoredSummary(summary: IssueSummary, limit: number = STORED_LIST_LIMIT): StoredSummary {
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
    truncated: [summary.failedRecipients, summary.ambiguousRecipients, summary.skippedRecipients].some(
      (l) => l.length > limit,
    ),
  };
}

/**
 * Completes the issue when its progress counters say every recipient has an outcome and the send log agrees.
 * Safe to call from any number of places: the state change is conditional. Returns the summary when it completed.
 */
export async function completeIfSettled(
  issue: IssueRecord,
  logs: { issues: Pick<IssueLog, 'get' | 'complete'>; sends: Pick<SendLog, 'list'> },
  now: number,
  orphanedBefore: number,
  options: { trustCounters?: boolean } = {},
): Promise<IssueSummary | undefined> {
  if (issue.state !== 'sending') return undefined;
  const c = issue.counts;
  // The counters are a cheap first test; they can lag the send log (a crash between a result and the flush), so a
  // caller that can afford the read passes trustCounters: false and the send log decides alone.
  if ((options.trustCounters ?? true) && c.sent + c.skipped + c.failed + c.ambiguous < issue.recipients) {
    return undefined;
  }
  const summary = await summariseIssue(issue.issueId, logs, orphanedBefore);
  if (!summary || !isSettled(summary)) return undefined;
  const done = await logs.issues.complete(issue.issueId, toStoredSummary(summary), now);
  return done ? { ...summary, state: 'complete', completedAt: new Date(now).toISOString() } : undefined;
}

/** Human-readable lines for logs and the command line. */
export function formatSummary(s: IssueSummary, maxListed = 10): string[] {
  const lines = [
    `issue ${s.issueId} (${s.state}): ${s.recipients} recipients — sent ${s.sent}, skipped ${s.skipped}, failed ${s.failed}, ambiguous ${s.ambiguous}` +
      (s.inFlight ? `, in flight ${s.inFlight}` : '') +
      (s.pending ? `, pending ${s.pending}` : ''),
  ];
  const list = (label: string, notes: readonly RecipientNote[]) => {
    if (notes.length === 0) return;
    const shown = notes.slice(0, maxListed).map((n) => `${n.subscriberId} (${n.reason})`);
    const more = notes.length > maxListed ? `, and ${notes.length - maxListed} more` : '';
    lines.push(`  ${label}: ${shown.join(', ')}${more}`);
  };
  list('failed', s.failedRecipients);
  list('ambiguous (not resent)', s.ambiguousRecipients);
  list('skipped', s.skippedRecipients);
  if (s.stories) lines.push(`  stories: ${s.stories.length} (${s.stories.map((st) => st.title).join('; ')})`);
  for (const left of s.leftOut ?? []) lines.push(`  left out: ${left.location} (${left.reason})`);
  return lines;
}

/** The summary with each list of recipients cut to `limit` (for responses and logs). */
export function limitLists(summary: IssueSummary, limit: number): IssueSummary {
  return {
    ...summary,
    failedRecipients: summary.failedRecipients.slice(0, limit),
    ambiguousRecipients: summary.ambiguousRecipients.slice(0, limit),
    skippedRecipients: summary.skippedRecipients.slice(0, limit),
  };
}
