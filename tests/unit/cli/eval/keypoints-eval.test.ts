// The key-point evaluation on our own fixtures: ROUGE beside Lead-N and the share of leaning key points, for
// articles with references, saved web pages without them, and gzipped files; clear errors for bad input.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { EvalInputError, runKeypointsEval } from '../../../../functions/cli/eval/keypoints-eval.js';

const dir = mkdtempSync(join(tmpdir(), 'keypoints-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const article = {
  id: 'a1',
  text: [
    'The city council approved plans for a new central library on Tuesday after a two-year debate.',
    'But the building will cost £12 million and will not open before 2027, the council said.',
    'They said the design would use timber from local forests.',
    'Councillors voted 31 to 9 in favour of the scheme, which replaces the closed Victoria Street branch.',
  ].join('\n\n'),
  references: [['Council approves new central library', 'The library will cost £12 million']],
};

const page = {
  id: 'p1',
  url: 'https://news.example.com/story',
  html: '<html><head><title>Storm</title></head><body><article><h1>Storm</h1><p>The storm reached the coast on Monday night after days of warnings from forecasters.</p><p>It cut power to thousands of homes across the region, the utility said.</p></article></body></html>',
};

function file(name: string, lines: unknown[], gzip = false): string {
  const path = join(dir, name);
  const text = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
  writeFileSync(path, gzip ? gzipSync(text) : text);
  return path;
}

describe('runKeypointsEval', () => {
  it('prints ROUGE and the leaning share for ours and Lead-N', async () => {
    const report = await runKeypointsEval(file('a.jsonl', [article]), { points: 3 });

    expect(report).toMatch(/1 articles \(1 with references\), 3 points each, 0 failures/);
    expect(report).toMatch(/^ours\s+\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\d%$/m);
    // Lead-3 keeps "But …" and "They …"; ours drops the connective and leaves "They said …" out.
    expect(report).toMatch(/^Lead-3\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+66\.7%$/m);
    expect(report).toMatch(/ours: {3}0\.0% pronoun, 0\.0% connective, 0\.0% in all \(of 3 key points\)/);
  });

  it('reads gzipped saved pages without references: the leaning share, no ROUGE', async () => {
    const report = await runKeypointsEval(file('web.jsonl.gz', [page], true), { points: 3 });

    expect(report).toMatch(/1 articles \(0 with references\)/);
    expect(report).toMatch(/^ours\s+–\s+–\s+–\s+\d+\.\d%$/m);
    expect(report).toMatch(/Lead-3: 50\.0% pronoun/);
  });

  it('lists a bad line as a failure and goes on', async () => {
    const report = await runKeypointsEval(file('bad.jsonl', ['{"id": 1}', article]), { points: 3 });

    expect(report).toMatch(/1 failures/);
    expect(report).toContain('failed: line 1: not a JSON object with id and text (or html)');
  });

  it('refuses a missing file and a file without articles with one clear error', async () => {
    await expect(runKeypointsEval(join(dir, 'missing.jsonl'))).rejects.toThrow(
      new EvalInputError(`cannot read ${join(dir, 'missing.jsonl')}: ENOENT`),
    );
    await expect(runKeypointsEval(file('empty.jsonl', ['', '']))).rejects.toThrow(/holds no article lines/);
  });
});
