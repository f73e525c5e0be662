// The rules of multi-story issues, without I/O: a feed's candidates (each story once, newest first, items we cannot
// follow left out with why), the keys a story is known by, the issue id from the set of stories, claims made in
// one order and stopped at the first conflict, and stories loaded a few at a time with failures named.
import { describe, expect, it } from 'vitest';
import {
  type ClaimStoryResult,
  claimStories,
  type Feed,
  feedCandidates,
  guidKey,
  linkKey,
  listCandidates,
  refusedLink,
  type StoryClaim,
  storiesIssueId,
} from '../../../functions/delivery/stories.js';
import { loadStories, storyDigest } from '../../../functions/delivery/story-selection.js';
import { ArticleError, type RawArticle } from '../../../functions/engine/article.js';

const feed = (items: Feed['items'], location = 'https://news.example/feed.xml'): Feed => ({
  location,
  format: 'rss',
  items,
});

describe('a feed with duplicate items', () => {
  it('keeps the first of each link or GUID', () => {
    const { candidates } = feedCandidates(
      feed([
        { link: 'https://news.example/a', guid: 'a', title: 'A' },
        { link: 'https://news.example/a#comments', title: 'A again, by link' },
        { link: 'https://news.example/a2', guid: 'a', title: 'A again, by GUID' },
        { link: 'https://news.example/b?utm_source=rss', title: 'B' },
        { link: 'https://NEWS.example:443/b', title: 'B again' },
      ]),
    );

    expect(candidates.map((c) => c.title)).toEqual(['A', 'B']);
  });
});

describe('the order of candidates', () => {
  it('is newest first by date when every item has one, the feed’s order otherwise', () => {
    const dated = feedCandidates(
      feed([
        { link: 'https://n.example/old', publishedAt: '2024-01-01T00:00:00Z' },
        { link: 'https://n.example/new', publishedAt: '2024-03-01T00:00:00Z' },
        { link: 'https://n.example/mid', publishedAt: '2024-02-01T00:00:00Z' },
      ]),
    );
    const undated = feedCandidates(
      feed([
        { link: 'https://n.example/first', publishedAt: '2024-01-01T00:00:00Z' },
        { link: 'https://n.example/second' },
      ]),
    );

    expect(dated.candidates.map((c) => c.location.split('/').pop())).toEqual(['new', 'mid', 'old']);
    expect(undated.candidates.map((c) => c.location.split('/').pop())).toEqual(['first', 'second']);
  });
});

describe('items that cannot be followed', () => {
  it('are left out with the reason: no link, or a link a feed from there may not make us read', () => {
    const web = feedCandidates(
      feed([
        { title: 'No link' },
        { link: 'file:///etc/passwd' },
        { link: 's3://private-bucket/secrets.txt' },
        { link: 'ftp://news.example/a' },
        { link: 'https://news.example/ok' },
      ]),
    );

    expect(web.candidates.map((c) => c.location)).toEqual(['https://news.example/ok']);
    expect(web.leftOut.map((l) => l.reason)).toEqual([
      'the item has no link',
      'its file: link is not followed (only http and https)',
      'links to S3 outside the feed’s own bucket are not followed',
      'its ftp: link is not followed (only http and https)',
    ]);
  });

  it('lets a feed in S3 name its own bucket, and a local feed name files', () => {
    expect(refusedLink('s3://articles/feeds/daily.xml', 's3://articles/today/a.html')).toBeUndefined();
    expect(refusedLink('s3://articles/feeds/daily.xml', 's3://other/a.html')).toMatch(/outside/);
    expect(refusedLink('samples/feed.xml', 'samples/stories/a.html')).toBeUndefined();
    expect(refusedLink('https://news.example/feed.xml', 'samples/stories/a.html')).toMatch(/local feed/);
  });
});

describe('story keys', () => {
  it('know a link without its fragment, tracking parameters, default port or letter case of the host', () => {
    expect(linkKey('https://News.Example:443/a?id=7&utm_medium=email#top')).toBe(
      'link:https://news.example/a?id=7',
    );
    expect(linkKey('samples/stories/a.html')).toBe('link:samples/stories/a.html');
  });

  it('scope a GUID to its feed, since many feeds number their items from 1', () => {
    expect(guidKey('https://a.example/feed', '1')).not.toBe(guidKey('https://b.example/feed', '1'));
  });

  it('take an explicit list in its order, each location once', () => {
    expect(listCandidates(['https://n.example/b', 'https://n.example/a', 'https://n.example/b#x'])).toEqual([
      { location: 'https://n.example/b', keys: ['link:https://n.example/b'] },
      { location: 'https://n.example/a', keys: ['link:https://n.example/a'] },
    ]);
  });
});

describe('the issue id of a set of stories', () => {
  const a = { title: 'Sea wall vote', keys: ['link:https://n.example/a'] };
  const b = { title: 'Ferry fares', keys: ['link:https://n.example/b'] };
  const c = { title: 'Sea wall vote', keys: ['link:https://n.example/c'] };

  it('is the lead headline’s slug and a hash of the set of links, whatever their order', () => {
    expect(storiesIssueId([a, b])).toMatch(/^sea-wall-vote-[0-9a-f]{12}$/);
    expect(storiesIssueId([a, b]).slice(-12)).toBe(storiesIssueId([b, a]).slice(-12));
    expect(storiesIssueId([a, b])).not.toBe(storiesIssueId([a, c]));
    expect(storiesIssueId([a, b], { forcedAt: 36 })).toMatch(/-r10$/);
  });
});

describe('claiming the stories of an issue', () => {
  function memoryLog(held: Record<string, string>) {
    const calls: string[] = [];
    return {
      calls,
      held,
      async claim(key: string, issueId: string): Promise<ClaimStoryResult> {
        calls.push(key);
        const owner = held[key];
        if (owner !== undefined && owner !== issueId) {
          const existing: StoryClaim = { key, issueId: owner, claimedAt: 0 };
          return { claimed: false, existing };
        }
        held[key] = issueId;
        return { claimed: true };
      },
    };
  }
  const stories = [
    { title: 'B', location: 'b', keys: ['link:b', 'text:2'] },
    { title: 'A', location: 'a', keys: ['link:a', 'text:1'] },
  ];

  it('goes through the keys in sorted order and stops at the first one another issue holds', async () => {
    const log = memoryLog({ 'text:1': 'other' });

    const outcome = await claimStories('mine', stories, log, 0);

    expect(log.calls).toEqual(['link:a', 'link:b', 'text:1']);
    expect(outcome).toEqual({
      held: ['link:a', 'link:b'],
      taken: [{ key: 'text:1', issueId: 'other', claimedAt: 0 }],
    });
  });

  it('takes every free key when told to (a forced issue)', async () => {
    const log = memoryLog({ 'link:a': 'other' });

    const outcome = await claimStories('mine', stories, log, 0, { all: true });

    expect(outcome.held).toEqual(['link:b', 'text:1', 'text:2']);
    expect(outcome.taken.map((t) => t.key)).toEqual(['link:a']);
  });
});

const article = (title: string): RawArticle => ({
  title,
  text: `The council of ${title} met on Monday to decide on the plan.\n\n“It is a good day for ${title},” said Mayor Ann Lee.\n\nWork begins in spring, the council said.`,
  meta: { kind: 'url', location: `https://n.example/${title}` },
});

describe('loading stories', () => {
  it('loads a few at a time, keeps their order, and names each failure with its reason', async () => {
    let running = 0;
    let peak = 0;
    const load = async (location: string): Promise<RawArticle> => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      if (location.endsWith('/7')) throw new ArticleError(`${location} answered 404 Not Found`);
      return article(location.split('/').pop() ?? '');
    };
    const candidates = Array.from({ length: 10 }, (_, i) => ({
      location: `https://n.example/${i}`,
      keys: [`link:${i}`],
    }));

    const { stories, leftOut } = await loadStories(candidates, load, 3);

    expect(peak).toBe(3);
    expect(stories.map((s) => s.entry.location.split('/').pop())).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '8',
      '9',
    ]);
    expect(leftOut).toEqual([{ location: 'https://n.example/7', reason: 'answered 404 Not Found' }]);
    expect(stories[0]?.entry.keys).toEqual(['link:0', expect.stringMatching(/^text:[0-9a-f]{64}$/)]);
  });

  it('gives each story at most three key points, none repeating its best quote', () => {
    const digest = storyDigest({
      title: 'Quay works',
      text: [
        'The harbour board approved the quay works on Monday after a long debate about the cost.',
        '“We have waited forty years for this quay,” said Tom Aldous, the harbour master, at the meeting.',
        'The works will take two years and cost about six million pounds in total.',
        'Fishing crews asked for the quay to stay open during the mackerel season.',
        'The board will publish the contracts next month.',
      ].join('\n\n'),
      meta: { kind: 'url', location: 'https://n.example/quay' },
    });

    expect(digest.keyPoints.length).toBeLessThanOrEqual(3);
    expect(digest.quotes.filter((q) => q.featured)).toHaveLength(1);
    const quote = digest.quotes.find((q) => q.featured)?.text ?? '';
    expect(digest.keyPoints.some((p) => p.includes(quote))).toBe(false);
  });
});
