// The one definition of the service's DynamoDB table: keys, the sparse index of active subscribers, the TTL
// attribute and the item key formats. The CDK stack and the local bootstrap both build the table from this.

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

/** Item keys. Subscriber ids are derived from the normalised address, never the address itself. */
export const keys = {
  subscriber: (subscriberId: string) => ({ pk: `SUB#${subscriberId}`, sk: 'PROFILE' }),
  /** What the erasure of a complained or bounced subscriber keeps: a keyed hash of the address, never the address. */
  suppression: (key: string) => ({ pk: `SUPPRESS#${key}`, sk: 'SUPPRESSION' }),
  /** The confirmation-email quota of one mailbox (subscribers/confirmation-quota.ts), keyed by a hash. */
  confirmationQuota: (mailboxId: string) => ({ pk: `MAILBOX#${mailboxId}`, sk: 'CONFIRMATIONS' }),
  activeShard: (shard: number) => `ACTIVE#${shard}`,
  issue: (issueId: string) => ({ pk: `ISSUE#${issueId}`, sk: 'META' }),
  send: (issueId: string, subscriberId: string) => ({ pk: `ISSUE#${issueId}`, sk: `SEND#${subscriberId}` }),
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
