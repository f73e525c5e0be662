// Whether a key point leans on a sentence the reader never sees: the one definition of the share that
// `npm run eval -- keypoints` reports beside ROUGE (see README, Quality). A key point leans when its first
// word, past any opening quotation mark or bracket, is one of the personal or demonstrative pronouns or
// the connectives below, written with a capital as a sentence opens ("He accused …", "But they had …",
// "It's …", "‘This is …"). A name the digest put in square brackets ("[Cameron] accused …") does not lean:
// the brackets show the reader that the digest supplied it.

/** Personal and demonstrative pronouns (and their possessives) that point back to someone or something. */
export const LEANING_PRONOUNS: readonly string[] = [
  'He',
  'She',
  'They',
  'It',
  'This',
  'These',
  'Those',
  'His',
  'Her',
  'Their',
  'Its',
  'Him',
  'Them',
  'That',
];

/** Discourse connectives that tie a sentence to the one before it. */
export const LEANING_CONNECTIVES: readonly string[] = [
  'And',
  'But',
  'However',
  'Also',
  'Meanwhile',
  'Still',
  'Yet',
  'So',
  'Instead',
  'Moreover',
  'Furthermore',
  'Nevertheless',
  'Then',
  'Thus',
  'Therefore',
  'Although',
  'Though',
  'Besides',
  'Otherwise',
];

const PRONOUNS = new Set(LEANING_PRONOUNS);
const CONNECTIVES = new Set(LEANING_CONNECTIVES);

/**
 * The first word: letters after any opening marks; it ends at anything that is not a letter, except that a
 * hyphen joins it to the next word ("Then-President" is a word of its own, not "Then").
 */
const FIRST_WORD = /^[\s"“‘'«‹(—–-]*(\p{L}+)(-\p{L})?/u;

export type Leaning = 'pronoun' | 'connective';

/** How a key point leans on what came before it, or null when it reads on its own. */
export function leaningOf(point: string): Leaning | null {
  const m = FIRST_WORD.exec(point);
  if (m === null || m[2] !== undefined) return null;
  const word = m[1] as string;
  if (PRONOUNS.has(word)) return 'pronoun';
  if (CONNECTIVES.has(word)) return 'connective';
  return null;
}

/** Counts of key points and of those that lean, by kind. */
export interface LeaningCounts {
  points: number;
  pronoun: number;
  connective: number;
}

export function emptyLeaningCounts(): LeaningCounts {
  return { points: 0, pronoun: 0, connective: 0 };
}

export function countLeaning(counts: LeaningCounts, points: readonly string[]): void {
  for (const p of points) {
    counts.points++;
    const leaning = leaningOf(p);
    if (leaning !== null) counts[leaning]++;
  }
}

/** "6.8% pronoun, 7.1% connective, 13.9% in all (of 750)". */
export function describeLeaning(counts: LeaningCounts): string {
  const pct = (n: number) => `${((100 * n) / Math.max(counts.points, 1)).toFixed(1)}%`;
  return `${pct(counts.pronoun)} pronoun, ${pct(counts.connective)} connective, ${pct(
    counts.pronoun + counts.connective,
  )} in all (of ${counts.points} key points)`;
}
