// One real issue for the admin tests, through the digest and deliver functions: four recipients, one sent, one
// refused by SES (failed), one who unsubscribed after being queued (skipped), and one whose claim was left by a
// sender that died (ambiguous). Subscribers carry the ids the sign-up flow derives from their addresses.
import { DynamoSendLog } from '../../functions/adapters/dynamo/send-log.js';
import type { LocalDelivery } from '../../functions/cli/local-delivery.js';
import { PermanentSendError } from '../../functions/email/mail.js';
import { normaliseAddress } from '../../functions/subscribers/address.js';
import { refFor, type Subscriber } from '../../functions/subscribers/subscriber.js';
import type { LocalDeliveries } from './delivery-fixtures.js';

export const ISSUE_PEOPLE = {
  sent: 'ann@example.com',
  failed: 'refused@example.com',
  skipped: 'leaving@example.com',
  ambiguous: 'stuck@example.com',
} as const;

export const idOf = (email: string) => refFor(normaliseAddress(email)).id;

export function activeSubscriber(email: string): Subscriber {
  const at = '2025-01-01T00:00:00.000Z';
  return {
    id: idOf(email),
    email,
    status: 'active',
    createdAt: at,
    updatedAt: at,
    confirmedAt: at,
    version: 1,
  };
}

/** Runs the issue on `tableName`; resolves to its id. */
export async function runMixedIssue(local: LocalDeliveries, tableName: string): Promise<string> {
  const delivery: LocalDelivery = local.open({
    tableName,
    wrapMailer: (inner) => ({
      send: async (message) => {
        if (message.to === ISSUE_PEOPLE.failed)
          throw new PermanentSendError(`Address blacklisted: ${message.to}`);
        return inner.send(message);
      },
    }),
  });
  for (const email of Object.values(ISSUE_PEOPLE))
    await delivery.subscribers.putSubscriber(activeSubscriber(email));
  const run = await delivery.digest({ article: 'sample' });
  if (run.status !== 'enqueued') throw new Error(`the issue was not enqueued: ${run.status}`);
  // Queued, then gone before their turn; and a claim an hour old that no sender will ever finish.
  await delivery.subscribers.unsubscribe(idOf(ISSUE_PEOPLE.skipped), new Date());
  await new DynamoSendLog(delivery.doc, tableName).claim(
    run.issueId,
    idOf(ISSUE_PEOPLE.ambiguous),
    'a-sender-that-died',
    Date.now() - 3600_000,
  );
  await delivery.queue.drain(delivery.deliver);
  return run.issueId;
}
