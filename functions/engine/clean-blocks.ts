// Cleaning for articles whose paragraphs come with kinds (web pages: see Block in article.ts). The markup has
// already said what each paragraph is, so cleaning decides by kind first: captions, asides, bylines, date lines
// and promotions leave; headings, list items, table rows and block quotations stay in the body as they are
// (short, without a full stop: that is what they look like); story text loses page furniture ("Advertisement",
// share lines, notices that a video cannot play) and the headline repeated above the story. Punctuation decides
// nothing here: a paragraph of a page is a paragraph, whatever it ends with.
import { type Block, type BlockKind, STORY_KINDS } from './article.js';
import { type CleanArticle, deriveTitle } from './clean.js';
import { isClutter, stripStrayTokens } from './text/clutter.js';
import { normalizeWhitespace, wordsOf } from './text/words.js';

/** Kinds whose text reads as prose; furniture patterns are matched against these only. */
const PROSE_KINDS: ReadonlySet<BlockKind> = new Set(['text', 'heading', 'quote']);
/** How many leading paragraphs may repeat the headline (a kicker, the headline, a standfirst). */
const HEADLINE_REACH = 4;

/**
 * Notices that stand in for media the reader's device does not show, and promotions in brackets: whole
 * paragraphs of page furniture that no story sentence reads like.
 */
const NOTICES: readonly RegExp[] = [
  /^media playback is (?:unsupported|not supported) on your device\b/i,
  /^(?:this (?:video|slideshow|content|embed) requires javascript|your browser does not support)\b/i,
  /^\[[^\]]{0,200}\b(?:sign up|subscribe|newsletter|inbox|get (?:it|them|the \w+) (?:in|delivered))\b[^\]]{0,200}\]$/i,
];

function isNotice(text: string): boolean {
  return text.length <= 400 && NOTICES.some((re) => re.test(text));
}

/** Longest headline kept, in characters, as for plain text. */
const TITLE_MAX_CHARS = 200;

/**
 * The page's headline as the source chose it (where og:title, <h1> and <title> agree, site name off): only
 * tidied here. The plain-text rules that cut at "|" or drop known site names would cut real headlines.
 */
function tidyHeadline(raw: string): string {
  const title = normalizeWhitespace(raw.slice(0, 2000)).replace(/\s+/g, ' ').trim();
  if (title.length <= TITLE_MAX_CHARS) return title;
  const cut = title.slice(0, TITLE_MAX_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), TITLE_MAX_CHARS / 2)).trimEnd()}…`;
}

function sameWords(a: string, b: string): boolean {
  const key = (t: string) => wordsOf(t.toLowerCase()).join(' ');
  return key(a) === key(b);
}

/** A block's text as the body keeps it, or undefined when the block leaves the body. */
function keptText(block: Block): string | undefined {
  if (!STORY_KINDS.has(block.kind)) return undefined;
  const text = stripStrayTokens(normalizeWhitespace(block.text));
  if (!/[\p{L}\p{N}]/u.test(text)) return undefined;
  if (PROSE_KINDS.has(block.kind) && (isClutter(text) || isNotice(text))) return undefined;
  return text;
}

/** Cleans an article given as kinded blocks into a headline and its story paragraphs with their kinds. */
export function cleanBlocks(input: { title?: string; blocks: readonly Block[] }): CleanArticle {
  let title = input.title === undefined ? '' : tidyHeadline(input.title);
  const paragraphs: string[] = [];
  const kinds: BlockKind[] = [];
  for (const block of input.blocks) {
    const text = keptText(block);
    if (text === undefined) continue;
    // The headline repeated above the story (or as its first heading) is the title, not the body.
    if (title !== '' && paragraphs.length < HEADLINE_REACH && sameWords(text, title)) continue;
    paragraphs.push(text);
    kinds.push(block.kind);
  }
  if (paragraphs.length === 0) {
    // Nothing kinded as story: what little text there is, so that the digest says something.
    for (const block of input.blocks) {
      const text = normalizeWhitespace(block.text).trim();
      if (/[\p{L}\p{N}]/u.test(text)) {
        paragraphs.push(text);
        kinds.push('text');
      }
    }
  }
  if (title === '') title = deriveTitle(paragraphs);
  return { title, paragraphs, kinds };
}
