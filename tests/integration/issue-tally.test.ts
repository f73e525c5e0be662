// The issue tally against dynalite: a message's counts are added once however often and by whoever it is folded,
// including when the sender folding it stops after adding the counts and another takes the fold over later; a fold
// held by a live sender is left to it; the exceptions are listed before the counts move.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoIssueTally } from '../../functions/adapters/dynamo/issue-tally.js';
import type { MessageTally } from '../../functions/delivery/ports.js';
import { CLAIM_ORPHANED_AFTER_MS } from '../../functions/delivery/summary.js';
import {
  freshTable,
  injectDynamoFaults,
  throughputExceeded,
  useLocalDeliveries,
} from '../helpers/delivery-fixtures.js';

useLocalDeliveries();
const clients: DynamoDBClient[] = [];
afterAll(() => {
  for (const c of clients) c.destroy();
});

/** A tally adapter on its own client; `failFolded` makes the write that marks a fold done fail. */
function tallyOn(tableName: string, failFolded = false) {
  const client = new DynamoDBClient({});
  clients.push(client);
  if (failFolded) {
    injectDynamoFaults(client, ({ pk, update }) =>
      pk.includes('#TALLY#') && update.includes(':folded') ? throughputExceeded() : undefined,
    );
  }
  return new DynamoIssueTally(DynamoDBDocumentClient.from(client), tableName);
}

const tally: MessageTally = {
  key: 'k-message-1',
  counts: { sent: 2, skipped: 1, failed: 0, ambiguous: 0 },
  exceptions: [{ kind: 'skipped', subscriberId: 's-3', reason: 'unsubscribed' }],
};

describe('folding a message tally', () => {
  it('adds the counts once when the same message is folded again', async () => {
    const t = tallyOn(await freshTable());
    const now = Date.now();

    const first = await t.fold('issue-a', tally, 'token-1', now, now - CLAIM_ORPHANED_AFTER_MS);
    const again = await t.fold('issue-a', tally, 'token-2', now, now - CLAIM_ORPHANED_AFTER_MS);

    expect([first, again]).toEqual(['folded', 'already']);
    expect(await t.counts('issue-a')).toEqual({ sent: 2, skipped: 1, failed: 0, ambiguous: 0 });
  });

  it('leaves a fold held by a live sender to it, and takes over one a stopped sender left after adding', async () => {
    const tableName = await freshTable();
    const dying = tallyOn(tableName, true);
    const live = tallyOn(tableName);
    const long = Date.now() - CLAIM_ORPHANED_AFTER_MS - 60_000;

    // The first sender adds the counts, then stops before marking its fold done.
    await expect(
      dying.fold('issue-b', tally, 'dead-sender', long, long - CLAIM_ORPHANED_AFTER_MS),
    ).rejects.toThrow(/throughput/);
    const whileHeld = await live.fold('issue-b', tally, 'other', long + 1, long - CLAIM_ORPHANED_AFTER_MS);
    const now = Date.now();
    const takenOver = await live.fold('issue-b', tally, 'later', now, now - CLAIM_ORPHANED_AFTER_MS);

    expect(whileHeld).toBe('busy');
    expect(takenOver).toBe('folded');
    expect(await live.counts('issue-b')).toEqual({ sent: 2, skipped: 1, failed: 0, ambiguous: 0 });
    const skipped = [];
    for await (const note of live.exceptions('issue-b', 'skipped')) skipped.push(note);
    expect(skipped).toEqual([{ subscriberId: 's-3', reason: 'unsubscribed' }]);
  });
});
