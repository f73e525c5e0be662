// The digest function on feeds and lists, against dynalite and aws-ses-v2-local and a news site on 127.0.0.1: a dry
// run lists the stories and claims none, a test send records nothing, the schedule firing twice finds the same
// issue, an explicit list makes an issue in its order, a story seen again under a new link is not resent, an issue
// cut short is finished before a newer story goes out, a story another issue holds is never sent twice, and in
// Lambda (addresses guarded) neither the feed nor its stories may be on a private address.
import { Logger } from '@aws-lambda-powertools/logger';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  articleSourceFor,
  documentSourceFor,
  type PrivateNetwork,
} from '../../functions/adapters/article-sources/index.js';
import { DynamoIssueLog } from '../../functions/adapters/dynamo/issue-log.js';
import { DynamoIssueTally } from '../../functions/adapters/dynamo/issue-tally.js';
import { DynamoStoryLog } from '../../functions/adapters/dynamo/story-log.js';
import { DynamoSubscriberStore } from '../../functions/adapters/dynamo/subscriber-store.js';
import { SesMailer } from '../../functions/adapters/ses-mailer.js';
import { fileTemplates } from '../../functions/adapters/templates.js';
import { type FeedSite, siteStory, startFeedSite } from '../../functions/cli/feed-site.js';
import { LOCAL_BRANDING, LOCAL_SENDER, type LocalDelivery } from '../../functions/cli/local-delivery.js';
import type { DeliveryMessage, DeliveryQueue } from '../../functions/delivery/messages.js';
import { createDigestHandler, type DigestAppDeps } from '../../functions/handlers/digest/app.js';
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
let site: FeedSite;
beforeAll(async () => {
  site = await startFeedSite([0, 1, 2]);
});
afterAll(async () => {
  await site.stop();
});

const title = (n: number) => siteStory(n).title;
const storyUrl = (n: number) => `${site.base}/stories/${siteStory(n).slug}.html`;

async function setUp(active: number) {
  const tableName = await freshTable();
  const delivery = local.open({ tableName });
  await seed(
    delivery,
    Array.from({ length: active }, (_, i) => subscriber(i)),
  );
  return { delivery, tableName };
}

/** The digest function as in Lambda but for the local addresses: the schedule's default article is the feed. */
function digestFor(
  delivery: LocalDelivery,
  tableName: string,
  overrides: Partial<DigestAppDeps> = {},
  privateNetwork: PrivateNetwork = 'allow',
) {
  return createDigestHandler({
    issues: new DynamoIssueLog(delivery.doc, tableName),
    tally: new DynamoIssueTally(delivery.doc, tableName),
    subscribers: new DynamoSubscriberStore(delivery.doc, tableName),
    storyLog: new DynamoStoryLog(delivery.doc, tableName),
    loadArticle: (location) => articleSourceFor(location, { privateNetwork }).load(),
    loadSource: (location) => documentSourceFor(location, { privateNetwork, feeds: true }).load(),
    queue: delivery.queue,
    templates: fileTemplates(),
    branding: LOCAL_BRANDING,
    articles: { defaultArticle: site.feedUrl, samplePath: SAMPLE_ARTICLE, allowFiles: true },
    logger: new Logger({ logLevel: 'SILENT' }),
    mailer: new SesMailer(delivery.ses),
    sender: LOCAL_SENDER,
    siteUrl: LOCAL_BRANDING.siteUrl,
    tokenSecret: async () => TEST_SECRET,
    ...overrides,
  });
}

async function items(delivery: LocalDelivery, tableName: string, prefix: string) {
  const out = await delivery.doc.send(new ScanCommand({ TableName: tableName }));
  return (out.Items ?? []).filter((i) => String(i.pk).startsWith(prefix));
}

/** Every story headline each recipient got, counted: one entry per (recipient, headline). */
async function storiesReceived(): Promise<Map<string, number>> {
  const got = new Map<string, number>();
  for (const mail of await local.aws.sentMail()) {
    const to = mail.destination.to.join(',');
    for (let n = 0; n < 8; n++) {
      if ((mail.body.text ?? '').includes(title(n))) got.set(`${to} ${n}`, (got.get(`${to} ${n}`) ?? 0) + 1);
    }
  }
  return got;
}

describe('a dry run of a feed', () => {
  it('lists the stories it would send, and claims, records and sends nothing', async () => {
    site.stories = [0, 1, 2];
    const { delivery, tableName } = await setUp(2);
    const digest = digestFor(delivery, tableName);

    const dry = await digest({ dryRun: true });
    const real = await digest({});
    await delivery.queue.drain(delivery.deliver);

    expect(dry).toMatchObject({ status: 'dry-run', recipients: 2 });
    if (dry.status === 'dry-run') {
      expect(dry.stories).toEqual([2, 1, 0].map((n) => ({ title: title(n), location: storyUrl(n) })));
    }
    // The real run after it still sends every story: the dry run marked none as sent.
    expect(real).toMatchObject({ status: 'enqueued', issueId: issued(dry).issueId });
    expect((await storiesReceived()).size).toBe(2 * 3);
  });
});

describe('a test send of a feed', () => {
  it('sends the issue to the test address only, and a real run still sends every story', async () => {
    site.stories = [0, 1];
    const { delivery, tableName } = await setUp(1);
    const digest = digestFor(delivery, tableName);

    const test = await digest({ testRecipients: ['editor@example.org'] });
    expect(await items(delivery, tableName, 'STORY#')).toEqual([]);
    expect(await items(delivery, tableName, 'ISSUE#')).toEqual([]);
    const real = await digest({});
    await delivery.queue.drain(delivery.deliver);

    expect(test).toMatchObject({ status: 'test-sent', subject: expect.stringMatching(/^\[TEST\] /) });
    expect(real.status).toBe('enqueued');
    expect(countBy(await recipientsOf(local.aws))).toEqual(
      new Map([
        ['editor@example.org', 1],
        ['reader0@example.org', 1],
      ]),
    );
  });
});

describe('the schedule firing twice on a feed', () => {
  it('finds the same issue: the second run queues nothing', async () => {
    site.stories = [0, 1, 2];
    const { delivery, tableName } = await setUp(3);
    const digest = digestFor(delivery, tableName);
    const scheduled = { 'detail-type': 'Scheduled Event', source: 'aws.scheduler', detail: {} };

    const [first, second] = await Promise.all([digest(scheduled), digest(scheduled)]);
    await delivery.queue.drain(delivery.deliver);
    const third = await digest(scheduled);

    // One of them queues the issue; the other finds it being queued, queued already, or its stories taken.
    const statuses = [first.status, second.status];
    expect(statuses.filter((s) => s === 'enqueued')).toHaveLength(1);
    expect(
      statuses.every((s) => ['enqueued', 'in-progress', 'already-started', 'nothing-new'].includes(s)),
    ).toBe(true);
    const ids = [first, second].flatMap((r) => ('issueId' in r ? [r.issueId] : []));
    expect(new Set(ids).size).toBe(1);
    expect(third).toMatchObject({ status: 'nothing-new', alreadySent: 3 });
    expect([...(await storiesReceived()).values()].every((n) => n === 1)).toBe(true);
    expect((await storiesReceived()).size).toBe(3 * 3);
  });
});

describe('an explicit list of articles', () => {
  it('makes an issue of them in their order, and leaves out what an earlier issue sent', async () => {
    const { delivery, tableName } = await setUp(1);
    const digest = digestFor(delivery, tableName);

    const first = await digest({ articles: [storyUrl(5), storyUrl(3)] });
    await delivery.queue.drain(delivery.deliver);
    const again = await digest({ articles: [storyUrl(3), storyUrl(6)] });
    await delivery.queue.drain(delivery.deliver);

    expect(first).toMatchObject({ status: 'enqueued', article: '2 articles' });
    if (first.status === 'enqueued') expect(first.stories?.map((s) => s.title)).toEqual([title(5), title(3)]);
    if (again.status === 'enqueued') expect(again.stories?.map((s) => s.title)).toEqual([title(6)]);
    expect(again.status).toBe('enqueued');
    await expect(digest({ article: storyUrl(1), articles: [storyUrl(2)] })).rejects.toThrow(
      /give either "article" or "articles", not both/,
    );
  });
});

describe('a story found again under another link', () => {
  it('is known by its text and not sent again', async () => {
    const { delivery, tableName } = await setUp(1);
    const digest = digestFor(delivery, tableName);

    await digest({ articles: [storyUrl(4)] });
    await delivery.queue.drain(delivery.deliver);
    const moved = await digest({ articles: [`${storyUrl(4)}?from=homepage`] });

    expect(moved).toMatchObject({ status: 'nothing-new', considered: 1, alreadySent: 1 });
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

describe('an issue of stories cut short while queuing', () => {
  it('is finished before a newer story goes out, and nobody gets a story twice', async () => {
    site.stories = [0, 1];
    const { delivery, tableName } = await setUp(12);
    const cut = digestFor(delivery, tableName, {
      queue: new FailingQueue(delivery.queue, 1),
      recipientsPerMessage: 2,
      leaseMs: 1,
    });
    const digest = digestFor(delivery, tableName, { recipientsPerMessage: 2 });

    await expect(cut({})).rejects.toThrow('queue unavailable');
    site.stories = [0, 1, 2];
    const resumed = await digest({});
    const next = await digest({});
    await delivery.queue.drain(delivery.deliver);

    expect(resumed).toMatchObject({ status: 'enqueued', resumed: true, recipients: 12 });
    if (resumed.status === 'enqueued')
      expect(resumed.stories?.map((s) => s.title)).toEqual([title(1), title(0)]);
    expect(next).toMatchObject({ status: 'enqueued', resumed: false });
    if (next.status === 'enqueued') expect(next.stories?.map((s) => s.title)).toEqual([title(2)]);
    const got = await storiesReceived();
    expect(got.size).toBe(12 * 3);
    expect([...got.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('in Lambda, where private addresses are blocked', () => {
  it('refuses a feed on a private address, and sends and records nothing', async () => {
    const { delivery, tableName } = await setUp(1);
    const digest = digestFor(delivery, tableName, {}, 'block');

    await expect(digest({ article: site.feedUrl })).rejects.toThrow(
      /^cannot fetch http:\/\/127\.0\.0\.1:\d+\/feed\.xml: 127\.0\.0\.1 is a loopback address/,
    );
    expect(await items(delivery, tableName, 'ISSUE#')).toEqual([]);
  });

  it('loads each story through the same guard: a feed naming private addresses sends nothing', async () => {
    const { delivery, tableName } = await setUp(1);
    const digest = digestFor(
      delivery,
      tableName,
      {
        // A public feed (as if fetched from the web) that lists pages on the function's own network.
        loadSource: async () => ({
          kind: 'feed',
          feed: {
            location: 'https://feeds.example/daily.xml',
            format: 'rss',
            items: [
              { link: storyUrl(0), title: title(0) },
              { link: 'http://169.254.169.254/latest/meta-data/' },
            ],
          },
        }),
      },
      'block',
    );

    const failure = digest({ article: 'https://feeds.example/daily.xml' });

    await expect(failure).rejects.toMatchObject({ name: 'NoStoriesError' });
    await expect(failure).rejects.toThrow(
      /127\.0\.0\.1 is a loopback address.*169\.254\.169\.254 is a link-local/,
    );
    expect(await items(delivery, tableName, 'ISSUE#')).toEqual([]);
    expect(await items(delivery, tableName, 'STORY#')).toEqual([]);
  });
});
