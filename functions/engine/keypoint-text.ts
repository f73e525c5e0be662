// A key point as a range of the cleaned article text plus the few edits that make it read on its own, so that
// a reader or a test can check that nothing was invented: the shown text is the range with the edits applied
// and white space collapsed. The cleaned text (the digest's `body`) is the article's paragraphs joined by a
// blank line. Edits: a leading connective dropped ("And"), a pronoun shown as the name it stands for in
// square brackets ("He" → "[David Cameron]"), the new first letter capitalised, a quotation closed that
// runs on past the point, and an overlong opening cut ("…").
import { scanQuotes } from './quotes/marks.js';
import type { ArticleSentence } from './sentences.js';
import { isSpaceCode } from './text/chars.js';

export type KeyPointEditKind = 'dropped' | 'bracketed' | 'capitalised' | 'closed' | 'cut';

/** One change to the article's words: the range [start, end) of the cleaned text is shown as `shown`. */
export interface KeyPointEdit {
  readonly kind: KeyPointEditKind;
  readonly start: number;
  readonly end: number;
  /** The article's own characters there ('' for an addition at one point). */
  readonly original: string;
  /** What the key point shows instead ('' for a dropped word). */
  readonly shown: string;
}

export interface KeyPoint {
  /** The key point as the email shows it. */
  readonly text: string;
  /** Where it comes from in the cleaned text: [start, end), in UTF-16 code units. */
  readonly start: number;
  readonly end: number;
  /** The changes, in text order; none when the point is the article's words as they stand. */
  readonly edits: readonly KeyPointEdit[];
}

/** The cleaned text the offsets refer to: paragraphs separated by a blank line. */
export function cleanedText(paragraphs: readonly string[]): string {
  return paragraphs.join('\n\n');
}

/** The shown text of a range with its edits (edits in order, inside the range, not overlapping). */
export function showRange(body: string, start: number, end: number, edits: readonly KeyPointEdit[]): string {
  let out = '';
  let at = start;
  for (const e of edits) {
    out += body.slice(at, e.start) + e.shown;
    at = e.end;
  }
  out += body.slice(at, end);
  return out.replace(/\s+/g, ' ').trim();
}

/** A key point from a range and its edits. */
export function keyPointOf(
  body: string,
  start: number,
  end: number,
  edits: readonly KeyPointEdit[],
): KeyPoint {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  return { text: showRange(body, start, end, sorted), start, end, edits: sorted };
}

export function editOf(
  body: string,
  kind: KeyPointEditKind,
  start: number,
  end: number,
  shown: string,
): KeyPointEdit {
  return { kind, start, end, original: body.slice(start, end), shown };
}

/** Where a sentence stands in the cleaned text: its range, found from `from` on. */
export interface Located {
  readonly start: number;
  readonly end: number;
}

/**
 * Finds each sentence in the cleaned text, in order. A sentence's text is its paragraph's characters with white
 * space collapsed (a sentence completed by the next paragraph is joined by a space), so the match treats any run
 * of white space, or none where the sentence has a space, as equal.
 */
export function locateSentences(body: string, sentences: readonly ArticleSentence[]): Located[] {
  const out: Located[] = [];
  let cursor = 0;
  for (const s of sentences) {
    const found = matchFrom(body, s.text, cursor) ?? matchAnywhere(body, s.text, cursor);
    out.push(found);
    cursor = found.end;
  }
  return out;
}

function skipSpace(text: string, i: number): number {
  let j = i;
  while (j < text.length && isSpaceCode(text.charCodeAt(j))) j++;
  return j;
}

/** The range of `text` in `body` starting at the first non-space from `from`, or undefined. */
function matchFrom(body: string, text: string, from: number): Located | undefined {
  const start = skipSpace(body, from);
  // Most sentences stand in the text exactly as the splitter gives them.
  if (body.startsWith(text, start)) return { start, end: start + text.length };
  let b = start;
  let t = 0;
  while (t < text.length) {
    if (isSpaceCode(text.charCodeAt(t))) {
      t = skipSpace(text, t);
      b = skipSpace(body, b);
      continue;
    }
    if (body.charCodeAt(b) !== text.charCodeAt(t)) return undefined;
    b++;
    t++;
  }
  return { start, end: b };
}

/** Slower search for a sentence that does not follow the last one directly (never seen; kept as a safety net). */
function matchAnywhere(body: string, text: string, from: number): Located {
  const head = text.slice(0, 12);
  for (let i = body.indexOf(head, from); i !== -1; i = body.indexOf(head, i + 1)) {
    const found = matchFrom(body, text, i);
    if (found !== undefined) return found;
  }
  // The splitter only trims and joins with spaces, so this is unreachable; an empty range rather than a wrong one.
  return { start: from, end: from };
}

/** Any character that may open a quotation. */
const QUOTE_MARK = /["“‘'«]/;

const CLOSING_MARK: Readonly<Record<string, string>> = { '“': '”', '‘': '’', '"': '"', "'": "'", '«': '»' };

/** A range with white space trimmed from both ends. */
function trimmed(body: string, start: number, end: number): Located {
  let s = start;
  let e = end;
  while (s < e && isSpaceCode(body.charCodeAt(s))) s++;
  while (e > s && isSpaceCode(body.charCodeAt(e - 1))) e--;
  return { start: s, end: e };
}

/**
 * Presents an extracted range on its own: no stray quotation marks left from the paragraph around it (they
 * move the range's ends), and a quotation opened inside it and closed only after it closed with its pair.
 * Returns the range and the closing edit, if one is needed.
 */
export function tidyRange(
  body: string,
  start: number,
  end: number,
): { start: number; end: number; closing?: KeyPointEdit } {
  let r = trimmed(body, start, end);
  // A closing mark left at the start by the sentence before ('" Those five words ...'), or an opening mark
  // left at the end for the sentence after ("... sea. '").
  if (/^["”’']\s+\S/.test(body.slice(r.start, Math.min(r.end, r.start + 40))))
    r = trimmed(body, r.start + 1, r.end);
  if (/\s["“‘']$/.test(body.slice(Math.max(r.start, r.end - 2), r.end)))
    r = trimmed(body, r.start, r.end - 1);
  // A quotation mark stranded at either end (the quotation opened or closed in another sentence).
  const text = body.slice(r.start, r.end);
  const opens = (text.match(/[“‘]|(?:^|\s)['"]/g) ?? []).length;
  const closes = (text.match(/[”’](?=[\s,.;:!?]|$)|['"](?=[\s,.;:!?]|$)/g) ?? []).length;
  if (opens > closes && /^[“‘'"]/.test(text)) r = trimmed(body, r.start + 1, r.end);
  else if (closes > opens && /[.!?,]["”’']$/.test(text)) r = { start: r.start, end: r.end - 1 };
  // A quotation opened inside and closed only in the next sentence: close it here, with the mark that pairs
  // with its opening one (the scan tells apostrophes, as in rock ’n’ roll, from quotation marks).
  if (!QUOTE_MARK.test(text)) return r;
  const shown = showRange(body, r.start, r.end, []);
  const spans = scanQuotes(shown, { openSingle: true });
  const last = spans[spans.length - 1];
  const mark = last?.closed === 'open' ? CLOSING_MARK[shown[last.open] ?? ''] : undefined;
  if (mark === undefined) return r;
  return { ...r, closing: editOf(body, 'closed', r.end, r.end, mark) };
}
