// HTML to RawArticle: the main text through @mozilla/readability on linkedom's DOM, walked into blocks that keep
// what the markup says each one is (story text, heading, list item, table row, block quotation, or a caption,
// aside, byline, date line or promotion that cleaning leaves out: page-survey.ts, page-blocks.ts), with the
// headline where og:title, <h1> and <title> agree (page-title.ts), and byline, date and site name from the page's
// metadata. Scripts, styles and forms never reach the text. Loaded lazily: only HTML input pays for the DOM.
// A page nested too deeply or with too many elements is refused before the DOM is built, and extraction that
// runs past its time budget is stopped: both the DOM library and Readability slow down super-linearly on such
// pages, and one page must not stall a run.

import { Readability } from '@mozilla/readability';
import { Parser } from 'htmlparser2';
import { parseHTML } from 'linkedom/worker';
import {
  ArticleError,
  type ArticleMeta,
  type Block,
  MAX_ARTICLE_CHARS,
  type RawArticle,
  STORY_KINDS,
} from '../../engine/index.js';
import { HTML_EXTRACT_BUDGET_MS, MAX_HTML_DEPTH, MAX_HTML_ELEMENTS } from './limits.js';
import { blocksOf, type DomNode } from './page-blocks.js';
import { type PageDocument, type PageSurvey, surveyPage } from './page-survey.js';
import { pageTitle, type TitleSources } from './page-title.js';

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

/** Elements that never hold others: htmlparser2 closes them as it opens them. */
const VOID_ELEMENTS = new Set(
  'area base br col embed hr img input link meta param source track wbr'.split(' '),
);
/** Margin for the levels a void element or a stray </p> opens for a moment in the parser's count. */
const MOMENTARY_LEVELS = 2;
/**
 * Elements whose opening closes an open one of these on top, as htmlparser2's tree rules do (a few of them: a
 * rule left out only keeps the bound higher).
 */
const OPEN_CLOSES: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['p', new Set(['p'])],
  ['li', new Set(['li'])],
  ['option', new Set(['option'])],
  ['td', new Set(['td', 'th'])],
  ['th', new Set(['td', 'th'])],
  ['tr', new Set(['tr', 'td', 'th'])],
  ['dt', new Set(['dt', 'dd'])],
  ['dd', new Set(['dt', 'dd'])],
]);

/**
 * A quick upper bound on the page's depth and element count. Every start tag counts (those inside comments and
 * scripts too), a void element opens no level, an opening closes what htmlparser2 would close for it on top, and
 * a closing tag closes only the element on top when it names that one. The parser closes at least as much, so its
 * open elements are always among the bound's, in order: the bound never finds a page shallower or smaller than
 * the parser would. An ordinary page is far under the limits and skips the exact check.
 */
export function withinLimitsSurely(page: string, limits: HtmlLimits): boolean {
  const open: string[] = [];
  let elements = 0;
  // Stops as soon as the bound passes a limit (the exact check decides then).
  const maxOpen = limits.maxDepth - MOMENTARY_LEVELS;
  for (const m of page.matchAll(/<(\/?)([a-zA-Z][^\s/>]*)/g)) {
    const tag = (m[2] as string).toLowerCase();
    if (m[1] === '/') {
      if (open[open.length - 1] === tag) open.pop();
      // A stray </p> or </br> makes an element of its own, as browsers do (and htmlparser2 with them).
      else if ((tag === 'p' || tag === 'br') && ++elements > limits.maxElements) return false;
      continue;
    }
    if (++elements > limits.maxElements) return false;
    if (VOID_ELEMENTS.has(tag)) continue;
    const closes = OPEN_CLOSES.get(tag);
    while (closes?.has(open[open.length - 1] ?? '')) open.pop();
    if (open.push(tag) > maxOpen) return false;
  }
  return true;
}

/**
 * Refuses a page whose elements nest deeper or number more than the limits allow. A page the quick bound clears
 * is fine; any other runs the tokenizer and tree rules that the DOM library parses with (htmlparser2, the same
 * version), counting open elements without building anything, linear and stopping at the first over a limit.
 */
function checkStructure(page: string, name: string, limits: HtmlLimits): void {
  if (withinLimitsSurely(page, limits)) return;
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

/** When the extraction under way must stop. Readability runs synchronously, one page at a time. */
let activeDeadline = Number.POSITIVE_INFINITY;
/**
 * Readability's method calls between two looks at the clock. A page makes thousands of calls, most of them
 * small; reading the clock on each cost a few percent of Readability's time, and 64 calls pass in well under
 * a millisecond.
 */
const CALLS_PER_CHECK = 64;
let callsToCheck = 0;

/**
 * Readability whose methods check the clock as they run. Readability is synchronous and has no hook of its own;
 * its slow loops all go through its methods (inner text, node lists, traversal), so the work stops soon after
 * the deadline. A method that catches the error (metadata parsing does) only delays it to a later call. The
 * checks sit on this class's prototype, set up once, rather than on each reader.
 */
class BudgetedReadability extends Readability<unknown> {}
for (const key of Object.getOwnPropertyNames(Readability.prototype)) {
  const method: unknown = Object.getOwnPropertyDescriptor(Readability.prototype, key)?.value;
  if (key === 'constructor' || typeof method !== 'function') continue;
  Object.defineProperty(BudgetedReadability.prototype, key, {
    configurable: true,
    writable: true,
    value(this: unknown, ...args: unknown[]): unknown {
      if (--callsToCheck <= 0) {
        callsToCheck = CALLS_PER_CHECK;
        if (performance.now() > activeDeadline) throw new OverBudget();
      }
      return method.apply(this, args);
    },
  });
}

// Readability rewrites every link and image address in the content to an absolute one; nothing here reads them
// (blocks are text), so the rewrite is skipped. Should a later Readability rename the method, this defines an unused
// one and nothing changes.
Object.defineProperty(BudgetedReadability.prototype, '_fixRelativeUris', {
  configurable: true,
  writable: true,
  value: () => undefined,
});

const DATE_KEYS = ['article:published_time', 'datepublished', 'date', 'pubdate', 'publishdate', 'dc.date'];

function firstOf(values: ReadonlyMap<string, string>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const v = values.get(key);
    if (v !== undefined) return v;
  }
  return undefined;
}

function clean(value: string | null | undefined): string | undefined {
  const v = value?.replace(/\s+/g, ' ').trim();
  return v ? v : undefined;
}

/** The headline candidates the survey found. */
function titleSources(survey: PageSurvey, location: string): TitleSources {
  const url = /^https?:\/\//i.test(location) ? location : survey.meta.get('og:url');
  return {
    title: survey.title,
    ogTitle: clean(firstOf(survey.meta, ['og:title', 'twitter:title'])),
    headings: survey.headings,
    siteName: clean(survey.meta.get('og:site_name')),
    url,
  };
}

/** Readability's main content within the time budget, or an ArticleError naming the page. */
function readMain(document: unknown, name: string, limits: HtmlLimits, deadline: number) {
  type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];
  // Classes are kept as they are: taking them off is work nothing here needs.
  const reader = new BudgetedReadability(document as ReadabilityDocument, {
    keepClasses: true,
    serializer: (node) => node,
  });
  activeDeadline = deadline;
  callsToCheck = 0;
  try {
    return reader.parse();
  } catch (error) {
    if (!(error instanceof OverBudget)) throw error;
    throw new ArticleError(
      `${name} is too complex to read (extracting its article took over ${limits.budgetMs / 1000} s)`,
    );
  } finally {
    activeDeadline = Number.POSITIVE_INFINITY;
  }
}

/** The blocks of the story: Readability's main content, or the page's body when it finds none. */
function storyBlocks(page: string, parsed: ReturnType<BudgetedReadability['parse']>): Block[] {
  const blocks = parsed?.content ? blocksOf(parsed.content as unknown as DomNode) : [];
  if (blocks.length > 0) return blocks;
  // Readability found no main content (a very short page): fall back to the body's own blocks.
  const fresh = parseHTML(page).document;
  surveyPage(fresh as unknown as PageDocument);
  const body = fresh.body as unknown as DomNode | null;
  return body ? blocksOf(body) : [];
}

/** The story's blocks as plain text, without the headline repeated above them. */
function storyText(blocks: readonly Block[], title: string | undefined): string {
  const story = blocks.filter((b) => STORY_KINDS.has(b.kind)).map((b) => b.text);
  if (title !== undefined && story[0] === title) story.shift();
  return story.join('\n\n');
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
  // Readability changes the document, so the survey reads and marks it first.
  const survey = surveyPage(document as unknown as PageDocument);
  const fallbackDate = firstOf(survey.meta, DATE_KEYS) ?? survey.time;
  const sources = titleSources(survey, base.location);
  const parsed = readMain(document, name, limits, deadline);
  const blocks = storyBlocks(page, parsed);
  const title = pageTitle(sources) ?? clean(parsed?.title);
  const text = storyText(blocks, title);
  if (text.trim() === '') throw new ArticleError(`${name} has no article text`);
  if (text.length > MAX_ARTICLE_CHARS) {
    throw new ArticleError(
      `${name} is too large (${text.length} characters of text; the limit is ${MAX_ARTICLE_CHARS})`,
    );
  }
  const byline = clean(parsed?.byline);
  const publishedAt = clean(parsed?.publishedTime) ?? fallbackDate;
  const siteName = clean(parsed?.siteName);
  const articleMeta: ArticleMeta = {
    ...base,
    ...(byline !== undefined && { byline }),
    ...(publishedAt !== undefined && { publishedAt }),
    ...(siteName !== undefined && { siteName }),
  };
  return title === undefined
    ? { text, blocks, meta: articleMeta }
    : { title, text, blocks, meta: articleMeta };
}
