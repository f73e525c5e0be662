// The SendLog port on DynamoDB: one item per (issue, subscriber) under the issue's partition (ISSUE#id /
// SEND#subscriberId). The claim is a conditional put (attribute_not_exists), the result a conditional update on our
// claim token, the release a conditional delete of an unsent claim: at most one email per pair, recorded per email.
// A conditional write that the SDK retried after it had already applied fails its condition against itself; each
// method reads the item back and recognises its own token, so a retry never turns into a false conflict.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  ClaimLostError,
  type ClaimResult,
  type SendLog,
  type SendOutcomeRecord,
  type SendRecord,
  type SendResultKind,
} from '../../delivery/ports.js';
import { keys, TABLE_SCHEMA } from './table-schema.js';

export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error instanceof Error && error.name === 'ConditionalCheckFailedException')
  );
}

/** Send records outlive any retry by far; DynamoDB's TTL then removes them (the issue keeps its summary). */
const SEND_TTL_DAYS = 180;

export class DynamoSendLog implements SendLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(issueId: string, subscriberId: string): Promise<SendRecord | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.send(issueId, subscriberId),
        ConsistentRead: true,
      }),
    );
    return out.Item ? toSend(out.Item) : undefined;
  }

  async claim(issueId: string, subscriberId: string, token: string, now: number): Promise<ClaimResult> {
    // Twice at most: the second round covers a claim released between our put and our read.
    for (let round = 0; round < 2; round++) {
      if (await this.createRecord(issueId, subscriberId, now, { claimToken: token }))
        return { claimed: true };
      const existing = await this.get(issueId, subscriberId);
      if (existing) {
        if (existing.claimToken === token && !existing.result) return { claimed: true };
        return { claimed: false, existing };
      }
    }
    throw new Error(`cannot claim ${issueId}/${subscriberId}: the claim keeps changing`);
  }

  async skip(
    issueId: string,
    subscriberId: string,
    reason: string,
    now: number,
  ): Promise<SendRecord | undefined> {
    const fields = { result: 'skipped' satisfies SendResultKind, reason, completedAt: now };
    if (await this.createRecord(issueId, subscriberId, now, fields)) return undefined;
    return (
      (await this.get(issueId, subscriberId)) ?? {
        issueId,
        subscriberId,
        claimedAt: now,
        result: 'skipped',
        reason,
      }
    );
  }

  /**
   * Writes the (issue, subscriber) record only if there is none yet: the one conditional write behind both a claim
   * and a skip. False when a record already exists.
   */
  private async createRecord(
    issueId: string,
    subscriberId: string,
    now: number,
    fields: Record<string, string | number>,
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.send(issueId, subscriberId),
            issueId,
            subscriberId,
            claimedAt: now,
            ...fields,
            [TABLE_SCHEMA.ttlAttribute]: ttl(now),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return false;
    }
  }

  async finish(
    issueId: string,
    subscriberId: string,
    token: string,
    outcome: SendOutcomeRecord,
    now: number,
  ): Promise<void> {
    const detail =
      outcome.result === 'sent'
        ? { name: 'messageId', value: outcome.messageId }
        : { name: 'reason', value: outcome.reason };
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.send(issueId, subscriberId),
          UpdateExpression: `SET #result = :result, #detail = :detail, completedAt = :at`,
          ConditionExpression: 'claimToken = :token AND attribute_not_exists(#result)',
          ExpressionAttributeNames: { '#result': 'result', '#detail': detail.name },
          ExpressionAttributeValues: {
            ':result': outcome.result,
            ':detail': detail.value,
            ':at': now,
            ':token': token,
          },
        }),
      );
      return;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const existing = await this.get(issueId, subscriberId);
    if (existing?.claimToken === token && existing.result === outcome.result) return;
    throw new ClaimLostError(
      `claim ${issueId}/${subscriberId} changed before its ${outcome.result} result was recorded`,
    );
  }

  async markAmbiguous(
    issueId: string,
    subscriberId: string,
    staleToken: string,
    reason: string,
    now: number,
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.send(issueId, subscriberId),
          UpdateExpression: 'SET #result = :ambiguous, reason = :reason, completedAt = :at',
          ConditionExpression: 'claimToken = :token AND attribute_not_exists(#result)',
          ExpressionAttributeNames: { '#result': 'result' },
          ExpressionAttributeValues: {
            ':ambiguous': 'ambiguous',
            ':reason': reason,
            ':at': now,
            ':token': staleToken,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async release(issueId: string, subscriberId: string, token: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.send(issueId, subscriberId),
          ConditionExpression: 'claimToken = :token AND attribute_not_exists(#result)',
          ExpressionAttributeNames: { '#result': 'result' },
          ExpressionAttributeValues: { ':token': token },
        }),
      );
    } catch (error) {
      // Already gone (a retried delete) or not ours: either way there is nothing of ours to release.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async *list(issueId: string): AsyncIterable<SendRecord> {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :send)',
          ExpressionAttributeValues: { ':pk': keys.issue(issueId).pk, ':send': 'SEND#' },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of out.Items ?? []) yield toSend(item);
      start = out.LastEvaluatedKey;
    } while (start);
  }
}

function ttl(now: number): number {
  return Math.floor(now / 1000) + SEND_TTL_DAYS * 86_400;
}

export function toSend(item: Record<string, unknown>): SendRecord {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const claimToken = str(item.claimToken);
  const result = str(item.result) as SendResultKind | undefined;
  const messageId = str(item.messageId);
  const reason = str(item.reason);
  return {
    issueId: String(item.issueId),
    subscriberId: String(item.subscriberId),
    claimedAt: Number(item.claimedAt ?? 0),
    ...(claimToken ? { claimToken } : {}),
    ...(result ? { result } : {}),
    ...(messageId !== undefined ? { messageId } : {}),
    ...(reason ? { reason } : {}),
    ...(typeof item.completedAt === 'number' ? { completedAt: item.completedAt } : {}),
  };
}
