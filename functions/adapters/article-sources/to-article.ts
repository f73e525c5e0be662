// Turns loaded bytes into a RawArticle: decodes them, sends HTML through the extractor, passes plain text
// through (the cleaner finds the headline), and refuses empty or oversized text with a clear message.
import { ArticleError, type ArticleMeta, MAX_ARTICLE_CHARS, type RawArticle } from '../../engine/index.js';
import { decodeArticleBytes, looksLikeHtml } from './decode.js';

export interface ContentHints {
  /** True when the source says the bytes are HTML (extension, Content-Type); otherwise the text is sniffed. */
  readonly html?: boolean;
  /** Charset declared by the source (a Content-Type parameter). */
  readonly charset?: string | undefined;
  /** How messages name the input; the location when left out. */
  readonly name?: string;
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
