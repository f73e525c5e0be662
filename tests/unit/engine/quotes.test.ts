// Quotes: every direct quotation in document order, full or partial, titles and scare quotes left out,
// and the few featured in the email.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanArticle } from '../../../functions/engine/clean.js';
import { extractQuotes, featureQuotes, type Quote } from '../../../functions/engine/quotes.js';

function quotesOf(...paragraphs: string[]): Quote[] {
  return extractQuotes({ title: 'Test', paragraphs });
}

describe('extractQuotes on the sample article', () => {
  const text = readFileSync(new URL('../../../samples/sample-article.txt', import.meta.url), 'utf8');
  const quotes = extractQuotes(cleanArticle({ text }));
  const full = quotes.filter((q) => !q.partial);

  it('finds every full quotation with its speaker, in order', () => {
    expect(full.map((q) => [q.speaker, q.text.slice(0, 30)])).toEqual([
      ['Vladimir Putin', 'We highly value the balanced p'],
      ['Vladimir Putin', 'We understand your questions a'],
      ['Vladimir Putin', 'We intend to firmly adhere to '],
      ['Vladimir Putin', 'We condemn provocations by the'],
      ['Niva Yau', 'In historical terms, China has'],
      ['Niva Yau', 'Whenever we see that China has'],
      ['Niva Yau', 'In every single one of these d'],
    ]);
  });

  it('finds the fragments quoted inside the writer’s sentences as partial', () => {
    const partial = quotes.filter((q) => q.partial).map((q) => q.text);
    expect(partial).toContain('willing to work with Russia to demonstrate the responsibility of big powers');
    expect(partial).toContain('instil stability and positive energy in a world of chaos');
    expect(partial).toContain('took the action that should be taken');
  });

  it('leaves out single words and short phrases in quotation marks', () => {
    const texts = quotes.map((q) => q.text);
    for (const phrase of ['balanced', 'provocation', 'one China', 'old friend', 'external interference']) {
      expect(texts).not.toContain(phrase);
    }
  });
});

describe('extractQuotes', () => {
  it('returns the quoted words without marks or the trailing comma', () => {
    const [q] = quotesOf('“We will keep fighting for our members,” said Jane Doe, the union’s leader.');
    expect(q).toEqual({
      text: 'We will keep fighting for our members',
      speaker: 'Jane Doe',
      paragraphIndex: 0,
      partial: false,
    });
  });

  it('keeps a quotation split by its attribution as two quotes by one speaker', () => {
    const quotes = quotesOf(
      'Vladimir Putin met Xi Jinping in Samarkand.',
      '“We highly value the balanced position of our Chinese friends,” Putin said. “We understand your questions and concern about this.”',
    );
    expect(quotes.map((q) => q.speaker)).toEqual(['Vladimir Putin', 'Vladimir Putin']);
    expect(quotes.map((q) => q.paragraphIndex)).toEqual([1, 1]);
  });

  it('marks a fragment inside the writer’s sentence as partial', () => {
    const [q] = quotesOf(
      'The minister said the plan was “the only sensible way to protect the coastline” from flooding.',
    );
    expect(q?.partial).toBe(true);
    expect(q?.text).toBe('the only sensible way to protect the coastline');
  });

  it('keeps the second half of a split sentence as a full quote, not a fragment', () => {
    const quotes = quotesOf(
      '“It is a good start for the schools,” Linda Cho said, “but it is only a start.”',
    );
    expect(quotes.map((q) => [q.text, q.partial])).toEqual([
      ['It is a good start for the schools', false],
      ['but it is only a start.', false],
    ]);
  });

  it('follows a quotation that goes on in the next paragraph', () => {
    const quotes = quotesOf(
      'The chief executive, Simon Blake, told reporters: ‘We have let our customers down and we are deeply sorry.',
      '‘That work will start this summer and will be finished by the end of next year.’',
    );
    expect(quotes).toHaveLength(2);
    expect(quotes[1]).toMatchObject({
      speaker: 'Simon Blake',
      paragraphIndex: 1,
      partial: false,
      continued: true,
    });
    expect(quotes[0]?.speaker).toBe('Simon Blake');
  });

  it('follows a double-quoted quotation over paragraphs in American style', () => {
    const quotes = quotesOf(
      'The New York Times reports:',
      '"In an illustration of the lack of enthusiasm among some liberal activists, just 24 percent of the contributors gave $200 or less.',
      '"Without this online network, Mrs. Clinton is being made to continue with an aggressive calendar of fund-raisers."',
    );
    expect(quotes.map((q) => q.speaker)).toEqual(['The New York Times', 'The New York Times']);
    expect(quotes[1]?.continued).toBe(true);
  });

  it('does not take titles, scare quotes, nicknames or single words for quotations', () => {
    const quotes = quotesOf(
      'In his book ‘Rivers in Crisis: How We Poisoned Our Waters’, the campaigner argues for public ownership.',
      'Residents said the so-called ‘experts’ had ignored them, and the mayor called the plan “reckless.”',
      'She appeared on “Fox News Sunday” with state Del. Marcia "Cia" Price to discuss the report titled "A Decade of Neglect in Our Rivers".',
      'The 112-page report, titled "Accountability Delayed: A Review of Internal Affairs Practices in the Millbrook Police Department," found that 43 complaints were never investigated.',
    );
    expect(quotes).toEqual([]);
  });

  it('returns quotations in document order across paragraphs', () => {
    const quotes = quotesOf(
      '“First we fix the roads,” the mayor said. “Then the bridges.”',
      'Her opponent disagreed. “Neither will happen before the election,” he said.',
    );
    expect(quotes.map((q) => q.text)).toEqual([
      'First we fix the roads',
      'Then the bridges.',
      'Neither will happen before the election',
    ]);
  });

  it('reads quotation marks typed as two apostrophes or backticks', () => {
    const quotes = quotesOf(
      "''This isn't tax reform,'' said Douglas Holtz-Eakin.",
      "``We will not back down,'' said Jane Doe.",
    );
    expect(quotes.map((q) => [q.text, q.speaker])).toEqual([
      ["This isn't tax reform", 'Douglas Holtz-Eakin'],
      ['We will not back down', 'Jane Doe'],
    ]);
  });

  it('never throws on random text and keeps paragraph indices in range', () => {
    const alphabet = ' .,;:!?"“”„‘’\'`«»()—–-/=<>ABCabcxyzXYZ019éß中\uFFFD\uD83D\uDE00\n';
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let i = 0; i < 300; i++) {
      let text = '';
      for (let j = Math.floor(next() * 300); j > 0; j--)
        text += alphabet[Math.floor(next() * alphabet.length)];
      const paragraphs = text.split('\n');
      for (const q of extractQuotes({ title: 'Random', paragraphs })) {
        expect(q.paragraphIndex).toBeGreaterThanOrEqual(0);
        expect(q.paragraphIndex).toBeLessThan(paragraphs.length);
      }
    }
  });

  it('handles an empty article and text without quotations', () => {
    expect(quotesOf()).toEqual([]);
    expect(quotesOf('Nothing anyone said is quoted here.', 'The ’90s were rock ’n’ roll.')).toEqual([]);
  });
});

describe('featureQuotes', () => {
  const q = (text: string, speaker: string | null, partial = false, paragraphIndex = 0): Quote => ({
    text,
    speaker,
    partial,
    paragraphIndex,
  });
  const long = (n: number) =>
    `We are going to make sure this plan works for every family in the country ${n}`;

  it('prefers full quotes from distinct known speakers and keeps document order', () => {
    const quotes = [
      q(long(1), 'Ann Lee', false, 0),
      q(long(2), 'Ann Lee', false, 1),
      q(long(3), null, false, 2),
      q('a fragment that someone said about the plan', 'Bob Ray', true, 3),
      q(long(4), 'Bob Ray', false, 4),
      q(long(5), 'Cy Young', false, 5),
    ];
    const featured = featureQuotes(quotes, 3);
    expect(featured.map((f) => f.speaker)).toEqual(['Ann Lee', 'Bob Ray', 'Cy Young']);
    expect(featured.every((f) => quotes.includes(f))).toBe(true);
  });

  it('prefers a named speaker to one the article only describes, and that one to none', () => {
    const quotes = [
      { ...q(long(1), 'one man', false, 0), described: true },
      q(long(2), null, false, 1),
      q(long(3), 'Ann Lee', false, 2),
    ];
    expect(featureQuotes(quotes, 1).map((f) => f.speaker)).toEqual(['Ann Lee']);
    expect(featureQuotes(quotes.slice(0, 2), 1).map((f) => f.speaker)).toEqual(['one man']);
  });

  it('fills up with the same speaker when there are too few speakers, never with fragments', () => {
    const quotes = [
      q(long(1), 'Ann Lee'),
      q(long(2), 'Ann Lee'),
      q('a fragment about the plan and more', 'Bob', true),
    ];
    expect(featureQuotes(quotes, 3)).toEqual([quotes[0], quotes[1]]);
  });

  it('fills up with another moment before the second half of a featured quotation', () => {
    const quotes = [
      q(long(1), 'Ann Lee', false, 0),
      q(long(2), 'Ann Lee', false, 0),
      q(long(3), 'Ann Lee', false, 4),
    ];
    expect(featureQuotes(quotes, 2)).toEqual([quotes[0], quotes[2]]);
  });

  it('leaves out quotes too short to stand alone', () => {
    expect(featureQuotes([q('No comment', 'Ann Lee')], 3)).toEqual([]);
  });

  it('returns nothing when asked for nothing', () => {
    expect(featureQuotes([q(long(1), 'Ann Lee')], 0)).toEqual([]);
  });
});

describe('work nouns used as verbs', () => {
  // "play", "show", "report" name works ("the play ‘…’") but are verbs after "to" or a pronoun.
  it('keeps a fragment after "to play" as a quotation', () => {
    const quotes = quotesOf(
      'The union warned that squads are being asked to play ‘too many games in too few days’.',
    );
    expect(quotes.map((q) => q.text)).toEqual(['too many games in too few days']);
  });

  it('still leaves out the title after "the play"', () => {
    expect(quotesOf('She starred in the play ‘A Long Way from the Harbour’ last year.')).toEqual([]);
  });
});
