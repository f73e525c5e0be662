// A key point as a range of the cleaned text plus its edits: sentences found in the text whatever its white
// space, the shown text rebuilt from range and edits, stray quotation marks left out and open ones closed.
import { describe, expect, it } from 'vitest';
import {
  cleanedText,
  editOf,
  keyPointOf,
  locateSentences,
  showRange,
  tidyRange,
} from '../../../functions/engine/keypoint-text.js';
import { articleSentences } from '../../../functions/engine/sentences.js';

describe('locateSentences', () => {
  it('finds each sentence in the cleaned text, across odd white space and a sentence broken over paragraphs', () => {
    const paragraphs = [
      'The mayor opened the bridge  on Monday.\tIt took four years.',
      'The coach said the team had worked hard all season and',
      'deserved the title. Fans   cheered.',
    ];
    const body = cleanedText(paragraphs);
    const sentences = articleSentences(paragraphs);

    const located = locateSentences(body, sentences);

    expect(located.map((r) => body.slice(r.start, r.end))).toEqual([
      'The mayor opened the bridge  on Monday.',
      'It took four years.',
      'The coach said the team had worked hard all season and\n\ndeserved the title.',
      'Fans   cheered.',
    ]);
    located.forEach((r, i) => {
      expect(showRange(body, r.start, r.end, [])).toBe(sentences[i]?.text.replace(/\s+/g, ' '));
    });
  });
});

describe('keyPointOf', () => {
  it('shows the range with its edits applied, in order, and white space collapsed', () => {
    const body = 'Intro.\n\nAnd on Thursday  he paid tribute to the players.';
    const start = body.indexOf('And');
    const he = body.indexOf('he paid');
    const point = keyPointOf(body, start, body.length, [
      editOf(body, 'bracketed', he, he + 2, '[Gary Locke]'),
      editOf(body, 'dropped', start, start + 3, ''),
      editOf(body, 'capitalised', start + 4, start + 5, 'O'),
    ]);

    expect(point.text).toBe('On Thursday [Gary Locke] paid tribute to the players.');
    expect(point.edits.map((e) => [e.kind, e.original, e.shown])).toEqual([
      ['dropped', 'And', ''],
      ['capitalised', 'o', 'O'],
      ['bracketed', 'he', '[Gary Locke]'],
    ]);
  });
});

describe('tidyRange', () => {
  const tidy = (body: string) => {
    const r = tidyRange(body, 0, body.length);
    return keyPointOf(body, r.start, r.end, r.closing ? [r.closing] : []);
  };

  it('leaves out a closing mark left at the start and an opening mark left at the end', () => {
    expect(tidy('" Those five words made the song famous.').text).toBe(
      'Those five words made the song famous.',
    );
    expect(tidy("The boat sank off the coast. '").text).toBe('The boat sank off the coast.');
  });

  it('closes a quotation that runs on past the point with the mark that pairs with its opening one', () => {
    const body = 'The manager, who led Rovers in the ’90s, added: ‘It was rock ’n’ roll football.';
    const point = tidy(body);

    expect(point.text).toBe(
      'The manager, who led Rovers in the ’90s, added: ‘It was rock ’n’ roll football.’',
    );
    expect(point.edits).toEqual([
      { kind: 'closed', start: body.length, end: body.length, original: '', shown: '’' },
    ]);
  });
});
