// The survey of a page as loaded: metadata and headline candidates in one pass, and the parts its class names,
// ids, roles and microdata name as not story, marked on their text (promotions taken off the page).
import { parseHTML } from 'linkedom/worker';
import { describe, expect, it } from 'vitest';
import {
  KIND_ATTRIBUTE,
  markedKind,
  type PageDocument,
  type PageNode,
  surveyPage,
} from '../../../functions/adapters/article-sources/page-survey.js';

function page(body: string, head = '') {
  const { document } = parseHTML(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`);
  return document;
}

function kindOf(html: string) {
  const el = page(html).body.firstElementChild as unknown as PageNode;
  return markedKind(el);
}

describe('markedKind', () => {
  it.each([
    ['<div class="caption-text">x</div>', 'caption'],
    ['<div class="InlineImage-imageEmbedCaption">x</div>', 'caption'],
    ['<div class="article__credit">x</div>', 'caption'],
    ['<span class="byline">x</span>', 'byline'],
    ['<a rel="author">x</a>', 'byline'],
    ['<span itemprop="datePublished">x</span>', 'dateline'],
    ['<div class="entry-meta">x</div>', 'dateline'],
    ['<div class="content__standfirst">x</div>', 'standfirst'],

    ['<section class="article-disclaimer">x</section>', 'aside'],
    ['<div role="complementary">x</div>', 'aside'],
    ['<div id="related-stories">x</div>', 'promo'],
    ['<div class="newsletter-signup">x</div>', 'promo'],
  ])('%s is %s', (html, kind) => {
    expect(kindOf(html)).toBe(kind);
  });

  it.each([
    '<p>x</p>',
    '<div class="article-body">x</div>',
    '<div class="update-list">x</div>',
    '<div class="shareable">x</div>',
    '<div class="metadata">x</div>',
    '<div itemprop="description">A product page’s description is its story</div>',
  ])('%s is not marked', (html) => {
    expect(kindOf(html)).toBeUndefined();
  });
});

describe('surveyPage', () => {
  it('reads <meta>, <title>, the <h1>s and the first <time datetime> in one pass', () => {
    const document = page(
      '<header><h1>Site</h1></header><article><h1>Storm hits the coast</h1><time>today</time>' +
        '<time datetime="2024-03-07">7 March</time></article>',
      '<title>Storm hits the coast | Herald</title><meta property="og:title" content="Storm hits the coast">' +
        '<meta name="author" content="Maria">',
    );

    const survey = surveyPage(document as unknown as PageDocument);

    expect(survey.title).toBe('Storm hits the coast | Herald');
    expect(survey.meta.get('og:title')).toBe('Storm hits the coast');
    expect(survey.meta.get('author')).toBe('Maria');
    expect(survey.headings).toEqual(['Site', 'Storm hits the coast']);
    expect(survey.time).toBe('2024-03-07');
  });

  it('marks every text run of a captioned part and takes promotions off the page', () => {
    const document = page(
      '<p>Story text.</p><div class="caption">The bay <b>at dawn</b>.</div>' +
        '<div class="related-links"><a href="/x">Another story</a></div>',
    );

    surveyPage(document as unknown as PageDocument);

    const marked = [...document.querySelectorAll(`[${KIND_ATTRIBUTE}]`)].map((s) => [
      s.getAttribute(KIND_ATTRIBUTE),
      s.textContent,
    ]);
    expect(marked).toEqual([
      ['caption', 'The bay '],
      ['caption', 'at dawn'],
      ['caption', '.'],
    ]);
    expect(document.body.textContent).not.toContain('Another story');
    expect(document.body.textContent).toContain('Story text.');
  });

  it('leaves a part with a marking name alone when it holds the story (more text than a caption has)', () => {
    const story = 'A long paragraph of the story. '.repeat(60);
    const document = page(`<div class="post has-author-box"><p>${story}</p></div>`);

    surveyPage(document as unknown as PageDocument);

    expect(document.querySelectorAll(`[${KIND_ATTRIBUTE}]`)).toHaveLength(0);
  });
});
