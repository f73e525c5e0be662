// The Atom feed: well-formed XML with the elements RFC 4287 requires, stable ids and bytes, and hostile article
// text (markup, CDATA ends, CR/LF, controls XML forbids, lone surrogates, encoded words, literal entities) carried
// as text: parsed back, each title reads exactly as the article wrote it, and nothing becomes markup.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { ArchiveEntry } from '../../../../functions/delivery/archive.js';
import { atomFeed, xmlSafe } from '../../../../functions/handlers/subscriptions/feed.js';

const site = { siteName: 'Coast & Harbour <News>', siteUrl: 'https://news.example.com', postalAddress: 'x' };

function entry(n: number, overrides: Partial<ArchiveEntry> = {}): ArchiveEntry {
  return {
    issueId: `issue-${n}-0123456789ab`,
    title: `Issue ${n}`,
    publishedAt: new Date(Date.UTC(2026, 2, n)).toISOString(),
    keyPoints: [`First point of ${n}.`, `Second point of ${n}.`],
    sourceUrl: n % 2 ? `https://source.example.org/story/${n}?a=1&b=2` : null,
    ...overrides,
  };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['entry', 'link'].includes(name),
  processEntities: true,
});

interface AtomText {
  '#text'?: string;
  '@type'?: string;
}
interface AtomEntry {
  id: string;
  title: AtomText | string;
  updated: string;
  link: { '@href': string; '@rel'?: string }[];
  summary?: AtomText;
  content?: AtomText;
}

function parse(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml) as {
    feed: {
      '@xmlns': string;
      id: string;
      title: string;
      updated: string;
      author: { name: string };
      link: { '@href': string; '@rel'?: string }[];
      entry?: AtomEntry[];
    };
  };
  return doc.feed;
}

/** What a feed reader shows of a type="html" text construct: the HTML's text. */
function htmlText(value: AtomText | string | undefined): string {
  const html = typeof value === 'string' ? value : (value?.['#text'] ?? '');
  return parseHTML(`<!doctype html><html><body><div>${html}</div></body></html>`).document.querySelector(
    'div',
  )?.textContent as string;
}

describe('Atom feed', () => {
  it('is well-formed Atom with the required feed and entry elements', () => {
    const feed = parse(atomFeed([entry(3), entry(2), entry(1)], { site }));

    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe('https://news.example.com/feed.xml');
    expect(feed.title).toBe('Coast & Harbour <News>');
    expect(feed.author.name).toBe('Coast & Harbour <News>');
    expect(feed.updated).toBe('2026-03-03T00:00:00.000Z');
    expect(feed.link).toEqual(
      expect.arrayContaining([
        { '@rel': 'self', '@href': 'https://news.example.com/feed.xml' },
        { '@rel': 'alternate', '@href': 'https://news.example.com/archive' },
      ]),
    );
    expect(feed.entry?.map((e) => e.id)).toEqual([
      'https://news.example.com/issues/issue-3-0123456789ab',
      'https://news.example.com/issues/issue-2-0123456789ab',
      'https://news.example.com/issues/issue-1-0123456789ab',
    ]);
    for (const e of feed.entry ?? []) {
      expect(e.updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(e.link[0]?.['@href']).toBe(e.id);
      expect(htmlText(e.title)).toMatch(/^Issue \d$/);
      expect(htmlText(e.summary)).toMatch(/^First point of \d\.$/);
      expect(htmlText(e.content)).toContain('Second point of');
    }
    expect(htmlText(feed.entry?.[0]?.content)).toContain('the original article');
    expect(feed.entry?.[0]?.content?.['#text']).toContain(
      'href="https://source.example.org/story/3?a=1&#38;b=2"',
    );
  });

  it('gives the same bytes for the same issues: ids and <updated> never depend on the time of the request', async () => {
    const first = atomFeed([entry(2), entry(1)], { site });
    await new Promise((r) => setTimeout(r, 5));

    expect(atomFeed([entry(2), entry(1)], { site })).toBe(first);
  });

  it('is valid when the archive is empty, with a fixed <updated>', () => {
    const feed = parse(atomFeed([], { site }));

    expect(feed.updated).toBe('1970-01-01T00:00:00.000Z');
    expect(feed.entry).toBeUndefined();
  });

  it.each([
    ['markup', '<script>alert(1)</script><b>bold</b>'],
    ['a CDATA end', 'before ]]> after ]]]]> end'],
    ['an encoded word', '=?utf-8?B?PHNjcmlwdD4=?= hits coast'],
    ['literal entities', 'Fish &amp; chips &lt;b&gt; &#38; &#x26;'],
    ['quotes and ampersands', `"double" 'single' & alone`],
  ])('carries a hostile title as text: %s', (_name, title) => {
    const feed = parse(atomFeed([entry(1, { title, keyPoints: [title] })], { site }));
    const [only] = feed.entry ?? [];

    expect(htmlText(only?.title)).toBe(title);
    expect(htmlText(only?.summary)).toBe(title);
  });

  it("keeps the newsletter's name exactly, even one that looks like markup or holds an entity", () => {
    const name = 'Fish &amp; Chips <Weekly> & "More"';
    const feed = parse(atomFeed([entry(1)], { site: { ...site, siteName: name } }));

    expect(feed.title).toBe(name);
    expect(feed.author.name).toBe(name);
  });

  it('puts a title with CR/LF on one line', () => {
    const feed = parse(atomFeed([entry(1, { title: 'Storm\r\nX-Injected: 1\r\n\r\n<b>' })], { site }));

    expect(htmlText(feed.entry?.[0]?.title)).toBe('Storm X-Injected: 1 <b>');
  });

  it('removes what XML 1.0 cannot carry: C0 controls and lone surrogates', () => {
    const title = `Bell\u0007 null\u0000 esc\u001b lone\ud800 tail\udc00 ok\ud83d\ude00`;
    const xml = atomFeed([entry(1, { title, keyPoints: ['first', title] })], {
      site: { ...site, siteName: `Site\u0001` },
    });
    const feed = parse(xml);

    expect(htmlText(feed.entry?.[0]?.title)).toBe('Bell null esc lone tail ok😀');
    expect(htmlText(feed.entry?.[0]?.content)).toContain('Bell null esc lone tail ok😀');
    expect(feed.title).toBe('Site');
    expect(xmlSafe('tab\tnew\nline\r')).toBe('tab\tnew\nline\r');
  });
});
