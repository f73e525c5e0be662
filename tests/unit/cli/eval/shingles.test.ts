// The article-extraction benchmark's measure on hand-worked cases: tokens, 4-token shingles as multisets,
// TP/FP/FN normalised per page, precision and recall averaged over pages, and key-point purity.
import { describe, expect, it } from 'vitest';
import {
  benchmarkTokens,
  extractionScore,
  isPure,
  shareInBody,
  shingleMatch,
  shingles,
} from '../../../../functions/cli/eval/shingles.js';

describe('benchmarkTokens', () => {
  it('takes runs of Unicode letters, digits, marks and underscores, keeping case', () => {
    expect(benchmarkTokens('Café-au-lait, 3.5 snake_case «Ünïcode» 北京 e\u0301!')).toEqual([
      'Café',
      'au',
      'lait',
      '3',
      '5',
      'snake_case',
      'Ünïcode',
      '北京',
      'e\u0301',
    ]);
  });
});

describe('shingles', () => {
  it('counts every 4-token window, repeats included', () => {
    expect(shingles('a b c d a b c d')).toEqual(
      new Map([
        ['a b c d', 2],
        ['b c d a', 1],
        ['c d a b', 1],
        ['d a b c', 1],
      ]),
    );
  });

  it('makes a text of fewer than four tokens one short shingle, and an empty text none', () => {
    expect(shingles('two words')).toEqual(new Map([['two words', 1]]));
    expect(shingles(' ... ')).toEqual(new Map());
  });
});

describe('shingleMatch', () => {
  it('normalises shared, extra and missing shingles to sum 1', () => {
    // Reference: a b c d e f (3 shingles). Prediction: a b c d e x y (4 shingles, 2 shared).
    const m = shingleMatch('a b c d e f', 'a b c d e x y');

    expect(m.tp).toBeCloseTo(2 / 5);
    expect(m.fp).toBeCloseTo(2 / 5);
    expect(m.fn).toBeCloseTo(1 / 5);
  });

  it('counts a shingle repeated in the prediction once as shared and once as extra', () => {
    const m = shingleMatch('w x y z', 'w x y z. w x y z');

    // Prediction shingles: "w x y z" twice, "x y z w", "y z w x", "z w x y".
    expect(m).toEqual({ tp: 1 / 5, fp: 4 / 5, fn: 0 });
  });

  it('gives all zeros when both texts are empty', () => {
    expect(shingleMatch('', '')).toEqual({ tp: 0, fp: 0, fn: 0 });
  });
});

describe('extractionScore', () => {
  it('averages precision and recall over pages and takes their harmonic mean', () => {
    const perfect = shingleMatch('one two three four five', 'one two three four five');
    const half = shingleMatch('a b c d e f', 'a b c d e x y');

    const s = extractionScore([perfect, half]);

    expect(s.precision).toBeCloseTo((1 + 0.5) / 2);
    expect(s.recall).toBeCloseTo((1 + 2 / 3) / 2);
    expect(s.f1).toBeCloseTo((2 * 0.75 * (5 / 6)) / (0.75 + 5 / 6));
  });

  it('leaves a page with no prediction out of precision but counts it as zero recall', () => {
    const perfect = shingleMatch('one two three four five', 'one two three four five');
    const nothing = shingleMatch('one two three four five', '');

    expect(extractionScore([perfect, nothing])).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3 });
  });
});

describe('key-point purity', () => {
  const body = shingles('The storm reached the coast on Monday night and cut power to homes.');

  it('counts a key point whose shingles are all in the body as pure', () => {
    expect(shareInBody('The storm reached the coast on Monday night.', body)).toBe(1);
    expect(isPure('The storm reached the coast on Monday night.', body)).toBe(true);
  });

  it('counts a key point with a caption glued before it as impure', () => {
    // 11 tokens, 8 shingles, of which the first 3 hold caption words: 5/8 < 0.9.
    const point = 'Photo by Jane The storm reached the coast on Monday night.';

    expect(shareInBody(point, body)).toBeCloseTo(5 / 8);
    expect(isPure(point, body)).toBe(false);
  });
});
