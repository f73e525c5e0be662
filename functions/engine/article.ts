// The article as loaded from any source, before cleaning: what the engine takes in.
// Article text is untrusted input: everything downstream escapes it and caps its size.

export type ArticleSourceKind = 'file' | 'url' | 'stdin' | 's3' | 'sample' | 'inline';

export interface ArticleMeta {
  readonly kind: ArticleSourceKind;
  /** A path, URL, `s3://bucket/key` or `-`; shown to readers as the source of the digest. */
  readonly location: string;
  readonly byline?: string;
  /** ISO 8601 date as found in the article, when it has one. */
  readonly publishedAt?: string;
  readonly siteName?: string;
}

export interface RawArticle {
  /** The headline when the source gives it apart from the text (HTML <title>, batch `title`). */
  readonly title?: string;
  /** Plain text, paragraphs separated by blank lines. */
  readonly text: string;
  readonly meta: ArticleMeta;
}

/** The article cannot be loaded or digested; the message is one line, fit to show a user. */
export class ArticleError extends Error {
  override readonly name = 'ArticleError';
}

/** Largest article text we digest, in characters; larger input is refused rather than truncated silently. */
export const MAX_ARTICLE_CHARS = 1_000_000;
