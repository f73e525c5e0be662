// Quote evaluation: word matching, speaker matching, scoring and the printed table, on our own fixtures;
// the sample article against the seed gold when ../shared/eval is present (required in CI).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  readerWords,
  runQuotesEval,
  runSeedQuoteCheck,
  sameSpeaker,
  scoreArticle,
  words,
} from '../../../../functions/cli/eval/quotes-eval.js';
import { requireSharedEval, skipWithoutSharedEval } from '../../../helpers/shared-eval.js';

describe('words', () => {
  it('lower-cases letters and digits, drops apostrophes inside words and splits on the rest', () => {
    expect(words('Don’t call it “first-order” business, Mr. O’Neill: 24%!')).toEqual([
      'dont',
      'call',
      'it',
      'first',
      'order',
      'business',
      'mr',
      'oneill',
      '24',
    ]);
  });

  it('counts words for the 6-word floor as a reader does', () => {
    expect(readerWords('It will be first-order business')).toBe(5);
    expect(readerWords('— and — that is all —')).toBe(4);
  });
});

describe('sameSpeaker', () => {
  it('matches surnames, ignoring titles and descriptions', () => {
    expect(sameSpeaker('Rep. Jim Clyburn (D-S.C.), the assistant leader of the caucus', 'Jim Clyburn')).toBe(
      true,
    );
    expect(sameSpeaker('Mr. King', 'Charlie King')).toBe(true);
    expect(sameSpeaker('WALLACE', 'Chris Wallace')).toBe(true);
    expect(sameSpeaker('Clinton campaign spokesman Brian Fallon', 'Brian Fallon')).toBe(true);
    expect(
      sameSpeaker('His former business partner at Lenox, Lawrence B. Cummings,', 'Lawrence B. Cummings'),
    ).toBe(true);
  });

  it('requires the same first name where both give one', () => {
    expect(sameSpeaker('Hillary Clinton', 'Bill Clinton')).toBe(false);
    expect(sameSpeaker('Hillary Clinton', 'Clinton')).toBe(true);
  });

  it('accepts a found name that holds every word of the gold name', () => {
    expect(sameSpeaker('Peabody', 'Peabody Energy')).toBe(true);
    expect(sameSpeaker('Mr. Lou', 'Lou Jiwei')).toBe(true);
    expect(sameSpeaker('Tom', 'Tom Ebeling')).toBe(true);
    expect(sameSpeaker('Admiral Harris', 'Harry B. Harris Jr')).toBe(true);
    expect(sameSpeaker('Mr. Lou', 'Jiwei Zhang')).toBe(false);
    expect(sameSpeaker('Hillary Clinton', 'Clinton Foundation')).toBe(false);
  });

  it('never matches a missing speaker', () => {
    expect(sameSpeaker('Trump', null)).toBe(false);
  });
});

describe('scoreArticle', () => {
  const gold = [
    {
      text: 'We will keep fighting for our members every single day',
      speaker: 'Jane Doe',
      speakerKind: 'named',
    },
    { text: 'Nobody in this town asked for a new motorway', speaker: 'he', speakerKind: 'pronoun' },
  ];

  it('matches a found quote that covers 80% of the gold words with half its own words in the gold', () => {
    const score = scoreArticle('a', gold, [
      { text: 'We will keep fighting for our members every single day,', speaker: 'Jane Doe' },
      {
        text: 'Nobody in this town asked for a new motorway. And we will not pay for it either.',
        speaker: null,
      },
    ]);
    expect(score).toMatchObject({ gold: 2, found: 2, matched: 2, namedMatched: 1, namedCorrect: 1 });
  });

  it('does not match a found quote that is mostly other words', () => {
    const score = scoreArticle('a', gold, [
      {
        text: 'Nobody in this town asked for a new motorway, and the council, the county and the minister all knew that from the start of the consultation',
        speaker: null,
      },
    ]);
    expect(score.matched).toBe(0);
    expect(score.found).toBe(1);
  });

  it('matches one to one and leaves short found quotes unscored', () => {
    const score = scoreArticle('a', gold, [
      { text: 'We will keep fighting for our members every single day', speaker: 'Jane Doe' },
      { text: 'We will keep fighting for our members every single day', speaker: 'Jane Doe' },
      { text: 'No comment', speaker: 'Jane Doe' },
    ]);
    expect(score).toMatchObject({ found: 2, matched: 1 });
    expect(score.extras).toHaveLength(1);
  });

  it('counts a wrong speaker against named gold quotes only', () => {
    const score = scoreArticle('a', gold, [
      { text: 'We will keep fighting for our members every single day', speaker: 'John Doe' },
      { text: 'Nobody in this town asked for a new motorway', speaker: 'Someone Else' },
    ]);
    expect(score).toMatchObject({ matched: 2, namedMatched: 1, namedCorrect: 0 });
  });
});

describe('runQuotesEval', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quotes-eval-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the digest pipeline over a JSONL file and prints precision, recall, F1 and speaker accuracy', async () => {
    const file = join(dir, 'fixture.jsonl');
    const article = [
      'Council votes to close the old bridge',
      '“We cannot keep a bridge open that our engineers say is unsafe,” said council leader Amy Hart.',
      'Residents were angry. “Nobody asked us before the decision was made,” said Tom Reed, who lives nearby.',
    ].join('\n\n');
    const line = {
      id: 'bridge',
      text: article,
      quotes: [
        {
          text: 'We cannot keep a bridge open that our engineers say is unsafe,',
          speaker: 'council leader Amy Hart',
          speakerKind: 'named',
        },
        { text: 'Nobody asked us before the decision was made,', speaker: 'Tom Reed', speakerKind: 'named' },
      ],
    };
    writeFileSync(file, `${JSON.stringify(line)}\n`);
    const table = await runQuotesEval(file);
    expect(table).toMatch(/P\s+R\s+F1/);
    expect(table).toMatch(/all\s+1\s+2\s+2\s+2\s+100\.0\s+100\.0\s+100\.0\s+100\.0 \(2\/2\)/);
  });
});

describe('runSeedQuoteCheck', () => {
  it.skipIf(skipWithoutSharedEval)(
    'finds the sample article’s full quotes with their speakers and its partial quotes as partial',
    () => {
      const check = runSeedQuoteCheck(requireSharedEval());
      expect(check).not.toBeNull();
      expect(check).toMatchObject({
        fullFound: 7,
        fullTotal: 7,
        speakersRight: 7,
        partialFound: 3,
        partialTotal: 3,
      });
    },
  );
});
