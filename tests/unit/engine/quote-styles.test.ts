// Quote styles: our hand-written British and American articles (tests/fixtures/quote-styles/) scored by the
// project's own quote evaluation, so that quotes and speakers hold up beyond the dev set's US politics.
// british/american were written together with the rules they test; the *-check-1 and *-check-2 sets were
// written later by authors who had not seen the code, and were first measured before any change they prompted.
// french/german/spanish and their -check-1 sets were written (by one author, the check sets in regional styles)
// before any attribution code for those languages existed, and first measured against the English rules; the
// three -check-2 sets (three articles each) were written after it and first measured before the change they
// prompted (F1 100 on all three, named speakers 17 of 18, the one miss left unknown).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  evaluateQuotes,
  type GoldQuote,
  sameSpeaker,
  scoreArticle,
} from '../../../functions/cli/eval/quotes-eval.js';
import { buildDigest } from '../../../functions/engine/digest.js';
import { isFunctionWordInAnyLanguage } from '../../../functions/engine/text/foreign-speech.js';

const fixture = (style: string) =>
  fileURLToPath(new URL(`../../fixtures/quote-styles/${style}.jsonl`, import.meta.url));

interface FixtureLine {
  readonly id: string;
  readonly text: string;
  readonly title?: string;
  readonly quotes: readonly GoldQuote[];
}

/**
 * Speaker accuracy over gold quotes attributed by a pronoun or a description whose speaker the article
 * names ("she said", "the 24-year-old said"): the eval scores named attributions only, and these are
 * where resolution goes wrong.
 */
function resolvedAccuracy(file: string): number {
  const { right, total } = resolvedCounts(file);
  return total === 0 ? 1 : right / total;
}

function resolvedCounts(file: string): { right: number; total: number } {
  let total = 0;
  let right = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const item = JSON.parse(line) as FixtureLine;
    const meta = { kind: 'inline' as const, location: item.id };
    const digest = buildDigest(
      item.title === undefined ? { text: item.text, meta } : { title: item.title, text: item.text, meta },
      { points: 3 },
    );
    for (const gold of item.quotes) {
      if (gold.speakerKind === 'named' || gold.speaker === null) continue;
      const found = digest.quotes.find((q) => scoreArticle(item.id, [gold], [q]).matched === 1);
      total++;
      if (found !== undefined && sameSpeaker(gold.speaker, found.speaker)) right++;
    }
  }
  return { right, total };
}

describe.each([
  'british',
  'american',
  'british-check-1',
  'american-check-1',
  'british-check-2',
  'american-check-2',
])('%s quoting style', (style) => {
  const summary = evaluateQuotes(fixture(style));

  it('finds the quotations: F1 ≥ 0.95', () => {
    expect(summary.articles).toBeGreaterThanOrEqual(6);
    expect(summary.f1).toBeGreaterThanOrEqual(0.95);
  });

  it('names the speakers of named attributions: accuracy ≥ 0.90', () => {
    expect(summary.namedMatched).toBeGreaterThan(20);
    expect(summary.speakerAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('resolves most pronoun and description attributions to the person named', () => {
    expect(resolvedAccuracy(fixture(style))).toBeGreaterThanOrEqual(0.8);
  });
});

/** Every speaker found in a fixture set, quotations under six words included. */
function allSpeakers(file: string): string[] {
  const out: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const item = JSON.parse(line) as FixtureLine;
    const digest = buildDigest(
      { text: item.text, meta: { kind: 'inline', location: item.id } },
      { points: 3 },
    );
    for (const q of digest.quotes) if (q.speaker !== null) out.push(q.speaker);
  }
  return out;
}

const FOREIGN_STYLES = ['french', 'german', 'spanish', 'french-check-1', 'german-check-1', 'spanish-check-1'];
const FOREIGN_CHECK_2 = ['french-check-2', 'german-check-2', 'spanish-check-2'];

// A few pronoun and description attributions per set: counted over the six sets together.
it('resolves most French, German and Spanish pronoun and description attributions', () => {
  let right = 0;
  let total = 0;
  for (const style of [...FOREIGN_STYLES, ...FOREIGN_CHECK_2]) {
    const counts = resolvedCounts(fixture(style));
    right += counts.right;
    total += counts.total;
  }
  expect(total).toBeGreaterThan(30);
  expect(right / total).toBeGreaterThanOrEqual(0.8);
});

describe.each(FOREIGN_STYLES)('%s quoting style', (style) => {
  const summary = evaluateQuotes(fixture(style));

  it('finds the quotations: F1 ≥ 0.95', () => {
    expect(summary.articles).toBeGreaterThanOrEqual(6);
    expect(summary.f1).toBeGreaterThanOrEqual(0.95);
  });

  it('names the speakers of named attributions: accuracy ≥ 0.90', () => {
    expect(summary.namedMatched).toBeGreaterThan(10);
    expect(summary.speakerAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('never gives a function word, nor a single capitalised common word, as a speaker', () => {
    const found = allSpeakers(fixture(style));
    expect(found.length).toBeGreaterThan(10);
    expect(found.filter((s) => isFunctionWordInAnyLanguage(s) || !/\p{Lu}\p{Ll}+ \p{Lu}/u.test(s))).toEqual(
      [],
    );
  });
});

// Three articles a language: F1 per set, named speakers over the three sets together.
describe('French, German and Spanish check 2, written after the code', () => {
  const summaries = FOREIGN_CHECK_2.map((style) => evaluateQuotes(fixture(style)));

  it('finds the quotations: F1 ≥ 0.95 in each', () => {
    for (const summary of summaries) expect(summary.f1).toBeGreaterThanOrEqual(0.95);
  });

  it('names the speakers of named attributions: accuracy ≥ 0.90 over the three', () => {
    const matched = summaries.reduce((n, s) => n + s.namedMatched, 0);
    const right = summaries.reduce((n, s) => n + s.speakerAccuracy * s.namedMatched, 0);
    expect(matched).toBeGreaterThan(15);
    expect(right / matched).toBeGreaterThanOrEqual(0.9);
  });

  it('never gives a function word as a speaker', () => {
    const found = FOREIGN_CHECK_2.flatMap((style) => allSpeakers(fixture(style)));
    expect(found.length).toBeGreaterThan(10);
    expect(found.filter((s) => isFunctionWordInAnyLanguage(s) || !/\p{Lu}\p{Ll}+ \p{Lu}/u.test(s))).toEqual(
      [],
    );
  });
});

// Written by an outside author who had not seen the code (four articles a language, regional styles), and first
// measured before any change they prompted: F1 100 / 100 / 98.6, named speakers 10 of 13, 13 of 15, 14 of 18
// (French / German / Spanish), and two wrong speakers in Spanish ("Quinta", "Vega de Almedina"): those first
// figures are the fair guess for text nobody tuned on. Gold quotations under six words were left out, as the eval
// sets leave them out.
const FOREIGN_CHECK_3 = ['french-check-3', 'german-check-3', 'spanish-check-3'];

describe('French, German and Spanish check 3, by an outside author', () => {
  const summaries = FOREIGN_CHECK_3.map((style) => evaluateQuotes(fixture(style)));

  it('finds the quotations: F1 ≥ 0.95 in each', () => {
    for (const summary of summaries) {
      expect(summary.articles).toBe(4);
      expect(summary.f1).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('names the speakers of named attributions: accuracy ≥ 0.90 over the three', () => {
    const matched = summaries.reduce((n, s) => n + s.namedMatched, 0);
    const right = summaries.reduce((n, s) => n + s.speakerAccuracy * s.namedMatched, 0);
    expect(matched).toBeGreaterThan(40);
    expect(right / matched).toBeGreaterThanOrEqual(0.9);
  });

  it('never gives a function word, a place or a single capitalised word as a speaker', () => {
    const found = FOREIGN_CHECK_3.flatMap((style) => allSpeakers(fixture(style)));
    expect(found.length).toBeGreaterThan(60);
    expect(found.filter((s) => isFunctionWordInAnyLanguage(s) || !/\p{Lu}\p{Ll}+ \p{Lu}/u.test(s))).toEqual(
      [],
    );
  });
});
