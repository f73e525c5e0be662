// `npm run digest -- [options] <file|url|->`: digests one article and prints its key points and quotes, or its
// JSON (--json); writes the rendered email (--html FILE, --text FILE); or runs the batch mode (--batch IN.jsonl).
// Given a feed (RSS, Atom, JSON Feed), it digests its newest stories as an issue would carry them (--stories N).
// Exit codes: 0 done, 1 the article (or an output file) could not be handled, 2 usage error. Errors are one line on
// stderr, never a stack trace. Heavy modules (HTML extraction, the email renderer, the batch schema) load only
// when a run needs them, so a plain-text article's digest starts fast.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { articleSourceFor, documentSourceFor } from '../adapters/article-sources/index.js';
import type { Feed } from '../delivery/stories.js';
import { formatDate, oneLine, wrapText } from '../email/plain-text.js';
import { ArticleError, buildDigest, type Digest } from '../engine/index.js';

export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: AsyncIterable<Uint8Array | string>;
  readonly env: NodeJS.ProcessEnv;
  /** Terminal width for the text digest; 80 when unknown. */
  readonly columns?: number | undefined;
  /** True when stderr is a terminal: the batch mode then shows a progress bar there. */
  readonly progress?: boolean;
}

/** Wrong options or arguments: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An output file cannot be written: exit code 1. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
}

export const EXIT_OK = 0;
export const EXIT_ARTICLE = 1;
export const EXIT_USAGE = 2;

interface Options {
  json?: boolean;
  html?: string;
  text?: string;
  points: number;
  batch?: string;
  timeout: number;
  stories: number;
}

function parsePoints(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(n) || n < 1 || n > 20) {
    throw new InvalidArgumentError('It must be a whole number from 1 to 20.');
  }
  return n;
}

function parseStories(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(n) || n < 1 || n > 20) {
    throw new InvalidArgumentError('It must be a whole number from 1 to 20.');
  }
  return n;
}

function parseTimeout(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 300)
    throw new InvalidArgumentError('It must be a number of seconds above 0, at most 300.');
  return n;
}

/** Writes to a stream and waits when it asks for back-pressure (a slow pipe must not grow memory). */
function writeTo(stream: NodeJS.WritableStream, text: string): Promise<void> | undefined {
  if (stream.write(text)) return undefined;
  return new Promise((resolve) => stream.once('drain', () => resolve()));
}

/** The digest for a terminal: title, source, numbered key points and every quote with its speaker. */
export function formatForTerminal(digest: Digest, columns = 80): string {
  const width = Math.max(40, Math.min(columns, 100) - 1);
  const source = [
    digest.source.siteName,
    digest.source.byline,
    formatDate(digest.source.publishedAt),
    `${digest.wordCount} words, ${digest.readingMinutes} min read`,
  ]
    .filter((part): part is string => part !== undefined && oneLine(part) !== '')
    .map(oneLine)
    .join(' · ');
  const out: string[] = [wrapText(digest.title, width), wrapText(source, width)];
  if (digest.source.kind === 'url' || digest.source.kind === 's3') out.push(digest.source.location);
  out.push('', 'Key points', '');
  digest.keyPoints.forEach((point, i) => {
    out.push(wrapText(point, width, `${String(i + 1).padStart(2)}. `));
  });
  out.push('');
  if (digest.quotes.length === 0) {
    out.push('No direct quotations found.');
  } else {
    out.push(`Quotes (${digest.quotes.length}; * = featured in the email)`, '');
    for (const quote of digest.quotes) {
      out.push(wrapText(`“${quote.text}”`, width, quote.featured ? ' * ' : '   '));
      out.push(`      — ${quote.speaker === null ? 'speaker unknown' : oneLine(quote.speaker)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Writes the rendered email: of one article, or (a list) of a feed's stories. */
async function writeEmails(digest: Digest | readonly Digest[], options: Options, io: CliIo): Promise<void> {
  const [{ fileTemplates }, { createDigestRenderer }, { createStoriesRenderer }, { writeFile }] =
    await Promise.all([
      import('../adapters/templates.js'),
      import('../email/render.js'),
      import('../email/stories.js'),
      import('node:fs/promises'),
    ]);
  // A preview needs no deployment: the branding falls back to clearly marked placeholders.
  const branding = {
    siteName: io.env.SITE_NAME?.trim() || 'Digest preview',
    siteUrl: io.env.SITE_URL?.trim() || 'http://localhost:3000',
    postalAddress: io.env.POSTAL_ADDRESS?.trim() || 'Postal address not configured (set POSTAL_ADDRESS)',
  };
  const email = Array.isArray(digest)
    ? createStoriesRenderer(fileTemplates(), branding)(digest)
    : createDigestRenderer(fileTemplates(), branding)(digest as Digest);
  const targets: Array<[string, string]> = [];
  if (options.html !== undefined) targets.push([options.html, email.html]);
  if (options.text !== undefined) targets.push([options.text, email.text]);
  for (const [path, content] of targets) {
    try {
      await writeFile(path, content);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason =
        code === 'ENOENT'
          ? 'no such directory'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : code === 'EISDIR'
              ? 'it is a directory'
              : (code ?? String(error));
      throw new OutputError(`cannot write ${path}: ${reason}`);
    }
    io.stderr.write(`wrote ${path}\n`);
  }
}

async function runSingle(location: string, options: Options, io: CliIo): Promise<void> {
  const sourceOptions = {
    stdin: io.stdin,
    timeoutMs: options.timeout * 1000,
    // The CLI runs on the editor's own machine: a page on localhost or the LAN is theirs to digest.
    privateNetwork: 'allow',
  } as const;
  const document = await documentSourceFor(location, { ...sourceOptions, feeds: true }).load();
  if (document.kind === 'feed') {
    await runFeed(document.feed, options, io, (l) => articleSourceFor(l, sourceOptions).load());
    return;
  }
  const digest = buildDigest(document.article, { points: options.points });
  if (options.html !== undefined || options.text !== undefined) await writeEmails(digest, options, io);
  await writeTo(
    io.stdout,
    options.json === true ? `${JSON.stringify(digest, null, 2)}\n` : formatForTerminal(digest, io.columns),
  );
}

/**
 * A feed: its newest `--stories` stories digested as an issue carries them (a few key points and the best quote
 * each), loaded a few at a time; stories that fail are listed with why. Nothing is recorded: every story counts.
 */
async function runFeed(
  feed: Feed,
  options: Options,
  io: CliIo,
  loadArticle: (location: string) => Promise<import('../engine/article.js').RawArticle>,
): Promise<void> {
  const [{ feedCandidates, NoStoriesError }, { loadStories }] = await Promise.all([
    import('../delivery/stories.js'),
    import('../delivery/story-selection.js'),
  ]);
  const { candidates, leftOut: skipped } = feedCandidates(feed);
  const loaded = await loadStories(candidates.slice(0, options.stories), loadArticle);
  const leftOut = [...skipped, ...loaded.leftOut];
  if (loaded.stories.length === 0 && candidates.length > 0) throw new NoStoriesError(feed.location, leftOut);
  const digests = loaded.stories.map((s) => s.digest);
  if (options.html !== undefined || options.text !== undefined) await writeEmails(digests, options, io);
  if (options.json === true) {
    const { location, format, title } = feed;
    const json = { feed: { location, format, ...(title ? { title } : {}) }, stories: digests, leftOut };
    await writeTo(io.stdout, `${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const head = `${feed.title ? `${oneLine(feed.title)}: ` : ''}${digests.length} ${digests.length === 1 ? 'story' : 'stories'} (${feed.location})`;
  const parts = [`${head}\n`];
  digests.forEach((digest, i) => {
    parts.push(
      `${'─'.repeat(Math.min(60, io.columns ?? 80))}\n${i + 1}. ${formatForTerminal(digest, io.columns)}`,
    );
  });
  if (candidates.length === 0) parts.push('The feed lists no story.\n');
  if (leftOut.length > 0) {
    parts.push(`\nLeft out:\n${leftOut.map((l) => `  ${l.location}: ${l.reason}`).join('\n')}\n`);
  }
  await writeTo(io.stdout, parts.join('\n'));
}

/** Counts the bytes that pass through, for the progress bar. */
async function* counted(
  stream: AsyncIterable<Uint8Array | string>,
  onBytes: (n: number) => void,
): AsyncGenerator<Uint8Array | string> {
  for await (const chunk of stream) {
    onBytes(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length);
    yield chunk;
  }
}

function inputName(input: string): string {
  return input === '-' ? 'standard input' : input;
}

async function runBatchMode(input: string, options: Options, io: CliIo): Promise<void> {
  const { runBatch } = await import('./batch.js');
  let stream: AsyncIterable<Uint8Array | string> = io.stdin;
  let size = 0;
  if (input !== '-') {
    const [{ stat }, { createReadStream }] = await Promise.all([
      import('node:fs/promises'),
      import('node:fs'),
    ]);
    try {
      const info = await stat(input);
      if (info.isDirectory()) throw new ArticleError(`cannot read ${input}: it is a directory`);
      size = info.size;
    } catch (error) {
      if (error instanceof ArticleError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code;
      throw new ArticleError(`cannot read ${input}: ${reason}`);
    }
    stream = createReadStream(input);
  }
  // A progress bar (by bytes read) only for a person watching a terminal, never in a pipe or a log.
  let bar: { update(value: number, payload?: object): void; stop(): void } | undefined;
  if (io.progress === true && size > 0) {
    const { SingleBar } = (await import('cli-progress')).default;
    const progress = new SingleBar({
      stream: io.stderr,
      format: 'digesting {bar} {percentage}% | {lines} articles | {errors} errors | {duration_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      // The caller decided stderr is a terminal (CliIo.progress); the library must not second-guess the stream.
      noTTYOutput: true,
    });
    progress.start(size, 0, { lines: 0, errors: 0 });
    bar = progress;
  }
  let read = 0;
  let lines = 0;
  let errors = 0;
  const source = bar === undefined ? stream : counted(stream, (n) => (read += n));
  try {
    const summary = await runBatch(
      source,
      (line) => {
        if (bar !== undefined) {
          lines++;
          if (line.startsWith('{"id":') && line.includes('"error":')) errors++;
          bar.update(read, { lines, errors });
        }
        return writeTo(io.stdout, line);
      },
      { points: options.points },
    );
    bar?.stop();
    bar = undefined;
    // Nothing digested (an empty input, a binary file, the wrong format) is a failed run, not a quiet success:
    // each line has already said why, so the exit code and one summary line are what is left to say.
    if (summary.lines === 0) throw new ArticleError(`${inputName(input)} has no lines to digest`);
    if (summary.errors === summary.lines) {
      throw new ArticleError(
        `none of the ${summary.lines} lines of ${inputName(input)} could be digested (see their "error")`,
      );
    }
    if (summary.errors > 0) {
      io.stderr.write(
        `batch: ${summary.errors} of ${summary.lines} lines could not be digested (see their "error")\n`,
      );
    }
  } finally {
    bar?.stop();
  }
}

function buildProgram(io: CliIo): Command {
  return new Command()
    .name('npm run digest --')
    .description('Digest a news article: its key points and its direct quotations with their speakers.')
    .argument(
      '[article]',
      'a text or HTML file, an http(s) URL, s3://bucket/key, or - for standard input; or a feed (RSS, Atom, JSON Feed) at any of them',
    )
    .option('--json', 'print the digest as JSON')
    .option('--html <file>', 'write the rendered HTML email to FILE')
    .option('--text <file>', 'write the plain-text email to FILE')
    .option('--points <k>', 'number of key points, 1 to 20', parsePoints, 4)
    .option('--batch <in.jsonl>', 'digest every line of a JSON-lines file (- for standard input)')
    .option('--timeout <seconds>', 'how long to wait for a URL', parseTimeout, 10)
    .option('--stories <n>', 'for a feed: how many of its newest stories, 1 to 20', parseStories, 5)
    .addHelpText(
      'after',
      `
Examples:
  npm run digest -- samples/sample-article.txt
  npm run digest -- --json https://example.com/news/story.html
  npm run digest -- --html preview.html samples/sample-article.txt
  npm run digest -- samples/feed.xml --stories 3
  npm run --silent digest -- --batch articles.jsonl --points 3 > digests.jsonl

Exit codes: 0 done, 1 the article could not be digested, 2 usage error.`,
    )
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
}

/** Runs the CLI with the given arguments (without `node script`) and returns the exit code. Never throws. */
export async function main(args: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    program.parse([...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successful exits; every other parse failure has been printed by commander.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    throw error;
  }
  const options = program.opts<Options>();
  const location = program.args[0];
  try {
    if (options.batch !== undefined) {
      if (location !== undefined) throw new UsageError('give either an article or --batch, not both');
      if (options.html !== undefined || options.text !== undefined || options.json === true) {
        throw new UsageError(
          '--batch writes JSON lines; it cannot be combined with --json, --html or --text',
        );
      }
      await runBatchMode(options.batch, options, io);
    } else {
      if (location === undefined)
        throw new UsageError('missing the article: a file, a URL or - for standard input');
      await runSingle(location, options, io);
    }
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`error: ${error.message}\n(run with --help for usage)\n`);
      return EXIT_USAGE;
    }
    // RenderError (bad branding from the environment) is matched by name: render.ts is loaded only for --html/--text.
    const known =
      error instanceof ArticleError ||
      (error instanceof Error && error.name === 'NoStoriesError') ||
      error instanceof OutputError ||
      (error instanceof Error && error.name === 'RenderError');
    const message = known
      ? (error as Error).message
      : `unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
    io.stderr.write(`error: ${oneLine(message)}\n`);
    return EXIT_ARTICLE;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // `digest ... | head` closes the pipe early: that is the reader's choice, not a failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    // Lazy: touching process.stdin creates the stream, which a run that never reads it does not need.
    stdin: { [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() },
    env: process.env,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    progress: process.stderr.isTTY === true,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT_ARTICLE;
    },
  );
}
