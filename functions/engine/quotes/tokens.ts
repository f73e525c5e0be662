// Tokens and sentences of a paragraph as the attribution step sees them: the writer's own words and
// punctuation, with each top-level quotation folded into one `quote` token. Sentence bounds are found
// on this stream, so full stops inside a quotation never split the writer's sentence around it, and an
// attribution after a quotation ("…?” Trump said) stays in its sentence; a full stop in the writer's own
// words is decided by the article splitter's rule (sentences.ts fullStopEnds), so both agree on those.
import { fullStopEnds } from '../sentences.js';
import { isSpaceCode, isWordCode } from '../text/chars.js';
import type { QuoteSpan } from './marks.js';

export type TokenKind = 'word' | 'punct' | 'quote';

export interface Token {
  readonly kind: TokenKind;
  /** The word or punctuation character; for a quote token, the quoted text. */
  readonly text: string;
  /** The text in lower case (words only; '' otherwise). */
  readonly lower: string;
  /** A word that starts with a capital letter. */
  readonly cap: boolean;
  /** A word that starts with a lower-case letter. */
  readonly low: boolean;
  readonly start: number;
  readonly end: number;
  /** For a quote token: the index of its span in the paragraph's span list. */
  readonly span: number;
  /** Index of the sentence (within the paragraph) the token belongs to; set by tokenSentences. */
  sentence: number;
  /** A sentence-opening participle ("Giving evidence on Wednesday, …"): never a name; set per article. */
  participle: boolean;
  /** A function word the article uses as a name ("Al From", "Judicial Watch"): a name word; set per article. */
  surname: boolean;
}

export interface Sentence {
  /** Token index range [from, to). */
  readonly from: number;
  readonly to: number;
}

function isUpperCode(c: number): boolean {
  if (c < 128) return c >= 65 && c <= 90;
  const ch = String.fromCharCode(c);
  return ch !== ch.toLowerCase();
}

function isLowerCode(c: number): boolean {
  if (c < 128) return c >= 97 && c <= 122;
  const ch = String.fromCharCode(c);
  return ch !== ch.toUpperCase();
}

function wordToken(text: string, start: number, end: number, plain: boolean): Token {
  const word = text.slice(start, end);
  const first = word.charCodeAt(0);
  return {
    kind: 'word',
    text: word,
    lower: plain ? word : word.toLowerCase(),
    cap: isUpperCode(first),
    low: isLowerCode(first),
    start,
    end,
    span: -1,
    sentence: 0,
    participle: false,
    surname: false,
  };
}

/** Longest sentence we keep whole, in tokens; ordinary prose stays far below it. */
const MAX_SENTENCE_TOKENS = 150;

export function tokenize(text: string, spans: readonly QuoteSpan[]): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  spans.forEach((span, spanIndex) => {
    tokenizeGap(text, pos, span.open, tokens);
    tokens.push({
      kind: 'quote',
      text: text.slice(span.start, span.end),
      lower: '',
      cap: false,
      low: false,
      start: span.open,
      end: span.after,
      span: spanIndex,
      sentence: 0,
      participle: false,
      surname: false,
    });
    pos = span.after;
  });
  tokenizeGap(text, pos, text.length, tokens);
  return tokens;
}

/**
 * Tokens of the writer's text starting in [from, to): a word (letters and digits, joined by an apostrophe,
 * hyphen, ampersand or stop: O’Neill, Jean-Marc, AT&T, U.S; with a plural possessive's mark: players’), a
 * surrogate pair, or any other single character but white space. No quotation mark opens inside a word, so
 * none crosses `to`. A character loop: no match objects, one slice per token.
 */
function tokenizeGap(text: string, from: number, to: number, tokens: Token[]): void {
  const n = text.length;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (isWordCode(c)) {
      const end = wordEnd(text, i);
      tokens.push(wordToken(text, i, end, isPlainWord(text, i, end)));
      i = end;
      continue;
    }
    if (isSpaceCode(c)) {
      i++;
      continue;
    }
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const end = pair ? i + 2 : i + 1;
    tokens.push({
      kind: 'punct',
      text: text.slice(i, end),
      lower: '',
      cap: false,
      low: false,
      start: i,
      end,
      span: -1,
      sentence: 0,
      participle: false,
      surname: false,
    });
    i = end;
  }
}

/** The end of the word that starts at `start` (a word character): joined parts and a possessive's mark included. */
function wordEnd(text: string, start: number): number {
  const n = text.length;
  let i = start + 1;
  let part = start;
  while (i < n) {
    const d = text.charCodeAt(i);
    if (isWordCode(d)) i++;
    // "Trump said.Trump claimed": a stop glued to the next sentence (a space lost in scraping) ends the word.
    else if (d === 46 && isGluedSentence(text, part, i)) break;
    // ' ’ - & . between two words joins them.
    else if (
      (d === 39 || d === 0x2019 || d === 45 || d === 38 || d === 46) &&
      i + 1 < n &&
      isWordCode(text.charCodeAt(i + 1))
    ) {
      i++;
      part = i;
    } else break;
  }
  // A closing apostrophe of a plural possessive (players’): not before a letter, which the loop took.
  const d = text.charCodeAt(i);
  return d === 39 || d === 0x2019 ? i + 1 : i;
}

/** A stop at `dot` after a lower-case word of 2+ letters, before a capital and a lower-case letter: "said.Trump". */
function isGluedSentence(text: string, part: number, dot: number): boolean {
  if (dot - part < 2 || !isUpperCode(text.charCodeAt(dot + 1)) || !isLowerCode(text.charCodeAt(dot + 2)))
    return false;
  for (let i = part; i < dot; i++) if (!isLowerCode(text.charCodeAt(i))) return false;
  return true;
}

/** No capital and nothing beyond ASCII: the word is its own lower case (most words are). */
function isPlainWord(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || (c >= 65 && c <= 90)) return false;
  }
  return true;
}

/** J, or dotted initials such as G.K (the final stop is a token of its own). */
export function isInitials(t: Token | undefined): boolean {
  if (t === undefined || !t.cap) return false;
  const s = t.text;
  if (s.length === 1) return true;
  for (let i = 1; i < s.length; i += 2) {
    if (s[i] !== '.' || !isUpperCode(s.charCodeAt(i + 1))) return false;
  }
  return s.length % 2 === 1;
}

function isCapitalised(t: Token | undefined): boolean {
  if (t === undefined) return false;
  if (t.kind === 'quote') return true;
  if (t.kind !== 'word') return false;
  return t.cap || (t.text.charCodeAt(0) >= 48 && t.text.charCodeAt(0) <= 57);
}

/**
 * True when the full stop token k ends a sentence: never before a lower-case word (a verb of saying may follow:
 * "Mr. Smith said"), else as the article's sentence splitter decides a full stop by the words around it.
 */
function stopEndsSentence(text: string, tokens: readonly Token[], k: number): boolean {
  const next = tokens[k + 1];
  const stop = tokens[k];
  if (next === undefined || stop === undefined) return true;
  if (!isCapitalised(next) && !(next.kind === 'punct' && '([“"‘'.includes(next.text))) return false;
  return fullStopEnds(text, stop.start);
}

/**
 * Splits a paragraph's tokens into sentences and stamps each token with its sentence index.
 * `attributionAt(k)` tells whether the words from token k attribute the quotation before them
 * (“Who would have believed it?” Trump said), which keeps them in the quotation's sentence.
 */
export function tokenSentences(
  text: string,
  tokens: Token[],
  attributionAt: (k: number) => boolean = () => false,
): Sentence[] {
  const sentences: Sentence[] = [];
  let from = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t === undefined) continue;
    let ends = false;
    if (t.kind === 'punct' && (t.text === '.' || t.text === '!' || t.text === '?' || t.text === '…')) {
      ends = t.text === '.' ? stopEndsSentence(text, tokens, k) : isCapitalised(tokens[k + 1]);
      if (tokens[k + 1] === undefined) ends = true;
    } else if (t.kind === 'quote') {
      // A quotation that ends in terminal punctuation ends the writer's sentence when what follows
      // starts a new one; the attribution step looks across that bound for "he said" after it.
      const next = tokens[k + 1];
      if (/[.!?…]\W*$/u.test(t.text) && next !== undefined && isCapitalised(next) && !attributionAt(k + 1)) {
        ends = true;
      }
    }
    // A run-on "sentence" is cut so that every look-around stays bounded (no quadratic work on
    // pathological input such as a megabyte without a full stop).
    if (ends || k + 1 - from >= MAX_SENTENCE_TOKENS) {
      sentences.push({ from, to: k + 1 });
      from = k + 1;
    }
  }
  if (from < tokens.length) sentences.push({ from, to: tokens.length });
  sentences.forEach((s, index) => {
    for (let k = s.from; k < s.to; k++) {
      const t = tokens[k];
      if (t !== undefined) t.sentence = index;
    }
  });
  return sentences;
}
