// The operator's side of the subscriber items (`npm run admin -- subscribers ...`): the reads and conditional writes
// of an import, the scan behind an export, and the deletes and the suppression item of an erasure. The service's
// own state changes stay in subscriber-store.ts; this class reuses its conditional write, so an import creates a
// record under exactly the conditions a sign-up would.
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mailboxIdFor, type QuotaResult } from '../../subscribers/confirmation-quota.js';
import type { ImportStore, KnownAddress } from '../../subscribers/import.js';
import type { Subscriber, SubscriberRef, SubscriptionPolicy } from '../../subscribers/subscriber.js';
import type { Suppression } from '../../subscribers/suppression.js';
import { batchGet, scanAll } from './bulk.js';
import { isConditionFailure } from './send-log.js';
import { DynamoSubscriberStore, toSubscriber, toSuppression } from './subscriber-store.js';
import { keys } from './table-schema.js';

export class DynamoSubscriberAdmin implements ImportStore {
  readonly store: DynamoSubscriberStore;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.store = new DynamoSubscriberStore(doc, tableName);
  }

  get(subscriberId: string): Promise<Subscriber | undefined> {
    return this.store.get(subscriberId);
  }

  getSuppression(key: string): Promise<Suppression | undefined> {
    return this.store.getSuppression(key);
  }

  async lookup(who: ReadonlyArray<{ id: string; suppressionKey: string }>): Promise<KnownAddress[]> {
    const items = await batchGet(
      this.doc,
      this.tableName,
      who.flatMap((w) => [keys.subscriber(w.id), keys.suppression(w.suppressionKey)]),
    );
    return who.map((_, i) => {
      const subscriber = items[2 * i];
      const suppression = items[2 * i + 1];
      return {
        ...(subscriber ? { subscriber: toSubscriber(subscriber) } : {}),
        ...(suppression ? { suppression: toSuppression(suppression) } : {}),
      };
    });
  }

  async create(next: Subscriber, expected: Subscriber | undefined): Promise<boolean> {
    try {
      await this.store.writeIfUnchanged(next, expected);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async withdraw(written: Subscriber): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.subscriber(written.id),
          ConditionExpression: '#status = :status AND #version = :version',
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: { ':status': written.status, ':version': written.version },
        }),
      );
    } catch (error) {
      // Changed since we wrote it (the person confirmed, or signed up again): it is theirs now.
      if (!isConditionFailure(error)) throw error;
    }
  }

  takeConfirmation(who: SubscriberRef, now: Date, policy: SubscriptionPolicy): Promise<QuotaResult> {
    return this.store.takeConfirmation(who, now, policy);
  }

  releaseQuota(who: SubscriberRef, sentAt: string): Promise<unknown> {
    return this.store.releaseQuota(who, sentAt);
  }

  /** Deletes the confirmation quota of the mailbox `who` delivers to (derived from the address); 1 if there was one. */
  async forgetQuota(who: SubscriberRef): Promise<number> {
    const out = await this.doc.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: keys.confirmationQuota(mailboxIdFor(who.email)),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return out.Attributes ? 1 : 0;
  }

  /** The address of each subscriber id that has a record (batched reads). */
  async emailsOf(ids: readonly string[]): Promise<Map<string, string>> {
    const items = await batchGet(
      this.doc,
      this.tableName,
      ids.map((id) => keys.subscriber(id)),
    );
    const found = new Map<string, string>();
    ids.forEach((id, i) => {
      const email = items[i]?.email;
      if (typeof email === 'string') found.set(id, email);
    });
    return found;
  }

  /** Every subscriber, in table order (a full scan: for exports). */
  async *all(): AsyncGenerator<Subscriber> {
    for await (const item of scanAll(this.doc, {
      TableName: this.tableName,
      FilterExpression: 'begins_with(pk, :sub) AND sk = :profile',
      ExpressionAttributeValues: { ':sub': keys.subscriber('').pk, ':profile': keys.subscriber('').sk },
    })) {
      yield toSubscriber(item);
    }
  }

  async putSuppression(suppression: Suppression): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.suppression(suppression.key), ...suppression },
      }),
    );
  }

  async deleteSubscriber(subscriberId: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.subscriber(subscriberId) }));
  }
}
