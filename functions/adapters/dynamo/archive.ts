// The ArchiveStore port on DynamoDB: per published issue, its page (ARCHIVE#id / ISSUE, gzipped JSON) and its row in
// the ARCHIVE partition (sort key `publishedAt#id`), which a page of the archive or the feed reads newest first with
// one Query and a Limit. Both are written once, by conditional puts, and carry no TTL: the archive is kept.
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { ArchivedIssue, ArchiveEntry, ArchivePosition, ArchiveStore } from '../../delivery/archive.js';
import { isConditionFailure } from './send-log.js';
import { archiveKeys } from './table-schema.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

const entrySchema = z.object({
  issueId: z.string().min(1),
  title: z.string(),
  publishedAt: z.string().min(1),
  keyPoints: z.array(z.string()),
  sourceUrl: z.string().nullable(),
});

const sourceSchema = z.object({
  siteName: z.string().nullable(),
  byline: z.string().nullable(),
  date: z.string().nullable(),
  readingTime: z.string(),
  url: z.string().nullable(),
  line: z.string(),
});

const storySchema = z.object({
  title: z.string(),
  source: sourceSchema,
  keyPoints: z.array(z.string()),
  quotes: z.array(z.object({ text: z.string(), speaker: z.string().nullable(), featured: z.boolean() })),
});

const issueSchema = entrySchema.extend({
  // A multi-story issue's page also holds its stories, each shaped as a single article's content.
  content: storySchema.extend({ stories: z.array(storySchema).optional() }),
});

/** A stored archive item that does not read as one (edited by hand, or written by a newer version). */
export class ArchiveItemError extends Error {
  override readonly name = 'ArchiveItemError';
}

function entryOf(value: ArchiveEntry): ArchiveEntry {
  return {
    issueId: value.issueId,
    title: value.title,
    publishedAt: value.publishedAt,
    keyPoints: value.keyPoints,
    sourceUrl: value.sourceUrl,
  };
}

export class DynamoArchive implements ArchiveStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async publish(issue: ArchivedIssue): Promise<void> {
    // The page first: a listed issue always has its page. A run stopped between the two writes lists it next time.
    await this.putOnce({
      ...archiveKeys.page(issue.issueId),
      issueId: issue.issueId,
      publishedAt: issue.publishedAt,
      encoding: 'gzip+json',
      body: await gzipAsync(JSON.stringify(issue)),
    });
    await this.putOnce({
      pk: archiveKeys.listPk,
      sk: archiveKeys.listSk(issue.publishedAt, issue.issueId),
      ...entryOf(issue),
    });
  }

  /** Writes an item unless its key is taken: what was published first stays. */
  private async putOnce(item: Record<string, unknown>): Promise<void> {
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
    }
  }

  async get(issueId: string): Promise<ArchivedIssue | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: archiveKeys.page(issueId) }),
    );
    if (!out.Item) return undefined;
    const body = out.Item.body;
    if (!(body instanceof Uint8Array)) throw new ArchiveItemError(`archived issue ${issueId} has no body`);
    const parsed = issueSchema.safeParse(JSON.parse((await gunzipAsync(body)).toString('utf8')));
    if (!parsed.success) throw new ArchiveItemError(`archived issue ${issueId} is malformed`);
    return parsed.data;
  }

  async list(before: ArchivePosition | undefined, limit: number): Promise<readonly ArchiveEntry[]> {
    const entries: ArchiveEntry[] = [];
    let start: Record<string, unknown> | undefined;
    // A Query returns at most 1 MB: keep reading until `limit` rows or the end, so a short page means the last.
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: before ? 'pk = :pk AND sk < :before' : 'pk = :pk',
          ExpressionAttributeValues: {
            ':pk': archiveKeys.listPk,
            ...(before ? { ':before': archiveKeys.listSk(before.publishedAt, before.issueId) } : {}),
          },
          ScanIndexForward: false,
          Limit: limit - entries.length,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        const parsed = entrySchema.safeParse(item);
        if (!parsed.success) throw new ArchiveItemError(`archive row ${String(item.sk)} is malformed`);
        entries.push(entryOf(parsed.data));
      }
      start = out.LastEvaluatedKey;
    } while (start && entries.length < limit);
    return entries;
  }
}
