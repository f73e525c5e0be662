// Every key point is traceable: its offsets point at the cleaned text (the digest's `body`) it came from, and the
// text shown is that range with only the edits listed (a connective dropped, a pronoun named in brackets, a
// letter capitalised, a quotation closed, an overlong opening cut). Checked on the project's fixtures always,
// and on all of keypoints-dev when ../shared/eval is beside the project.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSharedEval } from '../../../functions/cli/eval/quotes-eval.js';
import { countLeaning, emptyLeaningCounts } from '../../../functions/cli/eval/standalone.js';
import { buildDigest, type Digest } from '../../../functions/engine/digest.js';
import type { KeyPointEdit } from '../../../functions/engine/keypoint-text.js';

const fixtures = new URL('../../fixtures/', import.meta.url);

/** What each kind of edit may do, checked against the article's own characters. */
const EDIT_RULES: Record<KeyPointEdit['kind'], (e: KeyPointEdit, end: number) => boolean> = {
  dropped: (e) =>
    e.shown === '' &&
    /^(?:And|But|Also|Meanwhile|Still|Then|Moreover|Furthermore|Nevertheless|Nonetheless|Thus|Therefore|However|Besides|So|Instead|Yet|That said)(?:,)?$/i.test(
      e.original,
    ),
  bracketed: (e) => /^(?:he|she|his|her|him)$/i.test(e.original) && /^\[[^[\]]+\]$/.test(e.shown),
  capitalised: (e) =>
    e.original.length === 1 && e.shown === e.original.toUpperCase() && e.shown !== e.original,
  closed: (e, end) => e.original === '' && e.start === end && /^[”’"'»]$/.test(e.shown),
  cut: (e, end) => e.original === '' && e.start === end && e.shown === '…',
};

/** Problems with a digest's key point sources: none when each is its range of the body with its edits. */
function traceProblems(digest: Digest): string[] {
  const problems: string[] = [];
  const { body } = digest;
  expect(digest.keyPointSources).toHaveLength(digest.keyPoints.length);
  digest.keyPointSources.forEach((source, i) => {
    const { start, end, edits, text } = source;
    if (text !== digest.keyPoints[i]) problems.push(`point ${i}: source text differs from the key point`);
    if (!(start >= 0 && start < end && end <= body.length))
      problems.push(`point ${i}: range ${start}-${end}`);
    let rebuilt = '';
    let at = start;
    for (const e of edits) {
      if (e.start < at || e.end > end || body.slice(e.start, e.end) !== e.original) {
        problems.push(`point ${i}: edit ${e.kind} at ${e.start} is not the body's "${e.original}"`);
      }
      if (!EDIT_RULES[e.kind](e, end)) problems.push(`point ${i}: ${e.kind} "${e.original}" → "${e.shown}"`);
      rebuilt += body.slice(at, e.start) + e.shown;
      at = e.end;
    }
    rebuilt += body.slice(at, end);
    if (rebuilt.replace(/\s+/g, ' ').trim() !== text) problems.push(`point ${i}: "${text}" is not its range`);
  });
  return problems;
}

function digestOf(text: string, points: number): Digest {
  return buildDigest({ text, meta: { kind: 'inline', location: 'test' } }, { points });
}

function fixtureTexts(): string[] {
  const texts = [
    readFileSync(new URL('../../../samples/sample-article.txt', import.meta.url), 'utf8'),
    readFileSync(new URL('no-quotes.txt', fixtures), 'utf8'),
    readFileSync(new URL('german-article.txt', fixtures), 'utf8'),
  ];
  const styles = new URL('quote-styles/', fixtures);
  for (const name of readdirSync(styles)) {
    for (const line of readFileSync(new URL(name, styles), 'utf8').split('\n')) {
      if (line.trim() !== '') texts.push((JSON.parse(line) as { text: string }).text);
    }
  }
  return texts;
}

/** An article that needs every kind of edit. */
const MENDED = [
  'Gary Locke will be confirmed as Kilmarnock’s permanent manager on Friday, eight weeks after he took charge.',
  'Locke replaced Allan Johnston on a caretaker basis in February and has won five of his nine games.',
  'And on Thursday Locke paid tribute to the players who have won favour with the board.',
  'He said: ‘The players have been magnificent since the day I walked in. They deserve the credit.',
  'The club will make the announcement at Rugby Park on Friday morning, with a three-year deal on offer.',
].join('\n\n');

describe('key point offsets', () => {
  it('rebuild every key point of the fixtures from its range of the body and its edits', () => {
    const kinds = new Set<string>();
    for (const text of [...fixtureTexts(), MENDED]) {
      for (const points of [1, 3, 6]) {
        const digest = digestOf(text, points);
        expect(traceProblems(digest)).toEqual([]);
        for (const s of digest.keyPointSources) for (const e of s.edits) kinds.add(e.kind);
      }
    }
    // The check is not vacuous: the fixtures need every kind of edit but the cut.
    expect([...kinds].sort()).toEqual(['bracketed', 'capitalised', 'closed', 'dropped']);
  });

  it('mark the cut of an overlong opening', () => {
    const digest = digestOf('word '.repeat(500), 3);

    expect(traceProblems(digest)).toEqual([]);
    expect(digest.keyPointSources[0]?.edits.map((e) => e.kind)).toEqual(['cut']);
  });

  it('show a dropped connective, a named pronoun and a closed quotation in the digest', () => {
    const points = digestOf(MENDED, 4).keyPoints;

    expect(points).toContain(
      'On Thursday Locke paid tribute to the players who have won favour with the board.',
    );
    expect(points).toContain('[Locke] said: ‘The players have been magnificent since the day I walked in.’');
  });

  const shared = findSharedEval();
  it.skipIf(shared === null)(
    'point at the cleaned text on all of keypoints-dev, and at most 3% lean on a sentence not shown',
    () => {
      const lines = readFileSync(join(shared as string, 'keypoints-dev.jsonl'), 'utf8').split('\n');
      const leaning = emptyLeaningCounts();
      const problems: string[] = [];
      for (const line of lines) {
        if (line.trim() === '') continue;
        const { id, text } = JSON.parse(line) as { id: string; text: string };
        const digest = digestOf(text, 3);
        problems.push(...traceProblems(digest).map((p) => `${id} ${p}`));
        countLeaning(leaning, digest.keyPoints);
      }

      expect(problems).toEqual([]);
      expect(leaning.points).toBe(750);
      expect((leaning.pronoun + leaning.connective) / leaning.points).toBeLessThanOrEqual(0.03);
    },
  );
});
