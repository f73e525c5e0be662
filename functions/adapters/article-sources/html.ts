// HTML to RawArticle: the main text through @mozilla/readability on linkedom's DOM, walked into paragraphs
// (p, headings, list items, blockquotes), with headline, byline, date and site name from the page's metadata.
// Scripts, styles and figure captions never reach the text. Loaded lazily: only HTML input pays for the DOM.

import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom/worker';
import { ArticleError, type ArticleMeta, MAX_ARTICLE_CHARS, type RawArticle } from '../../engine/index.js';

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
): RawArticle {
  // A fragment (an article copied out of a page) gets the document around it that the DOM expects.
  const page = /<(?:html|body)[\s>]/i.test(html)
    ? html
    : `<!doctype html><html><head></head><body>${html}</body></html>`;
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
  const parsed = new Readability(document as unknown as ReadabilityDocument, {
    serializer: (node) => node,
  }).parse();
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
