// Lambda entry point of the digest function: the schedule's event or a manual one (see "Invoke by hand" in docs/operations.md).
// Configuration is parsed and clients are created once, at cold start; the function itself is in app.ts.
import { Logger } from '@aws-lambda-powertools/logger';
import { SQSClient } from '@aws-sdk/client-sqs';
import { articleSourceFor, documentSourceFor } from '../../adapters/article-sources/index.js';
import { loadConfig } from '../../adapters/config.js';
import { DynamoArchive } from '../../adapters/dynamo/archive.js';
import { DynamoIssueLog } from '../../adapters/dynamo/issue-log.js';
import { DynamoIssueTally } from '../../adapters/dynamo/issue-tally.js';
import { DynamoStoryLog } from '../../adapters/dynamo/story-log.js';
import { createDocumentClient, DynamoSubscriberStore } from '../../adapters/dynamo/subscriber-store.js';
import { SqsDeliveryQueue } from '../../adapters/queue/sqs.js';
import { getTokenSecret } from '../../adapters/secrets.js';
import { SesMailer } from '../../adapters/ses-mailer.js';
import { createSendingSesClient } from '../../adapters/ses-send-client.js';
import { fileTemplates } from '../../adapters/templates.js';
import { createDigestHandler } from './app.js';

const config = loadConfig(
  ['TABLE_NAME', 'QUEUE_URL', 'DEFAULT_ARTICLE', 'SENDER_EMAIL', 'SITE_URL', 'SITE_NAME', 'POSTAL_ADDRESS'],
  ['ARTICLE_BUCKET', 'CONFIGURATION_SET', 'SAMPLE_ARTICLE', 'MAX_SEND_RATE', 'PUBLIC_ARCHIVE', 'MAX_STORIES'],
);

// Test sends are few; SES sandbox accounts allow one per second.
const ses = createSendingSesClient({ maxPerSecond: config.MAX_SEND_RATE ?? 1 });

const doc = createDocumentClient();

export const handler = createDigestHandler({
  issues: new DynamoIssueLog(doc, config.TABLE_NAME),
  tally: new DynamoIssueTally(doc, config.TABLE_NAME),
  subscribers: new DynamoSubscriberStore(doc, config.TABLE_NAME),
  storyLog: new DynamoStoryLog(doc, config.TABLE_NAME),
  ...(config.PUBLIC_ARCHIVE ? { archive: new DynamoArchive(doc, config.TABLE_NAME) } : {}),
  queue: new SqsDeliveryQueue(new SQSClient({}), config.QUEUE_URL),
  templates: fileTemplates(),
  branding: { siteName: config.SITE_NAME, siteUrl: config.SITE_URL, postalAddress: config.POSTAL_ADDRESS },
  articles: {
    defaultArticle: config.DEFAULT_ARTICLE,
    ...(config.ARTICLE_BUCKET ? { bucket: config.ARTICLE_BUCKET } : {}),
    ...(config.SAMPLE_ARTICLE ? { samplePath: config.SAMPLE_ARTICLE } : {}),
    allowFiles: false,
  },
  // An article or feed URL from an event or DEFAULT_ARTICLE reaches only public addresses: in Lambda it must not
  // reach the runtime's own endpoints or the VPC (SSRF). Stories a feed lists are loaded the same way.
  loadArticle: (location) => articleSourceFor(location, { privateNetwork: 'block' }).load(),
  loadSource: (location) => documentSourceFor(location, { privateNetwork: 'block', feeds: true }).load(),
  ...(config.MAX_STORIES !== undefined ? { maxStories: config.MAX_STORIES } : {}),
  logger: new Logger({ serviceName: 'digest' }),
  mailer: new SesMailer(ses, config.CONFIGURATION_SET ? { configurationSet: config.CONFIGURATION_SET } : {}),
  sender: config.SENDER_EMAIL,
  siteUrl: config.SITE_URL,
  tokenSecret: () => getTokenSecret(),
});
