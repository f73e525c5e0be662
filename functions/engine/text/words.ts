// Word-level helpers shared by cleaning and key points: words of a text, their Porter stems, content words
// (stopwords left out), and whitespace normalisation. Linear scans and simple regular expressions only.
import { stemmer } from 'stemmer';
import { isSpaceCode } from './chars.js';
import { STOPWORDS } from './stopwords.js';

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** The words of a text in order, as written (letters and digits, with inner apostrophes). */
export function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

/**
 * How many words a text has: runs of characters between spaces that hold a letter or a digit. Chinese and
 * Japanese, written without spaces, count a word for every two characters.
 */
export function countWords(text: string): number {
  let n = 0;
  let ideographs = 0;
  let inWord = false;
  let counted = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 10 || code === 9 || code === 13 || code === 0xa0) {
      inWord = false;
      continue;
    }
    if (!inWord) {
      inWord = true;
      counted = false;
    }
    // Letters and digits: ASCII ones, and anything above Latin-1 punctuation (accented and other scripts).
    const wordy =
      (code >= 48 && code <= 57) ||
      (code >= 65 && code <= 90) ||
      (code >= 97 && code <= 122) ||
      (code >= 0xc0 && (code < 0x2000 || code > 0x206f));
    if (wordy && !counted) {
      n++;
      counted = true;
    }
    if (
      (code >= 0x3040 && code <= 0x30ff) ||
      (code >= 0x3400 && code <= 0x9fff) ||
      (code >= 0xf900 && code <= 0xfaff)
    ) {
      ideographs++;
    }
  }
  return n + Math.floor(ideographs / 2);
}

/** How many runs of non-space characters a text has (what text.match(/\S+/g).length counts), without a regex. */
export function countSpaceSeparated(text: string): number {
  let n = 0;
  let inRun = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpaceCode(text.charCodeAt(i));
    if (!space && !inRun) n++;
    inRun = !space;
  }
  return n;
}

const stemCache = new Map<string, string>();
const ASCII_WORD = /^[a-z]+$/;

/** Porter stem of a lower-case word, memoised (news vocabulary repeats a lot). */
export function stemOf(word: string): string {
  let out = stemCache.get(word);
  if (out === undefined) {
    out = word.length > 2 && ASCII_WORD.test(word) ? stemmer(word) : word;
    if (stemCache.size > 100_000) stemCache.clear();
    stemCache.set(word, out);
  }
  return out;
}

const contentCache = new Map<string, string | null>();

/** A lower-case word's content stem, or null for a stopword or a one-letter word. Memoised, bounded. */
export function contentStemOf(word: string): string | null {
  let out = contentCache.get(word);
  if (out === undefined) {
    const plain = word.includes('’') ? word.replaceAll('’', "'") : word;
    out =
      plain.length < 2 || STOPWORDS.has(plain)
        ? null
        : stemOf(plain.endsWith("'s") ? plain.slice(0, -2) : plain);
    if (contentCache.size > 100_000) contentCache.clear();
    contentCache.set(word, out);
  }
  return out;
}

/**
 * Letters and digits of lower-cased text for word scanning: ASCII ones, and everything above Latin-1 bar
 * punctuation blocks (not text/chars.ts isWordCode, which also takes capitals and leaves out more symbols).
 */
function isLoweredWordCode(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 48 && code <= 57) ||
    (code >= 0xc0 && code <= 0x1fff && code !== 0xd7 && code !== 0xf7) ||
    (code >= 0x2070 && code <= 0x2fff) ||
    (code >= 0x3040 && code <= 0xd7ff) ||
    (code >= 0xf900 && code <= 0xfeff)
  );
}

/**
 * Calls `visit` with each word of the lower-cased text, as its bounds [start, end): letters and digits with
 * inner apostrophes (don't, Kilmarnock’s). The one scanner of the word helpers below, which run on every
 * candidate sentence: a hand-rolled loop rather than a regular expression.
 */
function scanWords<T>(
  text: string,
  visit: (lower: string, start: number, end: number, out: T) => void,
  out: T,
): T {
  const lower = text.toLowerCase();
  const n = lower.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isLoweredWordCode(lower.charCodeAt(i))) i++;
    const start = i;
    while (i < n) {
      const code = lower.charCodeAt(i);
      if (isLoweredWordCode(code)) i++;
      else if ((code === 39 || code === 0x2019) && i + 1 < n && isLoweredWordCode(lower.charCodeAt(i + 1)))
        i += 2;
      else break;
    }
    if (i > start) visit(lower, start, i, out);
  }
  return out;
}

function pushWord(lower: string, start: number, end: number, out: string[]): void {
  out.push(lower.slice(start, end));
}

/** The words of a text in lower case, in order (see scanWords). */
export function lowerWordsOf(text: string): string[] {
  return scanWords(text, pushWord, []);
}

/** Stems of the content words (stopwords and one-letter words left out), lower-cased, in order. */
export function contentStems(text: string): string[] {
  const out: string[] = [];
  for (const word of lowerWordsOf(text)) {
    const stem = contentStemOf(word);
    if (stem !== null) out.push(stem);
  }
  return out;
}

/**
 * Content stems numbered process-wide, and the lower-case words seen so far with their stem's number (-1 for a
 * word without content). Words are found by their characters in an open-addressing table, so that scanning a
 * sentence slices no string and hashes nothing twice: key points look up every word of every candidate.
 */
const stemNumbers = new Map<string, number>();
let wordSlots = new Int32Array(1 << 12);
let wordTexts: string[] = [];
let wordHashes: number[] = [];
let wordStems: number[] = [];
/** Words kept before the tables start again (their memory stays bounded in a long-running process). */
const MAX_TABLE_WORDS = 200_000;

/** How many stem numbers have been given out: every number from contentStemNumbers is below it. */
export function stemNumberCount(): number {
  return stemNumbers.size;
}

/**
 * Empties the word and stem tables when they have grown past their bound. Numbers given out before are then
 * reused, so callers call this only where they hold none (before an article, not in the middle of one).
 */
export function trimStemNumbers(): void {
  if (wordTexts.length < MAX_TABLE_WORDS) return;
  stemNumbers.clear();
  wordSlots = new Int32Array(1 << 12);
  wordTexts = [];
  wordHashes = [];
  wordStems = [];
}

function sameChars(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

function addWord(word: string, hash: number): number {
  const stem = contentStemOf(word);
  let number = -1;
  if (stem !== null) {
    number = stemNumbers.get(stem) ?? stemNumbers.size;
    if (number === stemNumbers.size) stemNumbers.set(stem, number);
  }
  wordTexts.push(word);
  wordHashes.push(hash);
  wordStems.push(number);
  // At most half full, so that probes stay short.
  if (wordTexts.length * 2 > wordSlots.length) {
    const slots = new Int32Array(wordSlots.length * 2);
    const mask = slots.length - 1;
    for (let e = 0; e < wordTexts.length; e++) {
      let slot = (wordHashes[e] as number) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = e + 1;
    }
    wordSlots = slots;
  } else {
    const mask = wordSlots.length - 1;
    let slot = hash & mask;
    while (wordSlots[slot] !== 0) slot = (slot + 1) & mask;
    wordSlots[slot] = wordTexts.length;
  }
  return number;
}

/** The stem number of the word lower[start, end) with this hash, or -1 for a word without content. */
function stemNumberAt(lower: string, start: number, end: number, hash: number): number {
  const mask = wordSlots.length - 1;
  let slot = hash & mask;
  for (;;) {
    const entry = wordSlots[slot] as number;
    if (entry === 0) return addWord(lower.slice(start, end), hash);
    const e = entry - 1;
    if (wordHashes[e] === hash && sameChars(wordTexts[e] as string, lower, start, end)) {
      return wordStems[e] as number;
    }
    slot = (slot + 1) & mask;
  }
}

/**
 * The numbers of the content stems of a text's words (those of contentStems, in order, repeats included),
 * appended to `out`. Numbers stay valid until trimStemNumbers empties the tables.
 */
export function contentStemNumbers(text: string, out: number[]): void {
  scanWords(text, pushStemNumber, out);
}

function pushStemNumber(lower: string, start: number, end: number, out: number[]): void {
  // FNV-1a over the word's code units.
  let hash = 0x811c9dc5;
  for (let j = start; j < end; j++) hash = Math.imul(hash ^ lower.charCodeAt(j), 0x01000193);
  const number = stemNumberAt(lower, start, end, hash >>> 1);
  if (number >= 0) out.push(number);
}

/**
 * What normalizeWhitespace changes: control characters but the line feed, C1 controls and no-break spaces,
 * soft hyphens, combining marks (NFC), Unicode spaces, zero-width characters, separators and the BOM. Plain
 * text (most of it) has none and skips its passes.
 */
const IRREGULAR = new RegExp(
  // Built from a string: the class lists control characters and combining marks, which a literal lints.
  '[\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u00a0\\u00ad\\u0300-\\u036f\\u1100-\\u11ff\\u1680\\u2000-\\u200d' +
    '\\u2028\\u2029\\u202f\\u205f\\u2060\\u3000\\u3099\\u309a\\ufeff]',
);

/** Unicode spaces, zero-width characters and control characters made plain; line breaks kept as \n. */
export function normalizeWhitespace(text: string): string {
  if (!IRREGULAR.test(text)) return text;
  return (
    text
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      .replace(/\f/g, '\n\n')
      // Zero-width spaces and joiners, BOM, soft hyphen, word joiner: invisible, dropped.
      .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
      // No-break and typographic spaces, tabs: plain spaces.
      .replace(/[\t\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, ' ')
      // Line and paragraph separators: line breaks.
      .replace(/[\u2028\u2029\u0085]/g, '\n')
      // Remaining C0/C1 control characters carry no text.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point here
      .replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g, '')
  );
}

/** The days of the week, lower case: dates rather than names ("on Tuesday"), and no sentence start after a time. */
export const WEEKDAYS: ReadonlySet<string> = new Set([
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
]);
