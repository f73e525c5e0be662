// Story claims on dynalite, through the startIssue use case: a run that chose a story another issue took meanwhile
// (its read of the story log was stale) loses the claim, gives back the claims it made, and sends an issue without
// that story; `force` sends the stories again on purpose and leaves the earlier claims as they are.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleSourceFor, documentSourceFor } from '../../functions/adapters/article-sources/index.js';
import { DynamoStoryLog } from '../../functions/adapters/dynamo/story-log.js';
import { fileTemplates } from '../../functions/adapters/templates.js';
import { type FeedSite, siteStory, startFeedSite } from '../../functions/cli/feed-site.js';
import { LOCAL_BRANDING, type LocalDelivery } from '../../functions/cli/local-delivery.js';
import { type IssueRequest, startIssue } from '../../functions/delivery/start-issue.js';
import { linkKey, type StoryLog } from '../../functions/delivery/stories.js';
import { createDigestRenderer } from '../../functions/email/render.js';
import { createStoriesRenderer } from '../../functions/email/stories.js';
import { freshTable, seed, subscriber, useLocalDeliveries } from '../helpers/delivery-fixtures.js';

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
const request = (extra: Partial<IssueRequest> = {}): IssueRequest => ({
  article: site.feedUrl,
  dryRun: false,
  testRecipients: [],
  force: false,
  ...extra,
});

function depsFor(delivery: LocalDelivery, tableName: string, storyLog: StoryLog) {
  return {
    loadArticle: (l: string) => articleSourceFor(l, { privateNetwork: 'allow' }).load(),
    loadSource: (l: string) => documentSourceFor(l, { privateNetwork: 'allow', feeds: true }).load(),
    render: createDigestRenderer(fileTemplates(), LOCAL_BRANDING),
    renderStories: createStoriesRenderer(fileTemplates(), LOCAL_BRANDING),
    storyLog,
    issues: delivery.issues,
    sends: delivery.sends,
    subscribers: delivery.subscribers,
    queue: delivery.queue,
    owner: `test-${tableName}`,
    now: Date.now,
  };
}

async function claimsOf(delivery: LocalDelivery, tableName: string): Promise<Map<string, string>> {
  const out = await delivery.doc.send(new ScanCommand({ TableName: tableName }));
  return new Map(
    (out.Items ?? [])
      .filter((i) => String(i.pk).startsWith('STORY#'))
      .map((i) => [String(i.storyKey), String(i.issueId)]),
  );
}

describe('a story another issue took after this run read the story log', () => {
  it('is given up: the run sends an issue without it and keeps no claim of the issue it gave up', async () => {
    const tableName = await freshTable();
    const delivery = local.open({ tableName });
    await seed(delivery, [subscriber(1)]);
    const log = new DynamoStoryLog(delivery.doc, tableName);
    // Another issue, already sending, took story 1.
    const email = { subject: 's', preheader: '', html: '<p>x</p>', text: 'x', unsubscribeSlot: '' };
    const now = Date.now();
    await delivery.issues.begin(
      {
        issueId: 'other-issue',
        subject: 's',
        article: 'x',
        forced: false,
        createdAt: new Date(now).toISOString(),
      },
      email,
      { owner: 'other', until: now + 60_000 },
    );
    await delivery.issues.finishEnqueue('other-issue', 'other', now);
    await log.claim(linkKey(storyUrl(1)), 'other-issue', { title: title(1), location: storyUrl(1) }, now);
    // This run's first read of the story log is stale: it does not see that claim.
    let reads = 0;
    const stale: StoryLog = {
      find: async (keys) => (reads++ === 0 ? new Map() : log.find(keys)),
      claim: (...args) => log.claim(...args),
      release: (...args) => log.release(...args),
    };

    const result = await startIssue(request(), depsFor(delivery, tableName, stale));

    expect(result.status).toBe('enqueued');
    if (result.status !== 'enqueued') return;
    expect(result.stories?.map((s) => s.title)).toEqual([title(2), title(0)]);
    const claims = await claimsOf(delivery, tableName);
    expect(claims.get(linkKey(storyUrl(1)))).toBe('other-issue');
    expect(claims.get(linkKey(storyUrl(2)))).toBe(result.issueId);
    expect(new Set(claims.values())).toEqual(new Set(['other-issue', result.issueId]));
  });
});

describe('a forced issue of a feed', () => {
  it('sends the newest stories again, sent or not, and the next run still finds nothing new', async () => {
    site.stories = [0, 1];
    const tableName = await freshTable();
    const delivery = local.open({ tableName });
    await seed(delivery, [subscriber(1)]);
    const deps = depsFor(delivery, tableName, new DynamoStoryLog(delivery.doc, tableName));

    const first = await startIssue(request(), deps);
    const forced = await startIssue(request({ force: true }), deps);
    const after = await startIssue(request(), deps);

    expect(first.status).toBe('enqueued');
    expect(forced).toMatchObject({ status: 'enqueued', issueId: expect.stringMatching(/-r[0-9a-z]+$/) });
    if (forced.status === 'enqueued')
      expect(forced.stories?.map((s) => s.title)).toEqual([title(1), title(0)]);
    expect(after).toMatchObject({ status: 'nothing-new', alreadySent: 2 });
    const firstId = first.status === 'enqueued' ? first.issueId : '';
    expect(new Set((await claimsOf(delivery, tableName)).values())).toEqual(new Set([firstId]));
  });
});
