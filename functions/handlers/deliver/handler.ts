// Lambda entry point of the deliver function: SQS batches of delivery messages, partial batch failures reported.
// Configuration is parsed and clients are created once, at cold start; the function itself is in app.ts.
// Rate: the instances sending now share MAX_SEND_RATE (they register in the table; see delivery/rate-share.ts), and
// the stack caps the event source's concurrency at DELIVER_CONCURRENCY, so all of them together stay under SES's
// maximum send rate while none of it is left unused.
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ConfigError, loadConfig } from '../../adapters/config.js';
import { DynamoArchive } from '../../adapters/dynamo/archive.js';
import { DynamoIssueLog } from '../../adapters/dynamo/issue-log.js';
import { DynamoIssueTally } from '../../adapters/dynamo/issue-tally.js';
import { DynamoRateRegistry } from '../../adapters/dynamo/rate-registry.js';
import { DynamoSendLog } from '../../adapters/dynamo/send-log.js';
import { createDocumentClient, DynamoSubscriberStore } from '../../adapters/dynamo/subscriber-store.js';
import { SqsDeliveryQueue } from '../../adapters/queue/sqs.js';
import { getTokenSecret } from '../../adapters/secrets.js';
import { SesMailer } from '../../adapters/ses-mailer.js';
import { createSendingSesClient } from '../../adapters/ses-send-client.js';
import { createDeliverHandler } from './app.js';

const config = loadConfig(
  ['TABLE_NAME', 'QUEUE_URL', 'SENDER_EMAIL', 'SITE_URL', 'MAX_SEND_RATE', 'DELIVER_CONCURRENCY'],
  ['CONFIGURATION_SET', 'PUBLIC_ARCHIVE'],
);
// RFC 8058: mailbox providers only honour one-click unsubscribe over https.
if (!config.SITE_URL.startsWith('https://')) throw new ConfigError('SITE_URL must be an https URL');

const logger = new Logger({ serviceName: 'deliver' });
const doc = createDocumentClient();
// This instance's share of the SES rate.
const ses = createSendingSesClient({
  maxPerSecond: config.MAX_SEND_RATE,
  instances: config.DELIVER_CONCURRENCY,
  registry: new DynamoRateRegistry(doc, config.TABLE_NAME),
  instanceId: randomUUID(),
});
// Its own queue: for shards of queuing handed over, and to set when a message left for redelivery comes back.
const queue = new SqsDeliveryQueue(new SQSClient({}), config.QUEUE_URL);

export const handler = createDeliverHandler({
  issues: new DynamoIssueLog(doc, config.TABLE_NAME),
  tally: new DynamoIssueTally(doc, config.TABLE_NAME),
  sends: new DynamoSendLog(doc, config.TABLE_NAME),
  subscribers: new DynamoSubscriberStore(doc, config.TABLE_NAME),
  queue,
  retry: queue,
  ...(config.PUBLIC_ARCHIVE ? { archive: new DynamoArchive(doc, config.TABLE_NAME) } : {}),
  mailer: new SesMailer(ses, config.CONFIGURATION_SET ? { configurationSet: config.CONFIGURATION_SET } : {}),
  sender: config.SENDER_EMAIL,
  siteUrl: config.SITE_URL,
  tokenSecret: () => getTokenSecret(),
  logger,
  metrics: new Metrics({
    ...(process.env.POWERTOOLS_METRICS_NAMESPACE ? {} : { namespace: 'DigestMailer' }),
    serviceName: 'deliver',
    logger,
  }),
});
