// Key-point evaluation: runs the real digest pipeline over a JSONL set (gzipped or not) and prints, for our key
// points and for Lead-N (the first N sentences of the cleaned text) measured alike, ROUGE-1 / ROUGE-2 /
// ROUGE-Lsum F1 (x100, best over each article's references, averaged over the articles that have references)
// and the share of key points that lean on a sentence the reader never sees (standalone.ts). Lines are
// {id, text, title?, references?} or saved web pages {id, html, url?}, read as the digest CLI reads a page.
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { htmlToArticle } from '../../adapters/article-sources/html.js';
import {
  ArticleError,
  articleSentences,
  buildDigest,
  cleanArticle,
  type RawArticle,
} from '../../engine/index.js';
import { bestRougeScores, type RougeScores } from './rouge.js';
import { countLeaning, describeLeaning, emptyLeaningCounts, type LeaningCounts } from './standalone.js';

/** The evaluation file cannot be read or holds no usable line. */
export class EvalInputError extends Error {
  override readonly name = 'EvalInputError';
}

/** Each reference summary is a list of sentences (or one string with a sentence per line). */
const References = z.array(z.union([z.array(z.string()), z.string()])).min(1);

const EvalLine = z.union([
  z.object({
    id: z.string(),
    text: z.string(),
    title: z.string().optional(),
    references: References.optional(),
  }),
  z.object({
    id: z.string(),
    html: z.string(),
    url: z.string().optional(),
    references: References.optional(),
  }),
]);
type EvalLine = z.infer<typeof EvalLine>;

interface Totals {
  rouge1: number;
  rouge2: number;
  rougeLsum: number;
}

/** What one system (ours or Lead-N) scored so far. */
interface Row {
  readonly rouge: Totals;
  readonly leaning: LeaningCounts;
}

function newRow(): Row {
  return { rouge: { rouge1: 0, rouge2: 0, rougeLsum: 0 }, leaning: emptyLeaningCounts() };
}

function add(totals: Totals, s: RougeScores): void {
  totals.rouge1 += s.rouge1;
  totals.rouge2 += s.rouge2;
  totals.rougeLsum += s.rougeLsum;
}

function leaningShare(c: LeaningCounts): string {
  return `${((100 * (c.pronoun + c.connective)) / Math.max(c.points, 1)).toFixed(1)}%`;
}

function row(name: string, r: Row, scored: number): string {
  const cell = (x: number) => (scored === 0 ? '–' : ((100 * x) / scored).toFixed(2)).padStart(11);
  const { rouge } = r;
  return `${name.padEnd(10)}${cell(rouge.rouge1)}${cell(rouge.rouge2)}${cell(rouge.rougeLsum)}${leaningShare(r.leaning).padStart(11)}`;
}

async function readLines(file: string): Promise<string[]> {
  try {
    const bytes = await readFile(file);
    return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8').split('\n');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new EvalInputError(`cannot read ${file}: ${code ?? (error as Error).message}`);
  }
}

/** The article of a line as the digest receives it. */
function rawArticle(line: EvalLine): RawArticle {
  if ('html' in line) return htmlToArticle(line.html, { kind: 'url', location: line.url ?? line.id });
  return {
    ...(line.title === undefined ? {} : { title: line.title }),
    text: line.text,
    meta: { kind: 'inline', location: line.id },
  };
}

/** Running totals over a file. */
class Evaluation {
  readonly ours = newRow();
  readonly lead = newRow();
  readonly failures: string[] = [];
  articles = 0;
  /** Articles with references: the ROUGE averages are over these. */
  scored = 0;

  constructor(readonly points: number) {}

  addLine(text: string, index: number): void {
    if (text.trim() === '') return;
    let line: EvalLine;
    try {
      line = EvalLine.parse(JSON.parse(text));
    } catch {
      this.failures.push(`line ${index + 1}: not a JSON object with id and text (or html)`);
      return;
    }
    this.articles++;
    const references = line.references?.map((r) => (typeof r === 'string' ? r : r.join('\n')));
    if (references !== undefined) this.scored++;
    try {
      this.score(rawArticle(line), references);
    } catch (error) {
      // An article the pipeline refuses scores zero for both rows: failures must not flatter the average.
      const reason =
        error instanceof ArticleError
          ? error.message
          : `${(error as Error).name}: ${(error as Error).message}`;
      this.failures.push(`${line.id}: ${reason}`);
    }
  }

  private score(raw: RawArticle, references: readonly string[] | undefined): void {
    const ours = buildDigest(raw, { points: this.points }).keyPoints;
    const clean = cleanArticle(
      raw.title === undefined ? { text: raw.text } : { title: raw.title, text: raw.text },
    );
    const lead = articleSentences(clean.paragraphs)
      .slice(0, this.points)
      .map((s) => s.text);
    countLeaning(this.ours.leaning, ours);
    countLeaning(this.lead.leaning, lead);
    if (references === undefined) return;
    add(this.ours.rouge, bestRougeScores(references, ours.join('\n')));
    add(this.lead.rouge, bestRougeScores(references, lead.join('\n')));
  }

  report(file: string): string {
    const lines = [
      `Key points on ${file}: ${this.articles} articles (${this.scored} with references), ${this.points} points each, ${this.failures.length} failures`,
      `${''.padEnd(10)}${'ROUGE-1'.padStart(11)}${'ROUGE-2'.padStart(11)}${'ROUGE-Lsum'.padStart(11)}${'leaning'.padStart(11)}`,
      row('ours', this.ours, this.scored),
      row(`Lead-${this.points}`, this.lead, this.scored),
      '',
      'leaning: key points that open with a pronoun or a connective (docs/quality.md)',
      `  ours:   ${describeLeaning(this.ours.leaning)}`,
      `  Lead-${this.points}: ${describeLeaning(this.lead.leaning)}`,
      ...this.failures.map((f) => `failed: ${f}`),
    ];
    return `${lines.join('\n')}\n`;
  }
}

/** Runs the evaluation and returns the printed table. */
export async function runKeypointsEval(file: string, options: { points?: number } = {}): Promise<string> {
  const evaluation = new Evaluation(options.points ?? 3);
  (await readLines(file)).forEach((line, index) => {
    evaluation.addLine(line, index);
  });
  if (evaluation.articles === 0) throw new EvalInputError(`${file} holds no article lines`);
  return evaluation.report(file);
}
