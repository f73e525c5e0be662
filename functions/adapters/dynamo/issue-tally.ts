// The IssueTally port on DynamoDB: exact outcome counters, sharded (ISSUE#id#COUNT#n), to which each queue message's
// tally is added once, anchored by an item per message key (ISSUE#id#TALLY#bucket / TALLY#key); and the recipients
// that were not sent, one item each (ISSUE#id#EXC#bucket / kind#subscriberId), so a summary lists them without
// reading the send records of everyone who was sent. The four steps of a fold, and why they count exactly once, are
// in delivery/tally.ts.
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  ExceptionKind,
  ExceptionNote,
  FoldResult,
  IssueCounts,
  IssueTally,
  MessageTally,
  RecipientNote,
} from '../../delivery/ports.js';
import { resolvedCount, ZERO_COUNTS } from '../../delivery/ports.js';
import { decideFoldStep, type TallyAnchor } from '../../delivery/tally.js';
import { isConditionFailure } from './send-log.js';
import { bucketOf, ISSUE_SPREAD, keys, TABLE_SCHEMA } from './table-schema.js';

/** Tally items outlive any redelivery by far; DynamoDB's TTL then removes them (the issue keeps its summary). */
const TALLY_TTL_DAYS = 180;
const COUNT_NAMES = ['sent', 'skipped', 'failed', 'ambiguous'] as const;
const BATCH_WRITE = 25;

export class DynamoIssueTally implements IssueTally {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async fold(
    issueId: string,
    tally: MessageTally,
    token: string,
    now: number,
    orphanedBefore: number,
  ): Promise<FoldResult> {
    // Nothing to add (every recipient was recorded by another message): no anchor needed, counting twice adds 0.
    if (resolvedCount(tally.counts) === 0) return 'folded';
    // Listed before counted: counters that add up always come with complete lists.
    await this.putExceptions(issueId, tally.exceptions, now);
    let anchor = await this.anchor(issueId, tally.key);
    for (let round = 0; round < 3; round++) {
      const step = decideFoldStep(anchor, token, orphanedBefore);
      if (step === 'done') return 'already';
      if (step === 'busy') return 'busy';
      const held =
        step === 'continue' ||
        (step === 'claim'
          ? await this.claimAnchor(issueId, tally.key, token, now)
          : await this.takeOverAnchor(issueId, tally.key, anchor as TallyAnchor, token, now));
      if (held) {
        await this.addOnce(issueId, tally, token);
        return 'folded';
      }
      // Lost a race for the anchor: look again.
      anchor = await this.anchor(issueId, tally.key);
    }
    return 'busy';
  }

  /** Steps 2 to 4: add the counts unless our mark says they were added, mark the anchor folded, take the mark off. */
  private async addOnce(issueId: string, tally: MessageTally, token: string): Promise<void> {
    const counter = keys.counter(issueId, bucketOf(tally.key, ISSUE_SPREAD.counterShards));
    const values: Record<string, unknown> = { ':mark': new Set([tally.key]), ':key': tally.key };
    for (const n of COUNT_NAMES) values[`:${n}`] = tally.counts[n];
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: counter,
          UpdateExpression: `ADD ${COUNT_NAMES.map((n) => `${n} :${n}`).join(', ')}, adding :mark`,
          ConditionExpression: 'NOT contains(adding, :key)',
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      // Our mark is there: the counts were added (by us before a retry, or by the holder we took over from).
      if (!isConditionFailure(error)) throw error;
    }
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.tally(issueId, tally.key),
          UpdateExpression: 'SET #state = :folded',
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: { '#state': 'state', '#token': 'token' },
          ExpressionAttributeValues: { ':folded': 'folded', ':token': token },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Taken over, which needs us stopped for CLAIM_ORPHANED_AFTER_MS: the taker finishes; our mark stays for it.
      throw new Error(
        `the tally of message ${tally.key} of issue ${issueId} was taken over while being added`,
      );
    }
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: counter,
        UpdateExpression: 'DELETE adding :mark',
        ExpressionAttributeValues: { ':mark': new Set([tally.key]) },
      }),
    );
  }

  private async anchor(issueId: string, key: string): Promise<TallyAnchor | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.tally(issueId, key), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    return {
      state: out.Item.state === 'folded' ? 'folded' : 'folding',
      token: String(out.Item.token),
      at: Number(out.Item.at ?? 0),
    };
  }

  private async claimAnchor(issueId: string, key: string, token: string, now: number): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.tally(issueId, key),
            state: 'folding',
            token,
            at: now,
            [TABLE_SCHEMA.ttlAttribute]: ttl(now),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private async takeOverAnchor(
    issueId: string,
    key: string,
    stale: TallyAnchor,
    token: string,
    now: number,
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.tally(issueId, key),
          UpdateExpression: 'SET #token = :token, #at = :now',
          ConditionExpression: '#token = :stale AND #state = :folding',
          ExpressionAttributeNames: { '#token': 'token', '#at': 'at', '#state': 'state' },
          ExpressionAttributeValues: {
            ':token': token,
            ':now': now,
            ':stale': stale.token,
            ':folding': 'folding',
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private async putExceptions(issueId: string, notes: readonly ExceptionNote[], now: number): Promise<void> {
    for (let i = 0; i < notes.length; i += BATCH_WRITE) {
      let requests = notes.slice(i, i + BATCH_WRITE).map((n) => ({
        PutRequest: {
          Item: {
            ...keys.exception(issueId, n.kind, n.subscriberId),
            kind: n.kind,
            subscriberId: n.subscriberId,
            reason: n.reason,
            [TABLE_SCHEMA.ttlAttribute]: ttl(now),
          },
        },
      }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** Math.min(attempt, 6)));
        if (attempt > 8) throw new Error(`DynamoDB keeps leaving exceptions of issue ${issueId} unwritten`);
        const out = await this.doc.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
        );
        requests = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
  }

  async counts(issueId: string): Promise<IssueCounts> {
    const totals: Record<keyof IssueCounts, number> = { ...ZERO_COUNTS };
    let pending: Record<string, unknown>[] = Array.from({ length: ISSUE_SPREAD.counterShards }, (_, n) =>
      keys.counter(issueId, n),
    );
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** Math.min(attempt, 6)));
      const out = await this.doc.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of out.Responses?.[this.tableName] ?? []) {
        for (const n of COUNT_NAMES) totals[n] += Number(item[n] ?? 0);
      }
      pending = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
    return totals;
  }

  async *exceptions(issueId: string, kind: ExceptionKind): AsyncIterable<RecipientNote> {
    for (let bucket = 0; bucket < ISSUE_SPREAD.exceptionBuckets; bucket++) {
      let start: Record<string, unknown> | undefined;
      do {
        const out = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :kind)',
            ExpressionAttributeValues: { ':pk': keys.exceptionBucket(issueId, bucket), ':kind': `${kind}#` },
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of out.Items ?? []) {
          yield { subscriberId: String(item.subscriberId), reason: String(item.reason ?? kind) };
        }
        start = out.LastEvaluatedKey;
      } while (start);
    }
  }
}

function ttl(now: number): number {
  return Math.floor(now / 1000) + TALLY_TTL_DAYS * 86_400;
}
