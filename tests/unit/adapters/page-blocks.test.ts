// What the markup says each block of a page is: headings, list items, table rows (cells joined), block
// quotations and story text stay apart; figures, captions, asides and text the page survey marked are kinded
// as what they are; a link card inside a sentence leaves the sentence, the name before it stays.
import { parseHTML } from 'linkedom/worker';
import { describe, expect, it } from 'vitest';
import { blocksOf, type DomNode } from '../../../functions/adapters/article-sources/page-blocks.js';
import { type PageDocument, surveyPage } from '../../../functions/adapters/article-sources/page-survey.js';
import type { Block } from '../../../functions/engine/article.js';

function blocks(body: string, survey = false): Block[] {
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${body}</body></html>`);
  if (survey) surveyPage(document as unknown as PageDocument);
  return blocksOf(document.body as unknown as DomNode);
}

describe('blocksOf', () => {
  it('keeps headings, list items, rows and quotations apart from story text', () => {
    expect(
      blocks(`<h2>Tour dates</h2><p>The band plays six cities</p>
        <ul><li>June 9 – West Palm Beach, FL</li><li>June 10 – Tampa, FL</li></ul>
        <table><tr><th>Team</th><th>Points</th></tr><tr><td>Palm Bay</td><td>70</td></tr></table>
        <blockquote><p>One more time.</p></blockquote>`),
    ).toEqual([
      { kind: 'heading', text: 'Tour dates' },
      { kind: 'text', text: 'The band plays six cities' },
      { kind: 'item', text: 'June 9 – West Palm Beach, FL' },
      { kind: 'item', text: 'June 10 – Tampa, FL' },
      { kind: 'row', text: 'Team | Points' },
      { kind: 'row', text: 'Palm Bay | 70' },
      { kind: 'quote', text: 'One more time.' },
    ]);
  });

  it('walks a layout table cell by cell, and takes a one-cell row as text', () => {
    expect(
      blocks(`<table><tr><td><p>First paragraph.</p><p>Second paragraph.</p></td></tr>
        <tr><td>A lone cell of prose.</td></tr></table>`),
    ).toEqual([
      { kind: 'text', text: 'First paragraph.' },
      { kind: 'text', text: 'Second paragraph.' },
      { kind: 'text', text: 'A lone cell of prose.' },
    ]);
  });

  it('kinds a figure’s text and captions as captions, but a table in a figure as rows', () => {
    expect(
      blocks(`<figure><img src="a.jpg"><figcaption>The bay at dawn.</figcaption><div>Photo: Agency</div></figure>
        <figure class="wp-block-table"><table><tr><td>Oslo</td><td>3</td></tr></table></figure>
        <aside><p>Read our other stories</p></aside>`),
    ).toEqual([
      { kind: 'caption', text: 'The bay at dawn.' },
      { kind: 'caption', text: 'Photo: Agency' },
      { kind: 'row', text: 'Oslo | 3' },
      { kind: 'aside', text: 'Read our other stories' },
    ]);
  });

  it('takes a credit the survey marked out of the sentence it is glued to', () => {
    expect(
      blocks(
        '<p>Two hostages were freed on Tuesday in a prisoner swap. <span class="credit">AP</span></p>',
        true,
      ),
    ).toEqual([{ kind: 'text', text: 'Two hostages were freed on Tuesday in a prisoner swap.' }]);
  });

  it('gives a block the marked kind when the marked text outweighs the rest', () => {
    expect(
      blocks('<p>By <span class="byline__name">Stefan Becket and Grace Segers</span></p>', true),
    ).toEqual([{ kind: 'byline', text: 'By Stefan Becket and Grace Segers' }]);
  });

  it('drops a card of links inside a sentence but keeps the name that opens it', () => {
    const card =
      '<span class="people"><a href="/p/omar">Ilhan Omar</a><span class="block"><a href="/p/omar">Ilhan Omar</a>' +
      '<a href="/1">Progressives oppose funding bill</a> <a href="/2">Omar asks court for compassion</a> ' +
      '<a href="/p/omar">MORE</a></span></span>';

    expect(blocks(`<p>A man threatened to kill Rep. ${card} (D-Minn.), prosecutors said.</p>`)).toEqual([
      { kind: 'text', text: 'A man threatened to kill Rep. Ilhan Omar (D-Minn.), prosecutors said.' },
    ]);
  });

  it('splits text at line breaks between blocks and skips scripts and forms', () => {
    expect(
      blocks(
        '<div>Rockledge 14 11 6 15 — 44<br>Palm Bay 18 22 13 17 — 70<script>x()</script><form>Go</form></div>',
      ),
    ).toEqual([
      { kind: 'text', text: 'Rockledge 14 11 6 15 — 44' },
      { kind: 'text', text: 'Palm Bay 18 22 13 17 — 70' },
    ]);
  });
});
