// Lambda entry point: SES bounce and complaint notifications, delivered by SNS, suppress the recipients.
// Wiring only: configuration and clients at cold start, the logic in app.ts.
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SNSEvent } from 'aws-lambda';
import { loadConfig } from '../../adapters/config.js';
import { createDocumentClient, DynamoSubscriberStore } from '../../adapters/dynamo/subscriber-store.js';
import { createSesEventsHandler } from './app.js';

const config = loadConfig(['TABLE_NAME']);
const logger = new Logger({ serviceName: 'ses-events' });
const run = createSesEventsHandler({
  store: new DynamoSubscriberStore(createDocumentClient(), config.TABLE_NAME),
  logger,
});

export const handler = async (event: SNSEvent, context?: Context): Promise<void> => {
  if (context) logger.addContext(context);
  await run(event);
};
