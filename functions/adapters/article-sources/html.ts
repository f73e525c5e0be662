// HTML to RawArticle: the main text through @mozilla/readability on linkedom's DOM, walked into paragraphs
// (p, headings, list items, blockquotes), with headline, byline, date and site name from the page's metadata.
// Scripts, styles and figure captions never reach the text. Loaded lazily: only HTML input pays for the DOM.
// A page nested too deeply or with too many elements is refused before the DOM is built, and extraction that
// runs past its time budget is stopped: both the DOM library and Readability slow down super-linearly on such
// pages, and one page must not stall a run.

import { Readability } from '@mozilla/readability';
import { Parser } from 'htmlparser2';
import { parseHTML } from 'linkedom/worker';
import { ArticleError, type ArticleMeta, MAX_ARTICLE_CHARS, type RawArticle } from '../../engine/index.js';
import { HTML_EXTRACT_BUDGET_MS, MAX_HTML_DEPTH, MAX_HTML_ELEMENTS } from './limits.js';

/** How much work one page may cost; the defaults come from limits.ts (tests pass small values). */
export interface HtmlLimits {
  /** Deepest nesting of elements. */
  readonly maxDepth: number;
  /** Most elements. */
  readonly maxElements: number;
  /** Milliseconds the whole extraction may take. */
  readonly budgetMs: number;
}

const DEFAULT_LIMITS: HtmlLimits = {
  maxDepth: MAX_HTML_DEPTH,
  maxElements: MAX_HTML_ELEMENTS,
  budgetMs: HTML_EXTRACT_BUDGET_MS,
};

const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'IFRAME',
  'SVG',
  'CANVAS',
  'FIGCAPTION',
  'BUTTON',
  'FORM',
  'NAV',
  'ASIDE',
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
/** Elements whose text is one paragraph, unless they hold further blocks (a blockquote of several <p>). */
const LEAF_BLOCKS = new Set([
  'P',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'LI',
  'BLOCKQUOTE',
  'PRE',
  'DT',
  'DD',
  'TD',
  'TH',
  'ADDRESS',
]);
const BLOCKS = new Set([
  ...LEAF_BLOCKS,
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
  'HR',
  'BR',
]);

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
}

function hasBlockChild(node: DomNode): boolean {
  for (let i = 0; i < node.childNodes.length; i++) {
    const child = node.childNodes[i] as DomNode;
    if (
      child.nodeType === ELEMENT_NODE &&
      BLOCKS.has(child.nodeName.toUpperCase()) &&
      child.nodeName !== 'BR'
    ) {
      return true;
    }
  }
  return false;
}

/** The article's paragraphs, in order: each block element's text with its whitespace collapsed. */
export function paragraphsOf(root: DomNode): string[] {
  const out: string[] = [];
  let inline = '';
  const flush = () => {
    const text = inline.replace(/\s+/g, ' ').trim();
    if (text !== '') out.push(text);
    inline = '';
  };
  const inlineText = (node: DomNode): string => {
    if (node.nodeType === TEXT_NODE) return node.textContent ?? '';
    if (node.nodeType !== ELEMENT_NODE) return '';
    const name = node.nodeName.toUpperCase();
    if (SKIP.has(name)) return '';
    if (name === 'BR') return ' ';
    let s = '';
    for (let i = 0; i < node.childNodes.length; i++) s += inlineText(node.childNodes[i] as DomNode);
    return s;
  };
  const walk = (node: DomNode) => {
    if (node.nodeType === TEXT_NODE) {
      inline += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const name = node.nodeName.toUpperCase();
    if (SKIP.has(name)) return;
    if (LEAF_BLOCKS.has(name) && !hasBlockChild(node)) {
      flush();
      inline = inlineText(node);
      flush();
      return;
    }
    if (BLOCKS.has(name)) {
      flush();
      for (let i = 0; i < node.childNodes.length; i++) walk(node.childNodes[i] as DomNode);
      flush();
      return;
    }
    inline += inlineText(node);
  };
  walk(root);
  flush();
  return out;
}

/**
 * Refuses a page whose elements nest deeper or number more than the limits allow. It runs the tokenizer and tree
 * rules that the DOM library parses with (htmlparser2, the same version), counting open elements without building
 * anything, so it is linear and stops at the first element over a limit.
 */
function checkStructure(page: string, name: string, limits: HtmlLimits): void {
  let depth = 0;
  let elements = 0;
  const parser = new Parser(
    {
      onopentagname() {
        depth++;
        elements++;
        if (depth > limits.maxDepth) {
          throw new ArticleError(
            `${name} nests its HTML too deeply to read (more than ${limits.maxDepth} levels of elements)`,
          );
        }
        if (elements > limits.maxElements) {
          throw new ArticleError(
            `${name} has too many HTML elements to read (more than ${limits.maxElements})`,
          );
        }
      },
      onclosetag() {
        depth--;
      },
    },
    { decodeEntities: false },
  );
  parser.end(page);
}

/** Thrown inside Readability once the time budget is spent; htmlToArticle turns it into an ArticleError. */
class OverBudget extends Error {}

/**
 * Makes each of the reader's methods check the clock before it runs. Readability is synchronous and has no hook
 * of its own; its slow loops all go through its methods (inner text, node lists, traversal), so the work stops
 * soon after the deadline. A method that catches the error (metadata parsing does) only delays it to the next call.
 */
function stopAt(reader: object, deadline: number): void {
  const proto = Object.getPrototypeOf(reader) as object;
  for (const key of Object.getOwnPropertyNames(proto)) {
    const method: unknown = Object.getOwnPropertyDescriptor(proto, key)?.value;
    if (key === 'constructor' || typeof method !== 'function' || Object.hasOwn(reader, key)) continue;
    Object.defineProperty(reader, key, {
      configurable: true,
      writable: true,
      value(this: unknown, ...args: unknown[]): unknown {
        if (performance.now() > deadline) throw new OverBudget();
        return method.apply(this, args);
      },
    });
  }
}

interface QueryableDocument {
  querySelector(selector: string): { getAttribute(name: string): string | null } | null;
}

function metaContent(document: QueryableDocument, names: readonly string[]): string | undefined {
  for (const name of names) {
    const el = document.querySelector(
      `meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`,
    );
    const content = el?.getAttribute('content')?.trim();
    if (content) return content;
  }
  const time = document.querySelector('time[datetime]')?.getAttribute('datetime')?.trim();
  return names.includes('article:published_time') && time ? time : undefined;
}

function clean(value: string | null | undefined): string | undefined {
  const v = value?.replace(/\s+/g, ' ').trim();
  return v ? v : undefined;
}

/** Extracts the article from an HTML document. `base` is what the article came from (kind and location). */
export function htmlToArticle(
  html: string,
  base: Pick<ArticleMeta, 'kind' | 'location'>,
  name: string = base.location,
  limits: HtmlLimits = DEFAULT_LIMITS,
): RawArticle {
  const deadline = performance.now() + limits.budgetMs;
  // A fragment (an article copied out of a page) gets the document around it that the DOM expects.
  const page = /<(?:html|body)[\s>]/i.test(html)
    ? html
    : `<!doctype html><html><head></head><body>${html}</body></html>`;
  checkStructure(page, name, limits);
  const { document } = parseHTML(page);
  const titleFallback = clean(document.querySelector('title')?.textContent);
  const fallbackDate = metaContent(document, [
    'article:published_time',
    'datePublished',
    'date',
    'pubdate',
    'publishdate',
    'dc.date',
  ]);
  // Readability mutates the document, so the metadata above is read first.
  type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];
  const reader = new Readability(document as unknown as ReadabilityDocument, {
    serializer: (node) => node,
  });
  stopAt(reader, deadline);
  let parsed: ReturnType<typeof reader.parse>;
  try {
    parsed = reader.parse();
  } catch (error) {
    if (!(error instanceof OverBudget)) throw error;
    throw new ArticleError(
      `${name} is too complex to read (extracting its article took over ${limits.budgetMs / 1000} s)`,
    );
  }
  let paragraphs = parsed?.content ? paragraphsOf(parsed.content as unknown as DomNode) : [];
  if (paragraphs.length === 0) {
    // Readability found no main content (a very short page): fall back to the body's own blocks.
    const body = parseHTML(page).document.body as unknown as DomNode | null;
    paragraphs = body ? paragraphsOf(body) : [];
  }
  const title = clean(parsed?.title) ?? titleFallback;
  // A headline repeated as the first block would otherwise become a key point.
  if (title !== undefined && paragraphs[0] !== undefined && paragraphs[0] === title) paragraphs.shift();
  const text = paragraphs.join('\n\n');
  if (text.trim() === '') throw new ArticleError(`${name} has no article text`);
  if (text.length > MAX_ARTICLE_CHARS) {
    throw new ArticleError(
      `${name} is too large (${text.length} characters of text; the limit is ${MAX_ARTICLE_CHARS})`,
    );
  }
  const byline = clean(parsed?.byline);
  const publishedAt = clean(parsed?.publishedTime) ?? fallbackDate;
  const siteName = clean(parsed?.siteName);
  const meta: ArticleMeta = {
    ...base,
    ...(byline !== undefined && { byline }),
    ...(publishedAt !== undefined && { publishedAt }),
    ...(siteName !== undefined && { siteName }),
  };
  return title === undefined ? { text, meta } : { title, text, meta };
}
