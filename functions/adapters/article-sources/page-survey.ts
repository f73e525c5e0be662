// One pass over a web page as loaded, before Readability rewrites it: its <meta> values, <title>, <h1>s and first
// <time datetime>, and what its class names, ids, ARIA roles and microdata say its parts are: a caption or
// credit, a byline or author box, a date line, the summary under the headline (standfirst, dek), a disclaimer,
// or a promotion (related links, newsletter, sharing and ad boxes, tooltips), by the conventions publishing
// systems name them with. Promotions are taken off the page at once (they are furniture, like navigation). Readability turns many such elements into plain paragraphs and drops their
// attributes, so each text run inside a marked element is wrapped in a <span> carrying the kind, which survives
// the rewriting for page-blocks.ts to read.
import type { BlockKind } from '../../engine/index.js';

/** The attribute on the wrapping spans that carries the kind. */
export const KIND_ATTRIBUTE = 'data-digest-kind';

/** Words of class names and ids that say what an element is (names are split at -, _ and camelCase humps). */
const CLASS_KINDS: ReadonlyMap<string, BlockKind> = new Map([
  ...['caption', 'figcaption', 'credit', 'credits', 'copyright', 'gallery', 'slideshow', 'carousel'].map(
    (w) => [w, 'caption'] as const,
  ),
  ...['byline', 'author', 'authors', 'contributor', 'contributors'].map((w) => [w, 'byline'] as const),
  ...['dateline', 'timestamp', 'pubdate', 'published', 'updated', 'date', 'meta'].map(
    (w) => [w, 'dateline'] as const,
  ),
  ...['standfirst', 'dek', 'deck'].map((w) => [w, 'standfirst'] as const),
  ...['disclaimer', 'disclosure'].map((w) => [w, 'aside'] as const),
  ...[
    'related',
    'newsletter',
    'promo',
    'subscribe',
    'subscription',
    'signup',
    'share',
    'sharing',
    'social',
    'recommended',
    'advert',
    'advertisement',
    'sponsored',
    'outbrain',
    'taboola',
    'tooltip',
    'popover',
    'hovercard',
    'popup',
  ].map((w) => [w, 'promo'] as const),
]);
/** Every word of CLASS_KINDS as a substring: a cheap first test of a class name or id. */
const KIND_HINT = new RegExp([...CLASS_KINDS.keys()].join('|'), 'i');
/** ARIA roles of content beside the story. */
const ROLE_KINDS: ReadonlyMap<string, BlockKind> = new Map([
  ['complementary', 'aside'],
  ['contentinfo', 'aside'],
  ['navigation', 'promo'],
]);
/** schema.org properties (microdata) of the parts around the story. */
const ITEMPROP_KINDS: ReadonlyMap<string, BlockKind> = new Map([
  ['author', 'byline'],
  ['creator', 'byline'],
  ['datepublished', 'dateline'],
  ['datemodified', 'dateline'],
  ['datecreated', 'dateline'],
  ['alternativeheadline', 'standfirst'],
  ['caption', 'caption'],
  ['copyrightholder', 'caption'],
]);
/** An element with more text than this holds the story, whatever its class says ("post has-author-box"). */
const MAX_MARKED_CHARS = 1200;
/** Elements whose content is never text to mark or read. */
const UNMARKED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG']);

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
/** How many <h1> texts are kept as headline candidates. */
const MAX_HEADINGS = 5;

export interface PageNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly firstChild: PageNode | null;
  readonly nextSibling: PageNode | null;
  readonly parentNode: PageNode | null;
  hasAttributes?(): boolean;
  getAttribute?(name: string): string | null;
  setAttribute?(name: string, value: string): void;
  appendChild?(node: PageNode): PageNode;
  replaceChild?(node: PageNode, old: PageNode): PageNode;
  removeChild?(node: PageNode): PageNode;
}

export interface PageDocument {
  readonly documentElement: PageNode | null;
  createElement(tag: string): PageNode;
}

/** What the page says about itself, gathered in the same pass. */
export interface PageSurvey {
  /** <meta> contents by property, name and itemprop, lower-cased (the first one of each wins). */
  readonly meta: Map<string, string>;
  readonly title: string | undefined;
  readonly headings: string[];
  /** The first <time datetime> value. */
  readonly time: string | undefined;
}

/** The kind class names or an id give: the first of their words that names one. */
function namedKind(names: string): BlockKind | undefined {
  // Most names hold none of the words: one scan settles them.
  if (!KIND_HINT.test(names)) return undefined;
  const humps = /[a-z][A-Z]/.test(names) ? names.replace(/(?<=[a-z])(?=[A-Z])/g, ' ') : names;
  for (const word of humps.toLowerCase().split(/[\s_-]+/)) {
    const kind = CLASS_KINDS.get(word);
    if (kind !== undefined) return kind;
  }
  return undefined;
}

/** The kind an element's role, microdata, class or id gives it, if any. */
export function markedKind(el: PageNode): BlockKind | undefined {
  // Most elements have no attributes at all: one cheap test settles them.
  if (el.hasAttributes?.() !== true || el.getAttribute === undefined) return undefined;
  const names = el.getAttribute('class');
  const byClass = names === null ? undefined : namedKind(names);
  if (byClass !== undefined) return byClass;
  const id = el.getAttribute('id');
  const byId = id === null ? undefined : namedKind(id);
  if (byId !== undefined) return byId;
  const byRole = ROLE_KINDS.get(el.getAttribute('role') ?? '');
  if (byRole !== undefined) return byRole;
  const byItemprop = ITEMPROP_KINDS.get(el.getAttribute('itemprop')?.toLowerCase() ?? '');
  if (byItemprop !== undefined) return byItemprop;
  return el.getAttribute('rel') === 'author' ? 'byline' : undefined;
}

/** Wraps every text run inside `el` in a span carrying `kind`. */
function wrapTexts(el: PageNode, kind: BlockKind, document: PageDocument): void {
  const texts: PageNode[] = [];
  const collect = (node: PageNode) => {
    for (let child = node.firstChild; child !== null; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE) {
        if ((child.textContent ?? '').trim() !== '') texts.push(child);
      } else if (child.nodeType === ELEMENT_NODE && !UNMARKED.has(child.nodeName.toUpperCase())) {
        collect(child);
      }
    }
  };
  collect(el);
  for (const text of texts) {
    const span = document.createElement('span');
    span.setAttribute?.(KIND_ATTRIBUTE, kind);
    text.parentNode?.replaceChild?.(span, text);
    span.appendChild?.(text);
  }
}

/** Whether an element holds more than `max` characters of text; stops counting once it does. */
function textLongerThan(el: PageNode, max: number): boolean {
  let length = 0;
  const count = (node: PageNode): boolean => {
    for (let child = node.firstChild; child !== null; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE) length += (child.textContent ?? '').length;
      else if (child.nodeType === ELEMENT_NODE && count(child)) return true;
      if (length > max) return true;
    }
    return false;
  };
  return count(el);
}

function collapse(text: string | null | undefined): string | undefined {
  const v = text?.replace(/\s+/g, ' ').trim();
  return v ? v : undefined;
}

/** Records a <meta> element's content under its property, name and itemprop. */
function recordMeta(el: PageNode, meta: Map<string, string>): void {
  const content = el.getAttribute?.('content')?.trim();
  if (!content) return;
  for (const attr of ['property', 'name', 'itemprop']) {
    const key = el.getAttribute?.(attr)?.trim().toLowerCase();
    if (key && !meta.has(key)) meta.set(key, content);
  }
}

interface MutableSurvey {
  readonly meta: Map<string, string>;
  title: string | undefined;
  readonly headings: string[];
  time: string | undefined;
}

/** Records what an element says about the page: a <meta>, the <title>, an <h1>, a <time datetime>. */
function record(el: PageNode, name: string, survey: MutableSurvey): void {
  if (name === 'META') recordMeta(el, survey.meta);
  else if (name === 'TITLE') survey.title ??= collapse(el.textContent);
  else if (name === 'TIME') survey.time ??= collapse(el.getAttribute?.('datetime'));
  else if (name === 'H1' && survey.headings.length < MAX_HEADINGS) {
    const text = collapse(el.textContent);
    if (text !== undefined) survey.headings.push(text);
  }
}

/**
 * Marks an element that its names say is not the story: a promotion leaves the page, anything else has its text
 * wrapped. Returns 'removed', 'marked', or undefined when the element is story (or too big to be anything else).
 */
function mark(el: PageNode, document: PageDocument): 'removed' | 'marked' | undefined {
  const kind = markedKind(el);
  if (kind === undefined || textLongerThan(el, MAX_MARKED_CHARS)) return undefined;
  if (kind === 'promo' && el.parentNode?.removeChild !== undefined) {
    el.parentNode.removeChild(el);
    return 'removed';
  }
  wrapTexts(el, kind, document);
  return 'marked';
}

/**
 * Surveys the page (see the file's head), marking the text of the parts that are not the story. One walk, in
 * document order, that reads each element's name once and allocates nothing per element: it runs on every
 * element of every page, while the whole DOM is alive.
 */
export function surveyPage(document: PageDocument): PageSurvey {
  const survey: MutableSurvey = { meta: new Map(), title: undefined, headings: [], time: undefined };
  const root = document.documentElement;
  // Elements still to visit, and beside each whether it stands inside an element already marked (or the <head>).
  const pending: PageNode[] = root === null ? [] : [root];
  const settledFlags: boolean[] = [false];
  const children: PageNode[] = [];
  for (let el = pending.pop(); el !== undefined; el = pending.pop()) {
    const settled = settledFlags.pop() === true;
    const name = el.nodeName.toUpperCase();
    // Checked here rather than when the element was queued, so that each name is read once.
    if (el !== root && UNMARKED.has(name)) continue;
    record(el, name, survey);
    const outcome = settled || name === 'HEAD' ? 'marked' : mark(el, document);
    if (outcome === 'removed') continue;
    for (let child = el.firstChild; child !== null; child = child.nextSibling) {
      if (child.nodeType === ELEMENT_NODE) children.push(child);
    }
    for (let i = children.length - 1; i >= 0; i--) {
      pending.push(children[i] as PageNode);
      settledFlags.push(outcome === 'marked');
    }
    children.length = 0;
  }
  return survey;
}
