// Word-level helpers of cleaning and key points: content stems, their process-wide numbers, word counts.
import { describe, expect, it } from 'vitest';
import {
  contentStemNumbers,
  contentStems,
  countSpaceSeparated,
  stemNumberCount,
} from '../../../../functions/engine/text/words.js';
import { random, randomText } from '../../../helpers/random.js';

describe('contentStems', () => {
  it('stems content words and leaves out stopwords and one-letter words', () => {
    expect(contentStems('The ministers were running, and Kilmarnock’s fans said “no”.')).toEqual([
      'minist',
      'run',
      'kilmarnock',
      'fan',
    ]);
  });
});

describe('contentStemNumbers', () => {
  it('numbers each stem once: the same stem gets the same number wherever it stands', () => {
    const first: number[] = [];
    contentStemNumbers('Ministers ran; the minister runs.', first);
    const second: number[] = [];
    contentStemNumbers('A MINISTER’s run', second);
    expect(first).toHaveLength(4);
    expect(first[0]).toBe(first[2]);
    expect(second).toEqual([first[0], first[3]]);
    expect(Math.max(...first, ...second)).toBeLessThan(stemNumberCount());
  });

  it('numbers exactly the stems contentStems gives, on random text', () => {
    const next = random(7);
    const words = ['the', 'Run', 'running', 'ran', 'İstanbul', 'ÉLAN', 'don’t', "can't", 'x', 'ab', '中文'];
    const glue = [' ', ' ', ', ', '’', "'", '-', '. ', '\u00a0', '“', '”'];
    const byNumber = new Map<number, string>();
    for (let n = 0; n < 400; n++) {
      let text = '';
      const length = Math.floor(next() * 12);
      for (let i = 0; i < length; i++) text += randomText(next, words, 1) + randomText(next, glue, 1);
      const numbers: number[] = [];
      contentStemNumbers(text, numbers);
      const stems = contentStems(text);
      expect(numbers.length, text).toBe(stems.length);
      numbers.forEach((number, i) => {
        const stem = stems[i] as string;
        expect(byNumber.get(number) ?? stem, text).toBe(stem);
        byNumber.set(number, stem);
      });
    }
    // Different stems never share a number.
    expect(new Set(byNumber.values()).size).toBe(byNumber.size);
  });
});

describe('countSpaceSeparated', () => {
  it('counts what /\\S+/g matches, for every kind of white space', () => {
    const next = random(11);
    const alphabet = [
      'a',
      'é',
      '中',
      ' ',
      '\n',
      '\t',
      '\u00a0',
      '\u2009',
      '\u3000',
      '\ufeff',
      '\u200b',
      '\u0085',
    ];
    for (let n = 0; n < 500; n++) {
      const text = randomText(next, alphabet, Math.floor(next() * 16));
      expect(countSpaceSeparated(text), JSON.stringify(text)).toBe(text.match(/\S+/g)?.length ?? 0);
    }
  });
});
