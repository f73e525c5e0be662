// The digest function against dynalite and aws-ses-v2-local: the issue id holds across repeated and retried runs,
// `force` starts a second issue on purpose, a dry run and a test send record nothing, bad events are refused in one
// line, a failing article source sends and records nothing, and queuing cut short resumes from its checkpoints.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { articleSourceFor } from '../../functions/adapters/article-sources/index.js';
import { DynamoArchive } from '../../functions/adapters/dynamo/archive.js';
import { DynamoStoryLog } from '../../functions/adapters/dynamo/story-log.js';
import { InProcessQueue, lambdaContext } from '../../functions/adapters/queue/in-process.js';
import { SesMailer } from '../../functions/adapters/ses-mailer.js';
import { fileTemplates } from '../../functions/adapters/templates.js';
import {
  LOCAL_BRANDING,
  LOCAL_SENDER,
  type LocalDelivery,
  type LocalDeliveryOptions,
} from '../../functions/cli/local-delivery.js';
import type { DeliveryMessage, DeliveryQueue } from '../../functions/delivery/messages.js';
import { createDigestHandler } from '../../functions/handlers/digest/app.js';
import { verifyToken } from '../../functions/subscribers/signed-tokens.js';
import {
  countBy,
  freshTable,
  issued,
  recipientsOf,
  SAMPLE_ARTICLE,
  seed,
  subscriber,
  TEST_SECRET,
  useLocalDeliveries,
} from '../helpers/delivery-fixtures.js';

const local = useLocalDeliveries();
const dir = mkdtempSync(join(tmpdir(), 'digest-handler-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function setUp(active: number, options: Partial<LocalDeliveryOptions> = {}) {
  const tableName = await freshTable();
  const delivery = local.open({ tableName, outbox: join(dir, tableName), ...options });
  await seed(delivery, [
    ...Array.from({ length: active }, (_, i) => subscriber(i)),
    subscriber(900, 'pending'),
    subscriber(901, 'unsubscribed'),
  ]);
  return { delivery, tableName, outbox: join(dir, tableName) };
}

async function issueItems(delivery: LocalDelivery, tableName: string) {
  const out = await delivery.doc.send(new ScanCommand({ TableName: tableName }));
  return (out.Items ?? []).filter((i) => String(i.pk).startsWith('ISSUE#'));
}

function article(name: string, title: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `${title}\n\nFirst paragraph of ${title}.\n\nSecond paragraph, with more words in it.\n`,
  );
  return path;
}

describe('the issue id', () => {
  it('is the same when the schedule fires twice: the second run queues nothing', async () => {
    const { delivery } = await setUp(3);
    const scheduled = { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} };

    const first = issued(await delivery.digest(scheduled));
    await delivery.queue.drain(delivery.deliver);
    const second = await delivery.digest(scheduled);

    expect(first.status).toBe('enqueued');
    expect(second).toMatchObject({ status: 'already-started', issueId: first.issueId });
    expect(delivery.queue.size).toBe(0);
    expect((await recipientsOf(local.aws)).length).toBe(3);
  });

  it('changes with the article, and `force` starts a second issue of the same article on purpose', async () => {
    const { delivery } = await setUp(2);
    const a = article('a.txt', 'Alpha news');
    const b = article('b.txt', 'Beta news');

    const runA = issued(await delivery.digest({ article: a }));
    const runB = issued(await delivery.digest({ article: b }));
    const forced = issued(await delivery.digest({ article: a, force: true }));
    await delivery.queue.drain(delivery.deliver);

    expect(new Set([runA.issueId, runB.issueId, forced.issueId]).size).toBe(3);
    expect(forced.status).toBe('enqueued');
    const got = countBy(await recipientsOf(local.aws));
    expect([...got.values()]).toEqual([3, 3]);
  });
});

describe('a dry run', () => {
  it('renders and counts the recipients, and sends and records nothing', async () => {
    const { delivery, tableName } = await setUp(4);

    const run = await delivery.digest({ article: 'sample', dryRun: true });

    expect(run).toMatchObject({ status: 'dry-run', recipients: 4 });
    if (run.status === 'dry-run') expect(run.htmlBytes).toBeGreaterThan(0);
    expect(delivery.queue.size).toBe(0);
    expect(await issueItems(delivery, tableName)).toEqual([]);
    expect(await local.aws.sentMail()).toEqual([]);
  });
});

describe('a dry run asked for in the shape of a scheduled event', () => {
  it('is refused in one line: nothing is queued, recorded or sent', async () => {
    const { delivery, tableName } = await setUp(2);
    const event = { 'detail-type': 'Scheduled Event', source: 'aws.scheduler', dryRun: true };

    await expect(delivery.digest(event)).rejects.toThrow(/^invalid scheduled event: "dryRun" belongs/);
    await expect(delivery.digest(event)).rejects.toHaveProperty('name', 'InvalidEventError');

    expect(delivery.queue.size).toBe(0);
    expect(await issueItems(delivery, tableName)).toEqual([]);
    expect(await local.aws.sentMail()).toEqual([]);
  });
});

describe('a test send', () => {
  it('sends only to the test recipients, marked [TEST], with working unsubscribe headers, recording nothing', async () => {
    const { delivery, tableName, outbox } = await setUp(3);

    const run = await delivery.digest({ testRecipients: ['Editor@Example.com', 'second@example.com'] });

    expect(run.status).toBe('test-sent');
    const mail = await local.aws.sentMail();
    expect(mail.map((m) => m.destination.to[0]).sort()).toEqual(['editor@example.com', 'second@example.com']);
    expect(mail.every((m) => m.subject.startsWith('[TEST] '))).toBe(true);
    expect(await issueItems(delivery, tableName)).toEqual([]);
    expect(delivery.queue.size).toBe(0);
    const raw = readFileSync(join(outbox, 'editor@example.com.eml'), 'utf8');
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    const token = /unsubscribe\?token=([\w.%-]+)>/.exec(raw.replace(/\r?\n\s+/g, ' '))?.[1] ?? '';
    expect(
      verifyToken(TEST_SECRET, decodeURIComponent(token), 'unsubscribe', Date.now() / 1000).subscriberId,
    ).toBe('test-recipient');
  });

  it('refuses a malformed address before sending anything', async () => {
    const { delivery } = await setUp(1);

    await expect(
      delivery.digest({ testRecipients: ['me@example.com\r\nBcc: all@example.com'] }),
    ).rejects.toThrow(/^invalid event: testRecipients\.0: /);
    expect(await local.aws.sentMail()).toEqual([]);
  });
});

describe('bad input', () => {
  it('refuses unknown fields, so a misspelt flag cannot turn a dry run into a real send', async () => {
    const { delivery } = await setUp(1);

    await expect(delivery.digest({ dryrun: true })).rejects.toThrow(/invalid event: .*dryrun/);
    await expect(delivery.digest('run it')).rejects.toThrow('invalid event: expected a JSON object');
    expect(delivery.queue.size).toBe(0);
  });

  it('sends and records nothing when the article cannot be loaded, and says why in one line', async () => {
    const { delivery, tableName } = await setUp(2);

    const failure = delivery.digest({ article: join(dir, 'no-such-article.txt') });

    await expect(failure).rejects.toThrow(/^cannot read .*no-such-article\.txt: no such file$/);
    await expect(failure).rejects.toMatchObject({ name: 'ArticleError' });
    expect(await issueItems(delivery, tableName)).toEqual([]);
    expect(delivery.queue.size).toBe(0);
    expect(await local.aws.sentMail()).toEqual([]);
  });
});

/** A queue that fails after accepting `okCalls` sends: the digest invocation dies part way through queuing. */
class FailingQueue implements DeliveryQueue {
  calls = 0;
  constructor(
    private readonly inner: DeliveryQueue,
    private readonly okCalls: number,
  ) {}
  async send(messages: readonly DeliveryMessage[]): Promise<void> {
    if (++this.calls > this.okCalls) throw new Error('queue unavailable');
    await this.inner.send(messages);
  }
}

describe('queuing cut short', () => {
  it('resumes from its checkpoints on the next run, and everyone gets exactly one email', async () => {
    const { delivery, tableName } = await setUp(40);
    const queue = new InProcessQueue({ visibilityTimeoutMs: 10 });
    const digest = (q: DeliveryQueue) =>
      createDigestHandler({
        issues: delivery.issues,
        tally: delivery.tally,
        subscribers: delivery.subscribers,
        storyLog: new DynamoStoryLog(delivery.doc, tableName),
        loadArticle: (location) => articleSourceFor(location).load(),
        queue: q,
        templates: fileTemplates(),
        branding: LOCAL_BRANDING,
        articles: { defaultArticle: 'sample', samplePath: SAMPLE_ARTICLE, allowFiles: true },
        logger: new Logger({ logLevel: 'SILENT' }),
        mailer: new SesMailer(delivery.ses),
        sender: LOCAL_SENDER,
        siteUrl: LOCAL_BRANDING.siteUrl,
        tokenSecret: async () => TEST_SECRET,
        recipientsPerMessage: 2,
      });

    const cut = digest(new FailingQueue(queue, 3))({ article: 'sample' });
    await expect(cut).rejects.toThrow('queue unavailable');
    const queuedBefore = queue.recipientsWaiting();
    const resumed = issued(await digest(queue)({ article: 'sample' }));
    await queue.drain(delivery.deliver);

    expect(queuedBefore).toBeGreaterThan(0);
    expect(resumed).toMatchObject({ status: 'enqueued', resumed: true, recipients: 40 });
    const got = countBy(await recipientsOf(local.aws));
    expect(got.size).toBe(40);
    expect([...got.values()].every((n) => n === 1)).toBe(true);
    const issue = await delivery.issues.get(resumed.issueId);
    expect(issue).toMatchObject({ state: 'complete', recipients: 40 });
  });

  it('is finished by the deliver function when the digest invocation fails part way and is never retried', async () => {
    const { delivery, tableName } = await setUp(40);
    const digest = createDigestHandler({
      issues: delivery.issues,
      tally: delivery.tally,
      subscribers: delivery.subscribers,
      storyLog: new DynamoStoryLog(delivery.doc, tableName),
      loadArticle: (location) => articleSourceFor(location).load(),
      queue: new FailingQueue(delivery.queue, 3),
      templates: fileTemplates(),
      branding: LOCAL_BRANDING,
      articles: { defaultArticle: 'sample', samplePath: SAMPLE_ARTICLE, allowFiles: true },
      logger: new Logger({ logLevel: 'SILENT' }),
      mailer: new SesMailer(delivery.ses),
      sender: LOCAL_SENDER,
      siteUrl: LOCAL_BRANDING.siteUrl,
      tokenSecret: async () => TEST_SECRET,
      recipientsPerMessage: 2,
    });

    await expect(digest({ article: 'sample' })).rejects.toThrow('queue unavailable');
    // No second digest run: the watch sent with the issue picks up every unfinished shard.
    const drained = await delivery.queue.drain(delivery.deliver);

    expect(drained.deadLettered).toEqual([]);
    const got = countBy(await recipientsOf(local.aws));
    expect(got.size).toBe(40);
    expect([...got.values()].every((n) => n === 1)).toBe(true);
    const issue = (await issueItems(delivery, tableName)).find((i) => i.sk === 'META');
    expect(issue).toMatchObject({ state: 'complete', recipients: 40 });
  });

  it('hands what it has no time left for over to the deliver function, which publishes the issue', async () => {
    const { delivery, tableName } = await setUp(40);
    let checks = 0;
    // Time for three pages, then the invocation is about to end.
    const context = { ...lambdaContext(), getRemainingTimeInMillis: () => (checks++ < 3 ? 60_000 : 1_000) };

    const run = issued(await delivery.digest({ article: 'sample' }, context));
    const drained = await delivery.queue.drain(delivery.deliver);

    expect(run).toMatchObject({ status: 'handed-over', resumed: false });
    expect(run.status === 'handed-over' && run.shards).toBeGreaterThan(0);
    expect(run.status === 'handed-over' && run.recipients).toBeLessThan(40);
    expect(drained.deadLettered).toEqual([]);
    const got = countBy(await recipientsOf(local.aws));
    expect(got.size).toBe(40);
    expect([...got.values()].every((n) => n === 1)).toBe(true);
    expect(await delivery.issues.get(run.issueId)).toMatchObject({ state: 'complete', recipients: 40 });
    expect(await new DynamoArchive(delivery.doc, tableName).get(run.issueId)).toMatchObject({
      issueId: run.issueId,
    });
  });

  it('leaves an issue being queued by a live invocation alone', async () => {
    const { delivery } = await setUp(2);
    const email = { subject: 's', preheader: '', html: '<p>x</p>', text: 'x', unsubscribeSlot: '' };
    const first = issued(await delivery.digest({ article: 'sample', dryRun: true }));
    await delivery.issues.begin(
      {
        issueId: first.issueId,
        subject: 's',
        article: 'sample',
        forced: false,
        createdAt: new Date().toISOString(),
      },
      email,
      { owner: 'another-invocation', until: Date.now() + 60_000 },
      delivery.subscribers.shards,
    );

    const run = await delivery.digest({ article: 'sample' });

    expect(run.status).toBe('in-progress');
    expect(delivery.queue.size).toBe(0);
  });
});
