// Who a pronoun that opens a key point stands for, read from the people model of the quote reader: a name only
// when the choice is safe, written as the article last wrote it (full name or surname).
import { describe, expect, it } from 'vitest';
import type { CleanArticle } from '../../../functions/engine/clean.js';
import { type PersonPronoun, referentInText } from '../../../functions/engine/keypoint-referents.js';
import { cleanedText } from '../../../functions/engine/keypoint-text.js';
import { readQuotes } from '../../../functions/engine/quotes.js';

/** The referent of the pronoun that opens the paragraph starting with `opening`. */
function referent(paragraphs: string[], opening: string, pronoun: PersonPronoun): string | undefined {
  const article: CleanArticle = { title: 'T', paragraphs };
  const offset = cleanedText(paragraphs).indexOf(`\n\n${opening}`) + 2;
  return referentInText(paragraphs, readQuotes(article).people)(offset, pronoun);
}

describe('referentOf', () => {
  it('names the person the article last named, as it last wrote the name', () => {
    const paragraphs = [
      'Prime Minister David Cameron launched the Conservative manifesto in Swindon on Tuesday.',
      'Mr Cameron said families stuck on benefits were not playing the system.',
      'He accused the opposition of having some brass neck over poverty.',
    ];

    expect(referent(paragraphs, 'He accused', 'he')).toBe('Cameron');
  });

  it('names the full name when the last mention gives it, and reads a possessive pronoun alike', () => {
    const paragraphs = [
      'James Creag, 11, has stopped wearing the special cream after being taunted at school.',
      'James Creag said he would not go outside in the summer any more.',
      'His mother said the family had complained to the school twice.',
    ];

    expect(referent(paragraphs, 'His mother', 'his')).toBe('James Creag');
  });

  it('finds the pronoun whether or not the article has quotations', () => {
    const paragraphs = [
      'Alison Smith, the head teacher, closed the school on Monday after the storm.',
      'Alison Smith told parents: “We cannot open until the roof is safe again.”',
      'She said the repairs would take at least a week.',
    ];

    expect(referent(paragraphs, 'She said', 'she')).toBe('Alison Smith');
  });

  it('gives nothing when another person of that gender was named after, or someone unnamed described', () => {
    const rival = [
      'David Cameron launched the manifesto on Tuesday, and Cameron spoke for an hour.',
      'Ed Miliband replied within the hour from a factory in Leeds.',
      'He accused the government of failing the poor.',
    ];
    const unnamed = [
      'Crown prosecutor Vicki Loury told the court the case was the worst she had seen.',
      'Vicki Loury alleged the toddler had also suffered an injury three days before.',
      'She was not seen by anyone else in the five days before her death.',
    ];

    expect(referent(rival, 'He accused', 'he')).toBeUndefined();
    expect(referent(unnamed, 'She was', 'she')).toBeUndefined();
  });

  it('gives nothing for a person named once, or when someone whose gender is not given was named after', () => {
    const once = ['Michael Brown opened the new bridge on Monday.', 'He said it took four years.'];
    const unknown = [
      'David Cameron flew to Ankara on Monday for talks on trade.',
      'David Cameron met Kayahan Arslan, one of the best-loved singers of the country, at the embassy.',
      'He said the meeting had been a great honour.',
    ];

    expect(referent(once, 'He said', 'he')).toBeUndefined();
    expect(referent(unknown, 'He said the meeting', 'he')).toBeUndefined();
  });

  it('gives the surname, not a wrong full name, when two people share it', () => {
    const paragraphs = [
      'The brother of ex-footballer Ryan Giggs has lost his job as a lorry driver.',
      'Rhodri Giggs, 37, was banned from driving by magistrates on Tuesday.',
      'Giggs was asked whether he would like to apply to keep his licence.',
      'He declined and said he had not worked since December.',
    ];

    expect(referent(paragraphs, 'He declined', 'he')).toBe('Giggs');
  });

  it('gives nothing for a name before a number, a series or a product rather than a person', () => {
    const paragraphs = [
      'Mick Schumacher, 16, begins his racing career in Germany this weekend.',
      'German Formula 4 is a category used as a stepping stone by junior drivers.',
      'Fans say German Formula 4 races draw big crowds every spring.',
      'His debut gets underway at the Motorsport Arena Oschersleben.',
    ];

    expect(referent(paragraphs, 'His debut', 'his')).toBeUndefined();
  });

  it('gives nothing where the word is not the pronoun', () => {
    const paragraphs = ['Sir Mo Farah won the race on Sunday.', 'Mo Farah said the crowd carried him home.'];

    expect(referent(paragraphs, 'Mo Farah said', 'he')).toBeUndefined();
  });
});
