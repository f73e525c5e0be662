// Sentence splitter: boundaries after quotation marks, abbreviations, initials, decimals, ellipses and
// attributions; sentences glued without a space are separated; pathological input stays linear.
import { describe, expect, it } from 'vitest';
import { articleSentences, finalTerminator, splitSentences } from '../../../functions/engine/sentences.js';

describe('splitSentences', () => {
  it.each([
    [
      'splits plain sentences',
      'He came. She left! Did they stay?',
      ['He came.', 'She left!', 'Did they stay?'],
    ],
    [
      'keeps a closing curly quotation mark with its sentence',
      '“We understand your concern,” Putin said. “We will explain our position.” Xi nodded.',
      ['“We understand your concern,” Putin said.', '“We will explain our position.”', 'Xi nodded.'],
    ],
    [
      'keeps a closing straight quotation mark with its sentence',
      'He said: "It is over." Then he left.',
      ['He said: "It is over."', 'Then he left.'],
    ],
    [
      'keeps a closing single quotation mark with its sentence',
      'She told reporters: ‘I am delighted.’ The club agreed.',
      ['She told reporters: ‘I am delighted.’', 'The club agreed.'],
    ],
    [
      'does not split a question before its attribution',
      '“Why now?” he asked. Nobody knew.',
      ['“Why now?” he asked.', 'Nobody knew.'],
    ],
    [
      'does not split a question before a named speaker and a verb of speech',
      '“Are you all right?” Smith asked. She nodded.',
      ['“Are you all right?” Smith asked.', 'She nodded.'],
    ],
    [
      'does not split a full stop inside quotes before a lower-case attribution',
      "'It was great.' said Smith, smiling.",
      ["'It was great.' said Smith, smiling."],
    ],
    [
      'keeps titles with the name they introduce',
      'Mr. Smith met Dr. Jones and Mrs. Brown. Gov. Newsom and Sen. Warren spoke.',
      ['Mr. Smith met Dr. Jones and Mrs. Brown.', 'Gov. Newsom and Sen. Warren spoke.'],
    ],
    [
      'keeps U.S. and U.K. inside a sentence',
      'The U.S. economy and the U.K. pound fell. Markets were calm.',
      ['The U.S. economy and the U.K. pound fell.', 'Markets were calm.'],
    ],
    [
      'ends a sentence on U.S. when a typical opener follows',
      'He moved to the U.S. The move paid off.',
      ['He moved to the U.S.', 'The move paid off.'],
    ],
    [
      'keeps month abbreviations with their day',
      'It began on Sept. 11 and ended in Jan. 2002. It was long.',
      ['It began on Sept. 11 and ended in Jan. 2002.', 'It was long.'],
    ],
    [
      'keeps No. and St. with what follows',
      'He lives at No. 10 Downing St. in London. Nobody else does.',
      ['He lives at No. 10 Downing St. in London.', 'Nobody else does.'],
    ],
    [
      'keeps initials with the surname',
      'J. K. Rowling met George W. Bush. They talked.',
      ['J. K. Rowling met George W. Bush.', 'They talked.'],
    ],
    [
      'keeps decimals, times and percentages',
      'Modi would meet Putin at 3.40pm. Prices rose 2.5% to $3.2bn. Xi declined.',
      ['Modi would meet Putin at 3.40pm.', 'Prices rose 2.5% to $3.2bn.', 'Xi declined.'],
    ],
    [
      'ends a sentence after a.m. before a capitalised word but not before a time zone',
      'It started at 10 a.m. Police came at 9 p.m. ET on Friday.',
      ['It started at 10 a.m.', 'Police came at 9 p.m. ET on Friday.'],
    ],
    [
      'keeps a day of the week after a.m. in the sentence (American style)',
      'The council voted 7-2 just after 1 a.m. Tuesday to approve the budget. Police left at 2 a.m. Tuesday’s session had ended.',
      [
        'The council voted 7-2 just after 1 a.m. Tuesday to approve the budget.',
        'Police left at 2 a.m.',
        'Tuesday’s session had ended.',
      ],
    ],
    [
      'continues after an ellipsis in lower case and splits before a capital',
      'He paused... and then spoke. Wait… What happened?',
      ['He paused... and then spoke.', 'Wait…', 'What happened?'],
    ],
    [
      'separates sentences glued without a space',
      'The match was over.Then the fans left.',
      ['The match was over.', 'Then the fans left.'],
    ],
    [
      'does not split a domain name',
      'She shops at Amazon.com every week.',
      ['She shops at Amazon.com every week.'],
    ],
    [
      'prefers a split at a lower-case start after an ordinary word',
      'He left the room. then he came back.',
      ['He left the room.', 'then he came back.'],
    ],
    [
      'keeps etc. and Inc. inside a sentence before lower case',
      'They sell apples, pears, etc. and more. Apple Inc. said so.',
      ['They sell apples, pears, etc. and more.', 'Apple Inc. said so.'],
    ],
    ['splits Chinese full stops', '今天天气很好。我们去公园吧！', ['今天天气很好。', '我们去公园吧！']],
    ['attaches a stray quotation mark to the sentence before', "It was over. '", ["It was over. '"]],
  ])('%s', (_name, input, expected) => {
    expect(splitSentences(input)).toEqual(expected);
  });

  it('returns nothing for empty or blank text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences('   \n ')).toEqual([]);
  });

  it('returns text without punctuation as one sentence', () => {
    expect(splitSentences('no punctuation at all here')).toEqual(['no punctuation at all here']);
  });

  it('handles long runs of repeated characters in linear time', () => {
    const dots = '.'.repeat(200_000);
    const words = 'Mr. '.repeat(50_000);
    const letters = 'a'.repeat(200_000);
    expect(splitSentences(dots).join('')).toBe(dots);
    expect(splitSentences(words).length).toBeGreaterThan(0);
    expect(splitSentences(letters)).toEqual([letters]);
    expect(splitSentences('Hi! '.repeat(50_000))).toHaveLength(50_000);
  });
});

describe('articleSentences', () => {
  it('numbers sentences across paragraphs and records where each starts', () => {
    const sentences = articleSentences(['One here. Two here.', 'Three here.']);
    expect(sentences.map((s) => [s.text, s.paragraph, s.index])).toEqual([
      ['One here.', 0, 0],
      ['Two here.', 0, 1],
      ['Three here.', 1, 2],
    ]);
  });

  it('completes a sentence the scraper broke across paragraphs', () => {
    const sentences = articleSentences([
      'Leeds had an early chance when',
      'but then Warrington took over.',
      'Done.',
    ]);
    expect(sentences.map((s) => s.text)).toEqual([
      'Leeds had an early chance when but then Warrington took over.',
      'Done.',
    ]);
    expect(sentences[0]?.paragraph).toBe(0);
  });

  it('stops near the limit it is given', () => {
    const paragraphs = Array.from({ length: 100 }, (_, i) => `Sentence ${i}. Another ${i}.`);
    expect(articleSentences(paragraphs, 10).length).toBeLessThanOrEqual(11);
  });
});

describe('finalTerminator', () => {
  it('looks past closing quotation marks and brackets', () => {
    expect(finalTerminator('He said “no.”')).toBe('.');
    expect(finalTerminator('Really?)')).toBe('?');
    expect(finalTerminator('no ending')).toBeUndefined();
  });

  it('looks past a French closing guillemet set off by a space, and a German closing «', () => {
    expect(finalTerminator('La porte du dialogue reste ouverte.\u00a0»')).toBe('.');
    expect(finalTerminator('dans les prochains jours.\u202f»')).toBe('.');
    expect(finalTerminator('Die Filme sind politisch genug.«')).toBe('.');
    expect(finalTerminator('Le tram, dit-il »')).toBeUndefined();
  });
});
