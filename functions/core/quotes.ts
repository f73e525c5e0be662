// Quotes: finds every direct quotation in an article, in document order, with its speaker.
// PLACEHOLDER until the digest-engine work lands.
import type { CleanArticle } from './clean.js';

export interface Quote {
  /** The quoted words without their quotation marks. */
  readonly text: string;
  /** The speaker's full name as the article gives it, or null when unknown. */
  readonly speaker: string | null;
  /** Index into CleanArticle.paragraphs where the quotation opens. */
  readonly paragraphIndex: number;
  /** True when the quotation is a fragment inside a sentence of the writer's own. */
  readonly partial: boolean;
}

export function extractQuotes(_article: CleanArticle): Quote[] {
  return [];
}

/** Chooses the few quotes worth featuring in the email (substantial, distinct speakers where possible). */
export function featureQuotes(quotes: readonly Quote[], max: number): Quote[] {
  return quotes.filter((q) => !q.partial).slice(0, max);
}
