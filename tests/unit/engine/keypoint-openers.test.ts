// Mending a key point's opening: connectives dropped and the sentence re-capitalised, person pronouns named in
// brackets when the referent is sure, and the openings that lean without a safe mend reported as leaning.
import { describe, expect, it } from 'vitest';
import { mendOpening, type Referent } from '../../../functions/engine/keypoint-openers.js';
import { keyPointOf } from '../../../functions/engine/keypoint-text.js';

const nobody: Referent = () => undefined;

/** The shown text after mending, or 'leaning'. */
function mend(sentence: string, referent: Referent = nobody): string {
  const opening = mendOpening(sentence, 0, sentence.length, referent);
  return opening.kind === 'leaning'
    ? 'leaning'
    : keyPointOf(sentence, 0, sentence.length, opening.edits).text;
}

describe('a leading connective', () => {
  it('is dropped and the sentence re-capitalised', () => {
    expect(mend('And on Thursday the manager paid tribute to the players.')).toBe(
      'On Thursday the manager paid tribute to the players.',
    );
    expect(mend('But O’Sullivan was also spoken to by the referee.')).toBe(
      'O’Sullivan was also spoken to by the referee.',
    );
    expect(mend('However, the shooter had taken police on a wild chase.')).toBe(
      'The shooter had taken police on a wild chase.',
    );
    expect(mend('That said, Ferrari are stronger over a long run.')).toBe(
      'Ferrari are stronger over a long run.',
    );
    expect(mend('Also on Friday the paper claimed the actress knew.')).toBe(
      'On Friday the paper claimed the actress knew.',
    );
  });

  it('is dropped twice in a row at most, and what is left is judged as the opening', () => {
    expect(mend('And then the council voted against the plan.')).toBe('The council voted against the plan.');
    expect(mend('But they had overlooked the size of the kite.')).toBe('leaning');
    expect(mend('And then we just walked out of the room.')).toBe('leaning');
  });

  it('stays when the word is no connective there, and the sentence then leans', () => {
    expect(mend('So far, twenty people have died in the floods.')).toBe('leaning');
    expect(mend('Instead of a fine, the club was given a warning.')).toBe('leaning');
    expect(mend('Yet another storm hit the coast on Monday.')).toBe('leaning');
    expect(mend('However much they try, the team cannot score.')).toBe('leaning');
    expect(mend('Besides the money, the club lost its best player.')).toBe('leaning');
    expect(mend('Although the club won, the manager was sacked.')).toBe('leaning');
  });

  it('is no connective in a compound, and a lower-case word the article opens with stays as it is', () => {
    expect(mend('Then-President Obama signed the bill on Monday.')).toBe(
      'Then-President Obama signed the bill on Monday.',
    );
    expect(mend('But iPhone sales fell for the third quarter in a row.')).toBe(
      'iPhone sales fell for the third quarter in a row.',
    );
  });
});

describe('a leading person pronoun', () => {
  const cameron: Referent = (offset, pronoun) => (offset === 0 && pronoun !== 'her' ? 'Cameron' : undefined);

  it('is shown as the name in brackets when the referent is sure, as a possessive for his and her', () => {
    expect(mend('He accused Ed Miliband of having some brass neck.', cameron)).toBe(
      '[Cameron] accused Ed Miliband of having some brass neck.',
    );
    expect(mend('His wife spent part of last week in hospital.', cameron)).toBe(
      '[Cameron’s] wife spent part of last week in hospital.',
    );
  });

  it('is looked up where it stands after a dropped connective', () => {
    const at: Referent = (offset, pronoun) => (offset === 4 && pronoun === 'he' ? 'Alec Stewart' : undefined);

    expect(mend('But he said the call would come.', at)).toBe('[Alec Stewart] said the call would come.');
  });

  it('leans when the referent is not sure', () => {
    expect(mend('She abandoned the trials of nine reporters.')).toBe('leaning');
    expect(mend('Her body was found by other nuns.', cameron)).toBe('leaning');
  });

  it('is no pronoun before a capitalised name (He Jiankui)', () => {
    expect(mend('He Jiankui said the twins were healthy.', cameron)).toBe('leaning');
  });
});

describe('other openings', () => {
  it('lean when they point back: they, it, this, those, first person', () => {
    for (const s of [
      'They played in grey and put in a dull performance.',
      'It comes after the minister refused to rule out a vote.',
      'This is the moment a man was caught by police.',
      'These are the best videos of the week.',
      'I know I feel very powerful in this car.',
      'We have the technology to find life on other planets.',
      '‘It was a great learning experience,’ said the champion.',
    ]) {
      expect(mend(s)).toBe('leaning');
    }
  });

  it('stand alone with an expletive "it" or a demonstrative of time', () => {
    for (const s of [
      'It is understood a watchdog is looking at thirty cases.',
      'It’s hard to believe that the song is 44 years old.',
      'This week is the 100th anniversary of the massacre.',
    ]) {
      expect(mend(s)).toBe(s);
    }
    expect(mend('But it is understood the club will appeal.')).toBe('It is understood the club will appeal.');
  });

  it('stand alone when they name their subject', () => {
    expect(mend('The council approved the plan on Tuesday.')).toBe(
      'The council approved the plan on Tuesday.',
    );
    expect(mend('“We will rebuild,” the mayor said.')).toBe('“We will rebuild,” the mayor said.');
    expect(mend('24 hours later pictures emerged.')).toBe('24 hours later pictures emerged.');
  });
});
