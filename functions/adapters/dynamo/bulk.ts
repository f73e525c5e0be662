// Reading many items at once for the operator's commands: BatchGetItem by key (100 keys a call, unprocessed keys
// retried with backoff, results in the order asked), and a Query or a Scan paged to the end. The service's own paths
// never scan; the admin command does, to list everyone (export) and, once, to index issues begun before the index.
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';

type Key = Record<string, string>;
type Item = Record<string, unknown>;

/** BatchGetItem's limit. */
const BATCH_GET_MAX = 100;
const MAX_ROUNDS = 8;

const keyOf = (k: Key) => `${k.pk}\u0000${k.sk}`;

/** The items at `keys` (undefined where none), in the same order; strongly consistent. */
export async function batchGet(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Key[],
): Promise<Array<Item | undefined>> {
  const found = new Map<string, Item>();
  for (let i = 0; i < keys.length; i += BATCH_GET_MAX) {
    // Duplicate keys in one request are an error in DynamoDB.
    let pending: Key[] = [...new Map(keys.slice(i, i + BATCH_GET_MAX).map((k) => [keyOf(k), k])).values()];
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS)
        throw new Error(`DynamoDB left ${pending.length} keys unread after ${round} tries`);
      if (round > 0) await new Promise((r) => setTimeout(r, Math.min(1_000, 50 * 2 ** round)));
      const out = await doc.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of out.Responses?.[tableName] ?? []) found.set(keyOf(item as Key), item);
      pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
    }
  }
  return keys.map((k) => found.get(keyOf(k)));
}

/** Every item a Scan with these parameters returns, page after page. */
export async function* scanAll(
  doc: DynamoDBDocumentClient,
  input: Omit<ScanCommandInput, 'ExclusiveStartKey'>,
): AsyncGenerator<Item> {
  let start: Item | undefined;
  do {
    const out = await doc.send(new ScanCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
    for (const item of out.Items ?? []) yield item;
    start = out.LastEvaluatedKey;
  } while (start);
}

/** Every item a Query with these parameters returns, page after page. */
export async function* queryAll(
  doc: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): AsyncGenerator<Item> {
  let start: Item | undefined;
  do {
    const out = await doc.send(
      new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    for (const item of out.Items ?? []) yield item;
    start = out.LastEvaluatedKey;
  } while (start);
}
