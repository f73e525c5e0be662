// The SubscriberStore port on DynamoDB: one item per subscriber, and a sparse, sharded index holding only the
// active ones, so that an issue pages through its recipients without reading anyone else.
// PARTIAL: the subscriber-store work adds the state changes (subscribe, confirm, unsubscribe, bounce, complain).
import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ActivePage, Subscriber, SubscriberStore } from '../../core/subscribers.js';
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

export class DynamoSubscriberStore implements SubscriberStore {
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
}

function toSubscriber(item: Record<string, unknown>): Subscriber {
  const { pk: _pk, sk: _sk, activePk: _apk, activeSk: _ask, ...rest } = item;
  return rest as unknown as Subscriber;
}
