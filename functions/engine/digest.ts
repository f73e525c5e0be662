// The digest use case: raw article in, digest data out (title, source, key points, quotes, reading time).
// Built once per issue; rendering and delivery work from this value.
import { ArticleError, type ArticleMeta, MAX_ARTICLE_CHARS, type RawArticle } from './article.js';
import { type CleanArticle, cleanArticle } from './clean.js';
import { cleanBlocks } from './clean-blocks.js';
import { referentInText } from './keypoint-referents.js';
import { cleanedText, type KeyPoint } from './keypoint-text.js';
import { keyPoints as chooseKeyPoints } from './keypoints.js';
import { featureQuotes, type Quote, readQuotes } from './quotes.js';
import { countSpaceSeparated } from './text/words.js';

export interface DigestQuote extends Quote {
  /** Shown in the email; every quote is kept in the data. */
  readonly featured: boolean;
}

export interface Digest {
  readonly title: string;
  readonly source: ArticleMeta;
  /** The key points as the email shows them. */
  readonly keyPoints: readonly string[];
  /**
   * Where each key point comes from in `body`, in the same order: its range and the words bracketed or dropped
   * to make it read on its own (see keypoint-text.ts).
   */
  readonly keyPointSources: readonly KeyPoint[];
  /** The cleaned article text the digest works from: paragraphs separated by a blank line, without the title. */
  readonly body: string;
  readonly quotes: readonly DigestQuote[];
  readonly wordCount: number;
  readonly readingMinutes: number;
}

export interface DigestOptions {
  /** How many key points; 4 when left out. */
  readonly points?: number;
  /** How many quotes the email features; 3 when left out. */
  readonly featuredQuotes?: number;
}

const WORDS_PER_MINUTE = 230;

export function buildDigest(raw: RawArticle, options: DigestOptions = {}): Digest {
  return digestOfClean(cleanForDigest(raw), raw.meta, options);
}

/**
 * The raw article cleaned, once its size is checked: by kind when the source gave its paragraphs kinds (a web
 * page), else from the plain text. What a digest is built from and an issue id is made of.
 */
export function cleanForDigest(raw: RawArticle): CleanArticle {
  if (raw.text.length > MAX_ARTICLE_CHARS) {
    throw new ArticleError(
      `article is too large (${raw.text.length} characters; the limit is ${MAX_ARTICLE_CHARS})`,
    );
  }
  const title = raw.title === undefined ? {} : { title: raw.title };
  if (raw.blocks !== undefined) return cleanBlocks({ ...title, blocks: raw.blocks });
  return cleanArticle({ ...title, text: raw.text });
}

/** The digest of an article cleaned by cleanForDigest (callers that also need the clean text clean it once). */
export function digestOfClean(
  article: CleanArticle,
  source: ArticleMeta,
  options: DigestOptions = {},
): Digest {
  if (article.paragraphs.length === 0) throw new ArticleError('article has no text to digest');
  const { quotes, people } = readQuotes(article);
  const featured = new Set(featureQuotes(quotes, options.featuredQuotes ?? 3));
  const sources = chooseKeyPoints(
    article,
    options.points ?? 4,
    [...featured],
    referentInText(article.paragraphs, people),
  );
  let wordCount = 0;
  for (const p of article.paragraphs) wordCount += countSpaceSeparated(p);
  return {
    title: article.title,
    source,
    keyPoints: sources.map((p) => p.text),
    keyPointSources: sources,
    body: cleanedText(article.paragraphs),
    quotes: quotes.map((q) => ({ ...q, featured: featured.has(q) })),
    wordCount,
    readingMinutes: Math.max(1, Math.round(wordCount / WORDS_PER_MINUTE)),
  };
}
