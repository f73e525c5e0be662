// The SubscriberStore port on DynamoDB: one item per subscriber, and a sparse, sharded index holding only the
// active ones, so that an issue pages through its recipients without reading anyone else.
// State changes (subscribe, confirm, unsubscribe, bounce, complain) follow the pure rules of subscribers/subscriber.ts and
// are written with a condition on the record the rule saw (its status and version, or its absence): when another
// request got there first, the record is read again and the rule decides again. No transactions are needed.
//
// A sign-up that would send a confirmation first takes one email from the mailbox's quota (a second item, written
// the same way), and only then records the sign-up. Taken but not used (the sign-up lost a race and was decided
// again without an email), the email stays counted: the quota errs towards fewer emails, never more.
import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type ConfirmationQuota,
  decideConfirmationQuota,
  decideQuotaRelease,
  mailboxIdFor,
  type QuotaResult,
} from '../../subscribers/confirmation-quota.js';
import {
  type ActivePage,
  type ConfirmResult,
  DEFAULT_POLICY,
  type Decision,
  decideBounce,
  decideComplaint,
  decideConfirm,
  decideReleaseConfirmation,
  decideSoftBounce,
  decideSubscribe,
  decideUnsubscribe,
  type Outcome,
  type ReleaseResult,
  type SoftBounceResult,
  type SubscribeResult,
  type Subscriber,
  type SubscriberRef,
  type SubscriptionPolicy,
  type SubscriptionStore,
  type SuppressResult,
  type UnsubscribeResult,
} from '../../subscribers/subscriber.js';
import type { Suppression } from '../../subscribers/suppression.js';
import { keys, TABLE_SCHEMA } from './table-schema.js';

/** One document client per process; the endpoint comes from AWS_ENDPOINT_URL_DYNAMODB when set. */
export function createDocumentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** The index shard of a subscriber: stable, and spread evenly by a hash of the id. */
export function shardOf(subscriberId: string, shards: number = TABLE_SCHEMA.activeShards): number {
  return createHash('sha256').update(subscriberId).digest().readUInt32BE(0) % shards;
}

/** The attributes that put an item in the sparse active index, present only while the subscriber is active. */
export function activeIndexKeys(subscriber: Pick<Subscriber, 'id' | 'status'>): Record<string, string> {
  if (subscriber.status !== 'active') return {};
  return {
    [TABLE_SCHEMA.activeIndex.partitionKey]: keys.activeShard(shardOf(subscriber.id)),
    [TABLE_SCHEMA.activeIndex.sortKey]: subscriber.id,
  };
}

/** The record changed under us more times than we retry: a hot spot, worth an error and a retry by the caller. */
export class ConcurrentUpdateError extends Error {
  override readonly name = 'ConcurrentUpdateError';
}

const MAX_ATTEMPTS = 5;

export class DynamoSubscriberStore implements SubscriptionStore {
  readonly shards = TABLE_SCHEMA.activeShards;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(subscriberId: string): Promise<Subscriber | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.subscriber(subscriberId), ConsistentRead: true }),
    );
    return out.Item ? toSubscriber(out.Item) : undefined;
  }

  async listActive(shard: number, cursor?: string, limit = 500): Promise<ActivePage> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TABLE_SCHEMA.activeIndex.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE_SCHEMA.activeIndex.partitionKey },
        ExpressionAttributeValues: { ':pk': keys.activeShard(shard) },
        Limit: limit,
        ...(cursor
          ? { ExclusiveStartKey: JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) }
          : {}),
      }),
    );
    const subscribers = (out.Items ?? [])
      .filter((item) => item.status === 'active')
      .map((item) => ({ id: String(item[TABLE_SCHEMA.activeIndex.sortKey]), email: String(item.email) }));
    const next = out.LastEvaluatedKey
      ? Buffer.from(JSON.stringify(out.LastEvaluatedKey)).toString('base64url')
      : undefined;
    return next ? { subscribers, cursor: next } : { subscribers };
  }

  /** Writes a subscriber as given, keeping the active index in step. For seeding demos, tests and benchmarks. */
  async putSubscriber(subscriber: Subscriber): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.subscriber(subscriber.id), ...subscriber, ...activeIndexKeys(subscriber) },
      }),
    );
  }

  async subscribe(
    who: SubscriberRef,
    now: Date,
    policy: SubscriptionPolicy = DEFAULT_POLICY,
  ): Promise<Outcome<SubscribeResult>> {
    const suppression = who.suppressionKey ? await this.getSuppression(who.suppressionKey) : undefined;
    let taken = false;
    return this.transition(
      who.id,
      (current) => decideSubscribe(current, who, now, policy, suppression),
      async (decision) => {
        if (decision.result !== 'send-confirmation' || taken) return undefined;
        if ((await this.takeConfirmation(who, now, policy)) !== 'allowed') return 'capped';
        taken = true;
        return undefined;
      },
    );
  }

  /** The suppression an erasure kept under `key` (a keyed hash of the address), if any. */
  async getSuppression(key: string): Promise<Suppression | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.suppression(key), ConsistentRead: true }),
    );
    return out.Item ? toSuppression(out.Item) : undefined;
  }

  /** The quota of the mailbox `who` delivers to, as stored (expired entries included). */
  async confirmationQuota(who: SubscriberRef): Promise<ConfirmationQuota | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.confirmationQuota(mailboxIdFor(who.email)),
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...quota } = out.Item;
    return quota as ConfirmationQuota;
  }

  /** Takes one confirmation email from the mailbox's quota, if it has one left now. */
  takeConfirmation(who: SubscriberRef, now: Date, policy: SubscriptionPolicy): Promise<QuotaResult> {
    const mailboxId = mailboxIdFor(who.email);
    return this.quotaTransition(who, (current) => decideConfirmationQuota(current, mailboxId, now, policy));
  }

  confirm(subscriberId: string, now: Date): Promise<Outcome<ConfirmResult>> {
    return this.transition(subscriberId, (current) => decideConfirm(current, now));
  }

  unsubscribe(subscriberId: string, now: Date): Promise<Outcome<UnsubscribeResult>> {
    return this.transition(subscriberId, (current) => decideUnsubscribe(current, now));
  }

  markBounced(who: SubscriberRef, now: Date): Promise<Outcome<SuppressResult>> {
    return this.transition(who.id, (current) => decideBounce(current, who, now));
  }

  markComplained(who: SubscriberRef, now: Date): Promise<Outcome<SuppressResult>> {
    return this.transition(who.id, (current) => decideComplaint(current, who, now));
  }

  recordSoftBounce(
    who: SubscriberRef,
    now: Date,
    bouncedAt: Date,
    policy: SubscriptionPolicy = DEFAULT_POLICY,
  ): Promise<Outcome<SoftBounceResult>> {
    return this.transition(who.id, (current) => decideSoftBounce(current, now, bouncedAt, policy));
  }

  async releaseConfirmation(who: SubscriberRef, sentAt: string): Promise<Outcome<ReleaseResult>> {
    // Both are tried even when one fails: each lifts a wait on its own.
    const [outcome] = await Promise.all([
      this.transition(who.id, (current) => decideReleaseConfirmation(current, sentAt)),
      this.quotaTransition(who, (current) => decideQuotaRelease(current, sentAt)),
    ]);
    return outcome;
  }

  /** Gives back the quota's email recorded at `sentAt` alone (an import withdraws the record itself). */
  async releaseQuota(who: SubscriberRef, sentAt: string): Promise<ReleaseResult> {
    return this.quotaTransition(who, (current) => decideQuotaRelease(current, sentAt));
  }

  /**
   * Read, decide, write on condition that nothing changed in between; on a lost race, read and decide again.
   * `guard`, when given, runs before a write and may refuse it with another result; nothing is written then.
   */
  private async transition<R>(
    subscriberId: string,
    decide: (current: Subscriber | undefined) => Decision<R>,
    guard?: (decision: Decision<R>) => Promise<R | undefined>,
  ): Promise<Outcome<R>> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const current = await this.get(subscriberId);
      const decision = decide(current);
      const refused = decision.next && guard ? await guard(decision) : undefined;
      if (refused !== undefined)
        return current ? { result: refused, subscriber: current } : { result: refused };
      if (!decision.next) return current ? { result: decision.result, subscriber: current } : decision;
      try {
        await this.writeIfUnchanged(decision.next, current);
        return { result: decision.result, subscriber: decision.next };
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      }
    }
    throw new ConcurrentUpdateError(`subscriber ${subscriberId} changed concurrently ${MAX_ATTEMPTS} times`);
  }

  /** The same read-decide-write loop for the confirmation quota of the mailbox `who` delivers to. */
  private async quotaTransition<R>(
    who: SubscriberRef,
    decide: (current: ConfirmationQuota | undefined) => Decision<R, ConfirmationQuota>,
  ): Promise<R> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const current = await this.confirmationQuota(who);
      const decision = decide(current);
      if (!decision.next) return decision.result;
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.confirmationQuota(decision.next.id), ...decision.next },
            ...(current
              ? {
                  ConditionExpression: '#version = :version',
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':version': current.version },
                }
              : {
                  ConditionExpression: 'attribute_not_exists(#pk)',
                  ExpressionAttributeNames: { '#pk': TABLE_SCHEMA.partitionKey },
                }),
          }),
        );
        return decision.result;
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      }
    }
    throw new ConcurrentUpdateError(`a confirmation quota changed concurrently ${MAX_ATTEMPTS} times`);
  }

  /**
   * Replaces the record (keeping the active index and TTL in step with its status) if it is still `expected`, or
   * creates it if `expected` is undefined and there is none. ConditionalCheckFailedException when it changed.
   */
  async writeIfUnchanged(next: Subscriber, expected: Subscriber | undefined): Promise<void> {
    const names: Record<string, string> = { '#pk': TABLE_SCHEMA.partitionKey };
    const values: Record<string, unknown> = {};
    let condition = 'attribute_not_exists(#pk)';
    if (expected) {
      names['#status'] = 'status';
      names['#version'] = 'version';
      values[':status'] = expected.status;
      if (expected.version === undefined) {
        condition = 'attribute_exists(#pk) AND #status = :status AND attribute_not_exists(#version)';
      } else {
        values[':version'] = expected.version;
        condition = 'attribute_exists(#pk) AND #status = :status AND #version = :version';
      }
    }
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.subscriber(next.id), ...next, ...activeIndexKeys(next) },
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
      }),
    );
  }
}

export function toSuppression(item: Record<string, unknown>): Suppression {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as unknown as Suppression;
}

export function toSubscriber(item: Record<string, unknown>): Subscriber {
  const { pk: _pk, sk: _sk, activePk: _apk, activeSk: _ask, ...rest } = item;
  return rest as unknown as Subscriber;
}
