// Delivery planning: the queue message that carries a slice of an issue's recipients to the deliver function, its
// schema, how recipients are cut into messages, and the queue port (SQS in AWS, an in-process queue locally).
// Messages carry subscriber ids only: the deliver side re-reads each subscriber, so no address sits in the queue.
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

/** A queue message body that is not a delivery message: it can never succeed, so it goes to the dead-letter queue. */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}

export function parseDeliveryMessage(body: string): DeliveryMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedMessageError('queue message is not JSON');
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

/** Port: hands delivery messages to the deliver function. Resolves only when every message is accepted. */
export interface DeliveryQueue {
  send(messages: readonly DeliveryMessage[]): Promise<void>;
}
