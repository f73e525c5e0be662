// Quotation marks: finds the top-level quoted spans of one paragraph. Handles curly, straight and mixed
// double quotes, British single quotes with apostrophes told apart (can’t, Xi’s, the ’90s, rock ’n’ roll,
// players’), nesting, and a quotation left open at the paragraph's end (it may go on in the next one).
// One linear pass over the marks; no regular expression runs over the whole text.
import { isWordCode } from '../text/chars.js';

export type QuoteFamily = 'double' | 'single';

/** A top-level quotation in a paragraph. Indices are into the paragraph string. */
export interface QuoteSpan {
  readonly family: QuoteFamily;
  /** Index of the opening mark. */
  readonly open: number;
  /** The quoted text lies in [start, end). */
  readonly start: number;
  readonly end: number;
  /** Index just after the span, its closing mark included. */
  readonly after: number;
  /**
   * 'mark' when a closing mark ends it; 'implied' when a new opening mark of the same kind shows the
   * writer forgot to close it; 'open' when the paragraph ends first (it may go on in the next one).
   */
  readonly closed: 'mark' | 'implied' | 'open';
}

const DOUBLE_MARKS = '“”"„‟«»';
const SINGLE_MARKS = "‘’'‚‛‹›";
/**
 * Finds every character that may be a quotation mark (a lone backtick is not one). Global: scanQuotes sets its
 * lastIndex before use and runs to the end without re-entry.
 */
const MARK_FINDER = /["'“”„‟«»‘’‚‛‹›]|``/g;
/** Glyphs that, by their shape, open a quotation. */
const OPEN_GLYPHS = ['“', '„', '‟', '«', '‘', '‚', '‛', '‹', '``'];
/** Glyphs that, by their shape, close a quotation. */
const CLOSE_GLYPHS = ['”', '»', '’', '›'];
const OPENING_CONTEXT = '([{—–-/:';
const CLOSING_CONTEXT = '.,;:!?)]}—–-/…';
/** Characters that cannot follow an opening mark. */
const NOT_AFTER_OPEN = '.,;:!?)]}';

const ELISIONS = /^(?:em|til|tis|twas|cause|cos|cuz|bout|nuff)(?![\p{L}\p{N}])/iu;
const DECADE = /^\d\d(?:s|(?![\p{L}\p{N}]))/u;

function isLetterOrDigit(c: string | undefined): boolean {
  return c !== undefined && isWordCode(c.charCodeAt(0));
}

function isSpaceChar(c: string | undefined): boolean {
  return c === undefined || c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\u00a0';
}

function isMark(c: string | undefined): boolean {
  return c !== undefined && (DOUBLE_MARKS.includes(c) || SINGLE_MARKS.includes(c));
}

/** True when a single-quote glyph at i is an apostrophe, not a quotation mark. */
export function isApostrophe(text: string, i: number): boolean {
  const c = text[i];
  if (c === '‹' || c === '›' || c === '‚') return false;
  const prev = text[i - 1];
  const next = text[i + 1];
  const prevWord = isLetterOrDigit(prev);
  const nextWord = isLetterOrDigit(next);
  if (prevWord && nextWord) return true; // can’t, Xi’s, O’Neill
  if (!prevWord && nextWord) {
    const rest = text.slice(i + 1, i + 8);
    if (/^n['’‘](?![\p{L}\p{N}])/u.test(rest)) return true; // rock ’n’ roll
    if (c !== '‘' && (DECADE.test(rest) || ELISIONS.test(rest))) return true; // the ’90s, ’em
    if (c === '‘' && /^\d\ds/u.test(rest)) return true;
    return false;
  }
  if (prevWord && !nextWord) {
    // The second mark of ’n’.
    if ((prev === 'n' || prev === 'N') && isMark(text[i - 2]) && isSpaceChar(text[i - 3])) return true;
  }
  return false;
}

interface MarkInfo {
  readonly index: number;
  /** 2 for a pair of apostrophes or backticks standing for a double quote ('' and ``). */
  readonly length: number;
  readonly family: QuoteFamily;
  readonly glyph: string;
  readonly canOpen: boolean;
  readonly canClose: boolean;
  /** A single closer that may as well be a plural possessive (players’ union). */
  readonly weak: boolean;
}

function classify(text: string, i: number, family: QuoteFamily, length = 1): MarkInfo {
  const glyph = length === 2 ? text.slice(i, i + 2) : (text[i] ?? '');
  const prev = text[i - 1];
  const next = text[i + length];
  const leftOpen = isSpaceChar(prev) || OPENING_CONTEXT.includes(prev ?? '') || isMark(prev);
  const rightOpen = isSpaceChar(next) || CLOSING_CONTEXT.includes(next ?? '') || isMark(next);
  const canOpen = !isSpaceChar(next) && leftOpen && !NOT_AFTER_OPEN.includes(next ?? '');
  const canClose = !isSpaceChar(prev) && rightOpen;
  // After a letter and before a lower-case word, or after an s and before a comma, a single mark reads
  // as well as a possessive (the players’ union; the workers’, not the bosses’, money).
  const weak =
    family === 'single' &&
    canClose &&
    isLetterOrDigit(prev) &&
    ((isSpaceChar(next) && /^\s\p{Ll}/u.test(text.slice(i + 1, i + 3))) ||
      ((prev === 's' || prev === 'S') && (next === ',' || next === ';')));
  return { index: i, length, family, glyph, canOpen, canClose, weak };
}

/** Same glyph family shape: curly opening marks together, straight marks together. */
function sameShape(a: string, b: string): boolean {
  const kind = (g: string) => (g === '"' ? 's' : g === "''" || g === '``' ? 'p' : 'c');
  return kind(a) === kind(b);
}

interface Open {
  readonly mark: MarkInfo;
}

/** Finds the top-level quoted spans of a paragraph, in order. */
export function scanQuotes(text: string, options: { openSingle?: boolean } = {}): QuoteSpan[] {
  const marks = findMarks(text);
  const strongCloserAhead = strongClosersAhead(marks);
  const pairing = new Pairing(text);
  for (let k = 0; k < marks.length; k++) {
    const m = marks[k];
    if (m === undefined) continue;
    if (m.family === 'double') pairing.double(m);
    else pairing.single(m, strongCloserAhead[k] === true);
  }
  const left = pairing.leftOpen(options.openSingle === true);
  if (left !== null) pairing.spans.push(left);
  return pairing.spans;
}

/** Every quotation mark of the text that is not an apostrophe nor in markup, classified. */
function findMarks(text: string): MarkInfo[] {
  const marks: MarkInfo[] = [];
  const finder = MARK_FINDER;
  finder.lastIndex = 0;
  for (let found = finder.exec(text); found !== null; found = finder.exec(text)) {
    const i = found.index;
    const ch = found[0];
    if (text[i - 1] === '=' || text[i + 1] === '>') {
      // A markup attribute (tweet-author="…">), not a quotation.
      continue;
    }
    if (ch === '``' || (ch === "'" && text[i + 1] === "'")) {
      // Two apostrophes (or backticks) typed for a double quote: ''This isn't tax reform,'' he said.
      marks.push(classify(text, i, 'double', 2));
      finder.lastIndex = i + 2;
    } else if (DOUBLE_MARKS.includes(ch)) marks.push(classify(text, i, 'double'));
    else if (SINGLE_MARKS.includes(ch) && !isApostrophe(text, i)) marks.push(classify(text, i, 'single'));
  }
  return marks;
}

/**
 * For each mark, whether a strong single closer comes before the next single opener: a weak closer is
 * skipped when one does (‘The players’ union agreed,’ she said).
 */
function strongClosersAhead(marks: readonly MarkInfo[]): boolean[] {
  const strongCloserAhead: boolean[] = new Array(marks.length).fill(false);
  let seen = false;
  for (let k = marks.length - 1; k >= 0; k--) {
    strongCloserAhead[k] = seen;
    const m = marks[k];
    if (m === undefined || m.family !== 'single') continue;
    if (m.canClose && !m.weak) seen = true;
    else if (m.canOpen && !m.canClose) seen = false;
  }
  return strongCloserAhead;
}

/** The marks opened so far, innermost last, and the top-level spans closed so far. */
class Pairing {
  readonly spans: QuoteSpan[] = [];
  private readonly stack: Open[] = [];

  constructor(private readonly text: string) {}

  /** Pops everything above and including stack[upTo]; records a span when the bottom closes. */
  private closeTop(closer: MarkInfo, upTo: number, implied = false): void {
    const bottom = upTo === 0 ? this.stack[0] : undefined;
    this.stack.length = upTo;
    if (bottom !== undefined) {
      this.spans.push({
        family: bottom.mark.family,
        open: bottom.mark.index,
        start: bottom.mark.index + bottom.mark.length,
        end: closer.index,
        after: implied ? closer.index : closer.index + closer.length,
        closed: implied ? 'implied' : 'mark',
      });
    }
  }

  /** A double mark closes the innermost open double quotation, opens one, or is a stray closer (ignored). */
  double(m: MarkInfo): void {
    const { stack } = this;
    let d = stack.length - 1;
    while (d >= 0 && stack[d]?.mark.family !== 'double') d--;
    const shapeOpens = OPEN_GLYPHS.includes(m.glyph);
    const shapeCloses = CLOSE_GLYPHS.includes(m.glyph);
    const openMark = d >= 0 ? stack[d]?.mark : undefined;
    if (d >= 0 && m.canClose && !(m.canOpen && shapeOpens)) this.closeTop(m, d);
    else if (d >= 0 && !m.canOpen && !m.canClose && !shapeOpens) this.closeTop(m, d);
    else if (d === 0 && openMark !== undefined && this.reopensAfterStop(openMark, m)) {
      // A second opening mark of the same shape after a sentence's end: the writer left the first
      // quotation unclosed (nested quotations take the other kind of mark, or sit inside a sentence).
      this.closeTop(m, d, true);
      stack.push({ mark: m });
    } else if (m.canOpen || (!m.canClose && !shapeCloses)) stack.push({ mark: m });
  }

  private reopensAfterStop(openMark: MarkInfo, m: MarkInfo): boolean {
    return (
      m.canOpen &&
      sameShape(openMark.glyph, m.glyph) &&
      /[.!?…]\s*$/u.test(this.text.slice(Math.max(0, m.index - 4), m.index))
    );
  }

  /** A single mark closes an open single quotation (a weak closer only when no strong one is ahead), or opens one. */
  single(m: MarkInfo, strongCloserAhead: boolean): void {
    const top = this.stack[this.stack.length - 1];
    if (top?.mark.family === 'single' && m.canClose && !(m.weak && strongCloserAhead)) {
      this.closeTop(m, this.stack.length - 1);
    } else if (m.canOpen && !m.canClose) {
      this.stack.push({ mark: m });
    }
  }

  /**
   * The quotation left open at the paragraph's end, if kept. A single quote left open is more likely an
   * apostrophe we misread, so it is kept only at the paragraph's start or, when the caller allows it (the next
   * paragraph opens with a single quote, so the quotation goes on there), anywhere.
   */
  leftOpen(openSingle: boolean): QuoteSpan | null {
    const bottom = this.stack[0];
    if (bottom === undefined) return null;
    const atStart = this.text.slice(0, bottom.mark.index).trim() === '';
    if (bottom.mark.family !== 'double' && !atStart && !openSingle) return null;
    return {
      family: bottom.mark.family,
      open: bottom.mark.index,
      start: bottom.mark.index + bottom.mark.length,
      end: this.text.length,
      after: this.text.length,
      closed: 'open',
    };
  }
}
