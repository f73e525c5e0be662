// A multi-story issue on the web: its email links to its web version, which lists the stories and shows each with
// its headline (linked to the original), key points and quotes; the archive lists it under its subject and its Atom
// feed entry names the stories. Nothing personal on any of them.
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoArchive } from '../../functions/adapters/dynamo/archive.js';
import { DynamoSubscriberStore } from '../../functions/adapters/dynamo/subscriber-store.js';
import { createSesClient, SesMailer } from '../../functions/adapters/ses-mailer.js';
import { fileTemplates } from '../../functions/adapters/templates.js';
import { type FeedSite, siteStory, startFeedSite } from '../../functions/cli/feed-site.js';
import { LOCAL_BRANDING } from '../../functions/cli/local-delivery.js';
import { createConfirmationComposer } from '../../functions/email/confirmation-email.js';
import { createSubscriptionsApp } from '../../functions/handlers/subscriptions/app.js';
import { freshTable, issued, seed, subscriber, useLocalDeliveries } from '../helpers/delivery-fixtures.js';

const local = useLocalDeliveries();
let site: FeedSite;
beforeAll(async () => {
  site = await startFeedSite([0, 1, 2]);
});
afterAll(async () => {
  await site.stop();
});

const title = (n: number) => siteStory(n).title;

function get(app: ReturnType<typeof createSubscriptionsApp>, path: string) {
  return app({
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'localhost', accept: 'text/html' },
    requestContext: { http: { method: 'GET', path }, requestId: 'r', stage: '$default' },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2);
}

describe('a multi-story issue on the web', () => {
  it('is linked from its email and shows every story with its headline, key points and quotes', async () => {
    const tableName = await freshTable();
    const delivery = local.open({ tableName });
    await seed(delivery, [subscriber(1)]);
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const templates = fileTemplates();
    const app = createSubscriptionsApp({
      store: new DynamoSubscriberStore(doc, tableName),
      mailer: new SesMailer(createSesClient()),
      from: 'Local Digest <digest@example.com>',
      siteUrl: LOCAL_BRANDING.siteUrl,
      tokenSecret: async () => 'feed-archive-secret-0123456789',
      composeConfirmation: createConfirmationComposer(templates, LOCAL_BRANDING, 48),
      templates,
      site: LOCAL_BRANDING,
      logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
      signUpFloorMs: 0,
      archive: new DynamoArchive(doc, tableName),
    });

    const run = issued(await delivery.digest({ article: site.feedUrl }));
    await delivery.queue.drain(delivery.deliver);
    const [mail] = await local.aws.sentMail();
    const email = await delivery.issues.getEmail(run.issueId);
    const stories = email?.content?.stories ?? [];
    const page = await get(app, `/issues/${run.issueId}`);
    const html = parseHTML(page.body).document;
    const archive = await get(app, '/archive');
    const feed = await get(app, '/feed.xml');

    expect(run.status).toBe('enqueued');
    expect(mail?.body.text).toContain(`View in browser: ${LOCAL_BRANDING.siteUrl}/issues/${run.issueId}`);
    expect(mail?.body.html).toContain(`href="${LOCAL_BRANDING.siteUrl}/issues/${run.issueId}"`);
    expect(page.statusCode).toBe(200);
    expect(html.querySelector('h1')?.textContent).toBe(run.subject);
    expect([...html.querySelectorAll('.contents a')].map((a) => a.textContent)).toEqual([2, 1, 0].map(title));
    const sections = [...html.querySelectorAll('section.story')];
    expect(sections.map((s) => s.querySelector('.story-title a')?.textContent)).toEqual([2, 1, 0].map(title));
    expect(sections[0]?.querySelector('.story-title a')?.getAttribute('href')).toBe(
      `${site.base}/stories/${siteStory(2).slug}.html`,
    );
    sections.forEach((section, i) => {
      expect([...section.querySelectorAll('.points li')].map((li) => li.textContent)).toEqual(
        stories[i]?.keyPoints,
      );
      expect(section.querySelectorAll('blockquote').length).toBe(stories[i]?.quotes.length);
    });
    expect(page.body).not.toMatch(/unsubscribe|token=|@example\.org/);
    expect(archive.body).toContain(run.subject.replace(/'/g, '&#x27;'));
    for (const n of [0, 1, 2]) expect(feed.body).toContain(title(n));
  });
});
