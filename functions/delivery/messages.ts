// Delivery planning: the queue message that carries a slice of an issue's recipients to the deliver function, its
// schema, how recipients are cut into messages, and the queue port (SQS in AWS, an in-process queue locally).
// Messages carry subscriber ids only: the deliver side re-reads each subscriber, so no address sits in the queue.
// The same queue carries the other kind of message, which asks the deliver function to go on queuing one shard of the
// active index (see enqueue.ts): the digest function hands over what it has no time left for.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ISSUE_ID_PATTERN } from './issue-id.js';
import { describeZodError } from './zod-errors.js';

/**
 * Recipients per queue message. One message is the unit SQS redelivers, so it is kept small enough to finish well
 * inside the deliver timeout at the per-instance rate (batch size x this / rate), and large enough to keep
 * queue calls few (10 messages per SendMessageBatch, so 500 recipients per call).
 */
export const RECIPIENTS_PER_MESSAGE = 50;
export const MAX_RECIPIENTS_PER_MESSAGE = 100;

export const deliveryMessageSchema = z.strictObject({
  v: z.literal(1),
  issueId: z.string().max(120).regex(ISSUE_ID_PATTERN),
  subscriberIds: z.array(z.string().min(1).max(200)).min(1).max(MAX_RECIPIENTS_PER_MESSAGE),
});

export type DeliveryMessage = z.infer<typeof deliveryMessageSchema>;

export const enqueueMessageSchema = z.strictObject({
  v: z.literal(1),
  kind: z.literal('enqueue'),
  issueId: z.string().max(120).regex(ISSUE_ID_PATTERN),
  shard: z.number().int().min(0).max(1023),
  perMessage: z.number().int().min(1).max(MAX_RECIPIENTS_PER_MESSAGE),
});

/** Go on queuing one shard of an issue's recipients from its checkpoint. */
export type EnqueueMessage = z.infer<typeof enqueueMessageSchema>;

export type QueueMessage = DeliveryMessage | EnqueueMessage;

export function isEnqueueMessage(message: QueueMessage): message is EnqueueMessage {
  return 'kind' in message;
}

/**
 * A message's content key: a hash of its issue and recipients. A page queued twice (a run resumed from its
 * checkpoint) gives messages with the same keys, so each message's outcomes are counted once however often it is
 * queued or delivered.
 */
export function messageKey(message: DeliveryMessage): string {
  const hash = createHash('sha256').update(message.issueId);
  for (const id of message.subscriberIds) hash.update(`\n${id}`);
  return hash.digest('base64url').slice(0, 16);
}

/** A queue message body that is not a delivery message: it can never succeed, so it goes to the dead-letter queue. */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}

export function parseDeliveryMessage(body: string): DeliveryMessage {
  const message = parseQueueMessage(body);
  if (isEnqueueMessage(message)) throw new MalformedMessageError('queue message is not a delivery message');
  return message;
}

/** A delivery message or an enqueue message; anything else is malformed. */
export function parseQueueMessage(body: string): QueueMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedMessageError('queue message is not JSON');
  }
  if (typeof json === 'object' && json !== null && 'kind' in json) {
    const enqueue = enqueueMessageSchema.safeParse(json);
    if (enqueue.success) return enqueue.data;
    throw new MalformedMessageError(
      `queue message is not an enqueue message: ${describeZodError(enqueue.error, { root: 'body' })}`,
    );
  }
  const parsed = deliveryMessageSchema.safeParse(json);
  if (!parsed.success) {
    throw new MalformedMessageError(
      `queue message is not a delivery message: ${describeZodError(parsed.error, { root: 'body' })}`,
    );
  }
  return parsed.data;
}

/** Cuts recipients into messages of at most `perMessage`, in order. */
export function planMessages(
  issueId: string,
  subscriberIds: readonly string[],
  perMessage: number = RECIPIENTS_PER_MESSAGE,
): DeliveryMessage[] {
  if (!Number.isInteger(perMessage) || perMessage < 1 || perMessage > MAX_RECIPIENTS_PER_MESSAGE) {
    throw new RangeError(`recipients per message must be 1..${MAX_RECIPIENTS_PER_MESSAGE}`);
  }
  const out: DeliveryMessage[] = [];
  for (let i = 0; i < subscriberIds.length; i += perMessage) {
    out.push({ v: 1, issueId, subscriberIds: subscriberIds.slice(i, i + perMessage) });
  }
  return out;
}

export interface SendOptions {
  /** Seconds before the messages can be received (0..900). */
  readonly delaySeconds?: number;
}

/** Port: hands messages to the deliver function. Resolves only when every message is accepted. */
export interface DeliveryQueue {
  send(messages: readonly QueueMessage[], options?: SendOptions): Promise<void>;
}

/** Port: when a message left for redelivery comes back (SQS ChangeMessageVisibility on its receipt handle). */
export interface MessageRetry {
  retryAfter(receiptHandle: string, seconds: number): Promise<void>;
}
