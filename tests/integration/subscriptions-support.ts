// Shared set-up of the subscription tests: the API wired to dynalite and aws-ses-v2-local with a clock the test
// moves, request builders in API Gateway's payload 2.0 shape, and a snapshot of the whole table.
import { Logger } from '@aws-lambda-powertools/logger';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  createDocumentClient,
  DynamoSubscriberStore,
} from '../../functions/adapters/dynamo/subscriber-store.js';
import { createSesClient, SesMailer } from '../../functions/adapters/ses-mailer.js';
import { fileTemplates } from '../../functions/adapters/templates.js';
import { createConfirmationComposer } from '../../functions/email/confirmation-email.js';
import type { Mailer } from '../../functions/email/mail.js';
import {
  createSubscriptionsApp,
  type SubscriptionsHandler,
} from '../../functions/handlers/subscriptions/app.js';
import type { LocalAws, StoredMail } from '../helpers/local-aws.js';

export const SECRET = 'integration-test-secret-0123456789';
export const SITE_URL = 'https://news.example.com';
export const SITE = { siteName: 'Test Digest', siteUrl: SITE_URL, postalAddress: '1 Test Street, Testville' };

export const silentLogger = () => new Logger({ serviceName: 'test', logLevel: 'SILENT' });

export interface TestApp {
  readonly handle: SubscriptionsHandler;
  readonly store: DynamoSubscriberStore;
  /** The clock every request reads; tests move it. */
  now: Date;
}

export function createTestApp(aws: LocalAws, options: { mailer?: Mailer } = {}): TestApp {
  const templates = fileTemplates();
  const store = new DynamoSubscriberStore(createDocumentClient(), aws.tableName);
  const app: TestApp = {
    store,
    now: new Date('2026-02-01T09:00:00.000Z'),
    handle: createSubscriptionsApp({
      store,
      mailer: options.mailer ?? new SesMailer(createSesClient()),
      from: 'Test Digest <digest@example.com>',
      siteUrl: SITE_URL,
      tokenSecret: async () => SECRET,
      composeConfirmation: createConfirmationComposer(templates, SITE, 48),
      templates,
      site: SITE,
      logger: silentLogger(),
      clock: () => app.now,
      signUpFloorMs: 0,
    }),
  };
  return app;
}

export function request(
  method: string,
  pathAndQuery: string,
  options: { headers?: Record<string, string>; body?: string; base64?: boolean } = {},
): APIGatewayProxyEventV2 {
  const [rawPath = '/', rawQueryString = ''] = pathAndQuery.split('?');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: { host: 'news.example.com', ...options.headers },
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'news.example.com',
      domainPrefix: 'news',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'vitest' },
      requestId: 'r1',
      routeKey: '$default',
      stage: '$default',
      time: '01/Feb/2026:09:00:00 +0000',
      timeEpoch: 0,
    },
    isBase64Encoded: options.base64 ?? false,
    ...(options.body === undefined ? {} : { body: options.body }),
  };
}

export const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
export const json = { accept: 'application/json' };

export function postForm(path: string, fields: Record<string, string>, headers = html) {
  return request('POST', path, {
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

export function postJson(path: string, value: unknown) {
  return request('POST', path, {
    headers: { ...json, 'content-type': 'application/json' },
    body: JSON.stringify(value),
  });
}

/** Every item of the table, in key order: the "nothing changed" witness. */
export async function scanTable(tableName: string): Promise<Record<string, unknown>[]> {
  const doc = createDocumentClient();
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}

/** The path and query of the first link to `path` in a stored email's text part. */
export function linkIn(
  mail: StoredMail | undefined,
  path: '/confirm' | '/unsubscribe',
  siteUrl = SITE_URL,
): string {
  const match = new RegExp(`${siteUrl.replace(/[.]/g, '\\.')}(${path}\\?token=[A-Za-z0-9._%-]+)`).exec(
    mail?.body.text ?? '',
  );
  if (!match?.[1]) throw new Error(`no ${path} link in the email`);
  return match[1];
}

/** Mail delivered to one address. */
export async function mailTo(aws: LocalAws, address: string): Promise<StoredMail[]> {
  return (await aws.sentMail()).filter((m) => m.destination.to.some((to) => to.includes(address)));
}
