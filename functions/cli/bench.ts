// `npm run bench -- FILE.jsonl [--runs N] [--points K]`: how fast the batch core digests articles, in process
// (start-up excluded). The file is read once; each run digests every line as the batch mode does (parse, digest,
// serialise). Prints the median milliseconds per article over the runs, the p50/p95/max of single articles, and
// the peak resident memory.
import { readFile } from 'node:fs/promises';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { digestBatchLine } from './batch.js';

interface BenchResult {
  readonly articles: number;
  readonly runs: number;
  readonly errors: number;
  /** Median over runs of (run time / articles). */
  readonly msPerArticle: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly peakRssMb: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

/** Digests `lines` `runs` times after one warm-up run (JIT, lazy modules) and measures. */
function bench(lines: readonly string[], runs: number, points: number): BenchResult {
  for (const line of lines) JSON.stringify(digestBatchLine(line, { points }));
  const perRun: number[] = [];
  const perArticle: number[] = [];
  let errors = 0;
  for (let run = 0; run < runs; run++) {
    const runStart = performance.now();
    for (const line of lines) {
      const start = performance.now();
      const out = digestBatchLine(line, { points });
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
    // maxRSS is in kilobytes and covers the whole process, including the file held in memory.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function positiveInt(max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1 || n > max) throw new InvalidArgumentError(`It must be 1 to ${max}.`);
    return n;
  };
}

async function cli(argv: string[]): Promise<number> {
  const program = new Command()
    .name('npm run bench --')
    .description('Milliseconds per article for the digest batch core over a JSON-lines file')
    .argument('<file.jsonl>', 'lines of {"id","text","title"?}')
    .option('--runs <n>', 'timed runs after one warm-up', positiveInt(100), 5)
    .option('--points <k>', 'key points per article', positiveInt(20), 3)
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const file = program.args[0] as string;
  const { runs, points } = program.opts<{ runs: number; points: number }>();
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    process.stderr.write(
      `error: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`,
    );
    return 1;
  }
  const lines = content.split('\n').filter((l) => l.trim() !== '');
  const r = bench(lines, runs, points);
  const fmt = (n: number) => n.toFixed(2).padStart(8);
  process.stdout.write(
    [
      `file           ${file}`,
      `articles       ${r.articles} (${r.errors} error lines), ${r.runs} runs after a warm-up, ${points} key points`,
      `ms/article     ${fmt(r.msPerArticle)}   (median of the runs' averages)`,
      `per article    p50 ${fmt(r.p50)}   p95 ${fmt(r.p95)}   max ${fmt(r.max)}   ms`,
      `articles/s     ${fmt(1000 / Math.max(r.msPerArticle, 1e-9))}`,
      `peak RSS       ${fmt(r.peakRssMb)} MB`,
      '',
    ].join('\n'),
  );
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
