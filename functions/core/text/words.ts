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

/** Letters and digits for word scanning: ASCII ones, and everything above Latin-1 bar punctuation blocks. */
function isWordCode(code: number): boolean {
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
 * The words of a text in lower case, in order: runs of letters and digits with inner apostrophes (don't,
 * Kilmarnock’s). A hand-rolled scan rather than a regular expression: it runs on every candidate sentence.
 */
export function lowerWordsOf(text: string): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  const n = lower.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isWordCode(lower.charCodeAt(i))) i++;
    const start = i;
    while (i < n) {
      const code = lower.charCodeAt(i);
      if (isWordCode(code)) i++;
      // An inner apostrophe (don't, Kilmarnock’s) stays in the word.
      else if ((code === 39 || code === 0x2019) && i + 1 < n && isWordCode(lower.charCodeAt(i + 1))) i += 2;
      else break;
    }
    if (i > start) out.push(lower.slice(start, i));
  }
  return out;
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
