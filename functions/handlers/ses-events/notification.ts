// Parses what SES publishes to SNS about a sent message into a DeliveryEvent, with zod schemas. Both forms are
// read: event publishing through a configuration set (`eventType`) and classic identity notifications
// (`notificationType`). Anything else (deliveries, opens, malformed JSON) is reported as ignored, with a reason.
import { z } from 'zod';
import { describeZodError } from '../../delivery/zod-errors.js';
import type { DeliveryEvent } from '../../subscribers/feedback.js';

const timestamp = z
  .string()
  .max(64)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a timestamp');

const recipient = z.object({ emailAddress: z.string().min(1).max(1024) });

const bounce = z.object({
  bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
  bounceSubType: z.string().max(100).optional(),
  bouncedRecipients: z.array(recipient).min(1).max(1000),
  timestamp,
});

const complaint = z.object({
  complainedRecipients: z.array(recipient).min(1).max(1000),
  timestamp,
  complaintFeedbackType: z.string().max(100).nullish(),
});

const notification = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Bounce'), bounce }),
  z.object({ type: z.literal('Complaint'), complaint }),
]);

export type ParsedNotification =
  | { readonly kind: 'event'; readonly event: DeliveryEvent }
  | { readonly kind: 'ignored'; readonly reason: string };

/** "Jane <jane@example.com>" -> "jane@example.com"; a bare address as it is. */
function bareAddress(value: string): string {
  const angle = /<([^<>]*)>\s*$/.exec(value);
  return angle?.[1] ?? value;
}

export function parseSesNotification(message: string): ParsedNotification {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return { kind: 'ignored', reason: 'message is not JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { kind: 'ignored', reason: 'message is not a JSON object' };
  }
  const record = json as Record<string, unknown>;
  const type = record.eventType ?? record.notificationType;
  if (type !== 'Bounce' && type !== 'Complaint') {
    return { kind: 'ignored', reason: `not a bounce or complaint (${String(type).slice(0, 40)})` };
  }
  const parsed = notification.safeParse({ ...record, type });
  if (!parsed.success) {
    return { kind: 'ignored', reason: `malformed ${type}: ${describeZodError(parsed.error)}` };
  }
  const data = parsed.data;
  if (data.type === 'Bounce') {
    return {
      kind: 'event',
      event: {
        kind: 'bounce',
        permanent: data.bounce.bounceType === 'Permanent',
        subType: data.bounce.bounceSubType,
        recipients: data.bounce.bouncedRecipients.map((r) => bareAddress(r.emailAddress)),
        at: new Date(data.bounce.timestamp),
      },
    };
  }
  return {
    kind: 'event',
    event: {
      kind: 'complaint',
      feedbackType: data.complaint.complaintFeedbackType ?? undefined,
      recipients: data.complaint.complainedRecipients.map((r) => bareAddress(r.emailAddress)),
      at: new Date(data.complaint.timestamp),
    },
  };
}
