// Turns loaded bytes into a RawArticle: decodes them, sends HTML through the extractor, passes plain text
// through (the cleaner finds the headline), and refuses empty or oversized text with a clear message. Where feeds
// are welcome (bytesToDocument), text that is a feed (by its type, or by its first element) becomes a Feed instead.
import type { SourceDocument } from '../../delivery/stories.js';
import { ArticleError, type ArticleMeta, MAX_ARTICLE_CHARS, type RawArticle } from '../../engine/index.js';
import { decodeArticleBytes, looksLikeHtml } from './decode.js';

/** Media types a feed is served or stored with (generic XML and JSON included: many feeds use them). */
export const FEED_TYPES: ReadonlySet<string> = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/xml',
  'text/xml',
  'application/feed+json',
  'application/json',
]);

export interface ContentHints {
  /** True when the source says the bytes are HTML (extension, Content-Type); otherwise the text is sniffed. */
  readonly html?: boolean;
  /** Charset declared by the source (a Content-Type parameter). */
  readonly charset?: string | undefined;
  /** How messages name the input; the location when left out. */
  readonly name?: string;
  /** True when the source says the bytes are a feed (RSS, Atom or JSON Feed type, a .xml or .rss file). */
  readonly feed?: boolean;
}

/**
 * The bytes as an article or, when `feeds` and the source's type or the text's first element say so, as a feed.
 * Without `feeds` this is bytesToArticle: a feed is then read as whatever text it holds.
 */
export async function bytesToDocument(
  bytes: Uint8Array,
  base: Pick<ArticleMeta, 'kind' | 'location'>,
  hints: ContentHints,
  feeds: boolean,
): Promise<SourceDocument> {
  if (feeds && bytes.length > 0) {
    const name = hints.name ?? base.location;
    const text = decodeArticleBytes(bytes, name, hints.charset).replace(/^\uFEFF/, '');
    const { looksLikeFeed, parseFeedText } = await import('./feed.js');
    if (looksLikeFeed(text) || (hints.feed === true && !looksLikeHtml(text))) {
      return { kind: 'feed', feed: parseFeedText(text, base.location) };
    }
  }
  return { kind: 'article', article: await bytesToArticle(bytes, base, hints) };
}

export async function bytesToArticle(
  bytes: Uint8Array,
  base: Pick<ArticleMeta, 'kind' | 'location'>,
  hints: ContentHints = {},
): Promise<RawArticle> {
  const name = hints.name ?? base.location;
  if (bytes.length === 0) throw new ArticleError(`${name} is empty`);
  const text = decodeArticleBytes(bytes, name, hints.charset).replace(/^\uFEFF/, '');
  if (hints.html === true || (hints.html === undefined && looksLikeHtml(text))) {
    const { htmlToArticle } = await import('./html.js');
    return htmlToArticle(text, base, name);
  }
  const plain = text.replace(/\r\n?/g, '\n');
  if (plain.trim() === '') throw new ArticleError(`${name} is empty`);
  if (plain.length > MAX_ARTICLE_CHARS) {
    throw new ArticleError(
      `${name} is too large (${plain.length} characters; the limit is ${MAX_ARTICLE_CHARS})`,
    );
  }
  return { text: plain, meta: { ...base } };
}
