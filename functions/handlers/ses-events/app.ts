// The ses-events handler's logic, with its dependencies passed in: each SNS record's message is parsed and applied.
// A message that is not a bounce or complaint, or is malformed, is logged and skipped (SNS would otherwise retry it
// for nothing); a store failure is thrown, so that Lambda retries the event and no suppression is lost.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { SNSEvent } from 'aws-lambda';
import { z } from 'zod';
import { describeZodError } from '../../delivery/zod-errors.js';
import { applyDeliveryEvent } from '../../subscribers/feedback.js';
import {
  DEFAULT_POLICY,
  type SubscriptionPolicy,
  type SubscriptionStore,
} from '../../subscribers/subscriber.js';
import { parseSesNotification } from './notification.js';

export interface SesEventsDeps {
  readonly store: SubscriptionStore;
  readonly logger: Logger;
  readonly clock?: () => Date;
  readonly policy?: SubscriptionPolicy;
}

const envelope = z.object({
  Records: z.array(
    z.object({
      Sns: z.object({ Message: z.string(), MessageId: z.string().optional() }),
    }),
  ),
});

export interface SesEventsSummary {
  readonly applied: number;
  readonly ignored: number;
}

export function createSesEventsHandler(deps: SesEventsDeps): (event: SNSEvent) => Promise<SesEventsSummary> {
  const clock = deps.clock ?? (() => new Date());
  const policy = deps.policy ?? DEFAULT_POLICY;
  return async (event) => {
    const parsed = envelope.safeParse(event);
    if (!parsed.success) {
      deps.logger.error('event is not an SNS event; skipped', { issue: describeZodError(parsed.error) });
      return { applied: 0, ignored: 1 };
    }
    let applied = 0;
    let ignored = 0;
    for (const record of parsed.data.Records) {
      const messageId = record.Sns.MessageId;
      const notification = parseSesNotification(record.Sns.Message);
      if (notification.kind === 'ignored') {
        ignored++;
        deps.logger.warn('SES notification ignored', { messageId, reason: notification.reason });
        continue;
      }
      const outcomes = await applyDeliveryEvent(deps.store, notification.event, clock(), policy);
      applied++;
      deps.logger.info('SES notification applied', {
        messageId,
        kind: notification.event.kind,
        permanent: notification.event.kind === 'bounce' ? notification.event.permanent : undefined,
        outcomes,
      });
    }
    return { applied, ignored };
  };
}
