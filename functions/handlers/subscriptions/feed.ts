// The Atom feed of the archive (GET /feed.xml), built with the `feed` library: one entry per published issue, newest
// first. Ids are the issues' permanent page URLs, so an entry keeps its id for as long as the site keeps its address,
// and the feed's <updated> is the newest issue's date (never "now"), so an unchanged archive gives the same bytes.
//
// Article text is untrusted. The library writes entry titles, summaries and content as type="html" in CDATA, so
// they are given as escaped HTML; its feed-level text goes through xml-js, which un-escapes "&amp;" before escaping,
// so "&" is escaped once more first. Characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/FFFF)
// are removed from everything.
import { Feed } from 'feed';
import type { ArchiveEntry } from '../../delivery/archive.js';
import { issuePath } from '../../delivery/archive.js';
import { type Branding, oneLine } from '../../email/render.js';

/** The feed when the archive is empty: a fixed date keeps it stable (and valid: <updated> is required). */
const EMPTY_FEED_UPDATED = new Date(0);

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing the control characters XML forbids is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
/** A UTF-16 surrogate without its other half: not a character, so not in XML. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text XML 1.0 can carry: forbidden characters and lone surrogates removed. */
export function xmlSafe(text: string): string {
  return text.replace(LONE_SURROGATE, '').replace(XML_FORBIDDEN, '');
}

function escapeHtml(text: string): string {
  return xmlSafe(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Feed-level text for xml-js: it turns "&amp;" back into "&" before escaping, so "&" goes in escaped once. */
function feedText(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;');
}

export interface FeedOptions {
  readonly site: Branding;
}

/** The Atom document for these entries (newest first, as the archive lists them). */
export function atomFeed(entries: readonly ArchiveEntry[], { site }: FeedOptions): string {
  const base = site.siteUrl.replace(/\/+$/, '');
  const newest = entries[0];
  const feed = new Feed({
    id: `${base}/feed.xml`,
    title: feedText(site.siteName),
    description: feedText(`Every issue of ${site.siteName}, newest first.`),
    link: `${base}/archive`,
    feed: `${base}/feed.xml`,
    updated: newest ? new Date(newest.publishedAt) : EMPTY_FEED_UPDATED,
    author: { name: feedText(site.siteName) },
    generator: false,
  });
  for (const entry of entries) {
    const url = `${base}${issuePath(entry.issueId)}`;
    const date = new Date(entry.publishedAt);
    const points = entry.keyPoints.map((p) => `<li>${escapeHtml(p)}</li>`).join('');
    const links = [
      `<a href="${escapeHtml(url)}">Read the issue</a>`,
      ...(entry.sourceUrl ? [`<a href="${escapeHtml(entry.sourceUrl)}">the original article</a>`] : []),
    ].join(' · ');
    feed.addItem({
      // Titles and summaries are one line, as on the page: a CR/LF in an article never reaches a reader as one.
      title: escapeHtml(oneLine(entry.title)),
      id: url,
      link: url,
      date,
      published: date,
      ...(entry.keyPoints[0] ? { description: escapeHtml(oneLine(entry.keyPoints[0])) } : {}),
      content: `${points ? `<ul>${points}</ul>` : ''}<p>${links}</p>`,
    });
  }
  return feed.atom1();
}
