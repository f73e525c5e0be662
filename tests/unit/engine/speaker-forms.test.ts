// Speakers, a name or nothing: forms of attribution found wanting on quotes-train (never on the dev set),
// written here as short invented articles. A place, a capitalised common word or glued link-card text is never
// a speaker; the person in an inverted subject is its last name ("said former Obama adviser David Axelrod").
import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../../functions/engine/quotes.js';

/** A case: what it shows, the article's paragraphs, the speaker of each quotation in order. */
type Case = [string, string[], (string | null)[]];

function speakers(...paragraphs: string[]): (string | null)[] {
  return extractQuotes({ title: 'Test', paragraphs }).map((q) => q.speaker);
}

describe('nobody: places, common words, glued text', () => {
  it.each<Case>([
    [
      'a place in the scenery before the clause',
      [
        'At a rally in Ames, Iowa, on Sunday, some of the crowd booed, with the candidate reportedly yelling: “Get them out of here right now, please!”',
      ],
      [null],
    ],
    [
      'a word capitalised only to open a sentence, and written in lower case elsewhere',
      [
        'The talks went on for hours.',
        'Hours later, the mayor returned the compliment, telling reporters, “He is an amazing man and a good friend.”',
      ],
      [null],
    ],
    [
      'an adverb opening the sentence',
      ['Specifically, the report says “the white working class has been victimised by outside forces.”'],
      [null],
    ],
    [
      'link-card text glued to a name',
      [
        'Alexandria Ocasio-CortezAlexandria Ocasio-CortezSanders said: “We will keep fighting for working people.”',
      ],
      [null],
    ],
    [
      'but a name with a capital inside is kept',
      ['Frank VanderSloot, a donor, said: “The two front-runners are nowhere near the top of the field.”'],
      ['Frank VanderSloot'],
    ],
  ])('%s', (_what, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('the subject of the clause', () => {
  it.each<Case>([
    [
      'the name before a verb, not the object after it',
      [
        'On Friday, Ben Carson endorsed Donald Trump at a news conference at Mar-a-Lago, calling him “a very intelligent man who cares deeply about this country.”',
      ],
      ['Ben Carson'],
    ],
    [
      'past a place that ends the scenery',
      [
        'At a campaign event in Ames, Iowa, on Sunday, Hillary Clinton tried to expand on her statement, saying that America should “be rallying our partners and allies, pulling countries off the sidelines.”',
      ],
      ['Hillary Clinton'],
    ],
    [
      'a participle’s own subject, an adverb between',
      [
        'At a rally in Birmingham on Saturday, protesters were punched, with Donald Trump reportedly telling the guards: “Get him the hell out of here!”',
      ],
      ['Donald Trump'],
    ],
  ])('%s', (_what, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('an inverted subject: the person it names', () => {
  it.each<Case>([
    [
      'past an organisation and a title',
      ['“It was a good idea to release the files,” said Judicial Watch President Tom Fitton.'],
      ['Tom Fitton'],
    ],
    [
      'past a modifier that is a name',
      ['“The race is wide open again tonight,” said former Obama adviser David Axelrod.'],
      ['David Axelrod'],
    ],
    [
      'past an organisation, a rank and its stop',
      ['“Nobody in the unit expected this outcome,” said Air Force 1st Lt. Tyler Livingston.'],
      ['Tyler Livingston'],
    ],
    [
      'past a possessive and a role',
      [
        '“This has to be the first time it has happened,” said Clinton’s top foreign policy aide Jake Sullivan.',
      ],
      ['Jake Sullivan'],
    ],
    [
      'the name after a description in apposition',
      [
        '“We are banking early votes every single day,” said Rubio’s deputy campaign manager, Rich Beeson, who ran the ground game.',
      ],
      ['Rich Beeson'],
    ],
    [
      'a surname that is also a title, before "of" a place',
      [
        '“It is not going to be easy for him,” said Representative Peter T. King of New York, who endorsed the senator.',
      ],
      ['Peter T. King'],
    ],
    [
      'two roles joined by "and"',
      [
        '“Surrogates matter in a race this close,” said former Pennsylvania Gov. and Democratic National Committee Chairman Ed Rendell.',
      ],
      ['Ed Rendell'],
    ],
  ])('%s', (_what, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('verbs of saying news uses', () => {
  it.each<Case>([
    [
      'one that inverts: scoffed X',
      [
        '“Silly boys acting like they have never seen a girl before,” scoffed Arianna Gil, who helped found the group.',
      ],
      ['Arianna Gil'],
    ],
    [
      'two words: shot back',
      [
        'Bennett was asked about the free stuff. Bennett shot back, “They are all here because he is promising them everything.”',
      ],
      ['Bennett'],
    ],
    [
      'two words: went on, before a comma',
      [
        '“You know, it happens, right?” Trump went on, as if he did not hear her. “But you have got to get over it.”',
      ],
      ['Trump', 'Trump'],
    ],
    [
      'gloated before a colon',
      ['And Mr. Christie gloated: “I told you he would not be ready for this.”'],
      ['Christie'],
    ],
    [
      'but not "goes on" a recess',
      ['Once the Senate goes on recess, Marco Rubio said, “I intend to do as much as I can for them.”'],
      ['Marco Rubio'],
    ],
  ])('%s', (_what, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});

describe('round-ups, "as X put it" and time words', () => {
  it.each<Case>([
    [
      'a name alone before the colon that opens the quotation',
      [
        'Pollsters agree - Carl Bialik: “One of the biggest lessons was a simple one: keep contacting voters late.”',
        'Signs of momentum were there all along - More from Jones: “The partisanship of the state population is a starting point.”',
      ],
      ['Carl Bialik', 'Jones'],
    ],
    [
      'but not a listener before the colon',
      ['Trump told Newsmax: “He had a crazy policy of self-deportation which was maniacal.”'],
      ['Trump'],
    ],
    [
      '"as X put it", past an apposition',
      [
        'Or, as Tom Ridge, a former secretary of homeland security, put it: “The barbarians are no longer at the gate. They are inside.”',
      ],
      ['Tom Ridge'],
    ],
    [
      'a time word opening the sentence',
      [
        'Hours later, the mayor returned the compliment, telling reporters, “He is an amazing man and a good friend.”',
      ],
      [null],
    ],
  ])('%s', (_what, paragraphs, expected) => {
    expect(speakers(...paragraphs)).toEqual(expected);
  });
});
