// Local wiring of the delivery functions: the SAME digest and deliver functions as in Lambda (functions/handlers/digest/app.ts,
// functions/handlers/deliver/app.ts), given the local stand-ins' clients, the in-process queue, quiet Powertools output and
// hooks for the command line (progress, an outbox copy of every raw message SES accepted, call counting).
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESClient } from '@aws-sdk/client-ses';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { articleSourceFor, documentSourceFor } from '../adapters/article-sources/index.js';
import { DynamoArchive } from '../adapters/dynamo/archive.js';
import { DynamoIssueLog } from '../adapters/dynamo/issue-log.js';
import { DynamoIssueTally } from '../adapters/dynamo/issue-tally.js';
import { DynamoRateRegistry } from '../adapters/dynamo/rate-registry.js';
import { DynamoSendLog } from '../adapters/dynamo/send-log.js';
import { DynamoStoryLog } from '../adapters/dynamo/story-log.js';
import { DynamoSubscriberStore } from '../adapters/dynamo/subscriber-store.js';
import { InProcessQueue, type InProcessQueueOptions } from '../adapters/queue/in-process.js';
import { createSendLimiter, type SendRateOptions } from '../adapters/rate-limit.js';
import { SesMailer } from '../adapters/ses-mailer.js';
import { createSendingSesClient } from '../adapters/ses-send-client.js';
import { defaultTemplatesDir, fileTemplates } from '../adapters/templates.js';
import type { BackoffPolicy } from '../delivery/backoff.js';
import type { RecipientOutcome } from '../delivery/deliver.js';
import type { IssueSummary } from '../delivery/summary.js';
import type { Mailer } from '../email/mail.js';
import { createDeliverHandler, type DeliverHandler } from '../handlers/deliver/app.js';
import { createDigestHandler, type DigestHandler } from '../handlers/digest/app.js';
import type { ArticlePolicy } from '../handlers/digest/event.js';
import { LOCAL_BRANDING, LOCAL_SENDER } from './local-stack.js';

export { LOCAL_BRANDING, LOCAL_SENDER };

export interface LocalDeliveryOptions {
  readonly tableName: string;
  readonly tokenSecret: string;
  readonly articles: ArticlePolicy;
  /** Base of the links in mail (the local pages); LOCAL_BRANDING's when left out. */
  readonly siteUrl?: string;
  /** Messages per second across the run; no limit when left out. */
  readonly maxSendRate?: number;
  /**
   * Deliver instances polling the queue at once (DELIVER_CONCURRENCY); 1 by default. They share the rate as in
   * Lambda: each registers in the table while it sends, and sends at the rate over the instances sending now.
   */
  readonly instances?: number;
  readonly queue?: InProcessQueueOptions;
  /** Powertools log level; SILENT when left out, so the command line stays readable. */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** Copies each raw message SES accepted to `<outbox>/<address>.eml`. */
  readonly outbox?: string;
  readonly observe?: (outcome: RecipientOutcome) => void;
  /** Told of each SendRawEmail call (start time, destination) and each DynamoDB call. */
  readonly onSesCall?: (to: string, startedAt: number) => void;
  readonly onDynamoCall?: () => void;
  /** Adds middleware to the DynamoDB client (tests inject faults here; the benchmark counts writes per key). */
  readonly configureDynamo?: (client: DynamoDBClient) => void;
  /** Wraps the mailer (tests inject faults here). */
  readonly wrapMailer?: (mailer: Mailer) => Mailer;
  /**
   * Sends through this mailer instead of SES, each deliver instance through its own copy paced at the same rate (the
   * benchmark's in-process recorder, for runs where the SES stand-in's CPU would be the limit).
   */
  readonly mailerFor?: (instance: number) => Mailer;
  /** Told when a message completes its issue. */
  readonly onComplete?: (summary: IssueSummary) => void;
  readonly backoff?: BackoffPolicy;
  readonly resultBackoff?: BackoffPolicy;
  /** Claims older than this are orphaned; for a local run, any claim made before the run started. */
  readonly orphanedBefore?: (now: number) => number;
  readonly recipientsPerMessage?: number;
  /** The digest function's enqueue lease; a run stopped part way can be resumed after it. */
  readonly leaseMs?: number;
  /** Publish issues in the public archive and link emails to their web page, as the stack does by default; true when left out. */
  readonly publicArchive?: boolean;
}

export interface LocalDelivery {
  readonly digest: DigestHandler;
  /** The first deliver instance; all of them are in `deliverInstances`. */
  readonly deliver: DeliverHandler;
  readonly deliverInstances: readonly DeliverHandler[];
  readonly queue: InProcessQueue;
  readonly issues: DynamoIssueLog;
  readonly tally: DynamoIssueTally;
  readonly sends: DynamoSendLog;
  readonly subscribers: DynamoSubscriberStore;
  readonly doc: DynamoDBDocumentClient;
  /** The SES client of the first deliver instance (also used for the digest function's test sends). */
  readonly ses: SESClient;
  close(): void;
}

export function outboxFileName(address: string): string {
  return `${address.toLowerCase().replace(/[^a-z0-9@._+-]/g, '_')}.eml`;
}

/** A mailer paced as the SES client paces SendRawEmail, with its own share of the rate. */
function pacedBy(rate: SendRateOptions): (mailer: Mailer) => Mailer {
  return (mailer) => {
    const limiter = createSendLimiter(rate);
    return { send: (message) => limiter.schedule(() => mailer.send(message)) };
  };
}

export function createLocalDelivery(options: LocalDeliveryOptions): LocalDelivery {
  // Locally, metrics would print EMF JSON to stdout; the summary says the same in words.
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const logLevel = options.logLevel ?? 'SILENT';

  const dynamo = new DynamoDBClient({});
  if (options.onDynamoCall) {
    const onCall = options.onDynamoCall;
    dynamo.middlewareStack.add(
      (next) => async (args) => {
        onCall();
        return next(args);
      },
      { step: 'initialize', name: 'countDynamoCalls' },
    );
  }
  options.configureDynamo?.(dynamo);
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });

  const instances = options.instances ?? 1;
  const registry = new DynamoRateRegistry(doc, options.tableName);
  const rate = (): SendRateOptions => ({
    maxPerSecond: options.maxSendRate ?? Number.POSITIVE_INFINITY,
    instances,
    registry,
    instanceId: randomUUID(),
  });
  const { outbox, onSesCall } = options;
  if (outbox) mkdirSync(outbox, { recursive: true });
  /** The same client as in Lambda (paced, no SDK retries of sends), with the local copies and counts. */
  const sesClient = (): SESClient => {
    const client = createSendingSesClient(rate());
    if (!outbox && !onSesCall) return client;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'SendRawEmailCommand') return next(args);
        const input = args.input as { Destinations?: string[]; RawMessage?: { Data?: Uint8Array } };
        const to = input.Destinations?.[0] ?? 'unknown';
        onSesCall?.(to, performance.now());
        const result = await next(args);
        // Only what SES accepted, byte for byte as handed to SendRawEmail.
        if (outbox && input.RawMessage?.Data)
          writeFileSync(join(outbox, outboxFileName(to)), input.RawMessage.Data);
        return result;
      },
      // Innermost, after pacing: the moment the request goes to SES.
      { step: 'deserialize', priority: 'low', name: 'localCopies' },
    );
    return client;
  };
  // One client per deliver instance, each paced at its share of the rate, as each Lambda instance is.
  const sesClients = Array.from({ length: instances }, sesClient);
  const paced = (mailer: Mailer) => pacedBy(rate())(mailer);
  const mailerFor = (client: SESClient, instance: number): Mailer => {
    const mailer = options.mailerFor ? paced(options.mailerFor(instance)) : new SesMailer(client);
    return options.wrapMailer ? options.wrapMailer(mailer) : mailer;
  };
  const logger = new Logger({ serviceName: 'local', logLevel });
  const queue = new InProcessQueue(options.queue);
  const issues = new DynamoIssueLog(doc, options.tableName);
  const tally = new DynamoIssueTally(doc, options.tableName);
  const sends = new DynamoSendLog(doc, options.tableName);
  const subscribers = new DynamoSubscriberStore(doc, options.tableName);
  const archive = (options.publicArchive ?? true) ? new DynamoArchive(doc, options.tableName) : undefined;
  const siteUrl = options.siteUrl ?? LOCAL_BRANDING.siteUrl;
  const shared = {
    issues,
    tally,
    subscribers,
    ...(archive ? { archive } : {}),
    sender: LOCAL_SENDER,
    siteUrl,
    tokenSecret: async () => options.tokenSecret,
  };
  const firstSes = sesClients[0] as SESClient;
  const digest = createDigestHandler({
    ...shared,
    mailer: mailerFor(firstSes, 0),
    queue,
    templates: fileTemplates(defaultTemplatesDir()),
    branding: { ...LOCAL_BRANDING, siteUrl },
    articles: options.articles,
    // Local runs belong to whoever runs them: an article served from their own machine is fine.
    loadArticle: (location) => articleSourceFor(location, { privateNetwork: 'allow' }).load(),
    loadSource: (location) => documentSourceFor(location, { privateNetwork: 'allow', feeds: true }).load(),
    storyLog: new DynamoStoryLog(doc, options.tableName),
    logger: logger.createChild({ serviceName: 'digest' }),
    ...(options.recipientsPerMessage ? { recipientsPerMessage: options.recipientsPerMessage } : {}),
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
  });
  const deliverLogger = logger.createChild({ serviceName: 'deliver' });
  const deliverInstances = sesClients.map((client, instance) =>
    createDeliverHandler({
      ...shared,
      sends,
      queue,
      retry: queue,
      mailer: mailerFor(client, instance),
      ...(options.orphanedBefore ? { orphanedBefore: options.orphanedBefore } : {}),
      logger: deliverLogger,
      metrics: new Metrics({ namespace: 'DigestMailerLocal', serviceName: 'deliver', logger: deliverLogger }),
      ...(options.observe ? { observe: options.observe } : {}),
      ...(options.onComplete ? { onComplete: options.onComplete } : {}),
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.resultBackoff ? { resultBackoff: options.resultBackoff } : {}),
      ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
    }),
  );
  return {
    digest,
    deliver: deliverInstances[0] as DeliverHandler,
    deliverInstances,
    queue,
    issues,
    tally,
    sends,
    subscribers,
    doc,
    ses: firstSes,
    close() {
      dynamo.destroy();
      for (const client of sesClients) client.destroy();
    },
  };
}
