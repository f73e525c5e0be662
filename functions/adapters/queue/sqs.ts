// The DeliveryQueue port on Amazon SQS: SendMessageBatch, ten messages per call. SendMessageBatch can accept some
// entries and refuse others in one successful response; refused entries are retried with backoff, and if any still
// fail the whole send fails loudly (the digest function's checkpoint is then not advanced, so a retry re-queues them).
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryMessage, DeliveryQueue } from '../../delivery/messages.js';

export class QueueSendError extends Error {
  override readonly name = 'QueueSendError';
}

const SQS_BATCH = 10;

export interface SqsQueueOptions {
  /** Tries per entry; 4 when left out. */
  readonly attempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export class SqsDeliveryQueue implements DeliveryQueue {
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

  async send(messages: readonly DeliveryMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += SQS_BATCH) {
      await this.sendBatch(messages.slice(i, i + SQS_BATCH));
    }
  }

  private async sendBatch(batch: readonly DeliveryMessage[]): Promise<void> {
    let pending = batch.map((m, i) => ({ Id: String(i), MessageBody: JSON.stringify(m) }));
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
