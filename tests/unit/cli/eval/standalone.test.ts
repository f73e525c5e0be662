// The share of key points that lean on a sentence the reader never sees: which openings count, which do not.
import { describe, expect, it } from 'vitest';
import {
  countLeaning,
  describeLeaning,
  emptyLeaningCounts,
  LEANING_CONNECTIVES,
  LEANING_PRONOUNS,
  leaningOf,
} from '../../../../functions/cli/eval/standalone.js';

describe('leaningOf', () => {
  it('counts every listed pronoun and connective that opens a key point', () => {
    for (const word of LEANING_PRONOUNS) expect(leaningOf(`${word} went home.`)).toBe('pronoun');
    for (const word of LEANING_CONNECTIVES)
      expect(leaningOf(`${word}, the council voted.`)).toBe('connective');
  });

  it('counts a contraction and an opening inside quotation marks', () => {
    expect(leaningOf("It's a far cry from the fame he enjoyed.")).toBe('pronoun');
    expect(leaningOf('‘They have gone too far,’ she said.')).toBe('pronoun');
    expect(leaningOf('"But we will win," he said.')).toBe('connective');
  });

  it('does not count a bracketed name, a longer word, a hyphenated compound or lower case', () => {
    expect(leaningOf('[Cameron] accused Ed Miliband of having some brass neck.')).toBeNull();
    expect(leaningOf('Thesis defended at last by the student.')).toBeNull();
    expect(leaningOf('Hersham residents protested on Monday.')).toBeNull();
    expect(leaningOf('Then-President Obama signed the bill.')).toBeNull();
    expect(leaningOf('he said nothing.')).toBeNull();
    expect(leaningOf('The council voted.')).toBeNull();
    expect(leaningOf('')).toBeNull();
  });
});

describe('countLeaning and describeLeaning', () => {
  it('report the share by kind and in all', () => {
    const counts = emptyLeaningCounts();
    countLeaning(counts, ['He left.', 'And so on.', 'The end.', 'The start.']);
    expect(counts).toEqual({ points: 4, pronoun: 1, connective: 1 });
    expect(describeLeaning(counts)).toBe('25.0% pronoun, 25.0% connective, 50.0% in all (of 4 key points)');
  });
});
