// Cleaning: turns scraped article text into a headline and clean paragraphs, removing what scrapers leave
// behind (photo captions and credits, "Scroll down for video", share and comment lines, section tags glued
// to the headline, author-widget tokens, agency datelines, editorial trailers). Paragraphs are never merged
// or reordered, so a quotation running on into the next paragraph stays intact for the quote finder: clutter
// paragraphs are dropped and clutter is stripped from paragraph ends (and a few stray tokens from inside).
import { ArticleError, type BlockKind } from './article.js';
import { finalTerminator, splitSentences } from './sentences.js';
import { isLower, isUpper } from './text/chars.js';
import { AGENCY_DATELINE, CITY_DATELINE, CREDIT, isClutter, stripStrayTokens } from './text/clutter.js';
import { GLUE_OPENERS, NAME_OPENERS, OPENERS, QUANTITY_OPENERS } from './text/openers.js';
import { STOPWORDS } from './text/stopwords.js';
import { contentStemNumbers, countWords, normalizeWhitespace, wordsOf } from './text/words.js';

export interface CleanArticle {
  readonly title: string;
  readonly paragraphs: readonly string[];
  /** What each paragraph is, when the source said (web pages; see clean-blocks.ts); plain text has none. */
  readonly kinds?: readonly BlockKind[];
}

/** Shown when an article gives no headline and no sentence to derive one from. */
export const UNTITLED = 'Untitled article';

const TITLE_MAX_WORDS = 14;
/** Longest title kept, in characters. */
const TITLE_MAX_CHARS = 200;

/** Verbs that introduce speech or text: a paragraph ending "He said:" is not a caption label. */
const INTRODUCING =
  /\b(?:said|says|say|told|tells|added|adds|explained|explains|wrote|writes|continued|continues|replied|asked|asks|stated|states|tweeted|posted|reads|read|reported|reports|follows|declared|announced|insisted|warned|noted|argued|claimed|according|quoted|including|are|is|was|were|as follows)\b/i;

/** Words a sentence does not end on: a paragraph ending with one continues in the next paragraph. */
const CONTINUING_END =
  /(?:^|\s)(?:and|or|but|nor|so|the|a|an|of|to|in|on|at|by|for|with|from|as|that|which|who|whose|his|her|their|its|our|my|your|is|are|was|were|be|been|has|have|had|will|would|could|should|can|not|than|then|into|onto|about|after|before|while|when|if|because|although|like|this|these|those|said|says|told|I|we|he|she|they|it)$/i;

const SPEECH_BEFORE_QUOTE =
  /^(?:said|says|say|told|tells|added|adds|called|calls|dubbed|named|titled|labelled|labeled|branded|as|the|a|an|of|to|and|or|that|with|by|from|was|is|be|reading|read|reads|wrote|writes|tweeted|posted|captioned|message|words|phrase|slogan|sign|declared|shouted|screamed|chanted|asked|replied|explained|continued|insisted|joked|admitted|warned|claimed|in|on|at|for|his|her|their|our|its|my|your|this|that|saying|writing|adding|asking|telling|chanting|noting|stating|declaring|because)$/i;

/** The end of a text, for tests anchored at its end: keeps such tests constant-time on huge paragraphs. */
function tail(text: string, n = 60): string {
  return text.length > n ? text.slice(-n) : text;
}

/** Whether the text ends a sentence: terminal punctuation, possibly inside closing quotes or brackets. */
function endsSentence(text: string): boolean {
  // An opening quotation mark stranded after the stop ("... time. '") does not change the ending.
  const body = /\s['"‘“]$/.test(tail(text)) ? text.slice(0, -2) : text;
  return finalTerminator(body) !== undefined;
}

/** First letter or digit of a paragraph, skipping opening quotation marks and brackets. */
function firstLetter(text: string): string | undefined {
  const m = /[\p{L}\p{N}]/u.exec(text);
  return m?.[0];
}

/** The paragraph continues the one before it (a sentence broken across paragraphs by the scraper). */
function continuesPrevious(text: string): boolean {
  const first = text[0];
  if (first === undefined) return false;
  if (',;:)]'.includes(first)) return true;
  return isLower(first) || (first === '*' && isLower(firstLetter(text)));
}

/** Control characters and U+FFFD (a decoding failure), which text does not hold. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point here
const NOT_TEXT = /[\u0000-\u0008\u000b\u000e-\u001f\ufffd]/;

function isBinary(text: string): boolean {
  const sample = text.slice(0, 20_000);
  // Nearly every article has none at all: one native scan settles it.
  if (sample.length === 0 || !NOT_TEXT.test(sample)) return false;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) || code === 0xfffd) bad++;
  }
  return sample.includes('\u0000') || bad / sample.length > 0.05;
}

/** Splits text into blocks at blank lines, and blocks into paragraph lines where a line break ends one. */
function toParagraphs(text: string): string[][] {
  const blocks = text.split(/\n[ \t]*\n/);
  const out: string[][] = [];
  for (const block of blocks) {
    const lines: string[] = [];
    for (const line of block.split('\n')) {
      const l = (line.includes('  ') ? line.replace(/ {2,}/g, ' ') : line).trim();
      if (l.length > 0) lines.push(l);
    }
    if (lines.length > 0) out.push(lines);
  }
  return out;
}

/** Whether the lines of a block are one hard-wrapped paragraph (fixed-width text) rather than several. */
function isHardWrapped(lines: readonly string[]): boolean {
  if (lines.length < 3) return false;
  const body = lines.slice(0, -1);
  const lengths = body.map((l) => l.length);
  let max = 0;
  for (const n of lengths) if (n > max) max = n;
  const steady = lengths.filter((n) => n >= max - 25 && n >= 40).length;
  // Prose wrapped at a fixed width mostly goes on in lower case on the next line; a list does not.
  const lowerStarts = lines.slice(1).filter((l) => isLower(l[0])).length;
  return max <= 120 && steady >= body.length * 0.7 && lowerStarts >= (lines.length - 1) * 0.5;
}

/** Joins the lines of one block into paragraphs: soft line breaks join, hard ones separate. */
function linesToParagraphs(lines: readonly string[]): string[] {
  if (isHardWrapped(lines)) return [lines.join(' ')];
  const out: string[] = [];
  // The paragraph being built, as its lines, and its last characters (all that the join rules look at).
  let parts: string[] = [];
  let end = '';
  for (const line of lines) {
    const soft =
      parts.length > 0 &&
      !endsSentence(end) &&
      !end.endsWith(':') &&
      (continuesPrevious(line) || CONTINUING_END.test(end) || /[,\-–—]$/.test(end));
    if (!soft && parts.length > 0) {
      out.push(parts.join(' '));
      parts = [];
      end = '';
    }
    parts.push(line);
    end = tail(end === '' ? line : `${end} ${line}`);
  }
  if (parts.length > 0) out.push(parts.join(' '));
  return out;
}

/** A caption label such as "Sharp dresser:" or "Flying high:" (short, ends in a colon, introduces nothing). */
function isLabel(text: string): boolean {
  if (!text.endsWith(':')) return false;
  const words = countWords(text);
  return (
    words >= 1 &&
    words <= 4 &&
    !INTRODUCING.test(text) &&
    !LIST_INTRO.test(text) &&
    !/^(?:q|a|question|answer)\s*:$/i.test(text)
  );
}

/** Words of a sentence that introduces a list ("Imagine that she:", "They include:"), not of a caption label. */
const LIST_INTRO =
  /\b(?:that|she|he|they|we|it|you|how|here['’]?s|here|include|includes|including|among|following|below|these|those|will|would|can|must|should|steps|reasons|ways)\b/i;

/** The index after a caption glued before the start of the real paragraph, or 0 when there is none. */
/** Cheap test for what gluedCaptionEnd looks for, to skip most paragraphs at once. */
const GLUE_HINT =
  /\s(?:The|An|He|She|They|We|His|Her|Its|Their|This|These|Those|But|However|Ever|Now|Meanwhile|Police|Officials)\s|\s[‘“'"]/;

function gluedCaptionEnd(text: string): number {
  if (!GLUE_HINT.test(text.slice(0, 400))) return 0;
  // Only the opening of a paragraph can hold a caption glued before it.
  const tokens: { word: string; start: number }[] = [];
  const re = /\S+/g;
  for (let m = re.exec(text); m !== null && tokens.length < 60; m = re.exec(text)) {
    tokens.push({ word: m[0], start: m.index });
    // The caption has no sentence punctuation of its own: stop at the first sentence end.
    if (/[.!?;:]["'’”]?$/.test(m[0])) break;
  }
  for (let i = 5; i + 1 < tokens.length; i++) {
    const prev = (tokens[i - 1] as { word: string }).word;
    const { word, start } = tokens[i] as { word: string; start: number };
    const after = tokens[i + 1]?.word ?? '';
    // The caption has no sentence punctuation of its own.
    if (/[.!?;:]["'’”]?$/.test(prev)) return 0;
    if (!/[\p{L}\p{N}]$/u.test(prev)) continue;
    if (GLUE_OPENERS.has(word) && isLower(firstLetter(after))) return start;
    // An opening quotation mark on the next word, or standing alone before it ("on Monday ' He is").
    const quoted =
      (/^[‘“'"]/.test(word) && isUpper(firstLetter(word))) || (/^[‘“'"]$/.test(word) && isUpper(after[0]));
    // After a possessive the quotation is part of the sentence: the Fire Center’s “Wildland Fire Outlook”.
    if (quoted && !SPEECH_BEFORE_QUOTE.test(prev) && !/\p{L}['’]s?$/u.test(prev)) {
      const recent = tokens.slice(Math.max(0, i - 4), i).map((t) => t.word);
      if (recent.some((w) => INTRODUCING.test(w))) continue;
      // A long quotation opening right after a bare word: the words before it were a caption.
      const quotation = text.slice(start + 1, start + 200).split(/[’”'"](?=[\s,.;:]|$)/)[0] ?? '';
      if (countWords(quotation) >= 4) return start;
    }
  }
  return 0;
}

/** A paragraph that is a photo caption: no sentence ending, and the next paragraph does not continue it. */
function isCaption(text: string, next: string | undefined): boolean {
  if (endsSentence(text) || isOpenEnded(text)) return false;
  if (next !== undefined && continuesPrevious(next)) return false;
  // A lone quotation fragment ("I can't stand her lying to you like this") is speech, not a caption.
  if (/^['"‘“”]/.test(text) && !/['"’”]$/.test(tail(text))) return false;
  // A quotation signed by its author: "... shame.” ― Sonya Herridge".
  if (/["”’']\s*[―—–-]\s*\p{Lu}[\p{L}.'’ -]{1,40}$/u.test(tail(text))) return false;
  return true;
}

/** A paragraph that stops mid-sentence: on a comma, a dash, an opening quote or a word like "and". */
function isOpenEnded(text: string): boolean {
  const end = tail(text);
  return /[,;:\-–—(]["”’']?$/.test(end) || /\s['"‘“]$/.test(end) || CONTINUING_END.test(end);
}

/**
 * Moves an opening quotation mark stranded at the end of a paragraph ("... time. '") or standing alone to the
 * start of the next paragraph, where the quotation it opens begins. Scrapers leave these behind.
 */
function moveDanglingOpeners(paragraphs: readonly string[]): string[] {
  const out = [...paragraphs];
  for (let i = 0; i + 1 < out.length; i++) {
    const p = out[i] as string;
    if (!/['"‘“]$/.test(p)) continue;
    const end = tail(p);
    const m = /(?:^|(?<=[.!?…,:;]["”’')\]]?)\s+)(['"‘“])$/.exec(end);
    if (m === null || (m.index === 0 && end.length < p.length && !/\s/.test(end[0] as string))) continue;
    const next = out[i + 1] as string;
    out[i] = p.slice(0, p.length - end.length + m.index).trimEnd();
    if (!/^['"‘“]/.test(next)) out[i + 1] = `${m[1]}${next}`;
  }
  return out;
}

/** The distinct content stems of a text, by number (comparing numbers is all the callers need). */
function stemSet(text: string): Set<number> {
  const numbers: number[] = [];
  contentStemNumbers(text, numbers);
  return new Set(numbers);
}

/** Guardian-style caption blocks: a line with a photo credit and the alt-text line that repeats it. */
function dropCaptionLines(lines: readonly string[]): string[] {
  const credited = lines.filter((l) => CREDIT.test(l));
  if (credited.length === 0) return [...lines];
  return lines.filter((line) => {
    if (CREDIT.test(line)) return false;
    const stems = stemSet(line);
    if (stems.size === 0) return true;
    return !credited.some((c) => {
      const other = stemSet(c);
      let shared = 0;
      for (const s of stems) if (other.has(s)) shared++;
      return shared / stems.size >= 0.6;
    });
  });
}

/** Strips section tags and site names glued to a headline: "Title | Vladimir Putin", "Title - BBC News". */
export function cleanTitle(raw: string): string {
  // A headline is short; a longer one is cut at a word boundary rather than carried whole.
  let title = normalizeWhitespace(raw.slice(0, 2000)).replace(/\s+/g, ' ').trim();
  if (title.length > TITLE_MAX_CHARS) {
    const cut = title.slice(0, TITLE_MAX_CHARS);
    title = `${cut.slice(0, Math.max(cut.lastIndexOf(' '), TITLE_MAX_CHARS / 2)).trimEnd()}…`;
  }
  for (let guard = 0; guard < 4; guard++) {
    const m = /^(.{8,}?)\s+[|·•]\s+[^|·•]{1,60}$/.exec(title);
    if (m?.[1] === undefined) break;
    title = m[1].trim();
  }
  title = title.replace(
    /\s+[-–—]\s+(?:BBC News|The Guardian|Guardian|CNN|Reuters|AP News|NPR|The New York Times|The Washington Post|Daily Mail Online|Mail Online|Sky News|The Independent|The Telegraph|Al Jazeera|Fox News|NBC News|CBS News|ABC News|Politico|The Times)$/i,
    '',
  );
  // A headline's closing full stop goes ("Trump's East European Achilles Heel."), not an abbreviation's.
  title = stripStrayTokens(title)
    .replace(/[;:,]$/, '')
    .trim();
  return title.replace(/(?<![.\s]\p{L})(?<=[\p{L}\p{N})])\.(["”’']?)$/u, '$1');
}

function isTitleCase(text: string): boolean {
  const small =
    /^(?:a|an|the|and|but|or|nor|for|so|yet|of|in|on|at|to|by|up|as|is|from|with|into|over|vs|via|per|than|off|out|its)$/i;
  let eligible = 0;
  let capital = 0;
  for (const word of wordsOf(text)) {
    if (small.test(word) || /^\d/.test(word)) continue;
    eligible++;
    if (isUpper(word[0])) capital++;
  }
  return eligible >= 4 && capital / eligible >= 0.85;
}

/**
 * Whether a paragraph starts as only a new sentence can: with a capitalised function word that opens sentences
 * ("A primary school ...", "In a statement ...") or a word of quantity ("Hundreds of farmers ..."). A sentence
 * the scraper broke goes on with a name instead ("... on Tuesday" / "Prime Minister Theresa May said").
 */
function opensSentence(paragraph: string): boolean {
  const first = /^([A-Z][a-z]*)\s/.exec(paragraph)?.[1];
  if (first === undefined) return false;
  const lower = first.toLowerCase();
  if (QUANTITY_OPENERS.has(lower)) return true;
  return OPENERS.has(first) && STOPWORDS.has(lower) && !NAME_OPENERS.has(lower);
}

/** Whether the first paragraph is a headline rather than the story's first sentence. */
function looksLikeHeadline(first: string, rest: readonly string[]): boolean {
  const words = countWords(first);
  if (words === 0 || words > 25 || first.endsWith(':')) return false;
  const next = rest[0];
  if (next !== undefined && continuesPrevious(next)) return false;
  if (CONTINUING_END.test(tail(first)) || /[,;(\-–—]$/.test(first)) return false;
  if (isTitleCase(first)) return true;
  // A story's own first sentence: a wire-service tag or a pronoun opening.
  if (
    /^.{0,40}\((?:CNN|AP|Reuters)\)/.test(first) ||
    /^(?:It|It['’]s|This|That|There|He|She|They|We|I|You)\b/.test(first)
  ) {
    return false;
  }
  const head = stemSet(first);
  const lead = stemSet(rest.slice(0, 3).join(' '));
  let shared = 0;
  for (const s of head) if (lead.has(s)) shared++;
  const overlap = head.size >= 3 ? shared / head.size : 0;
  // Without a full stop, a short line is a headline, and a longer one when the opening paragraphs tell the
  // same story; otherwise it is more often a first sentence the scraper broke before a capitalised word.
  if (!endsSentence(first))
    return words <= 6 || overlap >= 0.4 || (next !== undefined && opensSentence(next));
  if (next !== undefined && (AGENCY_DATELINE.test(next) || CITY_DATELINE.test(next))) return true;
  // "Poll: Clinton and Trump in dead heat", "Pence: Flowers won't be at debate".
  if (words <= 20 && /^[A-Z][\p{L}.'’-]*(?: [A-Z][\p{L}.'’-]*){0,2}: \S/u.test(first)) return true;
  // A short plain statement before a long opening paragraph: "Mixed messages on Trump leave plan."
  const lengths = rest.slice(0, 2).map(countWords);
  if (words >= 5 && words <= 10 && !first.includes(',') && splitSentences(first).length === 1) {
    if (lengths.some((n) => n >= 20)) return true;
  }
  // A short sentence-case headline that the opening paragraphs go on to tell in full.
  return words <= 14 && !first.includes(',') && overlap >= 0.6;
}

/** A title from the first sentence when the article has no headline: its first clause, or its first words. */
export function deriveTitle(paragraphs: readonly string[]): string {
  const first = paragraphs[0];
  if (first === undefined) return UNTITLED;
  // The opening of the first sentence is all a title needs (and keeps huge unpunctuated text cheap).
  const sentence = (splitSentences(first.slice(0, 600))[0] ?? first).slice(0, 400);
  // Without its closing stop, and without quotation marks left unbalanced by the cut.
  let bare = sentence.replace(/[.!?…。！？]+["”’')\]]*$/, '').trim();
  if ((bare.match(/"/g) ?? []).length % 2 === 1) bare = bare.replace('"', '');
  if ((bare.match(/“/g) ?? []).length > (bare.match(/”/g) ?? []).length) bare = bare.replace('“', '');
  const words = bare.split(/\s+/);
  if (words.length <= TITLE_MAX_WORDS && bare.length <= 120) return bare || UNTITLED;
  // Text without spaces (Chinese, Japanese): a fixed number of characters.
  if (words.length === 1) return `${[...bare].slice(0, 40).join('')}…`;
  // Its first clause: up to a dash, a semicolon or a comma, else up to a subordinate clause.
  const byPunctuation = /^(.{20,}?)(?:\s[-–—]\s|;\s|:\s|,\s|\s\()/.exec(bare)?.[1];
  const byConjunction =
    /^(.{30,}?)\s(?:after|amid|because|despite|following|while|when|as|who|which|where|but)\s/.exec(
      bare,
    )?.[1];
  for (const head of [byPunctuation, byConjunction]) {
    if (head === undefined) continue;
    const n = head.split(/\s+/).length;
    if (n >= 6 && n <= TITLE_MAX_WORDS + 2) return head;
  }
  // Else its first words, not ending on a function word.
  const cut = words.slice(0, 12);
  while (cut.length > 6 && CONTINUING_END.test(cut[cut.length - 1] as string)) cut.pop();
  return `${cut.join(' ').replace(/[,;:]$/, '')}…`;
}

/** Same words, ignoring case and punctuation: a headline repeated as the first line of the text. */
function sameText(a: string, b: string): boolean {
  const key = (t: string) => wordsOf(t.toLowerCase()).join(' ');
  return key(a) === key(b);
}

/** Removes a caption label left at the end of a paragraph ("... DC Martial Arts Fugitive:"). */
function stripTrailingLabel(text: string, next: string | undefined): string {
  if (!text.endsWith(':') || next === undefined || /^['"‘“]/.test(next)) return text;
  const end = tail(text, 80);
  const m = /(?<=[\p{L}\p{N}])\s+[A-Z][\p{L}-]*(?:\s[\p{Ll}-]+){0,2}:$/u.exec(end);
  if (m === null || INTRODUCING.test(m[0])) return text;
  const before = text.slice(0, text.length - end.length + m.index);
  const lastWords = before.split(/\s+/).slice(-6).join(' ');
  return INTRODUCING.test(lastWords) ? text : before;
}

/** The first block's first line when it is a headline (the rest of the block is then a standfirst). */
function headlineOf(lines: readonly string[], following: readonly string[]): string | undefined {
  const firstLine = lines[0];
  if (firstLine === undefined) return undefined;
  const rest = [...lines.slice(1), ...following];
  const headline =
    lines.length > 1 && !endsSentence(firstLine) && countWords(firstLine) <= 25
      ? true
      : looksLikeHeadline(firstLine, rest);
  if (!headline) return undefined;
  const cleaned = cleanTitle(firstLine);
  return cleaned === '' || isLabel(cleaned) ? undefined : cleaned;
}

/** Cleans a scraped article into a headline and its story paragraphs. Throws ArticleError on binary input. */
export function cleanArticle(input: { title?: string; text: string }): CleanArticle {
  if (isBinary(input.text)) throw new ArticleError('the text looks like binary data, not an article');
  const blocks = toParagraphs(normalizeWhitespace(input.text))
    .map(dropCaptionLines)
    .filter((b) => b.length > 0);

  let title = input.title === undefined ? '' : cleanTitle(input.title);
  const raw: string[] = [];
  blocks.forEach((lines, index) => {
    let body = lines;
    if (index === 0) ({ title, body } = splitOpeningBlock(blocks, title));
    raw.push(...linesToParagraphs(body));
  });

  const candidates = moveDanglingOpeners(raw.map(stripStrayTokens)).filter((p) => /[\p{L}\p{N}]/u.test(p));
  const paragraphs = storyParagraphs(candidates);

  // Captions need context to be told apart; an article that is nothing but one keeps it (and a text that is
  // only a headline is its own body), so that the digest says what little there is.
  if (paragraphs.length === 0) {
    const rest = candidates.filter((p) => !isClutter(p) && !isLabel(p));
    if (rest.length > 0) paragraphs.push(...rest);
    else if (title !== '' && input.title === undefined) paragraphs.push(title);
  }
  if (title === '') title = deriveTitle(paragraphs);
  return { title, paragraphs };
}

/**
 * The first block without the headline it opens with: the given title repeated, or (with no title given) a
 * first line that reads as a headline, which becomes the title.
 */
function splitOpeningBlock(blocks: readonly string[][], title: string): { title: string; body: string[] } {
  const lines = blocks[0] as string[];
  const first = lines[0] as string;
  if (title !== '' && sameText(cleanTitle(first), title)) return { title, body: lines.slice(1) };
  if (title === '') {
    // The story's opening paragraphs, past any byline or date line under the headline.
    const opening = blocks
      .slice(1, 8)
      .map((b) => b.join(' '))
      .filter((p) => !isClutter(p))
      .slice(0, 3);
    const headline = headlineOf(lines, opening);
    if (headline !== undefined) return { title: headline, body: lines.slice(1) };
  }
  return { title, body: lines };
}

/**
 * The story's paragraphs among the candidates: clutter, labels and captions left out. A run of paragraphs that
 * continue one another (a sentence broken up by the scraper) is kept or dropped whole: when the run never
 * reaches a sentence end and nothing continues it, it was a caption.
 */
function storyParagraphs(candidates: readonly string[]): string[] {
  const paragraphs: string[] = [];
  let chain: string[] = [];
  const closeChain = (next: string | undefined): void => {
    const last = chain[chain.length - 1];
    if (last !== undefined && !(chain.length > 1 && isCaption(last, next))) paragraphs.push(...chain);
    chain = [];
  };
  // Inside a list introduced by a colon ("the following tasks:"), short lines are items, not captions.
  let inList = false;
  for (let i = 0; i < candidates.length; i++) {
    const next = candidates[i + 1];
    const atStart = paragraphs.length === 0 && chain.length === 0;
    const continuing = chain.length > 0;
    const p = storyText(candidates[i] as string, next, atStart, continuing);
    if (p === null) continue;
    // The first paragraph is a caption only when very short ("New Delhi, India"): a longer one without a
    // full stop is usually the opening sentence broken by the scraper before a capitalised word.
    const opening = atStart && (countWords(p) > 4 || p.length > 60);
    const listItem: boolean = inList && countWords(p) <= 25;
    if (!continuing && !opening && !listItem && isCaption(p, next)) continue;
    inList = p.endsWith(':') || (listItem && !endsSentence(p));
    chain.push(p);
    // A colon introduces a list or a quotation rather than breaking a sentence.
    const open =
      !endsSentence(p) &&
      !p.endsWith(':') &&
      next !== undefined &&
      (continuesPrevious(next) || isOpenEnded(p));
    if (!open) closeChain(next);
  }
  closeChain(undefined);
  return paragraphs;
}

/**
 * A candidate paragraph's story text (datelines, glued captions and trailing labels taken off), or null when it
 * is clutter, a label, or has no letter or digit left.
 */
function storyText(
  candidate: string,
  next: string | undefined,
  atStart: boolean,
  continuing: boolean,
): string | null {
  if (isClutter(candidate)) return null;
  if (isLabel(candidate) && (next === undefined || !/^['"‘“]/.test(next))) return null;
  let p = candidate;
  if (atStart) p = p.replace(AGENCY_DATELINE, '').replace(CITY_DATELINE, '');
  if (!continuing && isUpper(p[0])) p = p.slice(gluedCaptionEnd(p));
  p = stripTrailingLabel(p, next);
  return /[\p{L}\p{N}]/u.test(p) ? p : null;
}
