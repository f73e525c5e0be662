// Reading feeds: RSS 2.0, Atom and JSON Feed reduced to link, GUID, headline and date; relative links resolved
// against the feed's URL, its xml:base, an S3 location or a local path; feeds told apart from pages; and malformed
// or foreign input refused in one line. Through documentSourceFor as well, so a file is read as what it holds.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { looksLikeFeed, parseFeedText } from '../../../functions/adapters/article-sources/feed.js';
import { articleSourceFor, documentSourceFor } from '../../../functions/adapters/article-sources/index.js';
import { ArticleError } from '../../../functions/engine/article.js';

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="/feed.xsl"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Coastal Herald</title>
    <link>https://herald.example/</link>
    <item>
      <title>Harbour town votes to rebuild its sea wall</title>
      <link>https://herald.example/news/sea-wall.html</link>
      <guid isPermaLink="false">herald-1042</guid>
      <pubDate>Thu, 07 Mar 2024 09:15:00 GMT</pubDate>
    </item>
    <item>
      <title>Ferry timetable &amp; fares change in April</title>
      <guid>https://herald.example/news/ferry.html</guid>
      <dc:date>2024-03-06T18:00:00Z</dc:date>
    </item>
  </channel>
</rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/posts/">
  <title type="html">Notes &lt;em&gt;from&lt;/em&gt; the valley</title>
  <id>urn:uuid:60a76c80-d399-11d9-b91C-0003939e0af6</id>
  <updated>2024-03-07T10:00:00Z</updated>
  <entry>
    <title type="html">Orchards bloom &lt;em&gt;early&lt;/em&gt;</title>
    <link rel="enclosure" type="audio/mpeg" href="/audio/orchards.mp3"/>
    <link rel="alternate" type="text/html" href="orchards.html"/>
    <id>tag:blog.example,2024:orchards</id>
    <published>2024-03-07T08:00:00+01:00</published>
    <updated>2024-03-07T09:00:00Z</updated>
  </entry>
</feed>`;

const JSON_FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'River Post',
  items: [
    {
      id: 'rp-7',
      url: 'https://river.example/7',
      title: 'Bridge reopens',
      date_published: '2024-03-05T07:00:00Z',
    },
    { id: 'rp-8', external_url: 'https://other.example/story', content_text: 'No title here' },
  ],
});

describe('an RSS 2.0 feed', () => {
  it('gives each item its link, GUID, headline and date; a permalink GUID stands in for a missing link', () => {
    const feed = parseFeedText(RSS, 'https://herald.example/feed.xml');

    expect(feed).toMatchObject({
      format: 'rss',
      title: 'Coastal Herald',
      location: 'https://herald.example/feed.xml',
    });
    expect(feed.items).toEqual([
      {
        link: 'https://herald.example/news/sea-wall.html',
        guid: 'herald-1042',
        title: 'Harbour town votes to rebuild its sea wall',
        publishedAt: '2024-03-07T09:15:00.000Z',
      },
      {
        link: 'https://herald.example/news/ferry.html',
        guid: 'https://herald.example/news/ferry.html',
        title: 'Ferry timetable & fares change in April',
        publishedAt: '2024-03-06T18:00:00.000Z',
      },
    ]);
  });
});

describe('an Atom feed', () => {
  it('takes the alternate HTML link, resolved against xml:base, and reads an HTML title as text', () => {
    const feed = parseFeedText(ATOM, 'https://blog.example/feed.atom');

    expect(feed).toMatchObject({ format: 'atom', title: 'Notes from the valley' });
    expect(feed.items).toEqual([
      {
        link: 'https://blog.example/posts/orchards.html',
        guid: 'tag:blog.example,2024:orchards',
        title: 'Orchards bloom early',
        publishedAt: '2024-03-07T07:00:00.000Z',
      },
    ]);
  });
});

describe('a JSON Feed', () => {
  it('reads url (or external_url), id, title and date_published', () => {
    const feed = parseFeedText(JSON_FEED, 'https://river.example/feed.json');

    expect(feed).toMatchObject({ format: 'json', title: 'River Post' });
    expect(feed.items).toEqual([
      {
        link: 'https://river.example/7',
        guid: 'rp-7',
        title: 'Bridge reopens',
        publishedAt: '2024-03-05T07:00:00.000Z',
      },
      { link: 'https://other.example/story', guid: 'rp-8' },
    ]);
  });
});

describe('relative links', () => {
  const rss = (link: string) =>
    `<rss version="2.0"><channel><title>T</title><item><title>A</title><link>${link}</link></item></channel></rss>`;
  const linkOf = (link: string, location: string) => parseFeedText(rss(link), location).items[0]?.link;

  it('are resolved against the feed URL', () => {
    expect(linkOf('stories/a.html', 'https://news.example/feeds/daily.xml')).toBe(
      'https://news.example/feeds/stories/a.html',
    );
    expect(linkOf('/top/b.html', 'https://news.example/feeds/daily.xml')).toBe(
      'https://news.example/top/b.html',
    );
    expect(linkOf('//cdn.example/c.html', 'https://news.example/feeds/daily.xml')).toBe(
      'https://cdn.example/c.html',
    );
  });

  it('are resolved within the S3 location of a feed kept in S3, keys written as they are', () => {
    expect(linkOf('today/my story.html', 's3://articles-bucket/feeds/daily.xml')).toBe(
      's3://articles-bucket/feeds/today/my story.html',
    );
  });

  it('are paths beside a local feed, and a web feed’s file: link stays a URL for the rules to refuse', () => {
    expect(linkOf('stories/a.html', 'samples/feed.xml')).toBe(join('samples', 'stories', 'a.html'));
    expect(linkOf('../b.html', '/srv/feeds/daily.xml')).toBe('/srv/b.html');
    expect(linkOf('file:///etc/passwd', 'https://news.example/feed.xml')).toBe('file:///etc/passwd');
  });
});

describe('feeds told apart from pages', () => {
  it('by the root element or the JSON Feed version', () => {
    expect(looksLikeFeed(RSS)).toBe(true);
    expect(looksLikeFeed(ATOM)).toBe(true);
    expect(looksLikeFeed(JSON_FEED)).toBe(true);
    expect(looksLikeFeed('<!-- a comment --><rdf:RDF xmlns:rdf="x">')).toBe(true);
    expect(looksLikeFeed('<!doctype html><html><body><p>rss</p></body></html>')).toBe(false);
    expect(looksLikeFeed('{"version": "1", "items": []}')).toBe(false);
    expect(looksLikeFeed('Plain text about <rss> feeds.')).toBe(false);
  });
});

describe('malformed or foreign input', () => {
  it('is refused in one line naming the location', () => {
    const attempt = (text: string) => {
      try {
        parseFeedText(text, 'https://x.example/feed');
        return undefined;
      } catch (error) {
        return error;
      }
    };

    for (const text of [
      'not a feed at all',
      '{"version":"https://jsonfeed.org/version/1.1"}',
      '<html></html>',
    ]) {
      const error = attempt(text);
      expect(error).toBeInstanceOf(ArticleError);
      expect((error as Error).message).toMatch(
        /^https:\/\/x\.example\/feed is not a feed we can read \(RSS 2\.0, Atom or JSON Feed\)/,
      );
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('refuses a feed whose XML breaks off, saying where', () => {
    expect(() =>
      parseFeedText(
        '<rss version="2.0"><channel><item><title>Kept</title><link>https://a.example/1</link></item><item><title>Cut',
        'https://a.example/feed',
      ),
    ).toThrow(
      /^https:\/\/a\.example\/feed is not a feed we can read \(RSS 2\.0, Atom or JSON Feed\) \(Unexpected end of title\)$/,
    );
  });

  it('never expands DTD entities (no "billion laughs")', () => {
    const feed = parseFeedText(
      `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
      <rss version="2.0"><channel><item><title>&b;&b;&b;</title><link>https://a.example/2</link></item></channel></rss>`,
      'https://a.example/feed',
    );

    expect(feed.items[0]).toEqual({ link: 'https://a.example/2', title: '&b;&b;&b;' });
  });
});

describe('documentSourceFor', () => {
  const dir = mkdtempSync(join(tmpdir(), 'feed-source-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a feed file as a feed with links beside it, and an article file as an article', async () => {
    const feedPath = join(dir, 'feed.xml');
    writeFileSync(feedPath, RSS.replace('https://herald.example/news/sea-wall.html', 'sea-wall.html'));
    const articlePath = join(dir, 'story.txt');
    writeFileSync(articlePath, 'A headline\n\nA paragraph.');

    const feed = await documentSourceFor(feedPath, { feeds: true }).load();
    const article = await documentSourceFor(articlePath, { feeds: true }).load();

    expect(feed.kind).toBe('feed');
    if (feed.kind === 'feed') expect(feed.feed.items[0]?.link).toBe(join(dir, 'sea-wall.html'));
    expect(article.kind).toBe('article');
  });

  it('reads the same feed as text where only articles are read', async () => {
    const feedPath = join(dir, 'plain.xml');
    writeFileSync(feedPath, RSS);

    const article = await articleSourceFor(feedPath).load();

    expect(article.text).toContain('Harbour town');
  });
});
