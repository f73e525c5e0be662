// The blocks of an article's main content (Readability's output), in order, each with what the markup says it
// is: story text, a heading, a list item, a table row (its cells joined), a block quotation, or a caption,
// aside, byline, date line or promotion that cleaning leaves out. Kinds come from the elements (figure,
// figcaption, aside, li, tr, blockquote, h1-h6) and from the marks page-survey.ts left on the page's text.
import type { Block, BlockKind } from '../../engine/index.js';
import { KIND_ATTRIBUTE } from './page-survey.js';

/** Elements whose content is never article text. */
const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'IFRAME',
  'SVG',
  'CANVAS',
  'BUTTON',
  'FORM',
  'NAV',
  'FOOTER',
  'IMG',
  'PICTURE',
  'VIDEO',
  'AUDIO',
  'OBJECT',
  'EMBED',
  'SELECT',
  'INPUT',
  'TEXTAREA',
  'HEAD',
]);
/** Elements whose text is one block, unless they hold further blocks (a blockquote of several <p>). */
const LEAF_KINDS: ReadonlyMap<string, BlockKind> = new Map([
  ['P', 'text'],
  ['PRE', 'text'],
  ['TD', 'text'],
  ['TH', 'text'],
  ['H1', 'heading'],
  ['H2', 'heading'],
  ['H3', 'heading'],
  ['H4', 'heading'],
  ['H5', 'heading'],
  ['H6', 'heading'],
  ['LI', 'item'],
  ['DT', 'item'],
  ['DD', 'item'],
  ['BLOCKQUOTE', 'quote'],
  ['FIGCAPTION', 'caption'],
  ['CAPTION', 'caption'],
  ['ADDRESS', 'byline'],
]);
/** Containers whose whole content is of one kind. */
const CONTAINER_KINDS: ReadonlyMap<string, BlockKind> = new Map([
  ['LI', 'item'],
  ['DT', 'item'],
  ['DD', 'item'],
  ['BLOCKQUOTE', 'quote'],
  ['FIGCAPTION', 'caption'],
  ['CAPTION', 'caption'],
  ['ASIDE', 'aside'],
  ['ADDRESS', 'byline'],
]);
/** Inside a figure these keep their own kinds: a figure's table or embedded post is content, not a caption. */
const FIGURE_CONTENT = new Set(['TABLE', 'BLOCKQUOTE', 'UL', 'OL', 'DL']);
const BLOCKS = new Set([
  ...LEAF_KINDS.keys(),
  'DIV',
  'SECTION',
  'ARTICLE',
  'MAIN',
  'HEADER',
  'UL',
  'OL',
  'DL',
  'TABLE',
  'TBODY',
  'THEAD',
  'TFOOT',
  'TR',
  'FIGURE',
  'ASIDE',
  'HR',
  'BR',
]);

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly firstChild: DomNode | null;
  readonly nextSibling: DomNode | null;
  getAttribute?(name: string): string | null;
}

function isBlockElement(child: DomNode): boolean {
  return (
    child.nodeType === ELEMENT_NODE && child.nodeName !== 'BR' && BLOCKS.has(child.nodeName.toUpperCase())
  );
}

function hasBlockChild(node: DomNode): boolean {
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    if (isBlockElement(child)) return true;
  }
  return false;
}

/** Inline text being gathered: the plain text, the part of it in <time> elements, and the text marked as other. */
interface Run {
  plain: string;
  timed: string;
  marked: string;
  markedKind: BlockKind | undefined;
}

const newRun = (): Run => ({ plain: '', timed: '', marked: '', markedKind: undefined });

/** A block of at most this many words that is largely a <time> is a date line ("Posted on <time>…</time>"). */
const DATELINE_WORDS = 12;

/** Links that make an inline element a link card (a name's pop-up with its latest headlines), not prose. */
const CARD_LINKS = 3;
/** Share of a link card's text inside its links. */
const CARD_LINK_SHARE = 0.8;

/**
 * An inline element inside a paragraph that is a card of links: several links making up nearly all its text,
 * as the pop-ups some sites put after a person's name ("Ilhan OmarIlhan OmarHillicon Valley: ... MORE").
 */
function isLinkCard(node: DomNode): boolean {
  let links = 0;
  let linked = 0;
  let innerCard = false;
  const count = (n: DomNode) => {
    for (let child = n.firstChild; child !== null; child = child.nextSibling) {
      if (child.nodeType !== ELEMENT_NODE) continue;
      if (child.nodeName.toUpperCase() === 'A') {
        links++;
        linked += (child.textContent ?? '').length;
      } else {
        count(child);
      }
    }
  };
  count(node);
  if (links < CARD_LINKS || linked < CARD_LINK_SHARE * (node.textContent ?? '').length) return false;
  // The card is the innermost such element: the name that opens it ("<a>Ilhan Omar</a><span card>") stays.
  for (let child = node.firstChild; child !== null && !innerCard; child = child.nextSibling) {
    innerCard = child.nodeType === ELEMENT_NODE && child.nodeName.toUpperCase() !== 'A' && isLinkCard(child);
  }
  return !innerCard;
}

function addInline(node: DomNode, run: Run): void {
  if (node.nodeType === TEXT_NODE) {
    run.plain += node.textContent ?? '';
    return;
  }
  if (node.nodeType !== ELEMENT_NODE) return;
  const name = node.nodeName.toUpperCase();
  if (SKIP.has(name)) return;
  if (name === 'BR') {
    run.plain += ' ';
    return;
  }
  const marked = node.getAttribute?.(KIND_ATTRIBUTE) as BlockKind | null | undefined;
  if (marked) {
    run.marked += ` ${node.textContent ?? ''}`;
    run.markedKind ??= marked;
    return;
  }
  if (name === 'SPAN' && isLinkCard(node)) return;
  if (name === 'TIME') run.timed += ` ${node.textContent ?? ''}`;
  for (let child = node.firstChild; child !== null; child = child.nextSibling) addInline(child, run);
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function letters(text: string): number {
  return text.replace(/[^\p{L}\p{N}]/gu, '').length;
}

/**
 * The block a run makes: its plain text with the marked parts left out (a credit glued to a sentence), or, when
 * the marked text outweighs the plain ("By <author>"), all of it with the marked kind.
 */
function runBlock(run: Run, kind: BlockKind): Block | undefined {
  const plain = collapse(run.plain);
  if (run.markedKind !== undefined) {
    const marked = collapse(run.marked);
    if (letters(marked) > letters(plain))
      return { kind: run.markedKind, text: collapse(`${plain} ${marked}`) };
  }
  if (!/[\p{L}\p{N}]/u.test(plain)) return undefined;
  return { kind: isDateline(run, plain) ? 'dateline' : kind, text: plain };
}

function isDateline(run: Run, plain: string): boolean {
  if (run.timed === '' || plain.split(' ').length > DATELINE_WORDS) return false;
  return 3 * letters(run.timed) >= letters(plain);
}

/** Where a block stands: inside a figure, or inside an element that gives its whole content one kind. */
type Context = BlockKind | 'figure' | undefined;

/** The kind of a leaf block or a run of inline text standing in `context`. */
function kindIn(context: Context, own: BlockKind): BlockKind {
  if (context === 'figure') return 'caption';
  return context ?? own;
}

/** The context an element gives its content. Captions, asides, bylines, date lines and promotions hold. */
function contextOf(name: string, context: Context): Context {
  if (context !== undefined && context !== 'figure' && context !== 'item' && context !== 'quote')
    return context;
  if (context === 'figure' && FIGURE_CONTENT.has(name)) return undefined;
  if (name === 'FIGURE') return 'figure';
  return CONTAINER_KINDS.get(name) ?? context;
}

/** A table row of leaf cells: its cells joined (one cell is plain text), or null for a row of layout cells. */
function rowBlock(row: DomNode, context: Context): Block | undefined | null {
  const cells: Block[] = [];
  for (let cell = row.firstChild; cell !== null; cell = cell.nextSibling) {
    if (cell.nodeType !== ELEMENT_NODE) continue;
    // A cell holding blocks is page layout: its blocks are walked one by one.
    if (hasBlockChild(cell)) return null;
    const run = newRun();
    addInline(cell, run);
    const block = runBlock(run, 'text');
    if (block !== undefined) cells.push(block);
  }
  const story = cells.filter((c) => c.kind === 'text');
  if (story.length === 0) return cells[0];
  const kind = kindIn(context, story.length === 1 ? 'text' : 'row');
  return { kind, text: story.map((c) => c.text).join(' | ') };
}

/** The article's blocks, in order, each with its kind and its whitespace collapsed. */
export function blocksOf(root: DomNode): Block[] {
  const out: Block[] = [];
  let inline = newRun();
  let inlineKind: BlockKind = 'text';
  const push = (block: Block | undefined) => {
    if (block !== undefined) out.push(block);
  };
  const flush = () => {
    push(runBlock(inline, inlineKind));
    inline = newRun();
  };
  const walk = (node: DomNode, outer: Context): void => {
    const name = node.nodeName.toUpperCase();
    if (node.nodeType !== ELEMENT_NODE || !BLOCKS.has(name)) {
      addInline(node, inline);
      inlineKind = kindIn(outer, 'text');
      return;
    }
    flush();
    const context = contextOf(name, outer);
    const row = name === 'TR' ? rowBlock(node, context) : null;
    if (row !== null) {
      push(row);
      return;
    }
    const leaf = LEAF_KINDS.get(name);
    if (leaf !== undefined && !hasBlockChild(node)) {
      const run = newRun();
      addInline(node, run);
      push(runBlock(run, kindIn(context, leaf)));
      return;
    }
    for (let child = node.firstChild; child !== null; child = child.nextSibling) walk(child, context);
    flush();
  };
  // The root is a container whatever its tag (Readability's <div>, or a page's <body>).
  for (let child = root.firstChild; child !== null; child = child.nextSibling) walk(child, undefined);
  flush();
  return out;
}
