// Key-point evaluation: runs the real digest pipeline over a JSONL set with human reference summaries and
// prints ROUGE-1 / ROUGE-2 / ROUGE-Lsum F1 (x100, best over each article's references, averaged over
// articles) for our key points and for Lead-N (the first N sentences of the cleaned text) measured alike.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ArticleError, articleSentences, buildDigest, cleanArticle } from '../../engine/index.js';
import { bestRougeScores, type RougeScores } from './rouge.js';

/** The evaluation file cannot be read or holds no usable line. */
export class EvalInputError extends Error {
  override readonly name = 'EvalInputError';
}

const EvalLine = z.object({
  id: z.string(),
  text: z.string(),
  title: z.string().optional(),
  /** Each reference summary is a list of sentences (or one string with a sentence per line). */
  references: z.array(z.union([z.array(z.string()), z.string()])).min(1),
});

interface Totals {
  rouge1: number;
  rouge2: number;
  rougeLsum: number;
}

function add(totals: Totals, s: RougeScores): void {
  totals.rouge1 += s.rouge1;
  totals.rouge2 += s.rouge2;
  totals.rougeLsum += s.rougeLsum;
}

function row(name: string, totals: Totals, n: number): string {
  const cell = (x: number) => ((100 * x) / Math.max(n, 1)).toFixed(2).padStart(11);
  return `${name.padEnd(10)}${cell(totals.rouge1)}${cell(totals.rouge2)}${cell(totals.rougeLsum)}`;
}

/** Runs the evaluation and returns the printed table. */
export async function runKeypointsEval(file: string, options: { points?: number } = {}): Promise<string> {
  const points = options.points ?? 3;
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    throw new EvalInputError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const ours: Totals = { rouge1: 0, rouge2: 0, rougeLsum: 0 };
  const lead: Totals = { rouge1: 0, rouge2: 0, rougeLsum: 0 };
  const failures: string[] = [];
  let articles = 0;

  content.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed: z.infer<typeof EvalLine>;
    try {
      parsed = EvalLine.parse(JSON.parse(line));
    } catch {
      failures.push(`line ${index + 1}: not a JSON object with id, text and references`);
      return;
    }
    articles++;
    const references = parsed.references.map((r) => (typeof r === 'string' ? r : r.join('\n')));
    const raw = {
      ...(parsed.title === undefined ? {} : { title: parsed.title }),
      text: parsed.text,
      meta: { kind: 'inline' as const, location: parsed.id },
    };
    try {
      const digest = buildDigest(raw, { points });
      add(ours, bestRougeScores(references, digest.keyPoints.join('\n')));
      const clean = cleanArticle(raw);
      const leading = articleSentences(clean.paragraphs).slice(0, points);
      add(lead, bestRougeScores(references, leading.map((s) => s.text).join('\n')));
    } catch (error) {
      // An article the pipeline refuses scores zero for both rows: failures must not flatter the average.
      const reason =
        error instanceof ArticleError
          ? error.message
          : `${(error as Error).name}: ${(error as Error).message}`;
      failures.push(`${parsed.id}: ${reason}`);
    }
  });
  if (articles === 0) throw new EvalInputError(`${file} holds no article lines`);

  const lines = [
    `Key points on ${file}: ${articles} articles, ${points} points each, ${failures.length} failures`,
    `${''.padEnd(10)}${'ROUGE-1'.padStart(11)}${'ROUGE-2'.padStart(11)}${'ROUGE-Lsum'.padStart(11)}`,
    row('ours', ours, articles),
    row(`Lead-${points}`, lead, articles),
    ...failures.map((f) => `failed: ${f}`),
  ];
  return `${lines.join('\n')}\n`;
}
