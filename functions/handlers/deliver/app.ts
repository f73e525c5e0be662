// The deliver function, assembled from its parts: an SQS batch of delivery messages, each run through the
// deliverMessage use case; a message with recipients still to do is reported as a partial batch failure (Powertools
// batch), so SQS redelivers exactly that message. The Lambda module (handler.ts) wires the DynamoDB stores and SES;
// local runs wire the same function to the local stand-ins and the in-process queue. This factory builds no adapter.
import { randomUUID } from 'node:crypto';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { BackoffPolicy } from '../../delivery/backoff.js';
import { deliverMessage, type RecipientOutcome } from '../../delivery/deliver.js';
import { parseDeliveryMessage } from '../../delivery/messages.js';
import type { IssueLog, SendLog } from '../../delivery/ports.js';
import { formatSummary, limitLists } from '../../delivery/summary.js';
import type { Mailer } from '../../email/mail.js';
import type { RenderedEmail } from '../../email/render.js';
import { describeError } from '../../subscribers/log-safe.js';
import { unsubscribeUrl } from '../../subscribers/signed-links.js';
import type { SubscriberStore } from '../../subscribers/subscriber.js';

export interface DeliverAppDeps {
  readonly issues: IssueLog;
  readonly sends: SendLog;
  readonly subscribers: Pick<SubscriberStore, 'get'>;
  /** Paced to this instance's share of the SES rate (see adapters/ses-send-client.ts). */
  readonly mailer: Mailer;
  readonly sender: string;
  readonly siteUrl: string;
  readonly tokenSecret: () => Promise<string>;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly backoff?: BackoffPolicy;
  readonly orphanedBefore?: (now: number) => number;
  readonly reserveMs?: number;
  /** Told each recipient's outcome (local progress bars and benchmarks). */
  readonly observe?: (outcome: RecipientOutcome) => void;
}

export type DeliverHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** A message with recipients left to do: failing it makes SQS deliver it again after its visibility timeout. */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';
}

const METRIC_NAMES: Record<RecipientOutcome['kind'], string> = {
  sent: 'EmailsSent',
  skipped: 'RecipientsSkipped',
  failed: 'EmailsFailed',
  ambiguous: 'EmailsAmbiguous',
  duplicate: 'DuplicateDeliveries',
  'in-flight': 'RecipientsInFlight',
  throttled: 'RecipientsThrottled',
  deferred: 'RecipientsDeferred',
};

/** Rendered emails are the same for every recipient of an issue: read once per issue per instance. */
const EMAIL_CACHE_SIZE = 4;

export function createDeliverHandler(deps: DeliverAppDeps): DeliverHandler {
  const { issues, sends, subscribers } = deps;
  const emails = new Map<string, RenderedEmail>();
  const now = deps.now ?? Date.now;
  const { logger, metrics } = deps;

  async function email(issueId: string): Promise<RenderedEmail | undefined> {
    const cached = emails.get(issueId);
    if (cached) return cached;
    const loaded = await issues.getEmail(issueId);
    if (loaded) {
      if (emails.size >= EMAIL_CACHE_SIZE) emails.delete(emails.keys().next().value as string);
      emails.set(issueId, loaded);
    }
    return loaded;
  }

  return async (event, context) => {
    logger.addContext(context);
    const secret = await deps.tokenSecret();
    const tally = new Map<string, number>();
    let throttles = 0;
    const count = (name: string) => tally.set(name, (tally.get(name) ?? 0) + 1);

    const observe = (outcome: RecipientOutcome) => {
      count(METRIC_NAMES[outcome.kind]);
      if (outcome.kind === 'failed') {
        logger.warn('send failed', {
          subscriberId: outcome.subscriberId,
          to: outcome.to,
          reason: outcome.reason,
        });
      } else if (outcome.kind === 'ambiguous') {
        logger.warn('send ambiguous: not resent', {
          subscriberId: outcome.subscriberId,
          reason: outcome.reason,
        });
      } else if (outcome.kind === 'sent') {
        logger.debug('sent', {
          subscriberId: outcome.subscriberId,
          to: outcome.to,
          messageId: outcome.messageId,
        });
      }
      deps.observe?.(outcome);
    };

    const recordHandler = async (record: SQSRecord) => {
      const message = parseDeliveryMessage(record.body);
      const report = await deliverMessage(message, {
        issues,
        sends,
        subscribers,
        mailer: deps.mailer,
        email,
        from: deps.sender,
        unsubscribeUrl: (id) => unsubscribeUrl(deps.siteUrl, secret, id, now()),
        newClaimToken: randomUUID,
        now,
        sleep: deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
        random: deps.random ?? Math.random,
        remainingMs: () => context.getRemainingTimeInMillis(),
        observe,
        onThrottle: () => {
          throttles++;
        },
        ...(deps.backoff ? { backoff: deps.backoff } : {}),
        ...(deps.orphanedBefore ? { orphanedBefore: deps.orphanedBefore } : {}),
        ...(deps.reserveMs !== undefined ? { reserveMs: deps.reserveMs } : {}),
      });
      if (report.completed) {
        logger.info('issue complete', {
          issueId: report.issueId,
          summary: formatSummary(limitLists(report.completed, 100)),
        });
      }
      if (report.retry) {
        const waiting = report.outcomes.filter((o) =>
          ['in-flight', 'throttled', 'deferred'].includes(o.kind),
        );
        throw new RetryLaterError(
          `${waiting.length} of ${message.subscriberIds.length} recipients of issue ${message.issueId} need another delivery (${[...new Set(waiting.map((o) => o.kind))].join(', ')})`,
        );
      }
    };

    try {
      const response = await processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
        context,
      });
      if (response.batchItemFailures.length > 0) {
        logger.warn('messages left for redelivery', { messages: response.batchItemFailures.length });
      }
      return response;
    } catch (error) {
      logger.error('every message of the batch failed', {
        error: describeError(error),
      });
      throw error;
    } finally {
      for (const [name, value] of tally) metrics.addMetric(name, MetricUnit.Count, value);
      if (throttles > 0) metrics.addMetric('SesThrottles', MetricUnit.Count, throttles);
      metrics.publishStoredMetrics();
    }
  };
}
