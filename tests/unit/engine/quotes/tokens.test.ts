// The attribution step's tokens: words joined the way names and contractions are written, any other
// character a token of its own, white space none; quotations folded into one token.
import { describe, expect, it } from 'vitest';
import { scanQuotes } from '../../../../functions/engine/quotes/marks.js';
import { tokenize, tokenSentences } from '../../../../functions/engine/quotes/tokens.js';
import { splitSentences } from '../../../../functions/engine/sentences.js';
import { random, randomText } from '../../../helpers/random.js';

/** The tokenizer's specification as one regular expression (the scanner is a faster loop doing the same). */
const L =
  'A-Za-z0-9\\u00AA\\u00B5\\u00BA\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u1FFF\\u2C00-\\u2DFF\\u3040-\\uD7FF\\uF900-\\uFDFF\\uFE70-\\uFEFF\\uFF10-\\uFF19\\uFF21-\\uFF3A\\uFF41-\\uFF5A\\uFF66-\\uFFDC';
const SPEC = new RegExp(
  `[${L}]+(?:['’\\-&.][${L}]+)*(?:['’](?![${L}]))?|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|\\S`,
  'g',
);

function texts(text: string): string[] {
  return tokenize(text, []).map((t) => t.text);
}

describe('tokenize', () => {
  it('keeps names, contractions, abbreviations and possessives whole', () => {
    expect(texts('O’Neill and Jean-Marc at AT&T (U.S.) said the players’ union can’t.')).toEqual([
      'O’Neill',
      'and',
      'Jean-Marc',
      'at',
      'AT&T',
      '(',
      'U.S',
      '.',
      ')',
      'said',
      'the',
      'players’',
      'union',
      'can’t',
      '.',
    ]);
  });

  it('folds each quotation into one token and marks case', () => {
    const text = 'Smith said: “We will win.” Then he left';
    const tokens = tokenize(text, scanQuotes(text));
    expect(tokens.map((t) => t.kind)).toEqual(['word', 'word', 'punct', 'quote', 'word', 'word', 'word']);
    expect(tokens[3]?.text).toBe('We will win.');
    expect(tokens[0]).toMatchObject({ lower: 'smith', cap: true, low: false, start: 0, end: 5 });
    expect(tokens[4]).toMatchObject({ lower: 'then', cap: true });
    expect(tokens[5]).toMatchObject({ lower: 'he', cap: false, low: true });
  });

  it('splits text exactly as its specification does, on random text of every kind of character', () => {
    const alphabet = [
      ...'aZ9é ÿß',
      ...'\'’-&.,;:!?"“”‘',
      ' ',
      '\n',
      '\t',
      '\u00a0',
      '\u2009',
      '\u3000',
      '\ufeff',
      '\u00d7',
      '\u2014',
      '中',
      '한',
      '\ud83d\ude00',
      '\ud83d',
      '\ude00',
      'Σ',
      '\u0130',
    ];
    const next = random(42);
    const wrong: string[] = [];
    for (let n = 0; n < 3000; n++) {
      const text = randomText(next, alphabet, Math.floor(next() * 24));
      const tokens = tokenize(text, []);
      const got = JSON.stringify(tokens.map((t) => [t.text, t.start, t.kind === 'word' ? t.lower : '']));
      const expected = JSON.stringify(
        [...text.matchAll(SPEC)].map((m) => [
          m[0],
          m.index,
          tokens.find((t) => t.start === m.index)?.kind === 'word' ? m[0].toLowerCase() : '',
        ]),
      );
      if (got !== expected) wrong.push(JSON.stringify(text));
    }
    expect(wrong).toEqual([]);
  });
});

describe('tokenSentences', () => {
  function sentences(text: string): string[] {
    const tokens = tokenize(text, scanQuotes(text));
    return tokenSentences(text, tokens).map((s) => {
      const first = tokens[s.from];
      const last = tokens[s.to - 1];
      return first === undefined || last === undefined ? '' : text.slice(first.start, last.end);
    });
  }

  it('decides a full stop by the article splitter\'s rule: titles, initials, states, "Inc."', () => {
    const text =
      'Sen. Tim Kaine met John D. Podesta in Richmond, Va. on Monday. He moved to the U.S. He works for Acme Inc. The firm grew.';
    expect(sentences(text)).toEqual([
      'Sen. Tim Kaine met John D. Podesta in Richmond, Va. on Monday.',
      'He moved to the U.S.',
      'He works for Acme Inc.',
      'The firm grew.',
    ]);
    // The same bounds as the article's own sentences.
    expect(sentences(text)).toEqual(splitSentences(text));
  });

  it('keeps a quotation whole and its attribution in its sentence', () => {
    const text = '“We will win. We always do,” Smith said. Then he left.';
    expect(sentences(text)).toEqual(['“We will win. We always do,” Smith said.', 'Then he left.']);
  });

  it('does not split before a lower-case word, where a verb of saying often follows', () => {
    expect(sentences('“It was great.” said Mr. Smith.')).toEqual(['“It was great.” said Mr. Smith.']);
  });
});
