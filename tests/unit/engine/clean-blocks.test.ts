// Cleaning by kind: what the markup calls a caption, aside, byline, date line, standfirst or promotion leaves
// the body; headings, list items, table rows and quotations stay as they are; story text is kept whatever it
// ends with (the punctuation rule of plain text would drop it), less page furniture and a repeated headline.
import { describe, expect, it } from 'vitest';
import type { Block } from '../../../functions/engine/article.js';
import { cleanBlocks } from '../../../functions/engine/clean-blocks.js';

const text = (t: string): Block => ({ kind: 'text', text: t });

describe('cleanBlocks', () => {
  it('leaves out captions, asides, bylines, date lines, standfirsts and promotions', () => {
    const article = cleanBlocks({
      title: 'Storm hits the coast',
      blocks: [
        { kind: 'standfirst', text: 'A summary the publisher wrote' },
        { kind: 'byline', text: 'By Jane Smith' },
        { kind: 'dateline', text: 'Updated Nov 19, 9:41 AM;Posted Nov 18, 8:19 PM' },
        text('The storm reached the coast on Monday night.'),
        { kind: 'caption', text: 'The bay at dawn. Photograph: Agency' },
        { kind: 'aside', text: 'This post may contain affiliate links.' },
        { kind: 'promo', text: 'Sign up for our newsletter' },
      ],
    });

    expect(article.paragraphs).toEqual(['The storm reached the coast on Monday night.']);
    expect(article.kinds).toEqual(['text']);
  });

  it('keeps headings, list items and table rows, which rarely end with a full stop', () => {
    const article = cleanBlocks({
      title: 'The Doobie Brothers Unite for a Tour',
      blocks: [
        text('The band will tour North America next year.'),
        { kind: 'heading', text: 'The Doobie Brothers Tour Dates' },
        { kind: 'item', text: 'June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre' },
        { kind: 'item', text: 'Sign up for a Hulu ad-free account for $11.99 a month' },
        { kind: 'row', text: 'Rockledge | 14 | 11 | 6 | 15 | 44' },
        { kind: 'quote', text: 'Who are we as a nation? pic.twitter.com/s96jjh8AlD' },
      ],
    });

    expect(article.paragraphs).toEqual([
      'The band will tour North America next year.',
      'The Doobie Brothers Tour Dates',
      'June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre',
      'Sign up for a Hulu ad-free account for $11.99 a month',
      'Rockledge | 14 | 11 | 6 | 15 | 44',
      'Who are we as a nation? pic.twitter.com/s96jjh8AlD',
    ]);
    expect(article.kinds).toEqual(['text', 'heading', 'item', 'item', 'row', 'quote']);
  });

  it('keeps story text that ends without a full stop', () => {
    const long = `${'The council met for the third time this month to discuss the plan '.repeat(10)}and the vote`;
    const paragraphs = [
      long,
      'Interesting to see the capture running at an unstable 60fps pic.twitter.com/abc123',
      'We hope to see you soon! 🙂',
      'Eat 60–90 minutes before your workout',
      'Asparagus and Eggs [1 cup asparagus, 2 poached eggs]*',
    ];

    expect(cleanBlocks({ title: 'Plan', blocks: paragraphs.map(text) }).paragraphs).toEqual(paragraphs);
  });

  it('drops the headline repeated above the story, furniture and notices that stand in for media', () => {
    const article = cleanBlocks({
      title: 'Esper accuses China of intimidating smaller Asian nations',
      blocks: [
        { kind: 'heading', text: 'Esper accuses China of intimidating smaller Asian nations' },
        text('Advertisement'),
        text('Media playback is unsupported on your device'),
        text('[What you need to know to start the day: Get New York Today in your inbox.]'),
        text('HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper on Wednesday accused China.'),
      ],
    });

    expect(article.title).toBe('Esper accuses China of intimidating smaller Asian nations');
    expect(article.paragraphs).toEqual([
      'HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper on Wednesday accused China.',
    ]);
  });

  it('keeps the page’s headline whole, separators and all', () => {
    const title = 'Milan Design Week 2018 | Anastassiades’ light installation for FLOS';

    expect(cleanBlocks({ title, blocks: [text('The installation opened on Monday.')] }).title).toBe(title);
  });

  it('derives a title from the first paragraph when the page gives none', () => {
    expect(cleanBlocks({ blocks: [text('Power was cut to thousands of homes.')] }).title).toBe(
      'Power was cut to thousands of homes',
    );
  });

  it('keeps what little text a page has when none of it is story', () => {
    const article = cleanBlocks({ title: 'Photo', blocks: [{ kind: 'caption', text: 'The bay at dawn.' }] });

    expect(article.paragraphs).toEqual(['The bay at dawn.']);
  });
});
