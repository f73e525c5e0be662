// Batch mode core (`npm run digest -- --batch IN.jsonl`, as specified in the evaluation README): reads JSON lines
// {"id","text","title"?} (an article as a text file holds it) or {"id","html","url"?} (a saved web page), streams
// them one at a time, and writes one JSON line per input line, in order:
// {"id","title","body","keyPoints","keyPointSources","quotes":[{"text","speaker"}]} or {"id","error"} when a line
// cannot be digested. `keyPoints` stays a list of strings (the evaluation reads it); `keyPointSources` gives each
// key point's range in `body` and the words bracketed or dropped (see engine/keypoint-text.ts).
// One bad line never stops the batch. Used by the CLI, the benchmark and the evaluation.
import { z } from 'zod';
import {
  ArticleError,
  buildDigest,
  type KeyPoint,
  MAX_ARTICLE_CHARS,
  type RawArticle,
} from '../engine/index.js';

/** Where a key point comes from: its range of `body` and its edits (its text is in `keyPoints`). */
export type KeyPointSource = Omit<KeyPoint, 'text'>;

/** Turns a saved web page into an article (the HTML article source's extractor, loaded only when needed). */
export type HtmlExtractor = (html: string, location: string) => RawArticle;

export interface BatchOptions {
  /** Key points per article. */
  readonly points: number;
  /** Extracts the article from {"html"} lines; runBatch loads it at the first such line. */
  readonly html?: HtmlExtractor;
}

export interface BatchSuccess {
  readonly id: string | number | null;
  readonly title: string;
  /** The cleaned article text the digest works from; the key points' offsets point into it. */
  readonly body: string;
  readonly keyPoints: readonly string[];
  readonly keyPointSources: readonly KeyPointSource[];
  readonly quotes: ReadonlyArray<{ readonly text: string; readonly speaker: string | null }>;
}

export interface BatchFailure {
  readonly id: string | number | null;
  readonly error: string;
}

export type BatchOutput = BatchSuccess | BatchFailure;

export interface BatchSummary {
  readonly lines: number;
  readonly errors: number;
}

/** Longest input line read, in bytes: the largest article (MAX_ARTICLE_CHARS) with room for JSON escapes. */
export const MAX_BATCH_LINE_BYTES = 8 * MAX_ARTICLE_CHARS;

const inputLine = z.object({
  id: z
    .union([z.string(), z.number()], { error: '"id" must be a string or a number' })
    .nullish()
    .transform((v) => v ?? null),
  text: z.string({ error: '"text" must be a string' }).optional(),
  html: z.string({ error: '"html" must be a string' }).optional(),
  url: z
    .string({ error: '"url" must be a string' })
    .nullish()
    .transform((v) => v ?? undefined),
  title: z
    .string({ error: '"title" must be a string' })
    .nullish()
    .transform((v) => v ?? undefined),
});

/** The article of a parsed line: its text as given, or the page's article. Throws ArticleError. */
function articleOf(data: z.infer<typeof inputLine>, options: BatchOptions): RawArticle {
  const location = data.url ?? `batch line ${data.id ?? '(no id)'}`;
  if (data.html !== undefined) {
    if (options.html === undefined) throw new ArticleError('HTML lines need the HTML extractor');
    const page = options.html(data.html, location);
    return data.title === undefined ? page : { ...page, title: data.title };
  }
  return {
    ...(data.title !== undefined && { title: data.title }),
    text: data.text ?? '',
    meta: { kind: 'inline', location },
  };
}

/** What is wrong with a line that gives no article, or undefined. */
function missingArticle(data: z.infer<typeof inputLine>): string | undefined {
  if (data.text !== undefined && data.html !== undefined) return 'give "text" or "html", not both';
  if (data.text === undefined && data.html === undefined) return 'missing "text" (or "html")';
  const given = data.html ?? data.text ?? '';
  if (given.trim() === '') return `"${data.html === undefined ? 'text' : 'html'}" is empty`;
  return undefined;
}

/** Best effort at the id of a line that is not valid JSON or too long to parse, so its error line can name it. */
function guessId(head: string): string | number | null {
  const match = /"id"\s*:\s*(?:"((?:[^"\\]|\\.){0,200})"|(-?\d{1,15}(?:\.\d+)?))/.exec(head);
  if (match?.[1] !== undefined) {
    try {
      return JSON.parse(`"${match[1]}"`) as string;
    } catch {
      return null;
    }
  }
  return match?.[2] !== undefined ? Number(match[2]) : null;
}

/** Digests one input line (without its newline). Never throws: a failure is an error line. */
export function digestBatchLine(line: string, options: BatchOptions): BatchOutput {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return {
      id: guessId(line.slice(0, 4096)),
      error: line.trim() === '' ? 'empty line' : 'line is not valid JSON',
    };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { id: null, error: 'line is not a JSON object' };
  }
  const parsed = inputLine.safeParse(json);
  if (!parsed.success) {
    const rawId = (json as { id?: unknown }).id;
    const id = typeof rawId === 'string' || typeof rawId === 'number' ? rawId : null;
    return { id, error: parsed.error.issues[0]?.message ?? 'invalid line' };
  }
  const { id } = parsed.data;
  const missing = missingArticle(parsed.data);
  if (missing !== undefined) return { id, error: missing };
  try {
    const digest = buildDigest(articleOf(parsed.data, options), { points: options.points });
    return {
      id,
      title: digest.title,
      body: digest.body,
      keyPoints: digest.keyPoints,
      keyPointSources: digest.keyPointSources.map(({ start, end, edits }) => ({ start, end, edits })),
      quotes: digest.quotes.map((q) => ({ text: q.text, speaker: q.speaker })),
    };
  } catch (error) {
    if (error instanceof ArticleError) return { id, error: error.message };
    // A fault in the digest engine on one article must not stop the other articles.
    return { id, error: `internal error: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export type BatchLine = { readonly text: string } | { readonly tooLong: number; readonly head: string };

/**
 * Splits a byte stream into lines (LF or CRLF) without holding more than one line, and never more than
 * `maxLineBytes` of it: a longer line is skipped to its end and reported as too long.
 * A final empty segment after the last newline is not a line.
 */
export async function* splitLines(
  stream: AsyncIterable<Uint8Array | string>,
  maxLineBytes = MAX_BATCH_LINE_BYTES,
): AsyncGenerator<BatchLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let skipped = 0; // bytes of an over-long line seen so far (0 when the current line is within the cap)
  let head = '';
  let first = true;
  const take = (): BatchLine => {
    let buf = Buffer.concat(parts, size);
    if (first && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    if (buf[buf.length - 1] === 0x0d) buf = buf.subarray(0, buf.length - 1);
    first = false;
    return { text: buf.toString('utf8') };
  };
  const add = (chunk: Buffer) => {
    if (skipped > 0) {
      skipped += chunk.length;
      return;
    }
    if (size + chunk.length > maxLineBytes) {
      head = Buffer.concat([...parts, chunk])
        .subarray(0, 4096)
        .toString('utf8');
      skipped = size + chunk.length;
      parts = [];
      size = 0;
      return;
    }
    parts.push(chunk);
    size += chunk.length;
  };
  for await (const raw of stream) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw);
    let start = 0;
    for (let nl = chunk.indexOf(0x0a, start); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      add(chunk.subarray(start, nl));
      if (skipped > 0) {
        yield { tooLong: skipped, head };
        skipped = 0;
        first = false;
      } else {
        yield take();
      }
      parts = [];
      size = 0;
      start = nl + 1;
    }
    if (start < chunk.length) add(chunk.subarray(start));
  }
  if (skipped > 0) yield { tooLong: skipped, head };
  else if (size > 0) yield take();
}

/**
 * Runs the batch: every line of `input` is digested and its output line handed to `write` (which may return a
 * promise to apply back-pressure). Returns how many lines were read and how many gave errors.
 */
export async function runBatch(
  input: AsyncIterable<Uint8Array | string>,
  write: (line: string) => void | Promise<void>,
  options: BatchOptions,
): Promise<BatchSummary> {
  let lines = 0;
  let errors = 0;
  let withHtml = options;
  for await (const line of splitLines(input)) {
    lines++;
    // The DOM and the extractor load only for a batch that holds web pages.
    if (withHtml.html === undefined && 'text' in line && line.text.includes('"html"')) {
      const { htmlToArticle } = await import('../adapters/article-sources/html.js');
      withHtml = { ...options, html: (html, location) => htmlToArticle(html, { kind: 'inline', location }) };
    }
    const output: BatchOutput =
      'tooLong' in line
        ? {
            id: guessId(line.head),
            error: `line is too large (${line.tooLong} bytes; the limit is ${MAX_BATCH_LINE_BYTES})`,
          }
        : digestBatchLine(line.text, withHtml);
    if ('error' in output) errors++;
    await write(`${JSON.stringify(output)}\n`);
  }
  return { lines, errors };
}
