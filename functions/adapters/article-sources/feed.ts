// Feed text to a Feed: RSS 2.0 (and 0.9x), Atom, RSS 1.0 (RDF) and JSON Feed, parsed by feedsmith (which never
// fetches anything and expands no DTD entities), each item reduced to its link, GUID, headline and date. Relative
// links are resolved against the feed's xml:base and the feed's own place (a URL, s3://bucket/key, or a file path),
// so `<link>stories/a.html</link>` in `samples/feed.xml` names `samples/stories/a.html`.
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type AnyFeed, parseFeed } from 'feedsmith';
import { parseHTML } from 'linkedom/worker';
import type { Feed, FeedItem } from '../../delivery/stories.js';
import { ArticleError } from '../../engine/index.js';

/** Whether text looks like a feed rather than a page: an XML document whose root is a feed, or a JSON Feed. */
export function looksLikeFeed(text: string): boolean {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '');
  if (/^\s*\{/.test(head)) return /"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//.test(head);
  // Skip the XML declaration, comments, processing instructions (stylesheets) and a doctype to reach the root.
  const root = head.replace(/^\s*(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*/i, '');
  return /^<(?:rss|feed|rdf:RDF)[\s>]/i.test(root);
}

/** A headline as plain text: Atom's `type="html"` and stray markup in RSS titles become their text. */
function plainTitle(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let text = value;
  if (/[<&]/.test(text)) {
    const { document } = parseHTML(`<!doctype html><html><body><p>${text}</p></body></html>`);
    text = document.body?.textContent ?? text;
  }
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean === '' ? undefined : clean;
}

function isoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** What each format calls an item's link, GUID, headline and date. */
function rawItems(parsed: AnyFeed): Array<{ link?: string; guid?: string; title?: string; date?: string }> {
  switch (parsed.format) {
    case 'rss':
      return (parsed.feed.items ?? []).map((item) => {
        const guid = text(item.guid?.value);
        // RSS 2.0: a guid is the item's permalink unless isPermaLink="false".
        const permalink =
          guid && item.guid?.isPermaLink !== false && /^https?:\/\//i.test(guid) ? guid : undefined;
        const atomLink = item.atom?.links?.find((l) => !l.rel || l.rel === 'alternate')?.href;
        return {
          link: text(item.link) ?? permalink ?? text(atomLink),
          guid,
          title: item.title,
          date: item.pubDate ?? item.dc?.dates?.[0] ?? item.atom?.published ?? item.atom?.updated,
        };
      });
    case 'atom':
      return (parsed.feed.entries ?? []).map((entry) => {
        const links = entry.links ?? [];
        const alternate =
          links.find((l) => (!l.rel || l.rel === 'alternate') && (!l.type || /html/i.test(l.type))) ??
          links.find((l) => !l.rel || l.rel === 'alternate');
        return {
          link: text(alternate?.href),
          guid: text(entry.id),
          title: entry.title?.value,
          date: entry.published ?? entry.updated,
        };
      });
    case 'rdf':
      return (parsed.feed.items ?? []).map((item) => ({
        link: text(item.link),
        title: item.title,
        date: item.dc?.dates?.[0],
      }));
    case 'json':
      return (parsed.feed.items ?? []).map((item) => ({
        link: text(item.url) ?? text(item.external_url),
        guid: text(item.id),
        title: item.title,
        date: item.date_published ?? item.date_modified,
      }));
  }
}

/** How links in a feed become locations: resolved as URLs against its base, then written as our sources read them. */
function linkResolver(location: string, xmlBase: string | undefined): (link: string) => string | undefined {
  const isLocal = !/^[a-z][a-z0-9+.-]*:\/\//i.test(location);
  let base: URL;
  try {
    base = isLocal ? pathToFileURL(resolve(location)) : new URL(location);
    if (xmlBase) base = new URL(xmlBase, base);
  } catch {
    return () => undefined;
  }
  return (link) => {
    let url: URL;
    try {
      url = new URL(link.trim(), base);
    } catch {
      return undefined;
    }
    if (url.protocol === 'file:') {
      // Only a local feed's own links become paths (a web feed's file: link stays a URL, which is refused later).
      if (!isLocal) return url.href;
      const path = fileURLToPath(url);
      const shown = relative(process.cwd(), path);
      return isAbsolute(location) || shown.startsWith('..') ? path : shown;
    }
    // S3 keys are written as they are, not percent-encoded as a URL's path is.
    if (url.protocol === 's3:') return `s3://${url.host}${decodeURIComponent(url.pathname)}`;
    return url.href;
  };
}

/** Parses feed text; ArticleError (one line) when it is no feed we read. */
export function parseFeedText(body: string, location: string): Feed {
  let parsed: AnyFeed;
  try {
    parsed = parseFeed(body);
  } catch (error) {
    // DetectError: not a feed at all; MalformedError: a feed whose XML breaks off (its cause says where).
    const cause = (error as { cause?: unknown }).cause;
    const why =
      cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
    const detail =
      error instanceof Error && error.name === 'DetectError' ? '' : ` (${why.replace(/\s+/g, ' ')})`;
    throw new ArticleError(`${location} is not a feed we can read (RSS 2.0, Atom or JSON Feed)${detail}`);
  }
  const xmlBase = parsed.format === 'atom' ? text(parsed.feed.xml?.base) : undefined;
  const resolveLink = linkResolver(location, xmlBase);
  const items: FeedItem[] = rawItems(parsed).map((raw) => {
    const link = raw.link === undefined ? undefined : resolveLink(raw.link);
    const title = plainTitle(raw.title);
    const publishedAt = isoDate(raw.date);
    return {
      ...(link !== undefined ? { link } : {}),
      ...(raw.guid !== undefined ? { guid: raw.guid } : {}),
      ...(title !== undefined ? { title } : {}),
      ...(publishedAt !== undefined ? { publishedAt } : {}),
    };
  });
  const feedTitle = plainTitle(
    parsed.format === 'atom' ? parsed.feed.title?.value : (parsed.feed as { title?: string }).title,
  );
  return {
    location,
    format: parsed.format,
    items,
    ...(feedTitle !== undefined ? { title: feedTitle } : {}),
  };
}
