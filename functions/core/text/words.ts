// Word-level helpers shared by cleaning and key points: words of a text, their Porter stems, content words
// (stopwords left out), and whitespace normalisation. Linear scans and simple regular expressions only.
import { stemmer } from 'stemmer';
import { STOPWORDS } from './stopwords.js';

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** The words of a text in order, as written (letters and digits, with inner apostrophes). */
export function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** How many words a text has. */
export function countWords(text: string): number {
  let n = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text) !== null) n++;
  return n;
}

const stemCache = new Map<string, string>();

/** Porter stem of a lower-case word, memoised (news vocabulary repeats a lot). */
export function stemOf(word: string): string {
  let out = stemCache.get(word);
  if (out === undefined) {
    out = word.length > 2 && /^[a-z]+$/.test(word) ? stemmer(word) : word;
    if (stemCache.size > 100_000) stemCache.clear();
    stemCache.set(word, out);
  }
  return out;
}

/** Stems of the content words (stopwords and one-letter words left out), lower-cased, in order. */
export function contentStems(text: string): string[] {
  const out: string[] = [];
  for (const raw of wordsOf(text)) {
    const word = raw.toLowerCase().replace(/’/g, "'");
    if (word.length < 2 || STOPWORDS.has(word)) continue;
    const bare = word.replace(/'s$/, '');
    out.push(stemOf(bare));
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
