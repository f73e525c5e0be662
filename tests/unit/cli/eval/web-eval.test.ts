// The web-page evaluation end to end on two small saved pages (gzipped, as the shared set is): body F1 for our
// digest and for plain Readability, key-point purity, pages with a body but no key point, and the printed table.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvalInputError } from '../../../../functions/cli/eval/keypoints-eval.js';
import { evaluateWeb, formatWebEval, median } from '../../../../functions/cli/eval/web-eval.js';

const story = [
  'The storm reached the coast on Monday night, bringing winds of more than 100 miles an hour to the towns along the bay.',
  'Power was cut to thousands of homes across the region, and several roads were closed by fallen trees and flooding.',
  'Officials said repairs would take most of the week, and asked residents to stay indoors until the winds had eased.',
];

function page(id: string, paragraphs: readonly string[], clutter: string): string {
  const html = `<html><head><title>Storm ${id}</title></head><body><nav>Home News Sport</nav><article>
    <h1>Storm ${id}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}
    <figure><img src="a.jpg"><figcaption>${clutter}</figcaption></figure></article>
    <footer>Copyright Example News</footer></body></html>`;
  return JSON.stringify({ id, url: `https://example.com/${id}`, html, articleBody: paragraphs.join('\n\n') });
}

describe('evaluateWeb', () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'web-eval-'));
    file = join(dir, 'pages.jsonl.gz');
    const lines = [
      page('one', story, 'A photo of the bay.'),
      page('two', story.slice(0, 2), 'Credit: Agency'),
    ];
    await writeFile(file, gzipSync(`${lines.join('\n')}\n`));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('scores our body and plain Readability on every page, with purity and empty digests', async () => {
    const s = await evaluateWeb(file, { points: 2 });

    expect(s.pages).toBe(2);
    expect(s.errors).toBe(0);
    expect(s.ours.f1).toBeCloseTo(1);
    expect(s.readability.recall).toBeCloseTo(1);
    expect(s.keyPoints).toBe(4);
    expect(s.pureKeyPoints).toBe(4);
    expect(s.bodyWithoutKeyPoints).toBe(0);
    expect(formatWebEval(file, s)).toMatch(/plain Readability\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}/);
  });

  it('refuses a file that cannot be read, or a line without the page fields', async () => {
    await expect(evaluateWeb(join(dir, 'missing.jsonl'))).rejects.toThrow(EvalInputError);
    const bad = join(dir, 'bad.jsonl');
    await writeFile(bad, '{"id":"x","text":"not a page"}\n');
    await expect(evaluateWeb(bad)).rejects.toThrow(/line 1: not a JSON object with id, html and articleBody/);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});
