// Issue summaries from send records: counts and who, in-flight versus orphaned claims, and cut lists on the record.
import { describe, expect, it } from 'vitest';
import type { IssueRecord, SendRecord } from '../../../functions/delivery/ports.js';
import { formatSummary, summarise, toStoredSummary } from '../../../functions/delivery/summary.js';

const issue: IssueRecord = {
  issueId: 'news-abc',
  subject: 'News',
  article: 'sample',
  forced: false,
  state: 'sending',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  leaseUntil: 0,
  cursors: {},
  recipients: 7,
  messages: 1,
  counts: { sent: 0, skipped: 0, failed: 0, ambiguous: 0 },
};

const send = (subscriberId: string, more: Partial<SendRecord>): SendRecord => ({
  issueId: issue.issueId,
  subscriberId,
  claimedAt: 1_000,
  ...more,
});

describe('issue summaries', () => {
  it('count each outcome and name who failed, was skipped or is ambiguous', () => {
    const sends = [
      send('a', { result: 'sent', messageId: 'm1' }),
      send('b', { result: 'failed', reason: 'MessageRejected' }),
      send('c', { result: 'skipped', reason: 'unsubscribed' }),
      send('d', { result: 'ambiguous', reason: 'timeout' }),
      send('e', { claimToken: 't', claimedAt: 500 }),
      send('f', { claimToken: 't', claimedAt: 5_000 }),
    ];

    const summary = summarise(issue, sends, 1_000);

    expect(summary).toMatchObject({ sent: 1, failed: 1, skipped: 1, ambiguous: 2, inFlight: 1, pending: 1 });
    expect(summary.failedRecipients).toEqual([{ subscriberId: 'b', reason: 'MessageRejected' }]);
    expect(summary.ambiguousRecipients.map((r) => r.subscriberId)).toEqual(['d', 'e']);
    expect(formatSummary(summary).join('\n')).toMatch(
      /sent 1, skipped 1, failed 1, ambiguous 2, in flight 1, pending 1/,
    );
  });

  it('cut long lists on the issue record and say so', () => {
    const sends = Array.from({ length: 30 }, (_, i) => send(`s${i}`, { result: 'failed', reason: 'x' }));

    const stored = toStoredSummary(summarise({ ...issue, recipients: 30 }, sends, 0), 10);

    expect(stored.failed).toBe(30);
    expect(stored.failedRecipients).toHaveLength(10);
    expect(stored.truncated).toBe(true);
  });
});
