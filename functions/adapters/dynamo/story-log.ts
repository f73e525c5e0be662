// The StoryLog port on DynamoDB: one item per story key (STORY#<sha256 of the key> / CLAIM) naming the issue that
// took the story. The claim is a conditional put (no claim yet, or this issue's already), the release a conditional
// delete of the issue's own claim; lookups are BatchGetItem. No transactions: dynalite has none, and the claims are
// each enough on their own (delivery/stories.ts says why). Claims have no TTL: a story stays sent for good.
import { createHash } from 'node:crypto';
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ClaimStoryResult, StoryClaim, StoryEntry, StoryLog } from '../../delivery/stories.js';
import { isConditionFailure } from './send-log.js';
import { keys } from './table-schema.js';

/** BatchGetItem reads at most 100 keys a call. */
const BATCH_GET_MAX = 100;
/** Rounds of retrying the keys a BatchGetItem left unprocessed (throttling) before giving up. */
const UNPROCESSED_ROUNDS = 5;
/** The location and title kept with a claim are for people reading the table; long ones are cut. */
const NOTE_MAX = 500;

export function storyItemKey(key: string) {
  return keys.story(createHash('sha256').update(key).digest('hex'));
}

export class DynamoStoryLog implements StoryLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async find(storyKeys: readonly string[]): Promise<ReadonlyMap<string, StoryClaim>> {
    const found = new Map<string, StoryClaim>();
    const unique = [...new Set(storyKeys)];
    const byPk = new Map(unique.map((k) => [storyItemKey(k).pk, k]));
    for (let i = 0; i < unique.length; i += BATCH_GET_MAX) {
      let pending: Array<Record<string, unknown>> = unique.slice(i, i + BATCH_GET_MAX).map(storyItemKey);
      for (let round = 0; pending.length > 0; round++) {
        if (round >= UNPROCESSED_ROUNDS)
          throw new Error('the story log kept leaving keys unread (throttled)');
        if (round > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** round));
        const out = await this.doc.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
          }),
        );
        for (const item of out.Responses?.[this.tableName] ?? []) {
          const key = byPk.get(String(item.pk));
          if (key !== undefined) found.set(key, toClaim(key, item));
        }
        pending = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Array<Record<string, unknown>>;
      }
    }
    return found;
  }

  async claim(
    key: string,
    issueId: string,
    story: Omit<StoryEntry, 'keys'>,
    now: number,
  ): Promise<ClaimStoryResult> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...storyItemKey(key),
            storyKey: key.slice(0, NOTE_MAX),
            issueId,
            claimedAt: now,
            title: story.title.slice(0, NOTE_MAX),
            location: story.location.slice(0, NOTE_MAX),
          },
          // Ours already (a retry of this issue, or the SDK retrying our own put): keep it.
          ConditionExpression: 'attribute_not_exists(pk) OR issueId = :issue',
          ExpressionAttributeValues: { ':issue': issueId },
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const existing = (await this.find([key])).get(key);
    // Released between our put and our read: the next run may claim it; this one reports the conflict it saw.
    return { claimed: false, existing: existing ?? { key, issueId: 'unknown', claimedAt: now } };
  }

  async release(key: string, issueId: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: storyItemKey(key),
          ConditionExpression: 'issueId = :issue',
          ExpressionAttributeValues: { ':issue': issueId },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}

function toClaim(key: string, item: Record<string, unknown>): StoryClaim {
  return { key, issueId: String(item.issueId), claimedAt: Number(item.claimedAt ?? 0) };
}
