// Quotation marks: which marks open and close quotations, and which are apostrophes.
import { describe, expect, it } from 'vitest';
import { isApostrophe, scanQuotes } from '../../../../functions/engine/quotes/marks.js';

function quoted(text: string, options?: { openSingle?: boolean }): string[] {
  return scanQuotes(text, options).map((s) => text.slice(s.start, s.end));
}

describe('scanQuotes', () => {
  it('finds curly double quotations', () => {
    expect(quoted('“We will win,” she said. “Nobody can stop us.”')).toEqual([
      'We will win,',
      'Nobody can stop us.',
    ]);
  });

  it('finds straight double quotations', () => {
    expect(quoted('"We will win," she said.')).toEqual(['We will win,']);
  });

  it('pairs mixed marks by where they stand, not by their shape', () => {
    // A straight mark opens and a curly one closes; a right mark opens a paragraph; a left mark ends one.
    expect(quoted('"Oz has a huge bully pulpit,” said Gorski.')).toEqual(['Oz has a huge bully pulpit,']);
    expect(quoted('”Mr. Trump embodies the legacy.” ― Sonya')).toEqual(['Mr. Trump embodies the legacy.']);
    expect(quoted('She said: “The rate is 51 percent.“')).toEqual(['The rate is 51 percent.']);
  });

  it('reads two apostrophes as a double quotation mark', () => {
    expect(quoted("''This isn't tax reform,'' said Douglas Holtz-Eakin.")).toEqual([
      "This isn't tax reform,",
    ]);
  });

  it('finds British single quotations with apostrophes inside them', () => {
    expect(quoted('‘I can’t say Xi’s plan works,’ he said.')).toEqual(['I can’t say Xi’s plan works,']);
    expect(quoted("'We won't back down,' she said.")).toEqual(["We won't back down,"]);
  });

  it('does not take apostrophes for quotation marks', () => {
    const text = 'The ’90s were rock ’n’ roll, the players’ union said, and O’Neill’s team agreed.';
    expect(quoted(text)).toEqual([]);
    expect(isApostrophe('the ’90s', 4)).toBe(true);
    expect(isApostrophe('rock ’n’ roll', 5)).toBe(true);
    expect(isApostrophe('rock ’n’ roll', 7)).toBe(true);
  });

  it('keeps a plural possessive inside a British quotation', () => {
    expect(quoted('‘The players’ union agreed to the deal,’ she said.')).toEqual([
      'The players’ union agreed to the deal,',
    ]);
  });

  it('closes a scare quote that a lower-case word follows', () => {
    expect(quoted('China’s ‘balanced’ stance on Ukraine')).toEqual(['balanced']);
  });

  it('keeps a nested quotation inside its outer one', () => {
    expect(quoted('“We intend to adhere to the principle of ‘one China’,” Putin said.')).toEqual([
      'We intend to adhere to the principle of ‘one China’,',
    ]);
    expect(quoted('"I read the question: “Do you trust her?” Most said no."')).toEqual([
      'I read the question: “Do you trust her?” Most said no.',
    ]);
  });

  it('leaves a quotation open at the end of its paragraph', () => {
    const spans = scanQuotes('“The first part goes on');
    expect(spans).toHaveLength(1);
    expect(spans[0]?.closed).toBe('open');
  });

  it('ends an unclosed quotation where a new one opens after a full stop', () => {
    const text =
      '“It is a dog whistle,” she said. “If indeed he is not legitimate. “I have been thinking,” he added.';
    expect(quoted(text)).toEqual([
      'It is a dog whistle,',
      'If indeed he is not legitimate. ',
      'I have been thinking,',
    ]);
  });

  it('keeps an open single quotation only at the paragraph start or when told it goes on', () => {
    expect(quoted('Simon Blake said: ‘We have let our customers down.')).toEqual([]);
    expect(quoted('Simon Blake said: ‘We have let our customers down.', { openSingle: true })).toEqual([
      'We have let our customers down.',
    ]);
    expect(quoted('‘That work will start this summer.')).toEqual(['That work will start this summer.']);
  });

  it('ignores markup attributes in quotation marks', () => {
    expect(quoted('<tweet tweet-author="PolitiFact says it is mostly true">')).toEqual([]);
  });

  it('handles a long run of quotation marks and a megabyte of text in linear time', () => {
    const marks = '"“”\'‘’'.repeat(50_000);
    const big = 'He said “this is fine,” and the ’90s were great. '.repeat(20_000);
    expect(scanQuotes(marks).length).toBeGreaterThanOrEqual(0);
    expect(scanQuotes(big)).toHaveLength(20_000);
  });
});
