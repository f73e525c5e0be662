// The DeliveryQueue port in this process, for local runs: it keeps messages (optionally in a JSON file, so a run cut
// short resumes with the same messages, as SQS would keep them) and feeds them to the SAME deliver handler the Lambda
// runs, as SQS-shaped events in batches, honouring partial batch failures: failed messages come back after a
// visibility timeout, and after `maxReceiveCount` receives they move to the dead-letter list.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { DeliveryMessage, DeliveryQueue } from '../../delivery/messages.js';

export type SqsLikeHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

export interface InProcessQueueOptions {
  /** Messages per handler invocation (the event source's batch size); 10 when left out. */
  readonly batchSize?: number;
  /** Receives before a message is dead-lettered; 5 when left out. */
  readonly maxReceiveCount?: number;
  /** How long a failed message stays invisible; 1 second when left out. */
  readonly visibilityTimeoutMs?: number;
  /** The handler's time limit per invocation, reported through the context; 15 minutes when left out. */
  readonly invocationTimeoutMs?: number;
  /** Keep the messages in this JSON file, so that they survive the process. */
  readonly persistPath?: string;
}

interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly sentAt: number;
  receiveCount: number;
  visibleAt: number;
  lastError?: string;
}

export interface DeadLetter {
  readonly messageId: string;
  readonly body: string;
  readonly receiveCount: number;
}

export interface DrainReport {
  readonly invocations: number;
  /** Messages acknowledged (their record handler succeeded). */
  readonly delivered: number;
  /** Failed deliveries that were put back for another try. */
  readonly redelivered: number;
  readonly deadLettered: readonly DeadLetter[];
}

export interface DrainOptions {
  /** Called after each invocation with the messages it acknowledged and those it failed. */
  readonly afterBatch?: (info: {
    acknowledged: readonly string[];
    failed: readonly string[];
  }) => void | Promise<void>;
}

const QUEUE_ARN = 'arn:aws:sqs:local:000000000000:deliver';

export class InProcessQueue implements DeliveryQueue {
  private messages: StoredMessage[] = [];
  private dead: DeadLetter[] = [];
  private readonly batchSize: number;
  private readonly maxReceiveCount: number;
  private readonly visibilityTimeoutMs: number;
  private readonly invocationTimeoutMs: number;

  constructor(private readonly options: InProcessQueueOptions = {}) {
    this.batchSize = options.batchSize ?? 10;
    this.maxReceiveCount = options.maxReceiveCount ?? 5;
    this.visibilityTimeoutMs = options.visibilityTimeoutMs ?? 1_000;
    this.invocationTimeoutMs = options.invocationTimeoutMs ?? 15 * 60_000;
    if (options.persistPath) this.load(options.persistPath);
  }

  /** Messages waiting (visible or not). */
  get size(): number {
    return this.messages.length;
  }

  /** Recipients in the waiting messages, for progress reporting. */
  recipientsWaiting(): number {
    return this.messages.reduce((n, m) => n + countRecipients(m.body), 0);
  }

  deadLetters(): readonly DeadLetter[] {
    return this.dead;
  }

  /** The waiting messages as SQS would hand them over (for tests that deliver a message by hand, or twice). */
  peek(): SQSRecord[] {
    return sqsEvent(this.messages).Records;
  }

  async send(messages: readonly DeliveryMessage[]): Promise<void> {
    const now = Date.now();
    for (const m of messages) {
      this.messages.push({
        messageId: randomUUID(),
        body: JSON.stringify(m),
        sentAt: now,
        receiveCount: 0,
        visibleAt: 0,
      });
    }
    this.save();
  }

  /**
   * Delivers until the queue is empty: every message acknowledged or dead-lettered. Several handlers are several
   * function instances, polling the queue at the same time (the event source's maximum concurrency).
   */
  async drain(
    handlers: SqsLikeHandler | readonly SqsLikeHandler[],
    options: DrainOptions = {},
  ): Promise<DrainReport> {
    const instances = typeof handlers === 'function' ? [handlers] : handlers;
    const totals = { invocations: 0, delivered: 0, redelivered: 0 };
    const deadBefore = this.dead.length;
    await Promise.all(instances.map((handler) => this.poll(handler, options, totals)));
    return { ...totals, deadLettered: this.dead.slice(deadBefore) };
  }

  private async poll(
    handler: SqsLikeHandler,
    options: DrainOptions,
    totals: { invocations: number; delivered: number; redelivered: number },
  ): Promise<void> {
    while (this.messages.length > 0) {
      const now = Date.now();
      const batch = this.messages.filter((m) => m.visibleAt <= now).slice(0, this.batchSize);
      if (batch.length === 0) {
        // Everything left is in flight elsewhere or invisible after a failure: look again shortly.
        const next = Math.min(...this.messages.map((m) => m.visibleAt));
        await new Promise((r) => setTimeout(r, Math.min(10, Math.max(1, next - now))));
        continue;
      }
      for (const m of batch) {
        m.receiveCount++;
        // In flight: invisible to other instances until this invocation ends (then acknowledged or timed out).
        m.visibleAt = Number.POSITIVE_INFINITY;
      }
      this.save();
      totals.invocations++;
      const failed = new Set<string>();
      try {
        const response = await handler(sqsEvent(batch), lambdaContext(this.invocationTimeoutMs));
        for (const f of response?.batchItemFailures ?? []) failed.add(f.itemIdentifier);
      } catch (error) {
        // A handler that throws fails the whole batch, as in Lambda.
        for (const m of batch) {
          failed.add(m.messageId);
          m.lastError = error instanceof Error ? error.message : String(error);
        }
      }
      const acknowledged: string[] = [];
      const retryAt = Date.now() + this.visibilityTimeoutMs;
      for (const m of batch) {
        if (!failed.has(m.messageId)) {
          acknowledged.push(m.messageId);
          this.messages.splice(this.messages.indexOf(m), 1);
        } else if (m.receiveCount >= this.maxReceiveCount) {
          this.dead.push({ messageId: m.messageId, body: m.body, receiveCount: m.receiveCount });
          this.messages.splice(this.messages.indexOf(m), 1);
        } else {
          m.visibleAt = retryAt;
          totals.redelivered++;
        }
      }
      totals.delivered += acknowledged.length;
      this.save();
      await options.afterBatch?.({ acknowledged, failed: [...failed] });
    }
  }

  private load(path: string): void {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return;
    }
    const saved = JSON.parse(text) as { messages?: StoredMessage[]; deadLetters?: DeadLetter[] };
    // Messages of a previous process were in flight when it stopped: visible again at once, as after a timeout.
    this.messages = (saved.messages ?? []).map((m) => ({ ...m, visibleAt: 0 }));
    this.dead = saved.deadLetters ?? [];
  }

  private save(): void {
    const path = this.options.persistPath;
    if (!path) return;
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, JSON.stringify({ messages: this.messages, deadLetters: this.dead }));
    renameSync(tmp, path);
  }
}

function countRecipients(body: string): number {
  try {
    const ids = (JSON.parse(body) as { subscriberIds?: unknown }).subscriberIds;
    return Array.isArray(ids) ? ids.length : 0;
  } catch {
    return 0;
  }
}

/** An SQS event as Lambda's event source mapping builds it. */
export function sqsEvent(
  batch: ReadonlyArray<{ messageId: string; body: string; receiveCount?: number; sentAt?: number }>,
): SQSEvent {
  return {
    Records: batch.map(
      (m): SQSRecord => ({
        messageId: m.messageId,
        receiptHandle: `${m.messageId}#${m.receiveCount ?? 1}`,
        body: m.body,
        attributes: {
          ApproximateReceiveCount: String(m.receiveCount ?? 1),
          SentTimestamp: String(m.sentAt ?? Date.now()),
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: createHash('md5').update(m.body).digest('hex'),
        eventSource: 'aws:sqs',
        eventSourceARN: QUEUE_ARN,
        awsRegion: 'local',
      }),
    ),
  };
}

/** A Lambda context whose remaining time counts down from `timeoutMs`. */
export function lambdaContext(timeoutMs: number = 15 * 60_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'deliver-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:deliver-local',
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/deliver-local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
