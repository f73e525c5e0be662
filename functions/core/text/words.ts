// Word-level helpers shared by cleaning and key points: words of a text, their Porter stems, content words
// (stopwords left out), and whitespace normalisation. Linear scans and simple regular expressions only.
import { stemmer } from 'stemmer';
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

/**
 * A word of lower-cased text: letters and digits (ASCII, and everything above Latin-1 punctuation except
 * general punctuation and CJK symbols), with inner apostrophes. No Unicode property classes: this runs on
 * every sentence of every article and must be cheap.
 */
const LOWER_WORD =
  /[a-z0-9\u00c0-\u1fff\u2070-\u2fff\u3040-\ud7ff\uf900-\ufeff]+(?:['’][a-z\u00c0-\u1fff]+)*/g;

/** Stems of the content words (stopwords and one-letter words left out), lower-cased, in order. */
export function contentStems(text: string): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  LOWER_WORD.lastIndex = 0;
  for (let m = LOWER_WORD.exec(lower); m !== null; m = LOWER_WORD.exec(lower)) {
    let word = m[0];
    if (word.length < 2) continue;
    if (word.includes('’')) word = word.replaceAll('’', "'");
    if (STOPWORDS.has(word)) continue;
    out.push(stemOf(word.endsWith("'s") ? word.slice(0, -2) : word));
  }
  return out;
}

/** Unicode spaces, zero-width characters and control characters made plain; line breaks kept as \n. */
export function normalizeWhitespace(text: string): string {
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
