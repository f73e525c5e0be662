// The article-extraction benchmark's measure (scrapinghub's article-extraction-benchmark, as
// ../shared/eval/README.md gives it): a text is its `\w+` tokens (Unicode letters, digits, marks, underscore;
// case kept), taken as a multiset of 4-token shingles; per page TP = shared shingles, FP = extra ones, FN =
// missing ones, normalised to sum 1; precision and recall are averaged over pages and F1 is their harmonic
// mean. Also key-point purity: a key point is pure when at least 90% of its shingles are in the article body.

const TOKEN = /[\p{L}\p{N}\p{M}_]+/gu;
/** Shingle length, in tokens. */
export const SHINGLE = 4;
/** Share of a key point's shingles that must be in the body for it to count as pure. */
export const PURE_SHARE = 0.9;

export function benchmarkTokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/**
 * The text's shingles with their counts. A text of fewer than four tokens is one shorter shingle (none when it
 * has no token), as the benchmark counts it.
 */
export function shingles(text: string, n = SHINGLE): Map<string, number> {
  const tokens = benchmarkTokens(text);
  const out = new Map<string, number>();
  const last = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < last; i++) {
    const shingle = tokens.slice(i, i + n);
    if (shingle.length === 0) continue;
    // The separator cannot occur inside a token.
    const key = shingle.join(' ');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

export interface PageMatch {
  /** Shares of shared, extra and missing shingles; they sum to 1 (all 0 when both texts are empty). */
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
}

/** TP, FP and FN between a page's reference body and the predicted text, normalised to sum 1. */
export function shingleMatch(reference: string, predicted: string): PageMatch {
  const truth = shingles(reference);
  const guess = shingles(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, t] of truth) {
    const p = guess.get(key) ?? 0;
    tp += Math.min(t, p);
    fn += Math.max(0, t - p);
  }
  for (const [key, p] of guess) fp += Math.max(0, p - (truth.get(key) ?? 0));
  const sum = tp + fp + fn;
  return sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum } : { tp: 0, fp: 0, fn: 0 };
}

function precisionOf({ tp, fp, fn }: PageMatch): number {
  if (fp === 0 && fn === 0) return 1;
  return tp === 0 && fp === 0 ? 0 : tp / (tp + fp);
}

function recallOf({ tp, fp, fn }: PageMatch): number {
  if (fp === 0 && fn === 0) return 1;
  return tp === 0 && fn === 0 ? 0 : tp / (tp + fn);
}

export interface ExtractionScore {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/**
 * Precision averaged over pages that predicted something, recall over pages whose reference has text, and F1
 * as their harmonic mean (the benchmark's aggregation).
 */
export function extractionScore(pages: readonly PageMatch[]): ExtractionScore {
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  const precision = mean(pages.filter((p) => p.tp + p.fp > 0).map(precisionOf));
  const recall = mean(pages.filter((p) => p.tp + p.fn > 0).map(recallOf));
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Share of the key point's shingles (counted once each) found in the body's. */
export function shareInBody(keyPoint: string, body: ReadonlyMap<string, number>): number {
  const own = shingles(keyPoint);
  if (own.size === 0) return 1;
  let inside = 0;
  for (const key of own.keys()) if (body.has(key)) inside++;
  return inside / own.size;
}

/** Whether a key point is pure: at least 90% of its shingles are in the reference body's. */
export function isPure(keyPoint: string, body: ReadonlyMap<string, number>): boolean {
  return shareInBody(keyPoint, body) >= PURE_SHARE;
}
