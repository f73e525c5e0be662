// The IssueLog port on DynamoDB: the issue record (ISSUE#id / META) with its state, enqueue lease and checkpoints,
// progress counters (ADD) and final summary, and the rendered email in an item of its own (ISSUE#id / EMAIL), so
// the record that takes a counter update per queue message stays small (a write costs per KB of the item).
// Every state change is a conditional write; dynalite (the local stand-in) has no transactions, and none are needed.
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type BeginResult,
  type EnqueueProgress,
  type IssueCounts,
  type IssueLog,
  type IssueRecord,
  type IssueState,
  type Lease,
  LeaseLostError,
  type NewIssue,
  RenderedEmailTooLargeError,
  type StoredSummary,
} from '../../delivery/ports.js';
import type { LeftOut, StoryEntry } from '../../delivery/stories.js';
import { CLAIM_ORPHANED_AFTER_MS, type IssueSummary, summariseIssue } from '../../delivery/summary.js';
import { LEGACY_UNSUBSCRIBE_SLOT, type RenderedEmail } from '../../email/render.js';
import { DynamoSendLog, isConditionFailure } from './send-log.js';
import { keys, TABLE_SCHEMA } from './table-schema.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** The rendered email's item holds it gzipped; DynamoDB's item limit is 400 KB, so this leaves room for the keys. */
export const MAX_STORED_EMAIL_BYTES = 380_000;
/** The email item is needed only while the issue is being delivered; DynamoDB's TTL removes it later. */
const EMAIL_TTL_DAYS = 180;

const emailKey = (issueId: string) => ({ pk: keys.issue(issueId).pk, sk: 'EMAIL' });

const COUNT_NAMES = ['sent', 'skipped', 'failed', 'ambiguous'] as const;

export class DynamoIssueLog implements IssueLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async begin(issue: NewIssue, email: RenderedEmail, lease: Lease): Promise<BeginResult> {
    await this.putEmail(issue.issueId, email, Date.parse(issue.createdAt));
    const item = {
      ...keys.issue(issue.issueId),
      ...issue,
      state: 'enqueuing' satisfies IssueState,
      updatedAt: issue.createdAt,
      leaseOwner: lease.owner,
      leaseUntil: lease.until,
      cursors: {},
      recipients: 0,
      messages: 0,
      sent: 0,
      skipped: 0,
      failed: 0,
      ambiguous: 0,
    };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true, issue: toIssue(item) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const existing = await this.get(issue.issueId);
    if (!existing) throw new Error(`issue ${issue.issueId} exists but cannot be read`);
    return { created: false, issue: existing };
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
            ...emailKey(issueId),
            issueId,
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

  /**
   * The exact summary of an issue, read from its send records: counts, and who failed, was skipped or is ambiguous.
   * Claims without a result older than `orphanedBefore` (epoch ms) count as ambiguous.
   */
  async summary(
    issueId: string,
    orphanedBefore: number = Date.now() - CLAIM_ORPHANED_AFTER_MS,
  ): Promise<IssueSummary | undefined> {
    return summariseIssue(
      issueId,
      { issues: this, sends: new DynamoSendLog(this.doc, this.tableName) },
      orphanedBefore,
    );
  }

  async get(issueId: string): Promise<IssueRecord | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.issue(issueId), ConsistentRead: true }),
    );
    return out.Item ? toIssue(out.Item) : undefined;
  }

  async getEmail(issueId: string): Promise<RenderedEmail | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: emailKey(issueId), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
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

  async takeOver(issueId: string, lease: Lease, now: number): Promise<IssueRecord | undefined> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.issue(issueId),
          UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until, updatedAt = :at',
          ConditionExpression: '#state = :enqueuing AND leaseUntil < :now',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':owner': lease.owner,
            ':until': lease.until,
            ':at': new Date(now).toISOString(),
            ':enqueuing': 'enqueuing',
            ':now': now,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes ? toIssue(out.Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async checkpoint(issueId: string, lease: Lease, progress: EnqueueProgress): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.issue(issueId),
          UpdateExpression:
            'SET cursors.#shard = :cursor, leaseUntil = :until, updatedAt = :at ADD recipients :n, messages :m',
          ConditionExpression: 'leaseOwner = :owner AND #state = :enqueuing',
          ExpressionAttributeNames: { '#shard': String(progress.shard), '#state': 'state' },
          ExpressionAttributeValues: {
            ':cursor': progress.cursor,
            ':until': lease.until,
            ':at': new Date().toISOString(),
            ':n': progress.recipients,
            ':m': progress.messages,
            ':owner': lease.owner,
            ':enqueuing': 'enqueuing',
          },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new LeaseLostError(`another invocation took over queuing issue ${issueId}`);
      }
      throw error;
    }
  }

  async finishEnqueue(issueId: string, owner: string, now: number): Promise<IssueRecord> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.issue(issueId),
          UpdateExpression: 'SET #state = :sending, enqueuedAt = :at, updatedAt = :at, leaseUntil = :zero',
          ConditionExpression: 'leaseOwner = :owner AND #state = :enqueuing',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':enqueuing': 'enqueuing',
            ':at': new Date(now).toISOString(),
            ':zero': 0,
            ':owner': owner,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (!out.Attributes) throw new Error(`issue ${issueId} vanished`);
      return toIssue(out.Attributes);
    } catch (error) {
      if (isConditionFailure(error))
        throw new LeaseLostError(`another invocation took over queuing issue ${issueId}`);
      throw error;
    }
  }

  async releaseLease(issueId: string, owner: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.issue(issueId),
          UpdateExpression: 'SET leaseUntil = :zero',
          ConditionExpression: 'leaseOwner = :owner',
          ExpressionAttributeValues: { ':zero': 0, ':owner': owner },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async addCounts(issueId: string, counts: IssueCounts, now: number): Promise<IssueRecord> {
    const names = COUNT_NAMES.filter((n) => counts[n] !== 0);
    if (names.length === 0) {
      const issue = await this.get(issueId);
      if (!issue) throw new Error(`issue ${issueId} not found`);
      return issue;
    }
    const values: Record<string, unknown> = { ':at': new Date(now).toISOString() };
    for (const n of names) values[`:${n}`] = counts[n];
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.issue(issueId),
        UpdateExpression: `SET updatedAt = :at ADD ${names.map((n) => `${n} :${n}`).join(', ')}`,
        // Never create a stray record for an issue that does not exist.
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    if (!out.Attributes) throw new Error(`issue ${issueId} not found`);
    return toIssue(out.Attributes);
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

export function toIssue(item: Record<string, unknown>): IssueRecord {
  const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0));
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const enqueuedAt = str(item.enqueuedAt);
  const completedAt = str(item.completedAt);
  const leaseOwner = str(item.leaseOwner);
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
    ...(leaseOwner ? { leaseOwner } : {}),
    leaseUntil: num(item.leaseUntil),
    cursors: (item.cursors ?? {}) as Record<string, string>,
    recipients: num(item.recipients),
    messages: num(item.messages),
    counts: {
      sent: num(item.sent),
      skipped: num(item.skipped),
      failed: num(item.failed),
      ambiguous: num(item.ambiguous),
    },
    ...(item.summary ? { summary: item.summary as StoredSummary } : {}),
    ...(Array.isArray(item.stories) ? { stories: item.stories as StoryEntry[] } : {}),
    ...(Array.isArray(item.leftOut) ? { leftOut: item.leftOut as LeftOut[] } : {}),
  };
}
