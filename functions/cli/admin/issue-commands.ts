// `issues list`, `issues show ID` and `issues reindex`: every issue's counts, and for one issue who failed, was skipped or is
// ambiguous, and why. The operator sees addresses (looked up from the subscriber ids the send log records); a
// subscriber erased since shows as such. Counts of an issue still in progress come from its exact counters, and who
// was not sent from its exception lists (delivery/summary.ts).

import { DynamoIssueAdmin, ERASED_ID } from '../../adapters/dynamo/issue-admin.js';
import { DynamoIssueLog } from '../../adapters/dynamo/issue-log.js';
import { DynamoIssueTally } from '../../adapters/dynamo/issue-tally.js';
import { DynamoSubscriberAdmin } from '../../adapters/dynamo/subscriber-admin.js';
import type { IssueRecord, RecipientNote } from '../../delivery/ports.js';
import { type IssueSummary, summariseIssue } from '../../delivery/summary.js';
import { AdminError, EXIT } from './errors.js';
import type { AdminIo } from './io.js';
import type { AdminTarget } from './target.js';

/** An issue's counts: the final summary when complete, else its counters so far. */
async function countsOf(issue: IssueRecord, tally: DynamoIssueTally) {
  const s = issue.summary;
  return s
    ? { recipients: s.recipients, sent: s.sent, skipped: s.skipped, failed: s.failed, ambiguous: s.ambiguous }
    : { recipients: issue.recipients, ...(await tally.counts(issue.issueId)) };
}

/** `issues reindex`: gives issues begun before the ISSUES rows were kept their row, so list and erasure find them. */
export async function runIssuesReindex(target: AdminTarget, io: AdminIo): Promise<number> {
  const written = await new DynamoIssueAdmin(target.doc, target.tableName).reindex();
  io.stdout.write(
    written === 0
      ? `every issue in ${target.label} is listed already\n`
      : `listed ${written} issue${written === 1 ? '' : 's'} begun before the index in ${target.label}\n`,
  );
  return EXIT.ok;
}

export async function runIssuesList(target: AdminTarget, json: boolean, io: AdminIo): Promise<number> {
  const issues = await new DynamoIssueAdmin(target.doc, target.tableName).list();
  const tally = new DynamoIssueTally(target.doc, target.tableName);
  const rows = await Promise.all(
    issues.map(async (i) => ({
      issueId: i.issueId,
      state: i.state,
      createdAt: i.createdAt,
      ...(i.completedAt ? { completedAt: i.completedAt } : {}),
      subject: i.subject,
      ...(await countsOf(i, tally)),
    })),
  );
  if (json) {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  if (rows.length === 0) {
    io.stdout.write(`${target.label} holds no issues\n`);
    return EXIT.ok;
  }
  const head = [
    'created',
    'issue',
    'state',
    'recipients',
    'sent',
    'skipped',
    'failed',
    'ambiguous',
    'subject',
  ];
  const table = rows.map((r) => [
    r.createdAt.slice(0, 16).replace('T', ' '),
    r.issueId,
    r.state,
    String(r.recipients),
    String(r.sent),
    String(r.skipped),
    String(r.failed),
    String(r.ambiguous),
    r.subject,
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...table.map((row) => (row[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  io.stdout.write(`${line(head)}\n`);
  for (const row of table) io.stdout.write(`${line(row)}\n`);
  return EXIT.ok;
}

export interface NamedNote extends RecipientNote {
  /** The subscriber's address, or undefined when they have been erased since. */
  readonly email?: string;
}

export async function runIssueShow(
  target: AdminTarget,
  issueId: string,
  json: boolean,
  io: AdminIo,
): Promise<number> {
  const log = new DynamoIssueLog(target.doc, target.tableName);
  const issue = await log.get(issueId);
  if (!issue) throw new AdminError(`${target.label} holds no issue ${JSON.stringify(issueId.slice(0, 120))}`);
  // Every recipient not sent, however many: an operator's command can hold them.
  const exact = await summariseIssue(
    issueId,
    { issues: log, tally: new DynamoIssueTally(target.doc, target.tableName) },
    { listLimit: Number.POSITIVE_INFINITY },
  );
  // A complete issue's stored summary is its final word: its items expire (DynamoDB TTL) months later, and an
  // erasure deletes some. Its lists are used unless they were cut to fit the record; the exception items have them all.
  const stored = issue.state === 'complete' ? issue.summary : undefined;
  const summary: IssueSummary | undefined =
    exact && stored
      ? {
          ...exact,
          ...stored,
          inFlight: 0,
          pending: 0,
          ...(stored.truncated
            ? {
                failedRecipients: exact.failedRecipients,
                ambiguousRecipients: exact.ambiguousRecipients,
                skippedRecipients: exact.skippedRecipients,
              }
            : {}),
        }
      : exact;
  if (!summary) throw new AdminError(`issue ${issueId} vanished while it was read`);
  const lists = {
    failed: summary.failedRecipients,
    skipped: summary.skippedRecipients,
    ambiguous: summary.ambiguousRecipients,
  };
  const ids = [...new Set(Object.values(lists).flatMap((l) => l.map((n) => n.subscriberId)))].filter(
    (id) => id !== ERASED_ID,
  );
  const emails = await new DynamoSubscriberAdmin(target.doc, target.tableName).emailsOf(ids);
  const named = (notes: readonly RecipientNote[]): NamedNote[] =>
    notes.map((n) => {
      const email = emails.get(n.subscriberId);
      return email ? { ...n, email } : { ...n };
    });
  const detail = {
    issueId: summary.issueId,
    subject: summary.subject,
    article: summary.article,
    state: summary.state,
    createdAt: summary.createdAt,
    ...(summary.completedAt ? { completedAt: summary.completedAt } : {}),
    recipients: summary.recipients,
    sent: summary.sent,
    skipped: summary.skipped,
    failed: summary.failed,
    ambiguous: summary.ambiguous,
    inFlight: summary.inFlight ?? 0,
    pending: summary.pending,
    failedRecipients: named(lists.failed),
    skippedRecipients: named(lists.skipped),
    ambiguousRecipients: named(lists.ambiguous),
  };
  if (json) {
    io.stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
    return EXIT.ok;
  }
  const out = (k: string, v: unknown) => io.stdout.write(`${k.padEnd(12)}${String(v)}\n`);
  out('issue', detail.issueId);
  out('subject', detail.subject);
  out('article', detail.article);
  out('state', detail.state);
  out('created', detail.createdAt);
  if (detail.completedAt) out('completed', detail.completedAt);
  const open = [
    detail.inFlight ? `in flight ${detail.inFlight}` : '',
    detail.pending ? `pending ${detail.pending}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  out(
    'recipients',
    `${detail.recipients}: sent ${detail.sent}, skipped ${detail.skipped}, failed ${detail.failed}, ambiguous ${detail.ambiguous}${open ? `, ${open}` : ''}`,
  );
  const section = (title: string, notes: readonly NamedNote[]) => {
    if (notes.length === 0) return;
    io.stdout.write(`${title} (${notes.length}):\n`);
    for (const n of notes) {
      const who = n.email ?? (n.subscriberId === ERASED_ID ? '(erased)' : `(no record: ${n.subscriberId})`);
      io.stdout.write(`  ${who}: ${n.reason}\n`);
    }
  };
  section('failed', detail.failedRecipients);
  section('ambiguous, not resent', detail.ambiguousRecipients);
  section('skipped', detail.skippedRecipients);
  return EXIT.ok;
}
