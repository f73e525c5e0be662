// Function words the quote and speaker rules share: prepositions, and the test for one.

/** Prepositions: a capitalised word after one is in a phrase ("in Birmingham"), not a subject. */
export const PREPOSITIONS = new Set([
  'of',
  'in',
  'on',
  'at',
  'by',
  'for',
  'with',
  'from',
  'to',
  'into',
  'about',
  'against',
  'between',
  'among',
  'under',
  'over',
  'after',
  'before',
  'during',
  'since',
  'than',
  'like',
  'toward',
  'towards',
  'through',
  'via',
  'including',
  'near',
  'behind',
]);

export function isPreposition(word: string | undefined): boolean {
  // Prepositions are matched in lower case only: a capitalised "In" opens a sentence, not a phrase
  // inside a name, and callers pass the token's lower-case form where case does not matter.
  return word !== undefined && PREPOSITIONS.has(word);
}
