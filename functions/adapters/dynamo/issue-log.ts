// The IssueLog port on DynamoDB: the issue record (ISSUE#id / META: state, totals, final summary), the rendered email
// in an item of its own (ISSUE#id / EMAIL), and one item per shard of the active index (ISSUE#id#QUEUE#n) holding that
// shard's queuing lease, cursor, counts and the page being queued. The record is written a handful of times per
// issue; queuing checkpoints land on the shards' own keys, outcome counts on the issue tally's (issue-tally.ts).
// Every state change is a conditional write; dynalite (the local stand-in) has no transactions, and none are needed.
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type BeginResult,
  type IssueLog,
  type IssueRecord,
  type IssueState,
  type Lease,
  LeaseLostError,
  LegacyIssueError,
  type NewIssue,
  type PageCheckpoint,
  type QueueShard,
  RenderedEmailTooLargeError,
  type StoredSummary,
  shardFinished,
} from '../../delivery/ports.js';
import type { LeftOut, StoryEntry } from '../../delivery/stories.js';
import { LEGACY_UNSUBSCRIBE_SLOT, type RenderedEmail } from '../../email/render.js';
import { isConditionFailure } from './send-log.js';
import { keys, TABLE_SCHEMA } from './table-schema.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** The rendered email's item holds it gzipped; DynamoDB's item limit is 400 KB, so this leaves room for the keys. */
export const MAX_STORED_EMAIL_BYTES = 380_000;
/** The email item is needed only while the issue is being delivered; DynamoDB's TTL removes it later. */
const EMAIL_TTL_DAYS = 180;
/**
 * The item layout an issue was started with. Issues of layout 1 kept every send record under the issue's own key;
 * this version cannot see those records, so it refuses to deliver them rather than risk sending twice.
 */
export const ISSUE_LAYOUT = 2;

/** Writes an issue's row in the ISSUES partition (the operator's list of every issue); writing it again is harmless. */
export async function listIssue(
  doc: DynamoDBDocumentClient,
  tableName: string,
  issue: { readonly createdAt: string; readonly issueId: string },
): Promise<void> {
  await doc.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...keys.issueIndex(issue.createdAt, issue.issueId), issueId: issue.issueId },
    }),
  );
}

export class DynamoIssueLog implements IssueLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async begin(issue: NewIssue, email: RenderedEmail, lease: Lease, shards: number): Promise<BeginResult> {
    await this.putEmail(issue.issueId, email, Date.parse(issue.createdAt));
    // Listed before it exists, so no issue is ever missing from the list; a row whose issue never came to be (or a
    // second row of a begin tried again) is passed over by the reader.
    await listIssue(this.doc, this.tableName, issue);
    const item = {
      ...keys.issue(issue.issueId),
      ...issue,
      layout: ISSUE_LAYOUT,
      state: 'enqueuing' satisfies IssueState,
      updatedAt: issue.createdAt,
      shards,
      recipients: 0,
      messages: 0,
    };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.get(issue.issueId);
      if (!existing) throw new Error(`issue ${issue.issueId} exists but cannot be read`);
      return { created: false, issue: existing };
    }
    // The shards are ours from the start; one missing after a crash here is created by whoever takes it.
    await Promise.all(
      Array.from({ length: shards }, (_, shard) =>
        this.doc
          .send(
            new PutCommand({
              TableName: this.tableName,
              Item: {
                ...keys.queueShard(issue.issueId, shard),
                shard,
                owner: lease.owner,
                leaseUntil: lease.until,
                done: false,
                recipients: 0,
                messages: 0,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          )
          .catch((error: unknown) => {
            if (!isConditionFailure(error)) throw error;
          }),
      ),
    );
    return { created: true, issue: toIssue(item) };
  }

  /** Written before the issue record (so a deliverer never finds a record without its email), and only once. */
  private async putEmail(issueId: string, email: RenderedEmail, now: number): Promise<void> {
    const body = await gzipAsync(
      JSON.stringify({
        subject: email.subject,
        preheader: email.preheader,
        html: email.html,
        text: email.text,
        unsubscribeSlot: email.unsubscribeSlot,
        // The public content its web page shows once the issue is published (delivery/archive.ts).
        ...(email.content ? { content: email.content } : {}),
      }),
    );
    if (body.length > MAX_STORED_EMAIL_BYTES) {
      throw new RenderedEmailTooLargeError(
        `the rendered email is ${body.length} bytes compressed; the issue log holds at most ${MAX_STORED_EMAIL_BYTES}`,
      );
    }
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.email(issueId),
            issueId,
            layout: ISSUE_LAYOUT,
            encoding: 'gzip+json',
            body,
            [TABLE_SCHEMA.ttlAttribute]: Math.floor(now / 1000) + EMAIL_TTL_DAYS * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // Already stored by an earlier run of the same issue: that copy stays, so every recipient gets the same email.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async get(issueId: string): Promise<IssueRecord | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.issue(issueId), ConsistentRead: true }),
    );
    return out.Item ? toIssue(out.Item) : undefined;
  }

  async getEmail(issueId: string): Promise<RenderedEmail | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.email(issueId), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    if (out.Item.layout !== ISSUE_LAYOUT) {
      throw new LegacyIssueError(
        `issue ${issueId} was started by an earlier version, whose send records this one cannot see; it is not delivered here (finish it with that version, or force a new issue)`,
      );
    }
    const body = out.Item.body as Uint8Array;
    const parsed = JSON.parse((await gunzipAsync(body)).toString('utf8')) as Record<string, unknown>;
    for (const field of ['subject', 'preheader', 'html', 'text']) {
      if (typeof parsed[field] !== 'string')
        throw new Error(`stored email of issue ${issueId} lacks ${field}`);
    }
    // Emails stored before slots were random have none: they hold the old fixed stand-in.
    const slot = parsed.unsubscribeSlot ?? LEGACY_UNSUBSCRIBE_SLOT;
    if (typeof slot !== 'string') throw new Error(`stored email of issue ${issueId} has a malformed slot`);
    return { ...parsed, unsubscribeSlot: slot } as unknown as RenderedEmail;
  }

  async queueShards(issueId: string): Promise<QueueShard[]> {
    const meta = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.issue(issueId), ConsistentRead: true }),
    );
    const count = Number(meta.Item?.shards ?? 0);
    const wanted = Array.from({ length: count }, (_, shard) => keys.queueShard(issueId, shard));
    const found = new Map<number, QueueShard>();
    let pending: Record<string, unknown>[] = wanted;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** Math.min(attempt, 6)));
      const out = await this.doc.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of out.Responses?.[this.tableName] ?? []) {
        const shard = toShard(item);
        found.set(shard.shard, shard);
      }
      pending = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
    return Array.from({ length: count }, (_, shard) => found.get(shard) ?? emptyShard(shard));
  }

  async takeShard(
    issueId: string,
    shard: number,
    lease: Lease,
    now: number,
  ): Promise<QueueShard | undefined> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.queueShard(issueId, shard),
          UpdateExpression:
            'SET #owner = :owner, leaseUntil = :until, #shard = :shard, done = if_not_exists(done, :false), recipients = if_not_exists(recipients, :zero), messages = if_not_exists(messages, :zero)',
          // Unfinished: pages still to list, or the last one still to queue.
          ConditionExpression:
            'attribute_not_exists(pk) OR ((done = :false OR attribute_exists(pending)) AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#owner': 'owner', '#shard': 'shard' },
          ExpressionAttributeValues: {
            ':owner': lease.owner,
            ':until': lease.until,
            ':shard': shard,
            ':false': false,
            ':zero': 0,
            ':now': now,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes ? toShard(out.Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async checkpoint(issueId: string, lease: Lease, page: PageCheckpoint): Promise<void> {
    const sets = ['leaseUntil = :until'];
    const removes: string[] = [];
    const values: Record<string, unknown> = {
      ':until': lease.until,
      ':owner': lease.owner,
      ':false': false,
      ':n': page.subscriberIds.length,
      ':m': page.messages,
    };
    if (page.cursor === undefined) {
      sets.push('done = :true');
      values[':true'] = true;
      removes.push('#cursor');
    } else {
      sets.push('#cursor = :cursor');
      values[':cursor'] = page.cursor;
    }
    if (page.subscriberIds.length > 0) {
      sets.push('pending = :pending');
      values[':pending'] = page.subscriberIds;
    } else removes.push('pending');
    await this.ownedUpdate(
      issueId,
      page.shard,
      `SET ${sets.join(', ')} ${removes.length ? `REMOVE ${removes.join(', ')} ` : ''}ADD recipients :n, messages :m`,
      'done = :false',
      values,
      { '#cursor': 'cursor' },
    );
  }

  async clearPending(issueId: string, shard: number, owner: string): Promise<void> {
    await this.ownedUpdate(issueId, shard, 'REMOVE pending', undefined, { ':owner': owner });
  }

  async releaseShard(issueId: string, shard: number, owner: string): Promise<void> {
    try {
      await this.ownedUpdate(issueId, shard, 'SET leaseUntil = :zero', undefined, {
        ':owner': owner,
        ':zero': 0,
      });
    } catch (error) {
      if (!(error instanceof LeaseLostError)) throw error;
    }
  }

  /** An update of a shard we hold; LeaseLostError when another invocation holds it now. */
  private async ownedUpdate(
    issueId: string,
    shard: number,
    update: string,
    extraCondition: string | undefined,
    values: Record<string, unknown>,
    names: Record<string, string> = {},
  ): Promise<void> {
    const used = Object.fromEntries(Object.entries(names).filter(([n]) => update.includes(n)));
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.queueShard(issueId, shard),
          UpdateExpression: update,
          ConditionExpression: `#owner = :owner${extraCondition ? ` AND ${extraCondition}` : ''}`,
          ExpressionAttributeNames: { '#owner': 'owner', ...used },
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new LeaseLostError(`another invocation took over queuing shard ${shard} of issue ${issueId}`);
      }
      throw error;
    }
  }

  async finishEnqueue(issueId: string, now: number): Promise<IssueRecord | undefined> {
    const issue = await this.get(issueId);
    if (!issue) throw new Error(`issue ${issueId} not found`);
    if (issue.state !== 'enqueuing') return issue;
    const shards = await this.queueShards(issueId);
    if (shards.some((s) => !shardFinished(s))) return undefined;
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.issue(issueId),
          UpdateExpression:
            'SET #state = :sending, enqueuedAt = :at, updatedAt = :at, recipients = :n, messages = :m',
          ConditionExpression: '#state = :enqueuing',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':enqueuing': 'enqueuing',
            ':at': new Date(now).toISOString(),
            ':n': shards.reduce((n, s) => n + s.recipients, 0),
            ':m': shards.reduce((n, s) => n + s.messages, 0),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (!out.Attributes) throw new Error(`issue ${issueId} vanished`);
      return toIssue(out.Attributes);
    } catch (error) {
      // Another invocation finished the last shard at the same moment and got there first.
      if (isConditionFailure(error)) return this.get(issueId);
      throw error;
    }
  }

  async complete(issueId: string, summary: StoredSummary, now: number): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.issue(issueId),
          UpdateExpression: 'SET #state = :complete, completedAt = :at, updatedAt = :at, summary = :summary',
          ConditionExpression: '#state = :sending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':complete': 'complete',
            ':sending': 'sending',
            ':at': new Date(now).toISOString(),
            ':summary': summary,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

function emptyShard(shard: number): QueueShard {
  return { shard, leaseUntil: 0, done: false, pending: [], recipients: 0, messages: 0 };
}

function toShard(item: Record<string, unknown>): QueueShard {
  const owner = typeof item.owner === 'string' ? item.owner : undefined;
  const cursor = typeof item.cursor === 'string' ? item.cursor : undefined;
  return {
    shard: Number(item.shard ?? 0),
    ...(owner ? { owner } : {}),
    leaseUntil: Number(item.leaseUntil ?? 0),
    ...(cursor ? { cursor } : {}),
    done: item.done === true,
    pending: Array.isArray(item.pending) ? item.pending.map(String) : [],
    recipients: Number(item.recipients ?? 0),
    messages: Number(item.messages ?? 0),
  };
}

export function toIssue(item: Record<string, unknown>): IssueRecord {
  const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0));
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const enqueuedAt = str(item.enqueuedAt);
  const completedAt = str(item.completedAt);
  return {
    issueId: String(item.issueId),
    subject: String(item.subject),
    article: String(item.article),
    forced: item.forced === true,
    state: item.state as IssueState,
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt ?? item.createdAt),
    ...(enqueuedAt ? { enqueuedAt } : {}),
    ...(completedAt ? { completedAt } : {}),
    recipients: num(item.recipients),
    messages: num(item.messages),
    ...(item.summary ? { summary: item.summary as StoredSummary } : {}),
    ...(Array.isArray(item.stories) ? { stories: item.stories as StoryEntry[] } : {}),
    ...(Array.isArray(item.leftOut) ? { leftOut: item.leftOut as LeftOut[] } : {}),
  };
}
