// Sentence splitting for news prose: one linear scan over a paragraph, no backtracking regular expressions.
// Handles closing quotation marks after . ? !, abbreviations and titles (Mr., U.S., Sept., Gov.), initials
// (J. K. Rowling), decimals and times (3.40pm), ellipses, quote attributions ("Why?" he asked), sentences
// glued together without a space ("end.Next"), and CJK full stops. When a boundary is doubtful and the next
// word starts in lower case after an ordinary word, it splits: gluing two sentences together is worse.

import {
  END_ABBREVIATIONS,
  NUMBER_ABBREVIATIONS,
  TIME_ZONES,
  TITLE_STOPS,
  WEAK_ABBREVIATIONS,
  WEAK_LOWER_ABBREVIATIONS,
} from './text/abbreviations.js';
import { isLower, isUpper } from './text/chars.js';
import { OPENERS } from './text/openers.js';
import { QUOTE_TAG_VERBS } from './text/speech-words.js';
import { WEEKDAYS } from './text/words.js';

const LATIN_TERMINATORS = '.!?…';
const CJK_TERMINATORS = '。！？｡';
/** Finds the next terminator; one global expression, its lastIndex set before each use (no re-entry). */
const TERMINATOR = /[.!?…。！？｡]/g;
/** Closing quotation marks and brackets that belong to the sentence they follow. */
const CLOSERS = '"”’\')]}»›«‹」』）';
/** Opening quotation marks, brackets and dashes that may precede the first word of a sentence. */
const OPENERS_PUNCT = '"“‘\'([{«‹「『（¿¡-–—•*';

function isSpace(ch: string | undefined): boolean {
  return (
    ch === ' ' ||
    ch === '\n' ||
    ch === '\t' ||
    ch === '\r' ||
    ch === '\u00a0' ||
    ch === '\u2009' ||
    ch === '\u202f'
  );
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && ch.toLowerCase() !== ch.toUpperCase();
}

function isWordChar(ch: string | undefined): boolean {
  return isLetter(ch) || isDigit(ch);
}

/** The run of non-space characters ending just before `end`, without leading opening punctuation. */
function wordBefore(text: string, end: number): string {
  let start = end;
  // Words longer than this are not abbreviations; the bound keeps the splitter linear on odd input.
  const limit = Math.max(0, end - 40);
  while (start > limit && !isSpace(text[start - 1])) start--;
  while (start < end && OPENERS_PUNCT.includes(text[start] as string)) start++;
  return text.slice(start, end);
}

/** The word starting at `start` (letters, digits, apostrophes and hyphens). */
function wordAt(text: string, start: number): string {
  let end = start;
  while (end < text.length && (isWordChar(text[end]) || text[end] === "'" || text[end] === '’')) end++;
  return text.slice(start, end);
}

type Policy = 'never' | 'weak' | 'end' | 'number' | 'plain' | 'meridiem';

/** How a full stop after `word` behaves (the full stop itself is not part of `word`). */
function policyFor(word: string): Policy {
  const bare = word.replace(/^[^\p{L}\p{N}]+/u, '');
  if (bare.length > 12) return 'plain';
  const lower = bare.toLowerCase();
  if (TITLE_STOPS.has(lower)) return 'never';
  if (lower === 'a.m' || lower === 'p.m' || lower === 'am' || lower === 'pm') {
    return lower.includes('.') ? 'meridiem' : 'plain';
  }
  if (lower === 'e.g' || lower === 'i.e' || lower === 'viz') return 'never';
  // Initials (J. K. Rowling) and dotted abbreviations (U.S, Ph.D, D.C, N.Y).
  if (bare.length === 1 && isUpper(bare)) return 'weak';
  if (/^(?:\p{L}{1,2}\.)+\p{L}{1,2}$/u.test(bare)) return 'weak';
  if (NUMBER_ABBREVIATIONS.has(lower)) return 'number';
  if (END_ABBREVIATIONS.has(lower)) return 'end';
  // State abbreviations and months are capitalised; "ill." or "wash." in lower case are ordinary words.
  if (WEAK_ABBREVIATIONS.has(lower) && isUpper(bare[0])) return 'weak';
  if (WEAK_LOWER_ABBREVIATIONS.has(bare)) return 'weak';
  return 'plain';
}

/** Whether the words from `start` read like a quote attribution: at most 4 words, then a verb of speech. */
function looksLikeAttribution(text: string, start: number): boolean {
  let pos = start;
  for (let n = 0; n < 5 && pos < text.length; n++) {
    const word = wordAt(text, pos);
    if (word === '') return false;
    if (QUOTE_TAG_VERBS.has(word.toLowerCase())) return true;
    pos += word.length;
    if (text[pos] === ',') return false;
    while (pos < text.length && isSpace(text[pos])) pos++;
  }
  return false;
}

/** Decides whether a sentence ends at a terminator run followed by whitespace and then `next`. */
function endsHere(
  text: string,
  termStart: number,
  terms: string,
  closed: boolean,
  nextStart: number,
  firstAlnum: number,
): boolean {
  if (nextStart >= text.length) return true;
  const c = text[firstAlnum];
  if (c === undefined) return true;
  const nextWord = wordAt(text, firstAlnum);
  const upper = isUpper(c);
  const lower = isLower(c);
  const digit = isDigit(c);
  const hasQuestion = terms.includes('?') || terms.includes('!');
  if (hasQuestion) {
    if (lower) return false;
    // "Are you OK?" Smith asked.  The quotation and its attribution are one sentence.
    if (closed && upper && looksLikeAttribution(text, firstAlnum)) return false;
    return true;
  }
  if (terms.length > 1 || terms === '…') {
    // An ellipsis: a capital after it starts a new sentence; anything else continues the thought.
    return upper || (digit && closed);
  }
  // A single full stop.
  if (closed && lower) return false; // 'It was great.' said Smith  (attribution after a closing quote)
  return stopEnds(text, termStart, c, nextWord);
}

/** Whether a single full stop at text[stop] ends a sentence, given the first letter or digit after it. */
function stopEnds(text: string, stop: number, c: string, nextWord: string): boolean {
  const upper = isUpper(c);
  switch (policyFor(wordBefore(text, stop))) {
    case 'never':
      return false;
    case 'weak':
      return upper && OPENERS.has(nextWord);
    case 'meridiem': {
      // "at 1 a.m. EST", "just after 1 a.m. Tuesday to approve" (American style puts the day after the time).
      const next = nextWord.replace(/\.$/, '');
      return upper && !TIME_ZONES.has(next) && !WEEKDAYS.has(next.toLowerCase());
    }
    case 'end':
      return upper;
    case 'number':
      return upper;
    case 'plain': {
      if (upper || isDigit(c)) return true;
      if (!isLower(c)) return true;
      // Lower case after an ordinary word: rare in edited prose; prefer a split over gluing two sentences,
      // but not after a number ("5. the") where lists and odd formatting are more likely.
      return /\p{L}{2,}$/u.test(wordBefore(text, stop));
    }
  }
}

/**
 * Whether the full stop at text[stop] ends a sentence, by the word before it and the first word after it
 * (past spaces and opening quotation marks or brackets): titles never end one; initials, dotted abbreviations,
 * months and states only before a typical opener; "p.m." unless a time zone follows; "Inc." and "No." before a
 * capital; an ordinary word before anything but a lower-case word after a number. The rule splitSentences
 * follows, for a caller that finds the stops itself (the quote finder splits its token stream with it).
 */
export function fullStopEnds(text: string, stop: number): boolean {
  let next = stop + 1;
  while (next < text.length && isSpace(text[next])) next++;
  let first = next;
  while (first < text.length && !isWordChar(text[first]) && OPENERS_PUNCT.includes(text[first] as string)) {
    first++;
  }
  const c = text[first];
  return c === undefined || stopEnds(text, stop, c, wordAt(text, first));
}

/** Whether a full stop / ? / ! glued to a capitalised word ("end.Next") ends a sentence. */
function gluedEnd(text: string, termStart: number, termEnd: number): boolean {
  const next = text[termEnd];
  const after = text[termEnd + 1];
  if (!isUpper(next) || !isLower(after)) return false;
  const before = wordBefore(text, termStart);
  // Only after an ordinary lower-case word of two letters or more: not Amazon.com, Node.Js, U.S.Army.
  if (!/\p{Ll}{2,}$/u.test(before) || before.includes('.') || before.includes('/') || before.includes('@')) {
    return false;
  }
  return policyFor(before) === 'plain';
}

/** Splits a paragraph into sentences, trimmed, in order. Punctuation-only pieces join the sentence before. */
export function splitSentences(paragraph: string): string[] {
  const text = paragraph;
  const n = text.length;
  const out: string[] = [];
  let start = 0;
  let i = 0;
  const scan = TERMINATOR;
  while (i < n) {
    // Jump to the next terminator: most characters are plain text.
    scan.lastIndex = i;
    const found = scan.exec(text);
    if (found === null) break;
    i = found.index;
    if (CJK_TERMINATORS.includes(text[i] as string)) {
      const end = cjkSentenceEnd(text, i);
      push(out, text.slice(start, end));
      start = end;
      i = end;
      continue;
    }
    // A run of terminators (?!, ..., .'") followed by closing quotes or brackets.
    const termEnd = latinTerminatorsEnd(text, i);
    const terms = text.slice(i, termEnd);
    const end = closersEnd(text, termEnd);
    const closed = end > termEnd;
    if (end < n && !isSpace(text[end])) {
      if (!closed && terms.length === 1 && gluedEnd(text, i, end)) {
        push(out, text.slice(start, end));
        start = end;
      }
      i = end;
      continue;
    }
    const next = spacesEnd(text, end);
    if (endsHere(text, i, terms, closed, next, openersEnd(text, next))) {
      push(out, text.slice(start, end));
      start = next;
    }
    i = Math.max(end, i + 1);
  }
  push(out, text.slice(start));
  return out;
}

/** After a CJK terminator at i: the end of its run of terminators and closing marks. */
function cjkSentenceEnd(text: string, i: number): number {
  let end = i + 1;
  while (
    end < text.length &&
    (CJK_TERMINATORS.includes(text[end] as string) || CLOSERS.includes(text[end] as string))
  )
    end++;
  return end;
}

function latinTerminatorsEnd(text: string, i: number): number {
  let end = i;
  while (end < text.length && LATIN_TERMINATORS.includes(text[end] as string)) end++;
  return end;
}

/** After terminators ending at termEnd: the end of the closing quotes and brackets that follow them. */
function closersEnd(text: string, termEnd: number): number {
  let end = termEnd;
  while (end < text.length && CLOSERS.includes(text[end] as string)) end++;
  // A straight quote after the stop followed by a letter is an apostrophe or an opening mark, not a closer.
  return end > termEnd && isLetter(text[end]) ? termEnd : end;
}

function spacesEnd(text: string, from: number): number {
  let next = from;
  while (next < text.length && isSpace(text[next])) next++;
  return next;
}

/** The first letter or digit after opening punctuation at `from` (quotation marks, brackets, dashes). */
function openersEnd(text: string, from: number): number {
  let at = from;
  while (at < text.length && !isWordChar(text[at]) && OPENERS_PUNCT.includes(text[at] as string)) at++;
  return at;
}

function push(out: string[], piece: string): void {
  const trimmed = piece.trim();
  if (trimmed === '') return;
  // A piece without a letter or digit (a stray quotation mark, "*") belongs to the sentence before it.
  if (!/[\p{L}\p{N}]/u.test(trimmed) && out.length > 0) {
    out[out.length - 1] = `${out[out.length - 1]} ${trimmed}`;
    return;
  }
  out.push(trimmed);
}

/** A sentence of an article with where it stands. */
export interface ArticleSentence {
  readonly text: string;
  /** Index of the paragraph where the sentence starts. */
  readonly paragraph: number;
  /** Position among all sentences of the article, from 0. */
  readonly index: number;
}

/**
 * The terminator that ends a sentence (". ! ? … 。！？"), looking past closing quotation marks and brackets,
 * or undefined when the text does not end like a sentence. A backward scan: no regular expression needed.
 */
export function finalTerminator(text: string): string | undefined {
  let i = text.length - 1;
  while (i >= 0 && isSpace(text[i])) i--;
  // Opening marks count too: scraped text often closes a quotation with the wrong one (“Mostly False.“).
  // French sets a closing guillemet off by a space (« … jours. »), German closes with « (»… genug.«).
  while (
    i >= 0 &&
    (CLOSERS.includes(text[i] as string) || text[i] === '“' || text[i] === '‘' || isSpace(text[i]))
  )
    i--;
  const ch = text[i];
  return ch !== undefined && (LATIN_TERMINATORS.includes(ch) || CJK_TERMINATORS.includes(ch))
    ? ch
    : undefined;
}
/** Longest sentence (in characters) that joining broken paragraphs may produce. */
const MAX_JOINED_CHARS = 600;

/**
 * All sentences of an article in order. A paragraph whose last sentence has no ending (a sentence the
 * scraper broke across paragraphs) has it completed by the next paragraph's first sentence; the
 * paragraphs themselves stay as they are. With a limit, stops after about that many sentences.
 */
export function articleSentences(
  paragraphs: readonly string[],
  limit = Number.POSITIVE_INFINITY,
): ArticleSentence[] {
  const out: ArticleSentence[] = [];
  let carry: { text: string; paragraph: number } | undefined;
  paragraphs.forEach((paragraph, p) => {
    if (out.length >= limit) return;
    const pieces = splitSentences(paragraph);
    pieces.forEach((piece, i) => {
      let text = piece;
      let from = p;
      if (carry !== undefined && i === 0) {
        text = `${carry.text} ${piece}`;
        from = carry.paragraph;
        carry = undefined;
      }
      const last = i === pieces.length - 1;
      if (
        last &&
        p + 1 < paragraphs.length &&
        finalTerminator(text) === undefined &&
        text.length < MAX_JOINED_CHARS
      ) {
        carry = { text, paragraph: from };
        return;
      }
      out.push({ text, paragraph: from, index: out.length });
    });
  });
  if (carry !== undefined && out.length < limit) {
    const rest: { text: string; paragraph: number } = carry;
    out.push({ text: rest.text, paragraph: rest.paragraph, index: out.length });
  }
  return out;
}
