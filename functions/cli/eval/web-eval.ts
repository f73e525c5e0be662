// Web-page evaluation (`npm run eval -- web FILE.jsonl[.gz]`): digests saved pages {id, html, url?, articleBody}
// as the batch mode does and scores the cleaned body against the hand-made articleBody in the article-extraction
// benchmark's measure (shingles.ts), beside the extracted text before cleaning and plain Readability (its
// textContent, on the same DOM library) on the same pages; then key-point purity, pages with a body but no key
// point, and the median milliseconds per page of our HTML path and of plain Readability.
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom/worker';
import { z } from 'zod';
import { htmlToArticle } from '../../adapters/article-sources/html.js';
import type { RawArticle } from '../../engine/index.js';
import { type BatchOutput, digestBatchLine } from '../batch.js';
import { EvalInputError } from './keypoints-eval.js';
import {
  type ExtractionScore,
  extractionScore,
  isPure,
  type PageMatch,
  shingleMatch,
  shingles,
} from './shingles.js';

const PageLine = z.object({
  id: z.string(),
  html: z.string(),
  url: z.string().optional(),
  articleBody: z.string(),
});
type Page = z.infer<typeof PageLine>;

export interface PageResult {
  readonly id: string;
  readonly url: string | undefined;
  /** Our cleaned body against the reference. */
  readonly ours: PageMatch;
  /** The extracted text before cleaning against the reference. */
  readonly extracted: PageMatch;
  readonly readability: PageMatch;
  readonly keyPoints: readonly string[];
  /** The key points with under 90% of their shingles in the reference. */
  readonly impure: readonly string[];
  readonly error?: string;
  readonly oursMs: number;
  readonly readabilityMs: number;
}

export interface WebEvalSummary {
  readonly pages: number;
  readonly errors: number;
  readonly ours: ExtractionScore;
  readonly extracted: ExtractionScore;
  readonly readability: ExtractionScore;
  readonly keyPoints: number;
  readonly pureKeyPoints: number;
  /** Pages whose body has text but that got no key point. */
  readonly bodyWithoutKeyPoints: number;
  readonly oursMedianMs: number;
  readonly readabilityMedianMs: number;
  readonly results: readonly PageResult[];
}

/** Plain Readability as the benchmark runs it: the article's textContent ('' when it finds none). */
export function readabilityText(html: string): string {
  const { document } = parseHTML(html);
  type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];
  const parsed = new Readability(document as unknown as ReadabilityDocument).parse();
  return parsed?.textContent ?? '';
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Reads a JSON-lines file, gzipped or not, into its non-empty lines. */
export async function readJsonLines(file: string): Promise<string[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new EvalInputError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw new EvalInputError(`${file} is not a valid gzip file`);
    }
  }
  return bytes
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
}

function evaluatePage(page: Page, points: number): PageResult {
  let raw: RawArticle | undefined;
  const start = performance.now();
  const out: BatchOutput = digestBatchLine(
    JSON.stringify({ id: page.id, html: page.html, ...(page.url !== undefined && { url: page.url }) }),
    {
      points,
      html: (html, location) => {
        raw = htmlToArticle(html, { kind: 'inline', location });
        return raw;
      },
    },
  );
  const oursMs = performance.now() - start;
  const readabilityStart = performance.now();
  const plain = readabilityText(page.html);
  const readabilityMs = performance.now() - readabilityStart;
  const reference = shingles(page.articleBody);
  const body = 'error' in out ? '' : out.body;
  const keyPoints = 'error' in out ? [] : out.keyPoints;
  return {
    id: page.id,
    url: page.url,
    ours: shingleMatch(page.articleBody, body),
    extracted: shingleMatch(page.articleBody, raw?.text ?? ''),
    readability: shingleMatch(page.articleBody, plain),
    keyPoints,
    impure: keyPoints.filter((k) => !isPure(k, reference)),
    ...('error' in out && { error: out.error }),
    oursMs,
    readabilityMs,
  };
}

/** Digests and scores every page of the file. */
export async function evaluateWeb(file: string, options: { points?: number } = {}): Promise<WebEvalSummary> {
  const points = options.points ?? 3;
  const lines = await readJsonLines(file);
  const results: PageResult[] = [];
  lines.forEach((line, index) => {
    let page: Page;
    try {
      page = PageLine.parse(JSON.parse(line));
    } catch {
      throw new EvalInputError(`${file} line ${index + 1}: not a JSON object with id, html and articleBody`);
    }
    results.push(evaluatePage(page, points));
  });
  if (results.length === 0) throw new EvalInputError(`${file} holds no pages`);
  const keyPoints = results.reduce((n, r) => n + r.keyPoints.length, 0);
  const impure = results.reduce((n, r) => n + r.impure.length, 0);
  return {
    pages: results.length,
    errors: results.filter((r) => r.error !== undefined).length,
    ours: extractionScore(results.map((r) => r.ours)),
    extracted: extractionScore(results.map((r) => r.extracted)),
    readability: extractionScore(results.map((r) => r.readability)),
    keyPoints,
    pureKeyPoints: keyPoints - impure,
    bodyWithoutKeyPoints: results.filter((r) => r.error === undefined && r.keyPoints.length === 0).length,
    oursMedianMs: median(results.map((r) => r.oursMs)),
    readabilityMedianMs: median(results.map((r) => r.readabilityMs)),
    results,
  };
}

function f1Of(m: PageMatch): number {
  return extractionScore([m]).f1;
}

/** The summary as printed: one row per extractor, then purity, empty digests and speed. */
export function formatWebEval(file: string, s: WebEvalSummary): string {
  const cell = (x: number) => x.toFixed(3).padStart(10);
  const row = (name: string, e: ExtractionScore) =>
    `${name.padEnd(24)}${cell(e.precision)}${cell(e.recall)}${cell(e.f1)}`;
  const purity = s.keyPoints === 0 ? 0 : s.pureKeyPoints / s.keyPoints;
  return [
    `Web pages on ${file}: ${s.pages} pages, ${s.errors} errors`,
    `${''.padEnd(24)}${'precision'.padStart(10)}${'recall'.padStart(10)}${'F1'.padStart(10)}`,
    row('ours (cleaned body)', s.ours),
    row('ours before cleaning', s.extracted),
    row('plain Readability', s.readability),
    `key-point purity        ${purity.toFixed(3)} (${s.pureKeyPoints} of ${s.keyPoints} key points with >= 90% of their shingles in articleBody)`,
    `body, no key point      ${s.bodyWithoutKeyPoints} pages`,
    `median ms per page      ours ${s.oursMedianMs.toFixed(1)}, plain Readability ${s.readabilityMedianMs.toFixed(1)} (${(s.oursMedianMs / Math.max(s.readabilityMedianMs, 1e-9)).toFixed(2)}x; one cold pass with the batch line's JSON: npm run bench times both alike)`,
    '',
  ].join('\n');
}

/** Per-page lines, worst body F1 first: the page's F1 beside Readability's, its errors and impure key points. */
export function describePages(s: WebEvalSummary): string {
  const sorted = [...s.results].sort((a, b) => f1Of(a.ours) - f1Of(b.ours));
  const lines: string[] = [];
  for (const r of sorted) {
    lines.push(
      `${f1Of(r.ours).toFixed(3)} (Readability ${f1Of(r.readability).toFixed(3)}, before cleaning ${f1Of(r.extracted).toFixed(3)}) ${r.id.slice(0, 12)} ${r.url ?? ''}`,
    );
    if (r.error !== undefined) lines.push(`  error: ${r.error}`);
    for (const k of r.impure) lines.push(`  impure key point: ${k}`);
  }
  return lines.join('\n');
}

export async function runWebEval(file: string, options: { points?: number; pages?: boolean } = {}) {
  const summary = await evaluateWeb(file, options);
  const report = formatWebEval(file, summary);
  return options.pages === true ? `${report}\n${describePages(summary)}\n` : report;
}
