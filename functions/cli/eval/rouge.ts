// ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 in the conventions of Google's `rouge-score` (use_stemmer=True):
// lowercase, every character outside [a-z0-9] a separator, Porter stemming of tokens longer than 3
// characters, and Lsum as the summary-level union LCS over newline-separated sentences, counting each
// token at most as often as it occurs on both sides (as ROUGE-1.5.5 and rouge-score do).
// Stemming is the `stemmer` package (Porter's algorithm as published); rouge-score calls NLTK's Porter, whose
// extensions stem about 2% of word types differently ("says", "used", "dies"). Checked against rouge-score's
// algorithm with NLTK on keypoints-dev Lead-3: 12 of 250 articles differ, the averages by at most 0.04.
import { stemmer } from 'stemmer';

export interface RougeScores {
  /** F1 in [0, 1]. */
  readonly rouge1: number;
  readonly rouge2: number;
  readonly rougeLsum: number;
}

const stemCache = new Map<string, string>();

function stem(token: string): string {
  let out = stemCache.get(token);
  if (out === undefined) {
    out = stemmer(token);
    // The cache only saves time; bound it so a long batch of odd text cannot grow it without limit.
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(token, out);
  }
  return out;
}

/** rouge-score's tokenizer: lowercase, split on anything outside [a-z0-9], stem tokens longer than 3. */
export function rougeTokens(text: string): string[] {
  const words = text.toLowerCase().split(/[^a-z0-9]+/);
  const tokens: string[] = [];
  for (const word of words) {
    if (word === '') continue;
    tokens.push(word.length > 3 ? stem(word) : word);
  }
  return tokens;
}

function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    // A space cannot occur inside a token, so it is a safe joiner for the n-gram key.
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** ROUGE-N F1 over whole token sequences (sentence boundaries play no part, as in rouge-score). */
export function rougeN(reference: readonly string[], candidate: readonly string[], n: number): number {
  const ref = ngramCounts(reference, n);
  const can = ngramCounts(candidate, n);
  let overlap = 0;
  let refTotal = 0;
  let canTotal = 0;
  for (const [gram, count] of ref) {
    overlap += Math.min(count, can.get(gram) ?? 0);
    refTotal += count;
  }
  for (const count of can.values()) canTotal += count;
  return fmeasure(overlap / Math.max(canTotal, 1), overlap / Math.max(refTotal, 1));
}

/** Indices into `ref` of one longest common subsequence, chosen with rouge-score's backtracking rule. */
export function lcsIndices(ref: readonly string[], can: readonly string[]): number[] {
  const rows = ref.length;
  const cols = can.length;
  const width = cols + 1;
  const table = new Uint32Array((rows + 1) * width);
  for (let i = 1; i <= rows; i++) {
    for (let j = 1; j <= cols; j++) {
      table[i * width + j] =
        ref[i - 1] === can[j - 1]
          ? (table[(i - 1) * width + j - 1] as number) + 1
          : Math.max(table[(i - 1) * width + j] as number, table[i * width + j - 1] as number);
    }
  }
  const out: number[] = [];
  let i = rows;
  let j = cols;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      out.push(i - 1);
      i--;
      j--;
    } else if ((table[i * width + j - 1] as number) > (table[(i - 1) * width + j] as number)) {
      j--;
    } else {
      i--;
    }
  }
  return out.reverse();
}

function countTokens(sentences: readonly (readonly string[])[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const sentence of sentences) for (const t of sentence) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Summary-level ROUGE-L F1 (ROUGE paper section 3.2) over tokenised sentences. */
export function rougeLsumTokens(
  reference: readonly (readonly string[])[],
  candidate: readonly (readonly string[])[],
): number {
  const m = reference.reduce((n, s) => n + s.length, 0);
  const n = candidate.reduce((k, s) => k + s.length, 0);
  if (m === 0 || n === 0) return 0;
  const refCounts = countTokens(reference);
  const canCounts = countTokens(candidate);
  let hits = 0;
  for (const refSentence of reference) {
    const union = new Set<number>();
    for (const canSentence of candidate) for (const i of lcsIndices(refSentence, canSentence)) union.add(i);
    for (const i of [...union].sort((a, b) => a - b)) {
      const token = refSentence[i] as string;
      const left = canCounts.get(token) ?? 0;
      const right = refCounts.get(token) ?? 0;
      if (left > 0 && right > 0) {
        hits++;
        canCounts.set(token, left - 1);
        refCounts.set(token, right - 1);
      }
    }
  }
  return fmeasure(hits / n, hits / m);
}

function sentencesOf(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map(rougeTokens);
}

/** Scores one candidate against one reference; both hold one sentence per line. */
export function rougeScores(reference: string, candidate: string): RougeScores {
  const refTokens = rougeTokens(reference);
  const canTokens = rougeTokens(candidate);
  return {
    rouge1: rougeN(refTokens, canTokens, 1),
    rouge2: rougeN(refTokens, canTokens, 2),
    rougeLsum: rougeLsumTokens(sentencesOf(reference), sentencesOf(candidate)),
  };
}

/** The best score of each kind over several references (each kind chosen on its own, as rouge-score does). */
export function bestRougeScores(references: readonly string[], candidate: string): RougeScores {
  let best: RougeScores = { rouge1: 0, rouge2: 0, rougeLsum: 0 };
  for (const reference of references) {
    const s = rougeScores(reference, candidate);
    best = {
      rouge1: Math.max(best.rouge1, s.rouge1),
      rouge2: Math.max(best.rouge2, s.rouge2),
      rougeLsum: Math.max(best.rougeLsum, s.rougeLsum),
    };
  }
  return best;
}
