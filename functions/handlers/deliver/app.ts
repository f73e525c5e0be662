// The deliver function, assembled from its parts: an SQS batch of queue messages, each a delivery message (run
// through the deliverMessage use case) or an enqueue message (go on queuing a shard: continueEnqueue); a message with
// work still to do is reported as a partial batch failure (Powertools batch), so SQS redelivers exactly that message,
// after the delay decideRetryDelay gives it (ChangeMessageVisibility) rather than the queue's whole visibility
// timeout. The Lambda module (handler.ts) wires the DynamoDB stores, SQS and SES; local runs wire the same function to
// the local stand-ins and the in-process queue. This factory builds no adapter.
import { randomUUID } from 'node:crypto';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type ArchiveStore, publishIssue } from '../../delivery/archive.js';
import type { BackoffPolicy } from '../../delivery/backoff.js';
import { deliverMessage, type MessageReport, type RecipientOutcome } from '../../delivery/deliver.js';
import { continueEnqueue, ENQUEUE_RESERVE_MS } from '../../delivery/enqueue.js';
import {
  type DeliveryMessage,
  type DeliveryQueue,
  type EnqueueMessage,
  isEnqueueMessage,
  type MessageRetry,
  parseQueueMessage,
} from '../../delivery/messages.js';
import type { IssueLog, IssueTally, SendLog } from '../../delivery/ports.js';
import { decideRetryDelay, type RetryCause } from '../../delivery/retry.js';
import { formatSummary, type IssueSummary, limitLists } from '../../delivery/summary.js';
import type { Mailer } from '../../email/mail.js';
import type { RenderedEmail } from '../../email/render.js';
import { describeError } from '../../subscribers/log-safe.js';
import { unsubscribeUrl } from '../../subscribers/signed-links.js';
import type { SubscriberStore } from '../../subscribers/subscriber.js';

export interface DeliverAppDeps {
  readonly issues: IssueLog;
  readonly tally: IssueTally;
  readonly sends: SendLog;
  /** Subscribers re-read per recipient; listed when this function goes on queuing a shard. */
  readonly subscribers: Pick<SubscriberStore, 'get' | 'listActive'>;
  /** The delivery queue itself: shards handed over go back into it. */
  readonly queue: DeliveryQueue;
  /** Sets the delay before a message left for redelivery comes back; without it, the queue's visibility timeout. */
  readonly retry?: MessageRetry;
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
  /** Retries of a result write after a send, and of a tally (see delivery/deliver.ts). */
  readonly resultBackoff?: BackoffPolicy;
  readonly orphanedBefore?: (now: number) => number;
  readonly reserveMs?: number;
  /**
   * The public archive: this function publishes an issue in it when it finishes queuing that the digest function
   * handed over. Nothing published when left out (a private newsletter).
   */
  readonly archive?: ArchiveStore;
  /** A queuing slice's lease and page size (see delivery/enqueue.ts). */
  readonly leaseMs?: number;
  readonly pageSize?: number;
  /** Told each recipient's outcome (local progress bars and benchmarks). */
  readonly observe?: (outcome: RecipientOutcome) => void;
  /** Told when a message completes its issue (benchmarks). */
  readonly onComplete?: (summary: IssueSummary) => void;
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
  unrecorded: 'ResultsUnrecorded',
};

/** Rendered emails are the same for every recipient of an issue: read once per issue per instance. */
const EMAIL_CACHE_SIZE = 4;

export function createDeliverHandler(deps: DeliverAppDeps): DeliverHandler {
  const { issues, tally, sends, subscribers, archive } = deps;
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
    const counted = new Map<string, number>();
    let throttles = 0;
    const count = (name: string) => counted.set(name, (counted.get(name) ?? 0) + 1);

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
      } else if (outcome.kind === 'unrecorded') {
        // The email may well have gone out: this id settles it by hand if the claim is later reported ambiguous.
        logger.error('result not recorded', {
          subscriberId: outcome.subscriberId,
          messageId: outcome.messageId,
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

    const random = deps.random ?? Math.random;
    /** Sets when the record comes back; a failure here only means it comes back after the visibility timeout. */
    const comeBack = async (record: SQSRecord, causes: ReadonlySet<RetryCause>, heldSince?: number) => {
      if (!deps.retry) return;
      const seconds = decideRetryDelay({
        causes,
        receiveCount: Number(record.attributes.ApproximateReceiveCount || 1),
        ...(heldSince !== undefined ? { heldSince } : {}),
        now: now(),
        random,
      });
      await deps.retry.retryAfter(record.receiptHandle, seconds).catch((error: unknown) => {
        logger.warn('could not set when the message comes back', { error: describeError(error) });
      });
    };
    const completed = (summary: IssueSummary) => {
      logger.info('issue complete', {
        issueId: summary.issueId,
        summary: formatSummary(limitLists(summary, 100)),
      });
      deps.onComplete?.(summary);
    };

    const deliver = (message: DeliveryMessage): Promise<MessageReport> =>
      deliverMessage(message, {
        issues,
        tally,
        sends,
        subscribers,
        mailer: deps.mailer,
        email,
        from: deps.sender,
        unsubscribeUrl: (id) => unsubscribeUrl(deps.siteUrl, secret, id, now()),
        newClaimToken: randomUUID,
        now,
        sleep: deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
        random,
        remainingMs: () => context.getRemainingTimeInMillis(),
        observe,
        onThrottle: () => {
          throttles++;
        },
        ...(deps.backoff ? { backoff: deps.backoff } : {}),
        ...(deps.resultBackoff ? { resultBackoff: deps.resultBackoff } : {}),
        ...(deps.orphanedBefore ? { orphanedBefore: deps.orphanedBefore } : {}),
        ...(deps.reserveMs !== undefined ? { reserveMs: deps.reserveMs } : {}),
      });

    const enqueue = async (message: EnqueueMessage) => {
      const result = await continueEnqueue(message, {
        issues,
        tally,
        subscribers,
        queue: deps.queue,
        owner: context.awsRequestId,
        now,
        remainingMs: () => context.getRemainingTimeInMillis(),
        reserveMs: ENQUEUE_RESERVE_MS,
        ...(archive
          ? {
              onQueued: async (issueId: string) => {
                await publishIssue(issueId, { issues, archive });
              },
            }
          : {}),
        ...(deps.leaseMs !== undefined ? { leaseMs: deps.leaseMs } : {}),
        ...(deps.pageSize !== undefined ? { pageSize: deps.pageSize } : {}),
      });
      logger.info(`queuing shard ${message.shard}: ${result.status}`, { issueId: message.issueId });
      if (result.status === 'done' && result.completed) completed(result.completed);
    };

    const recordHandler = async (record: SQSRecord) => {
      const message = parseQueueMessage(record.body);
      let report: MessageReport;
      try {
        if (isEnqueueMessage(message)) {
          await enqueue(message);
          return;
        }
        report = await deliver(message);
      } catch (error) {
        logger.warn('message failed: left for redelivery', { error: describeError(error) });
        await comeBack(record, new Set(['table']));
        throw error;
      }
      if (report.completed) completed(report.completed);
      if (report.retry) {
        await comeBack(record, report.causes, report.heldSince);
        const waiting = report.outcomes.filter((o) =>
          ['in-flight', 'throttled', 'deferred', 'unrecorded'].includes(o.kind),
        );
        const table = report.outcomes.find((o) => o.kind === 'deferred' && o.cause === 'table');
        if (table?.kind === 'deferred')
          logger.warn('table error: message left for redelivery', { reason: table.reason });
        throw new RetryLaterError(
          `${waiting.length} of ${message.subscriberIds.length} recipients of issue ${message.issueId} need another delivery (${[...report.causes].join(', ')})`,
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
      for (const [name, value] of counted) metrics.addMetric(name, MetricUnit.Count, value);
      if (throttles > 0) metrics.addMetric('SesThrottles', MetricUnit.Count, throttles);
      metrics.publishStoredMetrics();
    }
  };
}
