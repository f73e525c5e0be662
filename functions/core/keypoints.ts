// Key points: an extractive summary of K sentences of the article, in article order.
// PLACEHOLDER until the digest-engine work lands: the lead paragraphs.
import type { CleanArticle } from './clean.js';
import type { Quote } from './quotes.js';

export function selectKeyPoints(article: CleanArticle, k: number, _shownQuotes: readonly Quote[]): string[] {
  return article.paragraphs.slice(0, k);
}
