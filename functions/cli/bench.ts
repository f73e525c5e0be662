// `npm run bench -- FILE.jsonl [PAGES.jsonl.gz ...] [--runs N] [--page-runs N] [--points K]`: how fast the batch
// core digests articles, in process (start-up excluded). Files are read once (gzipped or not); each run digests
// every line as the batch mode does (parse, digest, serialise). For plain-text lines {"id","text"} it prints the
// median milliseconds per article over the runs, the p50/p95/max of single articles, and the peak resident
// memory; for saved pages {"id","html"} the median per page of our HTML path (extraction and digest, from the HTML) beside
// plain Readability on the same DOM library (parse, Readability, textContent), timed alternately page by page.

import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { htmlToArticle } from '../adapters/article-sources/html.js';
import { ArticleError, buildDigest } from '../engine/index.js';
import { type BatchOptions, digestBatchLine } from './batch.js';
import { median, readabilityText, readJsonLines } from './eval/web-eval.js';

interface BenchResult {
  readonly articles: number;
  readonly runs: number;
  readonly errors: number;
  /** Median over runs of (run time / articles). */
  readonly msPerArticle: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

function batchOptions(points: number): BatchOptions {
  return { points, html: (html, location) => htmlToArticle(html, { kind: 'inline', location }) };
}

/** Digests `lines` `runs` times after one warm-up run (JIT, lazy modules) and measures. */
function bench(lines: readonly string[], runs: number, points: number): BenchResult {
  const options = batchOptions(points);
  for (const line of lines) JSON.stringify(digestBatchLine(line, options));
  const perRun: number[] = [];
  const perArticle: number[] = [];
  let errors = 0;
  for (let run = 0; run < runs; run++) {
    const runStart = performance.now();
    for (const line of lines) {
      const start = performance.now();
      const out = digestBatchLine(line, options);
      JSON.stringify(out);
      perArticle.push(performance.now() - start);
      if (run === 0 && 'error' in out) errors++;
    }
    perRun.push((performance.now() - runStart) / Math.max(1, lines.length));
  }
  perRun.sort((a, b) => a - b);
  perArticle.sort((a, b) => a - b);
  return {
    articles: lines.length,
    runs,
    errors,
    msPerArticle: percentile(perRun, 50),
    p50: percentile(perArticle, 50),
    p95: percentile(perArticle, 95),
    max: perArticle[perArticle.length - 1] ?? 0,
  };
}

export interface PageBenchResult {
  readonly pages: number;
  readonly runs: number;
  readonly errors: number;
  /** Median over pages of each page's median time: our HTML path, and plain Readability. */
  readonly oursMs: number;
  readonly readabilityMs: number;
  /** Median over pages of (our time / Readability's), each a median over the runs. */
  readonly ratio: number;
}

/** Our HTML path on one page: extraction and the digest, from the page's HTML; false when the page is refused. */
function digestPage(html: string, id: string, points: number): boolean {
  try {
    buildDigest(htmlToArticle(html, { kind: 'inline', location: id }), { points });
    return true;
  } catch (error) {
    if (error instanceof ArticleError) return false;
    throw error;
  }
}

/**
 * Times our HTML path and plain Readability on every page, `runs` times after a warm-up, alternating which goes
 * first so that neither always meets a warm cache or a collection the other left behind. Both start from the page's
 * HTML as a string (the batch line's JSON is read beforehand, as Readability is handed its HTML) and end with their
 * result in memory.
 */
export function benchPages(lines: readonly string[], runs: number, points: number): PageBenchResult {
  const pages = lines.map((line) => JSON.parse(line) as { id?: unknown; html: string });
  const ours: number[][] = lines.map(() => []);
  const plain: number[][] = lines.map(() => []);
  let errors = 0;
  for (let run = -1; run < runs; run++) {
    pages.forEach((page, i) => {
      const timeOurs = () => {
        const start = performance.now();
        const ok = digestPage(page.html, String(page.id ?? i), points);
        if (run === -1 && !ok) errors++;
        if (run >= 0) ours[i]?.push(performance.now() - start);
      };
      const timePlain = () => {
        const start = performance.now();
        readabilityText(page.html);
        if (run >= 0) plain[i]?.push(performance.now() - start);
      };
      if (run % 2 === 0) {
        timeOurs();
        timePlain();
      } else {
        timePlain();
        timeOurs();
      }
    });
  }
  const oursPerPage = ours.map(median);
  const plainPerPage = plain.map(median);
  return {
    pages: lines.length,
    runs,
    errors,
    oursMs: median(oursPerPage),
    readabilityMs: median(plainPerPage),
    ratio: median(oursPerPage.map((o, i) => o / Math.max(plainPerPage[i] ?? 0, 1e-9))),
  };
}

function positiveInt(max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1 || n > max) throw new InvalidArgumentError(`It must be 1 to ${max}.`);
    return n;
  };
}

function articleReport(label: string, r: BenchResult, points: number): string[] {
  const fmt = (n: number) => n.toFixed(2).padStart(8);
  return [
    `files          ${label}`,
    `articles       ${r.articles} (${r.errors} error lines), ${r.runs} runs after a warm-up, ${points} key points`,
    `ms/article     ${fmt(r.msPerArticle)}   (median of the runs' averages)`,
    `per article    p50 ${fmt(r.p50)}   p95 ${fmt(r.p95)}   max ${fmt(r.max)}   ms`,
    `articles/s     ${fmt(1000 / Math.max(r.msPerArticle, 1e-9))}`,
  ];
}

function pageReport(r: PageBenchResult): string[] {
  const fmt = (n: number) => n.toFixed(2).padStart(8);
  return [
    `pages          ${r.pages} (${r.errors} error lines), ${r.runs} runs after a warm-up, timed alternately`,
    `HTML path      ${fmt(r.oursMs)} ms per page (median of pages; extraction and digest)`,
    `Readability    ${fmt(r.readabilityMs)} ms per page (median of pages; parse, Readability, textContent)`,
    `ratio          ${fmt(r.ratio)}   (median of the pages' ours / Readability)`,
  ];
}

async function cli(argv: string[]): Promise<number> {
  const program = new Command()
    .name('npm run bench --')
    .description(
      'Milliseconds per article for the digest batch core over JSON-lines files, and per saved page beside plain Readability',
    )
    .argument('<files...>', 'JSONL (or .jsonl.gz) of {"id","text","title"?} articles or {"id","html"} pages')
    .option('--runs <n>', 'timed runs over the articles after one warm-up', positiveInt(100), 5)
    .option('--page-runs <n>', 'timed runs over the pages after one warm-up', positiveInt(100), 3)
    .option('--points <k>', 'key points per article', positiveInt(20), 3)
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const files = program.args;
  const { runs, pageRuns, points } = program.opts<{ runs: number; pageRuns: number; points: number }>();
  const lines: string[] = [];
  for (const file of files) lines.push(...(await readJsonLines(file)));
  // A saved page carries "html" (in JSON the key cannot appear inside a string); anything else is an article.
  const isPage = (l: string) => /"html"\s*:/.test(l);
  const pages = lines.filter(isPage);
  const articles = lines.filter((l) => !isPage(l));
  const out: string[] = [];
  if (articles.length > 0) out.push(...articleReport(files.join(' '), bench(articles, runs, points), points));
  if (pages.length > 0) out.push(...pageReport(benchPages(pages, pageRuns, points)));
  // maxRSS is in kilobytes and covers the whole process, including the files held in memory.
  out.push(`peak RSS       ${(process.resourceUsage().maxRSS / 1024).toFixed(2).padStart(8)} MB`, '');
  process.stdout.write(out.join('\n'));
  return 0;
}

cli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
