// The operator's view of issues and deliveries (`npm run admin -- issues ...`, and the delivery half of a
// subscriber's `show` and `delete`): every issue, one subscriber's send record in each, and the erasure of those
// records and of the subscriber's id in issue summaries. Issues are found by their rows in the ISSUES partition (one
// Query, however many subscribers the table holds); `reindex` writes those rows for issues begun before they were
// kept, with the one scan of the table it takes.
import { DeleteCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { IssueRecord, RecipientNote, SendRecord, StoredSummary } from '../../delivery/ports.js';
import type { DeliveryErasure } from '../../subscribers/erasure.js';
import { batchGet, queryAll, scanAll } from './bulk.js';
import { listIssue, toIssue } from './issue-log.js';
import { isConditionFailure, toSend } from './send-log.js';
import { keys } from './table-schema.js';

/** What replaces an erased subscriber's id in a stored summary, so its counts still add up. */
export const ERASED_ID = 'erased';

export interface Delivery {
  readonly issue: IssueRecord;
  readonly send: SendRecord;
}

/**
 * The keys of every item of an issue that may name a subscriber: their send record, and the item listing them when
 * they were not sent (one kind at most). Whatever else the delivery side comes to keep per recipient belongs here, so
 * an erasure finds it.
 */
export function itemsNaming(issueId: string, subscriberId: string): Array<{ pk: string; sk: string }> {
  return [
    keys.send(issueId, subscriberId),
    ...(['failed', 'skipped', 'ambiguous'] as const).map((kind) =>
      keys.exception(issueId, kind, subscriberId),
    ),
  ];
}

export class DynamoIssueAdmin {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Every issue, newest first. */
  async list(): Promise<IssueRecord[]> {
    const ids = new Set<string>();
    for await (const item of queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.issueIndexPk },
      ProjectionExpression: 'issueId',
    })) {
      if (typeof item.issueId === 'string') ids.add(item.issueId);
    }
    const records = await batchGet(
      this.doc,
      this.tableName,
      [...ids].map((id) => keys.issue(id)),
    );
    return records
      .flatMap((item) => (item ? [toIssue(item)] : []))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.issueId.localeCompare(a.issueId));
  }

  /**
   * Lists the issues begun before the ISSUES rows were kept: one scan of the table, filtered to issue records, and a
   * row written for each issue that has none. Returns how many rows it wrote.
   */
  async reindex(): Promise<number> {
    const listed = new Set((await this.list()).map((i) => i.issueId));
    const meta = keys.issue('');
    let written = 0;
    for await (const item of scanAll(this.doc, {
      TableName: this.tableName,
      FilterExpression: 'begins_with(pk, :issue) AND sk = :meta',
      ExpressionAttributeValues: { ':issue': meta.pk, ':meta': meta.sk },
    })) {
      const issue = toIssue(item);
      if (listed.has(issue.issueId)) continue;
      await listIssue(this.doc, this.tableName, issue);
      written++;
    }
    return written;
  }

  /** The subscriber's send record in each issue that has one, newest issue first. */
  async deliveriesOf(subscriberId: string, issues?: readonly IssueRecord[]): Promise<Delivery[]> {
    const all = issues ?? (await this.list());
    const items = await batchGet(
      this.doc,
      this.tableName,
      all.map((issue) => keys.send(issue.issueId, subscriberId)),
    );
    return all.flatMap((issue, i) => {
      const item = items[i];
      return item ? [{ issue, send: toSend(item) }] : [];
    });
  }

  /**
   * Deletes every item of an issue that names the subscriber (itemsNaming), and takes their id out of every stored
   * summary.
   */
  async forgetSubscriber(subscriberId: string): Promise<DeliveryErasure> {
    const issues = await this.list();
    const candidates = issues.flatMap((issue) => itemsNaming(issue.issueId, subscriberId));
    const found = await batchGet(this.doc, this.tableName, candidates);
    const present = candidates.filter((_, i) => found[i] !== undefined);
    for (const key of present)
      await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
    const sendRecords = present.filter((key) => key.sk === keys.send('', subscriberId).sk).length;
    let summaries = 0;
    for (const issue of issues) {
      if (issue.summary && (await this.redactSummary(issue.issueId, issue.summary, subscriberId)))
        summaries++;
    }
    return {
      sendRecords,
      summaries,
      stillSending: issues.filter((i) => i.state !== 'complete').map((i) => i.issueId),
    };
  }

  /** Replaces the subscriber's id in a stored summary by ERASED_ID; false when it was not named there. */
  private async redactSummary(
    issueId: string,
    summary: StoredSummary,
    subscriberId: string,
  ): Promise<boolean> {
    const lists = ['failedRecipients', 'ambiguousRecipients', 'skippedRecipients'] as const;
    const names = (list: readonly RecipientNote[]) => list.some((n) => n.subscriberId === subscriberId);
    if (!lists.some((l) => names(summary[l] ?? []))) return false;
    const redact = (list: readonly RecipientNote[]) =>
      list.map((n) => (n.subscriberId === subscriberId ? { ...n, subscriberId: ERASED_ID } : n));
    const redacted: StoredSummary = {
      ...summary,
      failedRecipients: redact(summary.failedRecipients ?? []),
      ambiguousRecipients: redact(summary.ambiguousRecipients ?? []),
      skippedRecipients: redact(summary.skippedRecipients ?? []),
    };
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.issue(issueId),
          UpdateExpression: 'SET summary = :summary',
          // A summary is written once, when the issue completes; only that one is rewritten.
          ConditionExpression: '#state = :complete',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':summary': redacted, ':complete': 'complete' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
