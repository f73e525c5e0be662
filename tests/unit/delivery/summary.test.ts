// Issue summaries folded from send records (audits): counts and who, in-flight versus orphaned claims, lists cut at a
// limit while the counts stay whole, and cut lists on the record.
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
  recipients: 7,
  messages: 1,
};

const send = (subscriberId: string, more: Partial<SendRecord>): SendRecord => ({
  issueId: issue.issueId,
  subscriberId,
  claimedAt: 1_000,
  ...more,
});

describe('issue summaries', () => {
  it('count each outcome and name who failed, was skipped or is ambiguous', async () => {
    const sends = [
      send('a', { result: 'sent', messageId: 'm1' }),
      send('b', { result: 'failed', reason: 'MessageRejected' }),
      send('c', { result: 'skipped', reason: 'unsubscribed' }),
      send('d', { result: 'ambiguous', reason: 'timeout' }),
      send('e', { claimToken: 't', claimedAt: 500 }),
      send('f', { claimToken: 't', claimedAt: 5_000 }),
    ];

    const summary = await summarise(issue, sends, 1_000);

    expect(summary).toMatchObject({ sent: 1, failed: 1, skipped: 1, ambiguous: 2, inFlight: 1, pending: 1 });
    expect(summary.failedRecipients).toEqual([{ subscriberId: 'b', reason: 'MessageRejected' }]);
    expect(summary.ambiguousRecipients.map((r) => r.subscriberId)).toEqual(['d', 'e']);
    expect(formatSummary(summary).join('\n')).toMatch(
      /sent 1, skipped 1, failed 1, ambiguous 2, in flight 1, pending 1/,
    );
  });

  it('cut long lists on the issue record and say so', async () => {
    const sends = Array.from({ length: 30 }, (_, i) => send(`s${i}`, { result: 'failed', reason: 'x' }));

    const stored = toStoredSummary(await summarise({ ...issue, recipients: 30 }, sends, 0), 10);

    expect(stored.failed).toBe(30);
    expect(stored.failedRecipients).toHaveLength(10);
    expect(stored.truncated).toBe(true);
  });

  it('keep at most the list limit in memory while counting every record', async () => {
    async function* many() {
      for (let i = 0; i < 5_000; i++) yield send(`s${i}`, { result: i % 2 ? 'sent' : 'skipped' });
    }

    const summary = await summarise({ ...issue, recipients: 5_000 }, many(), 0, 7);

    expect(summary).toMatchObject({ sent: 2_500, skipped: 2_500, pending: 0, truncated: true });
    expect(summary.skippedRecipients).toHaveLength(7);
    expect(formatSummary(summary, 2).join('\n')).toMatch(
      /skipped: s0 \(skipped\), s2 \(skipped\), and 2498 more/,
    );
  });
});
