// The DeliveryQueue port on Amazon SQS: SendMessageBatch, ten messages per call, a few calls at a time.
// SendMessageBatch can accept some entries and refuse others in one successful response; refused entries are retried
// with backoff, and if any still fail the whole send fails loudly (the page stays pending on its shard's checkpoint,
// so whoever goes on with the shard queues it again). Also the deliver function's MessageRetry: when a message left
// for redelivery comes back (ChangeMessageVisibility).
import { ChangeMessageVisibilityCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryQueue, MessageRetry, QueueMessage, SendOptions } from '../../delivery/messages.js';

export class QueueSendError extends Error {
  override readonly name = 'QueueSendError';
}

const SQS_BATCH = 10;
/** SendMessageBatch calls in flight at once: a page of 500 recipients is 10 calls, sent in about one round trip. */
const PARALLEL_CALLS = 10;

export interface SqsQueueOptions {
  /** Tries per entry; 4 when left out. */
  readonly attempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export class SqsDeliveryQueue implements DeliveryQueue, MessageRetry {
  private readonly attempts: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: Pick<SQSClient, 'send'>,
    private readonly queueUrl: string,
    options: SqsQueueOptions = {},
  ) {
    this.attempts = options.attempts ?? 4;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  async send(messages: readonly QueueMessage[], options: SendOptions = {}): Promise<void> {
    const batches: QueueMessage[][] = [];
    for (let i = 0; i < messages.length; i += SQS_BATCH) batches.push(messages.slice(i, i + SQS_BATCH));
    let next = 0;
    const worker = async () => {
      while (next < batches.length) await this.sendBatch(batches[next++] ?? [], options.delaySeconds);
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_CALLS, batches.length) }, worker));
  }

  async retryAfter(receiptHandle: string, seconds: number): Promise<void> {
    await this.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: Math.max(0, Math.min(43_200, Math.round(seconds))),
      }),
    );
  }

  private async sendBatch(batch: readonly QueueMessage[], delaySeconds?: number): Promise<void> {
    let pending = batch.map((m, i) => ({
      Id: String(i),
      MessageBody: JSON.stringify(m),
      ...(delaySeconds ? { DelaySeconds: Math.max(0, Math.min(900, Math.round(delaySeconds))) } : {}),
    }));
    let lastReason = '';
    for (let attempt = 0; attempt < this.attempts && pending.length > 0; attempt++) {
      if (attempt > 0) await this.sleep(Math.floor(Math.random() * 100 * 2 ** attempt));
      const out = await this.client.send(
        new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }),
      );
      const failed = out.Failed ?? [];
      // The caller's fault (too large, malformed): retrying cannot help.
      const fatal = failed.find((f) => f.SenderFault);
      if (fatal)
        throw new QueueSendError(`SQS refused a delivery message: ${fatal.Code}: ${fatal.Message ?? ''}`);
      const failedIds = new Set(failed.map((f) => f.Id));
      lastReason = failed.map((f) => f.Code).join(', ');
      pending = pending.filter((e) => failedIds.has(e.Id));
    }
    if (pending.length > 0) {
      throw new QueueSendError(
        `SQS did not accept ${pending.length} delivery message(s) after ${this.attempts} tries (${lastReason})`,
      );
    }
  }
}
