// ROUGE in rouge-score's conventions, checked against values computed by hand (and by rouge-score's own
// algorithm run with NLTK's Porter stemmer for the two realistic pairs), and the key-point evaluation's table.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvalInputError, runKeypointsEval } from '../../../../functions/cli/eval/keypoints-eval.js';
import {
  bestRougeScores,
  lcsIndices,
  rougeScores,
  rougeTokens,
} from '../../../../functions/cli/eval/rouge.js';

describe('rougeTokens', () => {
  it('lower-cases, splits on every character outside a-z and 0-9, and stems words longer than 3', () => {
    expect(rougeTokens("The RUNNING dogs' owner, Kilmarnock's £2,100 at 3.40pm")).toEqual([
      'the',
      'run',
      'dog',
      'owner',
      'kilmarnock',
      's',
      '2',
      '100',
      'at',
      '3',
      '40pm',
    ]);
  });

  it('leaves words of three letters or fewer unstemmed', () => {
    expect(rougeTokens('was has cats')).toEqual(['was', 'has', 'cat']);
  });

  it('drops accented letters and other scripts as separators, as rouge-score does', () => {
    expect(rougeTokens('café Ünïcode 北京 ok')).toEqual(['caf', 'n', 'code', 'ok']);
  });
});

describe('rougeScores', () => {
  it('computes ROUGE-1 and ROUGE-2 F1 from clipped n-gram counts', () => {
    // 5 of 6 unigrams shared each way; bigrams: the cat, on the, the mat of 5.
    const s = rougeScores('the cat sat on the mat', 'the cat lay on the mat');
    expect(s.rouge1).toBeCloseTo(5 / 6, 12);
    expect(s.rouge2).toBeCloseTo(3 / 5, 12);
    expect(s.rougeLsum).toBeCloseTo(5 / 6, 12);
  });

  it('computes summary-level LCS as the union of LCS hits over candidate sentences', () => {
    // Reference sentence "one two six ten": LCS with "one two" hits one, two; with "six red" hits six.
    const s = rougeScores('one two six ten', 'one two\nsix red');
    expect(s.rougeLsum).toBeCloseTo(3 / 4, 12);
    // Bigrams ignore the sentence break: one two, two six are shared of three each way.
    expect(s.rouge2).toBeCloseTo(2 / 3, 12);
  });

  it('matches sentences in any order for ROUGE-Lsum', () => {
    expect(rougeScores('one two\nsix ten', 'six ten\none two').rougeLsum).toBeCloseTo(1, 12);
  });

  it('counts a token no more often than it occurs on both sides', () => {
    // Both candidate sentences match the same reference token: one hit, not two.
    expect(rougeScores('one one', 'one\none').rougeLsum).toBeCloseTo(0.5, 12);
  });

  it('matches word forms through stemming', () => {
    const s = rougeScores('running dogs', 'the dog runs');
    expect(s.rouge1).toBeCloseTo(0.8, 12);
    expect(s.rouge2).toBe(0);
    expect(s.rougeLsum).toBeCloseTo(0.4, 12);
  });

  it('scores an empty candidate or reference zero', () => {
    expect(rougeScores('a b', '')).toEqual({ rouge1: 0, rouge2: 0, rougeLsum: 0 });
    expect(rougeScores('', 'a b')).toEqual({ rouge1: 0, rouge2: 0, rougeLsum: 0 });
  });

  it('agrees with rouge-score on realistic pairs', () => {
    const a = rougeScores(
      "Gary Locke will be confirmed as Kilmarnock boss on Friday\nThe club went unbeaten during Locke 's first six games in charge",
      "Gary Locke will be confirmed as Kilmarnock's permanent manager on Friday.\nAn announcement will be made by the Rugby Park club on Friday morning.\nThe team went unbeaten in their first six games under his stewardship.",
    );
    expect(a.rouge1).toBeCloseTo(0.6101694915254238, 12);
    expect(a.rouge2).toBeCloseTo(0.3508771929824561, 12);
    expect(a.rougeLsum).toBeCloseTo(0.576271186440678, 12);
    const b = rougeScores(
      'the cat was found under the bed\nthe dog slept',
      'the cat was under the bed\nthe dog was sleeping on the bed',
    );
    expect(b.rouge1).toBeCloseTo(0.6956521739130435, 12);
    expect(b.rouge2).toBeCloseTo(0.5714285714285715, 12);
    expect(b.rougeLsum).toBeCloseTo(0.6956521739130435, 12);
  });
});

describe('lcsIndices', () => {
  it('reads out one longest common subsequence with rouge-score’s tie-breaking', () => {
    expect(lcsIndices(['a', 'b', 'c', 'd'], ['a', 'c', 'd'])).toEqual([0, 2, 3]);
    expect(lcsIndices(['one', 'one'], ['one'])).toEqual([1]);
    expect(lcsIndices([], ['x'])).toEqual([]);
  });
});

describe('bestRougeScores', () => {
  it('takes the best of each measure over the references, each on its own', () => {
    const refs = ['the cat sat on the mat', 'cat mat'];
    const best = bestRougeScores(refs, 'the cat lay on the mat');
    const first = rougeScores(refs[0] as string, 'the cat lay on the mat');
    const second = rougeScores(refs[1] as string, 'the cat lay on the mat');
    expect(best.rouge1).toBe(Math.max(first.rouge1, second.rouge1));
    expect(best.rouge2).toBe(Math.max(first.rouge2, second.rouge2));
    expect(best.rougeLsum).toBe(Math.max(first.rougeLsum, second.rougeLsum));
  });
});

describe('runKeypointsEval', () => {
  it('prints ours and Lead-N on a JSONL set and counts failures without stopping', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kp-eval-'));
    const file = join(dir, 'set.jsonl');
    const story = [
      'The city council approved plans for a new central library on Tuesday after a two-year debate.',
      'The building will cost twelve million pounds and open in 2027, the council said in a statement.',
      'Councillors voted 31 to 9 in favour of the scheme, which replaces the closed Victoria Street branch.',
    ].join('\n\n');
    const lines = [
      JSON.stringify({
        id: 'a',
        text: story,
        references: [['Council approves new central library', 'It will open in 2027']],
      }),
      'not json',
      JSON.stringify({ id: 'b', text: '', references: [['nothing']] }),
      '',
    ];
    await writeFile(file, lines.join('\n'));
    try {
      const out = await runKeypointsEval(file, { points: 3 });
      expect(out).toContain('2 articles (2 with references), 3 points each, 2 failures');
      expect(out).toMatch(/failed: line 2: not a JSON object/);
      expect(out).toMatch(/failed: b: article has no text to digest/);
      // The story has three sentences: our three key points are its lead, so both rows score the same.
      const ours = out.split('\n').find((l) => l.startsWith('ours'));
      const lead = out.split('\n').find((l) => l.startsWith('Lead-3'));
      expect(ours?.replace('ours', '').trim()).toBe(lead?.replace('Lead-3', '').trim());
      expect(Number(ours?.trim().split(/\s+/)[1])).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file that cannot be read with a named error', async () => {
    await expect(runKeypointsEval('/nonexistent/set.jsonl')).rejects.toBeInstanceOf(EvalInputError);
  });
});
