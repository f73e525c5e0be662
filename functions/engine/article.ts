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

/**
 * What a block of a web page is, as its markup says: story text, a heading, a list item, a table row (its
 * cells joined), a block quotation; or what is not the story: a figure caption or photo credit, an aside, a
 * byline, a date line, the publisher's summary under the headline (standfirst), or a promotion (related links,
 * newsletter and share boxes).
 */
export type BlockKind =
  | 'text'
  | 'heading'
  | 'item'
  | 'row'
  | 'quote'
  | 'caption'
  | 'aside'
  | 'byline'
  | 'dateline'
  | 'standfirst'
  | 'promo';

/** Kinds that are the story's text; the others are left out of the body. */
export const STORY_KINDS: ReadonlySet<BlockKind> = new Set(['text', 'heading', 'item', 'row', 'quote']);

/** One paragraph of a web page with what its markup says it is. */
export interface Block {
  readonly kind: BlockKind;
  readonly text: string;
}

export interface RawArticle {
  /** The headline when the source gives it apart from the text (HTML <title>, batch `title`). */
  readonly title?: string;
  /** Plain text, paragraphs separated by blank lines. */
  readonly text: string;
  /**
   * The paragraphs with their kinds, when the source has markup (HTML); `text` then holds the story's blocks
   * (STORY_KINDS) joined by blank lines. Cleaning decides by kind first and keeps lists and tables whole.
   */
  readonly blocks?: readonly Block[];
  readonly meta: ArticleMeta;
}

/** The article cannot be loaded or digested; the message is one line, fit to show a user. */
export class ArticleError extends Error {
  override readonly name = 'ArticleError';
}

/** Largest article text we digest, in characters; larger input is refused rather than truncated silently. */
export const MAX_ARTICLE_CHARS = 1_000_000;
