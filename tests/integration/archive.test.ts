// The public archive against dynalite and aws-ses-v2-local: the digest and deliver functions send an issue whose
// email links to its web page; the subscriptions app serves that page (no personal link, every quote, the original
// article), the archive (newest first, paged by an opaque cursor, a forged one refused with 400) and the Atom feed,
// each cacheable (ETag, 304). Dry runs, test sends and issues still being queued never appear; a run stopped before
// publishing is repaired by the next; a private newsletter serves 404 and links nowhere; no page Scans the table.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoArchive } from '../../functions/adapters/dynamo/archive.js';
import { DynamoSubscriberStore } from '../../functions/adapters/dynamo/subscriber-store.js';
import { createSesClient, SesMailer } from '../../functions/adapters/ses-mailer.js';
import { fileTemplates } from '../../functions/adapters/templates.js';
import { LOCAL_BRANDING, type LocalDeliveryOptions } from '../../functions/cli/local-delivery.js';
import { type ArchiveEntry, publishIssue } from '../../functions/delivery/archive.js';
import { createConfirmationComposer } from '../../functions/email/confirmation-email.js';
import { createSubscriptionsApp } from '../../functions/handlers/subscriptions/app.js';
import {
  freshTable,
  issued,
  SAMPLE_ARTICLE,
  seed,
  subscriber,
  useLocalDeliveries,
} from '../helpers/delivery-fixtures.js';

const local = useLocalDeliveries();
const dir = mkdtempSync(join(tmpdir(), 'archive-'));
const SITE_URL = LOCAL_BRANDING.siteUrl;

// An article with a public address: a local server stands in for the news site.
let articles: Server;
let articleBase = '';
beforeAll(async () => {
  articles = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(
      req.url === '/hostile.txt'
        ? `<script>alert(1)</script> Storm =?utf-8?B?PHNjcmlwdD4=?= hits & "coast" </title>\n\nThe storm hit the coast on Monday, officials said.\n\n"It was <b>the worst</b> in years," said harbour master Ann Lee.\n`
        : 'Harbour wall to be rebuilt\n\nThe council approved the plan on Tuesday.\n\n"At last," said Ann Lee, the harbour master.\n',
    );
  });
  await new Promise<void>((r) => articles.listen(0, '127.0.0.1', r));
  articleBase = `http://127.0.0.1:${(articles.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => articles.close(r));
  rmSync(dir, { recursive: true, force: true });
});

function request(method: string, pathAndQuery: string, headers: Record<string, string> = {}) {
  const [rawPath = '/', rawQueryString = ''] = pathAndQuery.split('?');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: { host: 'localhost', accept: 'text/html', ...headers },
    requestContext: { http: { method, path: rawPath }, requestId: 'r', stage: '$default' },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

/** A table with a few active readers, the digest and deliver functions on it, and the pages reading it. */
async function setUp(options: Partial<LocalDeliveryOptions> & { archive?: boolean } = {}) {
  const tableName = await freshTable();
  const delivery = local.open({ tableName, ...options });
  await seed(delivery, [subscriber(1), subscriber(2), subscriber(3, 'unsubscribed')]);
  // The pages' own client, recording every command it sends: the request path must never Scan.
  const commands: string[] = [];
  const dynamo = new DynamoDBClient({});
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(`${context.commandName}${limitOf(args.input)}`);
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  const doc = DynamoDBDocumentClient.from(dynamo);
  const archive = new DynamoArchive(doc, tableName);
  const templates = fileTemplates();
  const app = createSubscriptionsApp({
    store: new DynamoSubscriberStore(doc, tableName),
    mailer: new SesMailer(createSesClient()),
    from: 'Local Digest <digest@example.com>',
    siteUrl: SITE_URL,
    tokenSecret: async () => 'archive-test-secret-0123456789',
    composeConfirmation: createConfirmationComposer(templates, LOCAL_BRANDING, 48),
    templates,
    site: LOCAL_BRANDING,
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    signUpFloorMs: 0,
    ...(options.archive === false ? {} : { archive }),
  });
  const get = (path: string, headers: Record<string, string> = {}) => app(request('GET', path, headers));
  return { delivery, tableName, archive, app, get, commands };
}

function limitOf(input: unknown): string {
  const limit = (input as { Limit?: number }).Limit;
  return limit === undefined ? '' : `(${limit})`;
}

function page(html: string) {
  return parseHTML(html).document;
}

/** What a feed reader shows of an Atom type="html" text: the HTML's text. */
function htmlText(html: string): string {
  return parseHTML(`<!doctype html><html><body><div>${html}</div></body></html>`).document.querySelector(
    'div',
  )?.textContent as string;
}

const pathOf = (url: string) => url.slice(SITE_URL.length);

/** The issue page's URL from the email's text part ("View in browser: URL"). */
function webLink(text: string | undefined): string {
  const link = /View in browser: (\S+)/.exec(text ?? '')?.[1];
  if (!link) throw new Error('no "View in browser" link in the text part');
  return link;
}

const atom = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (n) => n === 'entry',
});

function parseFeed(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  return (atom.parse(xml) as { feed: { entry?: { id: string; title: { '#text': string } }[] } }).feed;
}

describe('an issue on the web', () => {
  it('is linked from every email, and shows its title, key points, every quote and the original; nothing personal', async () => {
    const { delivery, get, commands } = await setUp();
    const run = issued(await delivery.digest({ article: `${articleBase}/harbour.txt` }));
    await delivery.queue.drain(delivery.deliver);
    const mails = await local.aws.sentMail();

    expect(run.status).toBe('enqueued');
    expect(mails).toHaveLength(2);
    const link = webLink(mails[0]?.body.text);
    expect(link).toBe(`${SITE_URL}/issues/${run.issueId}`);
    for (const mail of mails) {
      expect(webLink(mail.body.text)).toBe(link);
      expect(mail.body.html).toContain(`href="${link}"`);
    }

    commands.length = 0;
    const res = await get(pathOf(link));
    const doc = page(res.body);
    const email = await delivery.issues.getEmail(run.issueId);
    const content = email?.content;

    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(doc.querySelector('h1')?.textContent).toBe(content?.title);
    expect([...doc.querySelectorAll('.points li')].map((li) => li.textContent)).toEqual(content?.keyPoints);
    expect(doc.querySelectorAll('blockquote').length).toBe(content?.quotes.length);
    expect(doc.querySelector('a.button[href^="http://127.0.0.1"]')?.getAttribute('href')).toBe(
      `${articleBase}/harbour.txt`,
    );
    // Nothing personal: no slot, no unsubscribe link, no token, no address.
    expect(res.body).not.toContain(email?.unsubscribeSlot);
    expect(res.body).not.toContain('unsubscribe.invalid');
    expect(res.body).not.toMatch(/unsubscribe\?|token=|@example\.org/);
    expect(commands).toEqual(['GetItemCommand']);
  });

  it('shows the quotations the email did not feature, when the article came from a file', async () => {
    const { delivery, get } = await setUp();
    const run = issued(await delivery.digest({ article: SAMPLE_ARTICLE }));
    await delivery.queue.drain(delivery.deliver);
    const email = await delivery.issues.getEmail(run.issueId);
    const others = email?.content?.quotes.filter((q) => !q.featured) ?? [];

    const doc = page((await get(`/issues/${run.issueId}`)).body);

    expect(others.length).toBeGreaterThan(0);
    expect(email?.text).toContain(`${others.length} more quotations in the web version`);
    expect(doc.querySelectorAll('.quote-more').length).toBe(others.length);
    expect(doc.querySelector('.quote-more p')?.textContent).toBe(`“${others[0]?.text}”`);
    expect(doc.querySelector('a.button[href^="http"]:not([href*="127.0.0.1:3000"])')).toBeNull();
  });

  it('is cacheable: Cache-Control, an ETag, and 304 for a matching If-None-Match', async () => {
    const { delivery, get, app } = await setUp();
    const run = issued(await delivery.digest({ article: SAMPLE_ARTICLE }));

    const first = await get(`/issues/${run.issueId}`);
    const again = await get(`/issues/${run.issueId}`, { 'if-none-match': first.headers.etag ?? '' });
    const head = await app(request('HEAD', `/issues/${run.issueId}`));

    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=3600');
    expect(first.headers.etag).toMatch(/^"/);
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers.etag).toBe(first.headers.etag);
  });

  it('carries hostile article text as text: escaped on the page, well-formed in the feed', async () => {
    const { delivery, get } = await setUp();
    const run = issued(await delivery.digest({ article: `${articleBase}/hostile.txt` }));
    const title = (await delivery.issues.getEmail(run.issueId))?.content?.title ?? '';

    const html = (await get(`/issues/${run.issueId}`)).body;
    const archive = (await get('/archive')).body;
    const feed = parseFeed((await get('/feed.xml')).body);

    expect(title).toContain('<script>');
    expect(html).not.toContain('<script>');
    expect(archive).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(page(html).querySelector('h1')?.textContent).toBe(title);
    expect(page(html).querySelector('title')?.textContent).toBe(`${title} · ${LOCAL_BRANDING.siteName}`);
    expect(htmlText(feed.entry?.[0]?.title['#text'] ?? '')).toBe(title);
    expect(page(html).querySelector('h1')?.textContent).toContain('=?utf-8?B?PHNjcmlwdD4=?=');
  });
});

describe('what appears', () => {
  it('never a dry run, a test send, or an issue still being queued', async () => {
    const { delivery, get, archive } = await setUp();
    const dry = issued(await delivery.digest({ article: SAMPLE_ARTICLE, dryRun: true }));
    const test = await delivery.digest({ article: SAMPLE_ARTICLE, testRecipients: ['editor@example.org'] });
    // An issue recorded and leased, its recipients not all queued yet.
    const email = await delivery.issues.getEmail(dry.issueId);
    expect(email).toBeUndefined();
    const begun = await delivery.issues.begin(
      {
        issueId: 'half-queued-0123456789ab',
        subject: 'Half queued',
        article: 'x',
        forced: false,
        createdAt: new Date().toISOString(),
      },
      {
        subject: 'Half queued',
        preheader: '',
        html: '<p>x</p>',
        text: 'x',
        unsubscribeSlot: `https://unsubscribe.invalid/${'a'.repeat(32)}`,
        content: {
          title: 'Half queued',
          source: {
            siteName: null,
            byline: null,
            date: null,
            readingTime: '1 min read',
            url: null,
            line: '',
          },
          keyPoints: ['A point.'],
          quotes: [],
        },
      },
      { owner: 'someone', until: Date.now() + 60_000 },
    );

    expect(test.status).toBe('test-sent');
    expect((await local.aws.sentMail())[0]?.body.text).toContain('View in browser');
    expect(begun.issue.state).toBe('enqueuing');
    expect(await publishIssue('half-queued-0123456789ab', { issues: delivery.issues, archive })).toBe(false);
    for (const id of [dry.issueId, 'half-queued-0123456789ab']) {
      expect((await get(`/issues/${id}`)).statusCode).toBe(404);
    }
    expect(page((await get('/archive')).body).querySelectorAll('.issues li').length).toBe(0);
    expect(parseFeed((await get('/feed.xml')).body).entry).toBeUndefined();
  });

  it('an issue whose run stopped after queuing and before publishing, once the next run finds it', async () => {
    const { delivery, get } = await setUp();
    // The archive write fails once (a fault dynalite cannot make): the run fails after queuing everyone.
    let failures = 1;
    delivery.doc.middlewareStack.add(
      (next, context) => async (args) => {
        // The item as given ({ pk: 'ARCHIVE#…' }) or already marshalled ({ pk: { S: 'ARCHIVE#…' } }).
        const key = (args.input as { Item?: { pk?: string | { S?: string } } }).Item?.pk;
        const pk = typeof key === 'string' ? key : (key?.S ?? '');
        if (
          /^Put(Item)?Command$/.test(context.commandName ?? '') &&
          pk.startsWith('ARCHIVE') &&
          failures-- > 0
        ) {
          throw Object.assign(new Error('service unavailable'), { name: 'ServiceUnavailable' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'failArchiveOnce' },
    );

    await expect(delivery.digest({ article: SAMPLE_ARTICLE })).rejects.toThrow('service unavailable');
    const stopped = issued(await delivery.digest({ article: SAMPLE_ARTICLE }));
    const doc = page((await get('/archive')).body);

    expect(stopped.status).toBe('already-started');
    expect(doc.querySelectorAll('.issues li').length).toBe(1);
    expect((await get(`/issues/${stopped.issueId}`)).statusCode).toBe(200);
  });
});

describe('the archive', () => {
  /** Issues published straight into the archive, a day apart, newest last. */
  async function publishMany(archive: DynamoArchive, n: number): Promise<ArchiveEntry[]> {
    const entries = Array.from({ length: n }, (_, i) => ({
      issueId: `issue-${String(i).padStart(2, '0')}-0123456789ab`,
      title: `Issue number ${i}`,
      publishedAt: new Date(Date.UTC(2026, 0, 1 + i, 6)).toISOString(),
      keyPoints: [`Lead point of issue ${i}.`, 'Another point.'],
      sourceUrl: null,
    }));
    for (const e of entries) {
      await archive.publish({
        ...e,
        content: {
          title: e.title,
          source: {
            siteName: null,
            byline: null,
            date: null,
            readingTime: '1 min read',
            url: null,
            line: '',
          },
          keyPoints: e.keyPoints,
          quotes: [],
        },
      });
    }
    return entries;
  }

  it('lists every issue once, newest first, with its date and first key point, a page at a time', async () => {
    const { archive, get, commands } = await setUp();
    const entries = await publishMany(archive, 23);
    commands.length = 0;

    const seen: string[] = [];
    let next: string | null = '/archive?limit=10';
    let pages = 0;
    while (next) {
      const res = await get(next);
      expect(res.statusCode).toBe(200);
      const doc = page(res.body);
      for (const li of doc.querySelectorAll('.issues li')) {
        seen.push(li.querySelector('h2')?.textContent ?? '');
        expect(li.querySelector('.lead')?.textContent).toMatch(/^Lead point of issue \d+\.$/);
        expect(li.querySelector('time')?.getAttribute('datetime')).toMatch(/^2026-01-/);
      }
      const older = doc.querySelector('a[rel=next]')?.getAttribute('href');
      next = older ? pathOf(older) : null;
      pages++;
    }

    expect(seen).toEqual(entries.map((e) => e.title).reverse());
    expect(pages).toBe(3);
    // One Query of a page and one more per page; never a Scan.
    expect(commands).toEqual(['QueryCommand(11)', 'QueryCommand(11)', 'QueryCommand(11)']);
  });

  it('shows the first page at its default size, and links back to it from older pages', async () => {
    const { archive, get } = await setUp();
    await publishMany(archive, 25);

    const first = page((await get('/archive')).body);
    const older = first.querySelector('a[rel=next]')?.getAttribute('href') ?? '';
    const second = page((await get(pathOf(older))).body);

    expect(first.querySelectorAll('.issues li').length).toBe(20);
    expect(first.querySelector('h1')?.textContent).toBe('Past issues');
    expect(second.querySelectorAll('.issues li').length).toBe(5);
    expect(second.querySelector('a[rel=next]')).toBeNull();
    expect(pathOf(second.querySelector('.pager a')?.getAttribute('href') ?? '')).toBe('/archive');
  });

  it('refuses a forged cursor or a page size out of bounds with 400 and a page, not a stack trace', async () => {
    const { archive, get, commands } = await setUp();
    await publishMany(archive, 2);
    commands.length = 0;

    for (const query of [
      'cursor=forged',
      'cursor=%3Cscript%3E',
      `cursor=${Buffer.from('2026-01-01T00:00:00.000Z#Evil').toString('base64url')}`,
      `cursor=${'A'.repeat(5000)}`,
      'limit=0',
      'limit=51',
      'limit=ten',
    ]) {
      const res = await get(`/archive?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).not.toMatch(/\bat .*\.ts:\d+|Error:/);
      expect(page(res.body).querySelector('h1')?.textContent).toBe('That request could not be read');
    }
    expect(commands).toEqual([]);
  });

  it('is well-formed Atom in the feed: one entry per issue, newest first, with stable ids', async () => {
    const { archive, get } = await setUp();
    const entries = await publishMany(archive, 3);

    const res = await get('/feed.xml');
    const feed = parseFeed(res.body);
    const again = await get('/feed.xml');

    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(feed.entry?.map((e) => e.id)).toEqual(
      entries.map((e) => `${SITE_URL}/issues/${e.issueId}`).reverse(),
    );
    expect(again.body).toBe(res.body);
    expect(again.headers.etag).toBe(res.headers.etag);
    expect((await get('/feed.xml', { 'if-none-match': res.headers.etag ?? '' })).statusCode).toBe(304);
  });

  it('answers HEAD, refuses other methods with 405, and 404 for anything under /issues that is not an issue', async () => {
    const { archive, app, get } = await setUp();
    await publishMany(archive, 1);

    const head = await app(request('HEAD', '/archive'));
    const post = await app(request('POST', '/archive'));

    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers.etag).toBe((await get('/archive')).headers.etag);
    expect(post.statusCode).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    for (const path of ['/issues', '/issues/Nope', '/issues/a%2Fb', '/issues/unknown-0123456789ab']) {
      const res = await get(path);
      expect(res.statusCode, path).toBe(404);
      expect(page(res.body).querySelector('h1')?.textContent).toBe('Page not found');
    }
  });

  it('offers itself from the subscribe page and the feed from every page', async () => {
    const { get } = await setUp();
    const doc = page((await get('/')).body);

    expect(doc.querySelector(`a[href="${SITE_URL}/archive"]`)?.textContent).toBe('Read past issues');
    expect(doc.querySelector('link[rel=alternate]')?.getAttribute('href')).toBe(`${SITE_URL}/feed.xml`);
  });
});

describe('a private newsletter (the archive off)', () => {
  it('publishes nothing, links nowhere, and answers 404 on all three routes', async () => {
    const { delivery, get, tableName } = await setUp({ publicArchive: false, archive: false });
    const run = issued(await delivery.digest({ article: SAMPLE_ARTICLE }));
    await delivery.queue.drain(delivery.deliver);
    const mails = await local.aws.sentMail();
    const rows = await new DynamoArchive(delivery.doc, tableName).list(undefined, 10);

    expect(mails.length).toBe(2);
    for (const mail of mails) {
      expect(mail.body.text).not.toContain('View in browser');
      expect(mail.body.html).not.toContain('/issues/');
    }
    expect(rows).toEqual([]);
    for (const path of [`/issues/${run.issueId}`, '/archive', '/feed.xml']) {
      expect((await get(path)).statusCode, path).toBe(404);
    }
    const subscribe = page((await get('/')).body);
    expect(subscribe.querySelector('a[href$="/archive"]')).toBeNull();
    expect(subscribe.querySelector('link[rel=alternate]')).toBeNull();
  });
});
