// The text engine's door: article text in, digest out. Everything outside functions/engine/ imports the engine
// from here (Biome enforces it), so the files behind it can be split and renamed freely.
export {
  ArticleError,
  type ArticleMeta,
  type Block,
  type BlockKind,
  MAX_ARTICLE_CHARS,
  type RawArticle,
  STORY_KINDS,
} from './article.js';
export { type CleanArticle, cleanArticle } from './clean.js';
export {
  buildDigest,
  cleanForDigest,
  type Digest,
  type DigestOptions,
  type DigestQuote,
  digestOfClean,
} from './digest.js';
export type { KeyPoint } from './keypoint-text.js';
export { extractQuotes, type Quote } from './quotes.js';
export { type ArticleSentence, articleSentences } from './sentences.js';
