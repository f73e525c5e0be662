// `npm start` (default mode): the whole job on one machine. It starts the embedded stand-ins of DynamoDB and SES
// (state kept in .local/), seeds demo subscribers in every state, runs the digest function on the sample article and
// the deliver function through the in-process queue — the same functions as in Lambda — with a progress bar, and
// writes to outbox/ the rendered digest and a copy of each raw message SES accepted. A second run finds the issue
// already sent and sends nothing; `--fresh` starts over. A run cut short resumes where it stopped.
// `--event` hands the digest function any event (the local twin of invoking it by hand) and prints its result as
// JSON. With `--serve` running on the same data folder, the job uses that server's stack and mails its links.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { issuePath } from '../delivery/archive.js';
import type { RecipientOutcome } from '../delivery/deliver.js';
import type { IssueRunResult } from '../delivery/start-issue.js';
import { formatSummary, type IssueSummary, summariseIssue } from '../delivery/summary.js';
import type { RenderedEmail } from '../email/render.js';
import { type ArticlePolicy, parseDigestEvent, resolveArticle } from '../handlers/digest/event.js';
import { createLocalDelivery } from './local-delivery.js';
import {
  claimLocalDir,
  isDataLocked,
  type LocalStack,
  localTokenSecret,
  PortInUseError,
  planLocalWipe,
  startLocalStack,
  useLocalEndpoints,
  wipeLocalDir,
} from './local-stack.js';
import { seedDemo } from './seed-demo.js';
import { findRunningServe } from './serve.js';

export interface RunJobOptions {
  /** `sample`, a file path, an http(s) URL or s3://… */
  readonly article: string;
  readonly outbox: string;
  /** Where local state lives; `.local` when left out. */
  readonly dataDir?: string;
  /** Wipe the local state and the outbox first. */
  readonly fresh?: boolean;
  /** 8000 and 8005 when left out; 0 picks free ports. */
  readonly dynamoPort?: number;
  readonly sesPort?: number;
  /** Print the functions' Powertools logs (JSON) instead of a progress bar. */
  readonly verbose?: boolean;
  /** Where the report goes; standard output when left out. */
  readonly out?: NodeJS.WritableStream & { isTTY?: boolean };
  /**
   * The digest function's event (`--event`), checked before anything starts; `{ article }` when left out. Its
   * result is written as JSON to `result`.
   */
  readonly event?: unknown;
  readonly result?: NodeJS.WritableStream;
  /** Port of the pages that mailed links point to when no `--serve` runs on the data folder; 3000 when left out. */
  readonly sitePort?: number;
}

export interface RunJobResult {
  readonly run: IssueRunResult;
  readonly summary?: IssueSummary;
  /** Emails SES accepted in this run. */
  readonly sentThisRun: number;
  readonly deadLettered: number;
  /** Everything went to plan: nothing failed, ambiguous or left pending. */
  readonly ok: boolean;
}

const SAMPLE = resolve(import.meta.dirname, '../../samples/sample-article.txt');

export class JobError extends Error {
  override readonly name = 'JobError';
}

/** Largest `--event` file read: a Lambda's own request payload limit is 6 MB, a digest event is a few hundred bytes. */
const MAX_EVENT_FILE_BYTES = 1024 * 1024;

/**
 * The value of `--event`: inline JSON (it starts with `{`, `[` or `"`) or the path of a file holding JSON.
 * JobError, in one line, when the file cannot be read or the text is not JSON; the event itself is checked later.
 */
export function readEventOption(value: string): unknown {
  const inline = /^\s*[{["]/.test(value);
  let text = value;
  const from = inline ? '--event' : `--event file ${value}`;
  if (!inline) {
    try {
      if (statSync(value).isDirectory()) throw new JobError(`${from} is a folder, not a JSON file`);
      if (statSync(value).size > MAX_EVENT_FILE_BYTES) throw new JobError(`${from} is larger than 1 MB`);
      text = readFileSync(value, 'utf8');
    } catch (error) {
      if (error instanceof JobError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new JobError(
        code === 'ENOENT'
          ? `${from} does not exist (--event takes JSON, or the path of a JSON file)`
          : `cannot read ${from}: ${code ?? 'unknown error'}`,
      );
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text it choked on: a binary file's escape sequences must not reach the terminal.
    const reason = (error as Error).message.replace(/\s+/g, ' ').replace(/[\p{Cc}\p{Cf}]/gu, '?');
    throw new JobError(`${from} is not valid JSON: ${reason}`);
  }
}

/** Local runs digest the sample by default, and may name a file. */
const LOCAL_ARTICLES: ArticlePolicy = { defaultArticle: 'sample', samplePath: SAMPLE, allowFiles: true };

type Stack = Pick<LocalStack, 'dynamoEndpoint' | 'sesEndpoint' | 'tableName' | 'stop'>;

/** What the run did by the handler's result: a dry run and a test send succeed without an issue's summary. */
function runWentToPlan(
  run: IssueRunResult,
  summary: IssueSummary | undefined,
  deadLettered: number,
): boolean {
  switch (run.status) {
    case 'dry-run':
    case 'nothing-new':
      return true;
    case 'test-sent':
      return run.results.every((r) => 'messageId' in r);
    default:
      return (
        deadLettered === 0 &&
        !!summary &&
        summary.failed === 0 &&
        summary.ambiguous === 0 &&
        summary.pending === 0
      );
  }
}

type Say = (label: string, text: string) => void;

/** The lines that say what the digest function did: the issue, its stories, what was queued or why nothing was. */
function reportRun(run: IssueRunResult, say: Say, out: NodeJS.WritableStream): void {
  const more = (text: string) => out.write(`${' '.repeat(12)}${text}\n`);
  if (run.status === 'nothing-new') {
    say(
      'Nothing new',
      `${run.alreadySent} of the ${run.considered} stories of ${run.article} went out in earlier issues; nothing was sent`,
    );
  } else {
    say('Issue', `${run.issueId}: "${run.subject}"`);
  }
  if ('stories' in run && run.stories) {
    run.stories.forEach((story, i) => {
      (i === 0 ? (text: string) => say('Stories', text) : more)(
        `${i + 1}. ${story.title} (${story.location})`,
      );
    });
  }
  if ('leftOut' in run && run.leftOut) {
    run.leftOut.forEach((left, i) => {
      (i === 0 ? (text: string) => say('Left out', text) : more)(`${left.location}: ${left.reason}`);
    });
  }
  if (run.status === 'dry-run') {
    say('Dry run', `${run.recipients} recipients would get it; nothing was sent or recorded`);
  } else if (run.status === 'test-sent') {
    const sent = run.results.filter((r) => 'messageId' in r).length;
    say('Test send', `${sent} of ${run.results.length} sent, outside the issue's records`);
  } else if (run.status === 'enqueued') {
    say(
      'Queued',
      `${run.recipients} recipients in ${run.messages} messages${run.resumed ? ' (resumed)' : ''}`,
    );
  } else if (run.status === 'already-started') {
    say('Queued', 'nothing: this issue was already started');
  } else if (run.status === 'in-progress') {
    say(
      'Queued',
      'nothing yet: a run stopped moments ago was queuing this issue; run again in a few seconds',
    );
  }
}

/**
 * Refuses --fresh while a server uses the data, wipes what --fresh asks for (both folders checked before either
 * is touched: a refused outbox leaves the state as it was), and claims both folders for npm start.
 */
function prepareLocalDirs(
  serving: Awaited<ReturnType<typeof findRunningServe>>,
  options: RunJobOptions,
  dataDir: string,
): void {
  if (serving && options.fresh) {
    throw new JobError(
      `--fresh: npm start -- --serve (pid ${serving.pid}) is using ${dataDir}; stop it first, or pick another --data-dir`,
    );
  }
  if (options.fresh && isDataLocked(join(dataDir, 'dynamo'))) {
    throw new JobError(
      `--fresh: another npm start or admin command is using ${dataDir}; wait for it to finish, or pick another --data-dir`,
    );
  }
  if (options.fresh) {
    const plans = [planLocalWipe(dataDir, 'data'), planLocalWipe(options.outbox, 'outbox')];
    for (const plan of plans) wipeLocalDir(plan);
  }
  claimLocalDir(dataDir, 'data');
  claimLocalDir(options.outbox, 'outbox');
}

/**
 * The local stand-ins: those of a running `npm start -- --serve` on the same data (dynalite keeps its folder
 * locked, so the server's stack is shared rather than the same data opened a second time), else new ones on the
 * chosen ports; a port in use is a JobError that says what to do.
 */
async function openStack(
  serving: Awaited<ReturnType<typeof findRunningServe>>,
  options: RunJobOptions,
  dataDir: string,
): Promise<Stack> {
  if (serving) {
    const stack = { ...serving, stop: async () => {} };
    useLocalEndpoints(stack);
    return stack;
  }
  try {
    return await startLocalStack({
      dataDir: join(dataDir, 'dynamo'),
      dynamoPort: options.dynamoPort ?? 8000,
      sesPort: options.sesPort ?? 8005,
    });
  } catch (error) {
    if (error instanceof PortInUseError) {
      throw new JobError(
        `${error.message} (is another npm start running? pick ports with --dynamo-port/--ses-port)`,
      );
    }
    throw error;
  }
}

/** The progress bar of the sending, started at 0 of `waiting`. */
function startBar(
  out: NodeJS.WritableStream,
  waiting: number,
  tally: Record<string, number>,
): cliProgress.SingleBar {
  const bar = new cliProgress.SingleBar(
    {
      format: `${'Sending'.padEnd(12)}{bar} {value}/{total} | sent {sent} · skipped {skipped} · failed {failed} · ambiguous {ambiguous}`,
      stream: out,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(waiting, 0, tally);
  return bar;
}

/** The email's "View in browser" link: it answers while a --serve runs on this data folder. */
function webLine(issueId: string, siteUrl: string, served: boolean): string {
  return `${siteUrl}${issuePath(issueId)}${served ? '' : ' (with npm start -- --serve)'}`;
}

/** Writes the rendered digest to the outbox; returns the .eml files there (one per email SES accepted). */
function writeOutbox(outbox: string, email: RenderedEmail | undefined): string[] {
  mkdirSync(outbox, { recursive: true });
  if (email) {
    writeFileSync(join(outbox, 'digest.html'), email.html);
    writeFileSync(join(outbox, 'digest.txt'), email.text);
  }
  return readdirSync(outbox).filter((f) => f.endsWith('.eml'));
}

/** What the outbox holds, in words: earlier runs' mail stays there (one file per address), so say which is new. */
function outboxLine(outbox: string, digest: boolean, emls: number, sentThisRun: number): string {
  const shown = relative('.', outbox) || '.';
  const files = digest ? `${shown}/digest.html, ${shown}/digest.txt, and ` : `${shown}/: `;
  const earlier = Math.max(0, emls - sentThisRun);
  const which =
    earlier === 0
      ? 'one per email sent'
      : sentThisRun === 0
        ? 'by an earlier run'
        : `${sentThisRun} from this run, ${earlier} from earlier runs`;
  return `${files}${emls} .eml files (${which})`;
}

export async function runJob(options: RunJobOptions): Promise<RunJobResult> {
  const out = options.out ?? process.stdout;
  const say = (label: string, text: string) => out.write(`${label.padEnd(12)}${text}\n`);
  const dataDir = options.dataDir ?? '.local';
  const event = options.event !== undefined ? options.event : { article: options.article };
  // A bad event is refused in one line before anything starts or is wiped; the handler checks it again.
  resolveArticle(parseDigestEvent(event).article, LOCAL_ARTICLES);

  const serving = await findRunningServe(dataDir);
  prepareLocalDirs(serving, options, dataDir);
  // A claim made before this run started belongs to a process that is gone: no result means ambiguous.
  const startedAt = Date.now();
  // Links go to the pages in force: the running server's, else the port asked for.
  const siteUrl = serving?.siteUrl ?? `http://127.0.0.1:${options.sitePort ?? 3000}`;

  const stack = await openStack(serving, options, dataDir);

  const showBar = !options.verbose && out.isTTY === true;
  let bar: cliProgress.SingleBar | undefined;
  const tally = { sent: 0, skipped: 0, failed: 0, ambiguous: 0 };
  const observe = (o: RecipientOutcome) => {
    if (o.kind in tally) tally[o.kind as keyof typeof tally]++;
    if (['sent', 'skipped', 'failed', 'ambiguous', 'duplicate'].includes(o.kind)) bar?.increment(1, tally);
  };
  const delivery = createLocalDelivery({
    tableName: stack.tableName,
    tokenSecret: localTokenSecret(dataDir),
    articles: LOCAL_ARTICLES,
    siteUrl,
    logLevel: options.verbose ? 'INFO' : 'SILENT',
    outbox: options.outbox,
    queue: { persistPath: join(dataDir, 'queue.json'), visibilityTimeoutMs: 1_000 },
    orphanedBefore: () => startedAt,
    // One local run at a time: a run stopped part way through queuing can be resumed a few seconds later.
    leaseMs: 5_000,
    observe,
  });

  try {
    say(
      'Local stack',
      `DynamoDB ${stack.dynamoEndpoint}, SES ${stack.sesEndpoint} (state in ${dataDir}/${serving ? `, of npm start -- --serve, pid ${serving.pid}` : ''})`,
    );
    say('Links', `${siteUrl}${serving ? ' (the running npm start -- --serve)' : ''}`);
    const seeded = await seedDemo(delivery.subscribers);
    const states = Object.entries(seeded.byStatus)
      .map(([status, n]) => `${n} ${status}`)
      .join(', ');
    say('Subscribers', `${states}${seeded.added ? ` (${seeded.added} demo subscribers added)` : ''}`);

    const leftover = delivery.queue.recipientsWaiting();
    if (leftover > 0) say('Resuming', `${leftover} recipients still queued from an earlier run that stopped`);

    const run = await delivery.digest(event);
    reportRun(run, say, out);
    if (run.status === 'enqueued' || run.status === 'already-started')
      say('Web', webLine(run.issueId, siteUrl, serving !== undefined));

    const waiting = delivery.queue.recipientsWaiting();
    let deadLettered = 0;
    if (waiting > 0) {
      if (showBar) bar = startBar(out, waiting, tally);
      const drained = await delivery.queue.drain(delivery.deliver);
      bar?.stop();
      deadLettered = drained.deadLettered.length;
      if (deadLettered > 0) {
        say(
          'Dead letters',
          `${deadLettered} messages could not be delivered after repeated tries (see the summary)`,
        );
      }
    }

    const summary =
      run.status === 'dry-run' || run.status === 'test-sent' || run.status === 'nothing-new'
        ? undefined
        : await summariseIssue(run.issueId, delivery);
    if (summary) {
      const [first, ...rest] = formatSummary(summary);
      say('Summary', first ?? '');
      for (const line of rest) out.write(`${' '.repeat(12)}${line.trim()}\n`);
    }

    // A dry run or a test send records no issue, so there is no issue email to copy.
    const email = summary ? await delivery.issues.getEmail(summary.issueId) : undefined;
    const emls = writeOutbox(options.outbox, email);
    const sentThisRun =
      run.status === 'test-sent' ? run.results.filter((r) => 'messageId' in r).length : tally.sent;
    say('Outbox', outboxLine(options.outbox, email !== undefined, emls.length, sentThisRun));

    if (tally.sent === 0 && run.status === 'already-started') {
      out.write(
        `\nThis issue was already sent, so nothing was sent this time. Start over with: npm start -- --fresh\n`,
      );
    }
    options.result?.write(`${JSON.stringify(run, null, 2)}\n`);
    return {
      run,
      ...(summary ? { summary } : {}),
      sentThisRun,
      deadLettered,
      ok: runWentToPlan(run, summary, deadLettered),
    };
  } finally {
    bar?.stop();
    delivery.close();
    await stack.stop();
  }
}
