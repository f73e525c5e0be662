// The one definition of the service's DynamoDB table: keys, the sparse index of active subscribers, the TTL
// attribute and the item key formats. The CDK stack and the local bootstrap both build the table from this.
// An issue's items are spread over many partition keys (ISSUE_SPREAD), because DynamoDB takes at most 1,000 writes a
// second on one key: at 1,000 emails a second, one key per issue would take about 2,000.
import { createHash } from 'node:crypto';

export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Sparse, sharded index: only active subscribers carry its keys, so sending reads nobody else. */
  activeIndex: {
    name: 'active',
    partitionKey: 'activePk',
    sortKey: 'activeSk',
    /** Projected besides the keys, so a page of recipients needs no second read. */
    nonKeyAttributes: ['email', 'status'] as const,
  },
  /** Epoch seconds; DynamoDB deletes expired items (pending sign-ups, send claims of old issues, quotas). */
  ttlAttribute: 'expiresAt',
  /** Active subscribers are spread over this many index partitions, so one issue can read them in parallel. */
  activeShards: 8,
} as const;

/**
 * How one issue's items are spread over partition keys. Nearly all of an issue's writes are the claim and the result
 * of each recipient's send record, spread over `sendBuckets` keys by a hash of the subscriber id (1/64 each, about 31
 * writes a second per key at 1,000 emails a second). Outcomes are counted once per queue message into
 * `counterShards` counters; each message's tally is anchored under one of `tallyBuckets` keys; recipients that were
 * not sent (failed, skipped, ambiguous) are listed under `exceptionBuckets` keys; each shard of the active index is
 * queued under a key of its own.
 */
export const ISSUE_SPREAD = {
  sendBuckets: 64,
  counterShards: 16,
  tallyBuckets: 16,
  exceptionBuckets: 16,
} as const;

/** A stable bucket in [0, buckets) from a hash of `text`. */
export function bucketOf(text: string, buckets: number): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) % buckets;
}

const issuePk = (issueId: string) => `ISSUE#${issueId}`;
const sendBucket = (issueId: string, bucket: number) => `${issuePk(issueId)}#SEND#${bucket}`;
const exceptionBucket = (issueId: string, bucket: number) => `${issuePk(issueId)}#EXC#${bucket}`;

/** Item keys. Subscriber ids are derived from the normalised address, never the address itself. */
export const keys = {
  subscriber: (subscriberId: string) => ({ pk: `SUB#${subscriberId}`, sk: 'PROFILE' }),
  /** What the erasure of a complained or bounced subscriber keeps: a keyed hash of the address, never the address. */
  suppression: (key: string) => ({ pk: `SUPPRESS#${key}`, sk: 'SUPPRESSION' }),
  /** The confirmation-email quota of one mailbox (subscribers/confirmation-quota.ts), keyed by a hash. */
  confirmationQuota: (mailboxId: string) => ({ pk: `MAILBOX#${mailboxId}`, sk: 'CONFIRMATIONS' }),
  activeShard: (shard: number) => `ACTIVE#${shard}`,
  /** The issue record: state, totals, final summary. Written a few times per issue. */
  issue: (issueId: string) => ({ pk: issuePk(issueId), sk: 'META' }),
  /**
   * An issue's row in the `ISSUES` partition, written before its record: the operator's commands list every issue
   * (and an erasure finds every issue that may name someone) with one Query, without scanning the subscribers.
   * One write per issue, so the partition is never hot.
   */
  issueIndex: (createdAt: string, issueId: string) => ({ pk: 'ISSUES', sk: `${createdAt}#${issueId}` }),
  issueIndexPk: 'ISSUES',
  /** The rendered email, compressed. */
  email: (issueId: string) => ({ pk: issuePk(issueId), sk: 'EMAIL' }),
  /** Queuing progress of one shard of the active index: lease, cursor, counts, the page being queued. */
  queueShard: (issueId: string, shard: number) => ({ pk: `${issuePk(issueId)}#QUEUE#${shard}`, sk: 'QUEUE' }),
  /** The (issue, subscriber) send record: the claim, then the result. */
  send: (issueId: string, subscriberId: string) => ({
    pk: sendBucket(issueId, bucketOf(subscriberId, ISSUE_SPREAD.sendBuckets)),
    sk: `SEND#${subscriberId}`,
  }),
  sendBucket,
  /** One of the outcome counters. */
  counter: (issueId: string, shard: number) => ({ pk: `${issuePk(issueId)}#COUNT#${shard}`, sk: 'COUNT' }),
  /** The anchor that makes a queue message's tally count once. */
  tally: (issueId: string, messageKey: string) => ({
    pk: `${issuePk(issueId)}#TALLY#${bucketOf(messageKey, ISSUE_SPREAD.tallyBuckets)}`,
    sk: `TALLY#${messageKey}`,
  }),
  /** A recipient that was not sent to, listed by kind. */
  exception: (issueId: string, kind: string, subscriberId: string) => ({
    pk: exceptionBucket(issueId, bucketOf(subscriberId, ISSUE_SPREAD.exceptionBuckets)),
    sk: `${kind}#${subscriberId}`,
  }),
  exceptionBucket,
  /** The deliver instances sending now (one item each), read by each of them every second. */
  sender: (instanceId: string) => ({ pk: 'RATE#deliver', sk: `SENDER#${instanceId}` }),
  /** A story key (a link, a GUID, a text hash: any length) by its SHA-256, so the key fits DynamoDB's limits. */
  story: (keyHash: string) => ({ pk: `STORY#${keyHash}`, sk: 'CLAIM' }),
} as const;

/**
 * Keys of the public archive (delivery/archive.ts), apart from the issue's own items: one item per published issue
 * holding its page, and one row per issue in a single `ARCHIVE` partition sorted by date, which a page of the
 * archive reads with one Query (no Scan, no index). One write per issue, so the partition is never hot.
 */
export const archiveKeys = {
  page: (issueId: string) => ({ pk: `ARCHIVE#${issueId}`, sk: 'ISSUE' }),
  listPk: 'ARCHIVE',
  listSk: (publishedAt: string, issueId: string) => `${publishedAt}#${issueId}`,
} as const;

/** CreateTable input for the local bootstrap (dynalite); the stack builds the same table with CDK. */
export function createTableInput(tableName: string) {
  const s = TABLE_SCHEMA;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [
      { AttributeName: s.partitionKey, AttributeType: 'S' as const },
      { AttributeName: s.sortKey, AttributeType: 'S' as const },
      { AttributeName: s.activeIndex.partitionKey, AttributeType: 'S' as const },
      { AttributeName: s.activeIndex.sortKey, AttributeType: 'S' as const },
    ],
    KeySchema: [
      { AttributeName: s.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: s.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: s.activeIndex.name,
        KeySchema: [
          { AttributeName: s.activeIndex.partitionKey, KeyType: 'HASH' as const },
          { AttributeName: s.activeIndex.sortKey, KeyType: 'RANGE' as const },
        ],
        Projection: {
          ProjectionType: 'INCLUDE' as const,
          NonKeyAttributes: [...s.activeIndex.nonKeyAttributes],
        },
      },
    ],
  };
}
