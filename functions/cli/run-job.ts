// `npm start` (default mode): the whole job on one machine. It starts the embedded stand-ins of DynamoDB and SES
// (state kept in .local/), seeds demo subscribers in every state, runs the digest function on the sample article and
// the deliver function through the in-process queue — the same functions as in Lambda — with a progress bar, and
// writes to outbox/ the rendered digest and a copy of each raw message SES accepted. A second run finds the issue
// already sent and sends nothing; `--fresh` starts over. A run cut short resumes where it stopped.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { RecipientOutcome } from '../delivery/deliver.js';
import type { IssueRunResult } from '../delivery/start-issue.js';
import { formatSummary, type IssueSummary, summariseIssue } from '../delivery/summary.js';
import type { RenderedEmail } from '../email/render.js';
import { createLocalDelivery } from './local-delivery.js';
import { type LocalStack, localTokenSecret, PortInUseError, startLocalStack } from './local-stack.js';
import { seedDemo } from './seed-demo.js';

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

function wipe(dir: string, what: string): void {
  const full = resolve(dir);
  if (full === resolve('.') || full === resolve('/') || resolve('.').startsWith(`${full}/`)) {
    throw new JobError(`refusing to delete ${what} directory ${dir}: it contains the working directory`);
  }
  rmSync(full, { recursive: true, force: true });
}

/** The local stand-ins on the chosen ports; a port in use is a JobError that says what to do. */
async function startStack(options: RunJobOptions, dataDir: string): Promise<LocalStack> {
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

/** What the digest run queued, in words; nothing for a dry run or a test send. */
function queuedLine(run: IssueRunResult): string | undefined {
  switch (run.status) {
    case 'enqueued':
      return `${run.recipients} recipients in ${run.messages} messages${run.resumed ? ' (resumed)' : ''}`;
    case 'already-started':
      return 'nothing: this issue was already started';
    case 'in-progress':
      return 'nothing yet: a run stopped moments ago was queuing this issue; run again in a few seconds';
    default:
      return undefined;
  }
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

export async function runJob(options: RunJobOptions): Promise<RunJobResult> {
  const out = options.out ?? process.stdout;
  const say = (label: string, text: string) => out.write(`${label.padEnd(12)}${text}\n`);
  const dataDir = options.dataDir ?? '.local';
  if (options.fresh) {
    wipe(dataDir, 'data');
    wipe(options.outbox, 'outbox');
  }
  mkdirSync(dataDir, { recursive: true });
  // A claim made before this run started belongs to a process that is gone: no result means ambiguous.
  const startedAt = Date.now();

  const stack = await startStack(options, dataDir);

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
    articles: { defaultArticle: 'sample', samplePath: SAMPLE, allowFiles: true },
    logLevel: options.verbose ? 'INFO' : 'SILENT',
    outbox: options.outbox,
    queue: { persistPath: join(dataDir, 'queue.json'), visibilityTimeoutMs: 1_000 },
    orphanedBefore: () => startedAt,
    // One local run at a time: a run stopped part way through queuing can be resumed a few seconds later.
    leaseMs: 5_000,
    observe,
  });

  try {
    say('Local stack', `DynamoDB ${stack.dynamoEndpoint}, SES ${stack.sesEndpoint} (state in ${dataDir}/)`);
    const seeded = await seedDemo(delivery.subscribers);
    const states = Object.entries(seeded.byStatus)
      .map(([status, n]) => `${n} ${status}`)
      .join(', ');
    say('Subscribers', `${states}${seeded.added ? ` (${seeded.added} demo subscribers added)` : ''}`);

    const leftover = delivery.queue.recipientsWaiting();
    if (leftover > 0) say('Resuming', `${leftover} recipients still queued from an earlier run that stopped`);

    const run = await delivery.digest({ article: options.article });
    say('Issue', `${run.issueId}: "${run.subject}"`);
    const queued = queuedLine(run);
    if (queued !== undefined) say('Queued', queued);

    const waiting = delivery.queue.recipientsWaiting();
    let deadLettered = 0;
    if (waiting > 0) {
      if (showBar) {
        bar = new cliProgress.SingleBar(
          {
            format: `${'Sending'.padEnd(12)}{bar} {value}/{total} | sent {sent} · skipped {skipped} · failed {failed} · ambiguous {ambiguous}`,
            stream: out,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(waiting, 0, tally);
      }
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

    const summary = await summariseIssue(run.issueId, delivery, startedAt);
    if (summary) {
      const [first, ...rest] = formatSummary(summary);
      say('Summary', first ?? '');
      for (const line of rest) out.write(`${' '.repeat(12)}${line.trim()}\n`);
    }

    const emls = writeOutbox(options.outbox, await delivery.issues.getEmail(run.issueId));
    const shown = relative('.', options.outbox) || '.';
    say(
      'Outbox',
      `${shown}/digest.html, ${shown}/digest.txt, and ${emls.length} .eml files (one per email sent${tally.sent === 0 && emls.length > 0 ? ', by an earlier run' : ''})`,
    );

    if (tally.sent === 0 && run.status === 'already-started') {
      out.write(
        `\nThis issue was already sent, so nothing was sent this time. Start over with: npm start -- --fresh\n`,
      );
    }
    const ok =
      deadLettered === 0 &&
      !!summary &&
      summary.failed === 0 &&
      summary.ambiguous === 0 &&
      summary.pending === 0;
    return {
      run,
      ...(summary ? { summary } : {}),
      sentThisRun: tally.sent,
      deadLettered,
      ok,
    };
  } finally {
    bar?.stop();
    delivery.close();
    await stack.stop();
  }
}
