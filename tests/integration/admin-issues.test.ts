// `npm run admin -- issues list | show ID` on a real issue (digest and deliver functions, dynalite and
// aws-ses-v2-local): the counts of every issue, and for one issue who failed, was skipped or is ambiguous, and why,
// by address.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamo/table-schema.js';
import { admin } from '../helpers/admin.js';
import { ISSUE_PEOPLE, idOf, runMixedIssue } from '../helpers/admin-issue.js';
import { freshTable, useLocalDeliveries } from '../helpers/delivery-fixtures.js';

const local = useLocalDeliveries();
let table: string;
let issueId: string;
beforeAll(async () => {
  table = await freshTable();
  issueId = await runMixedIssue(local, table);
});

describe('issues list', () => {
  it('lists every issue with its state and counts', async () => {
    const run = await admin(table, ['issues', 'list']);

    expect(run.code).toBe(0);
    const [head, row, ...rest] = run.stdout.trim().split('\n');
    expect(head).toMatch(/^created +issue +state +recipients +sent +skipped +failed +ambiguous +subject$/);
    expect(row).toMatch(new RegExp(`${issueId} +complete +4 +1 +1 +1 +1 +\\S`));
    expect(rest).toEqual([]);
  });

  it('gives the same as JSON', async () => {
    const run = await admin(table, ['issues', 'list', '--json']);

    expect(JSON.parse(run.stdout)).toEqual([
      expect.objectContaining({
        issueId,
        state: 'complete',
        recipients: 4,
        sent: 1,
        skipped: 1,
        failed: 1,
        ambiguous: 1,
      }),
    ]);
  });

  it('says so when there are none', async () => {
    const run = await admin(await freshTable(), ['issues', 'list']);

    expect(run).toEqual({ code: 0, stdout: 'the test stack holds no issues\n', stderr: '' });
  });
});

describe('issues reindex', () => {
  it('finds an issue begun before issues were indexed, once, so that list and erasure see it', async () => {
    const own = await freshTable();
    const id = await runMixedIssue(local, own);
    // What a table written before the index holds: the issue, without its row in the ISSUES partition.
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const rows = await doc.send(
      new QueryCommand({
        TableName: own,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.issueIndexPk },
      }),
    );
    expect(rows.Items?.map((r) => r.issueId)).toEqual([id]);
    for (const row of rows.Items ?? []) {
      await doc.send(new DeleteCommand({ TableName: own, Key: { pk: row.pk, sk: row.sk } }));
    }
    doc.destroy();
    expect((await admin(own, ['issues', 'list'])).stdout).toBe('the test stack holds no issues\n');

    expect(await admin(own, ['issues', 'reindex'])).toEqual({
      code: 0,
      stdout: 'listed 1 issue begun before the index in the test stack\n',
      stderr: '',
    });
    expect((await admin(own, ['issues', 'list'])).stdout).toContain(id);
    expect((await admin(own, ['issues', 'reindex'])).stdout).toBe(
      'every issue in the test stack is listed already\n',
    );
  });
});

describe('issues show', () => {
  it('names who failed, was skipped or is ambiguous, and why', async () => {
    const run = await admin(table, ['issues', 'show', issueId]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('recipients  4: sent 1, skipped 1, failed 1, ambiguous 1');
    expect(run.stdout).toMatch(
      /failed \(1\):\n {2}refused@example\.com: PermanentSendError: Address blacklisted: r\*\*\*@e\*\*\*\.com\n/,
    );
    expect(run.stdout).toMatch(
      /ambiguous, not resent \(1\):\n {2}stuck@example\.com: claimed .* not resent\n/,
    );
    expect(run.stdout).toContain('skipped (1):\n  leaving@example.com: unsubscribed\n');
    expect(run.stdout).not.toContain(ISSUE_PEOPLE.sent);
  });

  it('gives the same as JSON, with subscriber ids', async () => {
    const run = await admin(table, ['issues', 'show', issueId, '--json']);

    expect(JSON.parse(run.stdout)).toMatchObject({
      issueId,
      state: 'complete',
      failedRecipients: [{ subscriberId: idOf(ISSUE_PEOPLE.failed), email: ISSUE_PEOPLE.failed }],
      skippedRecipients: [
        { subscriberId: idOf(ISSUE_PEOPLE.skipped), email: ISSUE_PEOPLE.skipped, reason: 'unsubscribed' },
      ],
      ambiguousRecipients: [{ subscriberId: idOf(ISSUE_PEOPLE.ambiguous), email: ISSUE_PEOPLE.ambiguous }],
    });
  });

  it('refuses an unknown issue in one line', async () => {
    const run = await admin(table, ['issues', 'show', 'no-such-issue']);

    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: the test stack holds no issue "no-such-issue"\n',
    });
  });
});
