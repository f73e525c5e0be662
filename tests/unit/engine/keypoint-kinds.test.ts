// Key points of a web page come from its story text: never a heading, list item, table row or quotation, and a
// paragraph without a full stop does not run on into the next one (a page's paragraphs are whole).
import { describe, expect, it } from 'vitest';
import type { CleanArticle } from '../../../functions/engine/clean.js';
import { candidateSentences, selectKeyPoints } from '../../../functions/engine/keypoints.js';

const page: CleanArticle = {
  title: 'River town reopens its old bridge',
  paragraphs: [
    'What changes for drivers',
    'The old stone bridge over the River Alde reopened to traffic on Saturday after two years of repairs.',
    'A 20 mph limit on the bridge and its approaches',
    'Market Street to the station | 14 min | 4 min',
    'Hundreds of residents lined the banks to watch the first cars cross the river',
    'The repairs cost £3.2 million, paid by the county council and a national fund for old bridges.',
    'We have waited a long time for this morning, the mayor wrote on her blog on Saturday.',
  ],
  kinds: ['heading', 'text', 'item', 'row', 'text', 'text', 'quote'],
};

describe('key points of a page with kinds', () => {
  it('come from story text only', () => {
    const points = selectKeyPoints(page, 3, []);

    expect(points).toEqual([
      'The old stone bridge over the River Alde reopened to traffic on Saturday after two years of repairs.',
      'Hundreds of residents lined the banks to watch the first cars cross the river',
      'The repairs cost £3.2 million, paid by the county council and a national fund for old bridges.',
    ]);
  });

  it('never join a paragraph without a full stop to the next one', () => {
    const sentences = candidateSentences(page);

    expect(sentences.map((s) => [s.paragraph, s.index])).toEqual([
      [1, 0],
      [4, 1],
      [5, 2],
    ]);
    expect(sentences[1]?.text).toBe(
      'Hundreds of residents lined the banks to watch the first cars cross the river',
    );
  });

  it('come from the list when a page is nothing but a list', () => {
    const list: CleanArticle = {
      title: 'Deals',
      paragraphs: [
        'Apple AirPods Pro for $235 at Amazon today',
        'Nintendo Switch Lite for $200 at Walmart today',
      ],
      kinds: ['item', 'item'],
    };

    expect(selectKeyPoints(list, 3, [])).toHaveLength(2);
  });

  it('leave plain text as it was: a sentence broken across paragraphs is one sentence', () => {
    const plain: CleanArticle = {
      title: 'T',
      paragraphs: ['The council approved the plan for a new library', 'on Tuesday after a two-year debate.'],
    };

    expect(candidateSentences(plain).map((s) => s.text)).toEqual([
      'The council approved the plan for a new library on Tuesday after a two-year debate.',
    ]);
  });
});
