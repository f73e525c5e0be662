// Lambda entry point of the subscription pages and API (API Gateway HTTP API, payload 2.0).
// Wiring only: configuration, clients and templates at cold start; the routes live in app.ts.
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { loadConfig } from '../../adapters/config.js';
import { DynamoArchive } from '../../adapters/dynamo/archive.js';
import { createDocumentClient, DynamoSubscriberStore } from '../../adapters/dynamo/subscriber-store.js';
import { getTokenSecret } from '../../adapters/secrets.js';
import { createSesClient, SesMailer } from '../../adapters/ses-mailer.js';
import { fileTemplates } from '../../adapters/templates.js';
import { createConfirmationComposer } from '../../email/confirmation-email.js';
import { DEFAULT_POLICY } from '../../subscribers/subscriber.js';
import { createSubscriptionsApp } from './app.js';

const config = loadConfig(
  ['TABLE_NAME', 'SENDER_EMAIL', 'SITE_URL', 'SITE_NAME', 'POSTAL_ADDRESS'],
  ['CONFIGURATION_SET', 'PUBLIC_ARCHIVE'],
);
const logger = new Logger({ serviceName: 'subscriptions' });
const templates = fileTemplates();
const site = { siteName: config.SITE_NAME, siteUrl: config.SITE_URL, postalAddress: config.POSTAL_ADDRESS };

const doc = createDocumentClient();

const app = createSubscriptionsApp({
  store: new DynamoSubscriberStore(doc, config.TABLE_NAME),
  mailer: new SesMailer(
    createSesClient(),
    config.CONFIGURATION_SET ? { configurationSet: config.CONFIGURATION_SET } : {},
  ),
  from: config.SENDER_EMAIL,
  siteUrl: config.SITE_URL,
  tokenSecret: () => getTokenSecret(),
  composeConfirmation: createConfirmationComposer(templates, site, DEFAULT_POLICY.confirmTokenSeconds / 3600),
  templates,
  site,
  logger,
  // Absent or false: a private newsletter, whose archive pages answer 404.
  ...(config.PUBLIC_ARCHIVE ? { archive: new DynamoArchive(doc, config.TABLE_NAME) } : {}),
});

export const handler = async (
  event: APIGatewayProxyEventV2,
  context?: Context,
): Promise<APIGatewayProxyStructuredResultV2> => {
  if (context) logger.addContext(context);
  return app(event);
};
