// HTML to RawArticle: the main text through @mozilla/readability on linkedom's DOM, walked into blocks that keep
// what the markup says each one is (story text, heading, list item, table row, block quotation, or a caption,
// aside, byline, date line or promotion that cleaning leaves out: page-survey.ts, page-blocks.ts), with the
// headline where og:title, <h1> and <title> agree (page-title.ts), and byline, date and site name from the page's
// metadata. Scripts, styles and forms never reach the text. Loaded lazily: only HTML input pays for the DOM.

import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom/worker';
import {
  ArticleError,
  type ArticleMeta,
  type Block,
  MAX_ARTICLE_CHARS,
  type RawArticle,
  STORY_KINDS,
} from '../../engine/article.js';
import { blocksOf, type DomNode } from './page-blocks.js';
import { type PageDocument, type PageSurvey, surveyPage } from './page-survey.js';
import { pageTitle, type TitleSources } from './page-title.js';

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

/** The blocks of the story, from Readability's main content, or the page's body when it finds none. */
function storyBlocks(
  page: string,
  document: unknown,
): { blocks: Block[]; parsed: ReturnType<Readability['parse']> } {
  type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];
  // Classes are kept as they are: taking them off is work nothing here needs.
  const parsed = new Readability(document as ReadabilityDocument, {
    keepClasses: true,
    serializer: (node) => node,
  }).parse();
  let blocks = parsed?.content ? blocksOf(parsed.content as unknown as DomNode) : [];
  if (blocks.length === 0) {
    // Readability found no main content (a very short page): fall back to the body's own blocks.
    const fresh = parseHTML(page).document;
    surveyPage(fresh as unknown as PageDocument);
    const body = fresh.body as unknown as DomNode | null;
    blocks = body ? blocksOf(body) : [];
  }
  return { blocks, parsed };
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
): RawArticle {
  // A fragment (an article copied out of a page) gets the document around it that the DOM expects.
  const page = /<(?:html|body)[\s>]/i.test(html)
    ? html
    : `<!doctype html><html><head></head><body>${html}</body></html>`;
  const { document } = parseHTML(page);
  // Readability changes the document, so the survey reads and marks it first.
  const survey = surveyPage(document as unknown as PageDocument);
  const fallbackDate = firstOf(survey.meta, DATE_KEYS) ?? survey.time;
  const sources = titleSources(survey, base.location);
  const { blocks, parsed } = storyBlocks(page, document);
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
