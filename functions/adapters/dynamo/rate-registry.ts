// The rate limiter's RateRegistry on DynamoDB: one small item per deliver instance sending now (RATE#deliver / SENDER#id),
// holding until when it counts; each instance renews its own every two seconds and counts them all every second
// (see delivery/rate-share.ts). Items that lapsed are ignored at once and removed by DynamoDB's TTL later. At 40
// instances this is 20 writes a second on one key, 2% of what DynamoDB allows a key.
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { RateRegistry } from '../rate-limit.js';
import { keys, TABLE_SCHEMA } from './table-schema.js';

export class DynamoRateRegistry implements RateRegistry {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async renew(instanceId: string, until: number): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.sender(instanceId),
          until,
          [TABLE_SCHEMA.ttlAttribute]: Math.ceil(until / 1000) + 3_600,
        },
      }),
    );
  }

  async count(now: number): Promise<number> {
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: '#until > :now',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':pk': keys.sender('').pk, ':now': now },
          Select: 'COUNT',
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      count += out.Count ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
    return count;
  }
}
