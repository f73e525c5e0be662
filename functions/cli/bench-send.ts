// `npm run bench:send -- --subscribers N [--rate R] [--mailer ses|null]`: seeds N active subscribers in a local
// DynamoDB (dynalite) and runs one full issue through the REAL digest and deliver functions against it, then prints
// subscribers per second, SES and DynamoDB calls, peak memory, the time from the last send to the issue's summary,
// the largest share of DynamoDB writes on one partition key, and checks what was sent against the seeded set: any
// duplicate or missing recipient, a dead letter or an issue left incomplete fails the run. With --rate, the achieved
// send rate over the sending window must be within 5% under R.
// `--mailer ses` (the default) sends to aws-ses-v2-local; past about 20,000 subscribers that stand-in's CPU is the
// limit on this machine, so `--mailer null` sends into a recorder in this process instead (each message is still
// built byte for byte and paced as SendRawEmail would be; the DynamoDB path, the queue and the handlers stay real).
// The stand-ins run in a child process, so that the memory figure is the job's own and they use another core.
// Memory here stays flat in N as well: subscribers are seeded and checked by number, never held in a list.
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Command, InvalidArgumentError, Option } from 'commander';
import { activeIndexKeys } from '../adapters/dynamo/subscriber-store.js';
import { keys } from '../adapters/dynamo/table-schema.js';
import { buildMime } from '../adapters/mime.js';
import { RATE_HEADROOM } from '../adapters/rate-limit.js';
import { MAX_RECIPIENTS_PER_MESSAGE, RECIPIENTS_PER_MESSAGE } from '../delivery/messages.js';
import { summariseIssue } from '../delivery/summary.js';
import type { Mailer } from '../email/mail.js';
import type { Subscriber } from '../subscribers/subscriber.js';
import { createLocalDelivery } from './local-delivery.js';
import { type LocalStack, startLocalStack, useLocalEndpoints } from './local-stack.js';

const SAMPLE = fileURLToPath(new URL('../../samples/sample-article.txt', import.meta.url));

interface Endpoints {
  readonly dynamoEndpoint: string;
  readonly sesEndpoint: string;
  readonly tableName: string;
}

/** Child mode: run the stand-ins until the parent closes our standard input. */
async function serveStack(): Promise<void> {
  const stack = await startLocalStack({ tableName: 'bench' });
  const info: Endpoints = {
    dynamoEndpoint: stack.dynamoEndpoint,
    sesEndpoint: stack.sesEndpoint,
    tableName: stack.tableName,
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    void stack.stop().then(() => process.exit(0));
  });
}

async function startStackProcess(): Promise<{ endpoints: Endpoints; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--serve-stack'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: process.env,
    },
  );
  const lines = createInterface({ input: child.stdout });
  const endpoints = await new Promise<Endpoints>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the local stack process exited (${code})`)));
    lines.once('line', (line) => resolve(JSON.parse(line) as Endpoints));
  });
  return { endpoints, stop: () => child.stdin.end() };
}

const ADDRESS = /^reader(\d{7})@bench\.example\.org$/;

function benchSubscriber(i: number): Subscriber {
  const at = '2024-01-01T00:00:00.000Z';
  const n = String(i).padStart(7, '0');
  return {
    id: `bench-${n}`,
    email: `reader${n}@bench.example.org`,
    status: 'active',
    createdAt: at,
    updatedAt: at,
    confirmedAt: at,
  };
}

/** BatchWrite, 25 items a call, a few calls at a time, made as they are written; unprocessed items are written again. */
async function seed(doc: DynamoDBDocumentClient, tableName: string, count: number) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const from = next;
      next = Math.min(count, next + 25);
      let requests = Array.from({ length: next - from }, (_, k) => {
        const s = benchSubscriber(from + k);
        return { PutRequest: { Item: { ...keys.subscriber(s.id), ...s, ...activeIndexKeys(s) } } };
      });
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 8) throw new Error('seeding: DynamoDB keeps leaving items unprocessed');
        const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
        if (requests.length > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

interface BenchOptions {
  readonly subscribers: number;
  readonly rate?: number;
  readonly perMessage: number;
  readonly instances: number;
  readonly mailer: 'ses' | 'null';
  readonly inProcess?: boolean;
}

/** Send start times, kept as running figures: count, first, last, and the busiest one-second window. */
class SendTimes {
  count = 0;
  first = 0;
  last = 0;
  busiest = 0;
  private readonly window: number[] = [];
  private head = 0;

  add(at: number): void {
    if (this.count === 0) this.first = at;
    this.count++;
    this.last = at;
    this.window.push(at);
    while ((this.window[this.head] ?? at) <= at - 1000) this.head++;
    this.busiest = Math.max(this.busiest, this.window.length - this.head);
    // Drop what slid out, now and then, so the window never holds more than about a second of sends.
    if (this.head > 4096) {
      this.window.splice(0, this.head);
      this.head = 0;
    }
  }
}

/** Emails received per seeded subscriber, by number: one byte each, whatever N. */
class Received {
  private readonly counts: Uint8Array;
  unexpected = 0;
  constructor(readonly size: number) {
    this.counts = new Uint8Array(size);
  }
  add(address: string): void {
    const n = ADDRESS.exec(address)?.[1];
    const i = n === undefined ? -1 : Number(n);
    if (i < 0 || i >= this.size) this.unexpected++;
    else this.counts[i] = Math.min(255, (this.counts[i] ?? 0) + 1);
  }
  total(): number {
    return this.counts.reduce((a, b) => a + b, 0);
  }
  /** Subscriber numbers received more than once, and never. */
  check(): { duplicates: number[]; missing: number[] } {
    const duplicates: number[] = [];
    const missing: number[] = [];
    this.counts.forEach((c, i) => {
      if (c > 1) duplicates.push(i);
      else if (c === 0) missing.push(i);
    });
    return { duplicates, missing };
  }
}

/** The in-process mailer of --mailer null: builds each message as SES would receive it, and records who it was for. */
function recordingMailer(received: Received, times: SendTimes): Mailer {
  let sent = 0;
  return {
    async send(message) {
      times.add(performance.now());
      await buildMime(message);
      received.add(message.to);
      return { messageId: `null-${++sent}` };
    },
  };
}

/** Counts DynamoDB writes per partition key (one entry per key; the spread keeps them few). */
function countWritesPerKey(client: DynamoDBClient, writes: Map<string, number>): void {
  const add = (pk: unknown) => {
    const key = typeof pk === 'string' ? pk : String((pk as { S?: string } | undefined)?.S);
    writes.set(key, (writes.get(key) ?? 0) + 1);
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as {
        Key?: { pk?: unknown };
        Item?: { pk?: unknown };
        RequestItems?: Record<string, { PutRequest?: { Item?: { pk?: unknown } } }[]>;
      };
      const command = context.commandName ?? '';
      if (['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand'].includes(command)) {
        add(input.Key?.pk ?? input.Item?.pk);
      } else if (command === 'BatchWriteItemCommand') {
        for (const requests of Object.values(input.RequestItems ?? {})) {
          for (const r of requests) add(r.PutRequest?.Item?.pk);
        }
      }
      return next(args);
    },
    // After marshalling: every write, in the shape DynamoDB receives.
    { step: 'build', name: 'countWritesPerKey' },
  );
}

function hottestShare(writes: ReadonlyMap<string, number>): { key: string; share: number; total: number } {
  let total = 0;
  let key = '';
  let most = 0;
  for (const [k, n] of writes) {
    total += n;
    if (n > most) [key, most] = [k, n];
  }
  return { key, share: total ? most / total : 0, total };
}

const out = (label: string, value: string) => process.stdout.write(`${label.padEnd(28)}${value}\n`);

async function bench(options: BenchOptions): Promise<boolean> {
  let stack: LocalStack | undefined;
  let child: { stop: () => void } | undefined;
  let endpoints: Endpoints;
  if (options.inProcess) {
    stack = await startLocalStack({ tableName: 'bench' });
    endpoints = stack;
  } else {
    const started = await startStackProcess();
    child = started;
    endpoints = started.endpoints;
    useLocalEndpoints(endpoints);
  }
  let dynamoCalls = 0;
  const times = new SendTimes();
  const received = new Received(options.subscribers);
  const writes = new Map<string, number>();
  let completedAt: number | undefined;
  const delivery = createLocalDelivery({
    tableName: endpoints.tableName,
    tokenSecret: 'bench-token-secret-0123456789',
    articles: { defaultArticle: 'sample', samplePath: SAMPLE, allowFiles: false },
    ...(options.rate ? { maxSendRate: options.rate } : {}),
    recipientsPerMessage: options.perMessage,
    instances: options.instances,
    onDynamoCall: () => {
      dynamoCalls++;
    },
    configureDynamo: (client) => countWritesPerKey(client, writes),
    ...(options.mailer === 'null'
      ? { mailerFor: () => recordingMailer(received, times) }
      : { onSesCall: (_to: string, at: number) => times.add(at) }),
    onComplete: () => {
      completedAt = performance.now();
    },
  });
  let peakHeap = 0;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 100);
  try {
    out('subscribers', `${options.subscribers} active (seeding...)`);
    const seedStart = performance.now();
    await seed(delivery.doc, endpoints.tableName, options.subscribers);
    out('seeded in', `${((performance.now() - seedStart) / 1000).toFixed(1)} s (BatchWrite)`);
    dynamoCalls = 0;
    writes.clear();

    // What SES received, read as the run goes (by arrival second, overlapping, de-duplicated by message id), so
    // neither process ever holds every email at once (only their ids: --mailer ses is for runs up to about 20,000).
    const seenMessages = new Set<string>();
    let since = Math.floor(Date.now() / 1000) - 1;
    const collect = async () => {
      if (options.mailer === 'null') return;
      const next = Math.floor(Date.now() / 1000) - 1;
      const res = await fetch(`${endpoints.sesEndpoint}/store?since=${since}`);
      const { emails } = (await res.json()) as {
        emails: { messageId: string; destination: { to: string[] } }[];
      };
      for (const e of emails) {
        for (const to of e.destination.to) {
          // aws-ses-v2-local draws message ids at random from 9e8 values, so two emails can share one.
          const key = `${e.messageId} ${to}`;
          if (seenMessages.has(key)) continue;
          seenMessages.add(key);
          received.add(to);
        }
      }
      since = next;
    };

    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const run = await delivery.digest({ article: 'sample' });
    if (run.status === 'nothing-new') throw new Error('the sample article gave no issue');
    const tQueued = performance.now();
    let collecting = Promise.resolve();
    const drained = await delivery.queue.drain(delivery.deliverInstances, {
      afterBatch: () => {
        collecting = collecting.then(collect);
      },
    });
    await collecting;
    const tEnd = performance.now();
    const cpu = process.cpuUsage(cpu0);
    await collect();

    const summary = await summariseIssue(run.issueId, delivery);
    const issue = await delivery.issues.get(run.issueId);
    const { duplicates, missing } = received.check();
    const seconds = (tEnd - t0) / 1000;
    const hottest = hottestShare(writes);
    const n = options.subscribers;

    out('issue', `${run.issueId} (${run.status})`);
    out(
      'queued in',
      `${((tQueued - t0) / 1000).toFixed(2)} s; ${drained.invocations} deliver invocations on ${options.instances} instances`,
    );
    out('total time', `${seconds.toFixed(1)} s`);
    out(
      'machine',
      `${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (other work slows this run)`,
    );
    out('throughput', `${(n / seconds).toFixed(0)} subscribers/s`);
    out(
      'CPU, this process',
      `${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (${((cpu.user + cpu.system) / 1e3 / n).toFixed(2)} ms per subscriber)`,
    );
    out(
      options.mailer === 'null' ? 'sends (recorder)' : 'SES calls',
      `${times.count} (${(times.count / n).toFixed(2)} per subscriber)`,
    );
    out('DynamoDB calls', `${dynamoCalls} (${(dynamoCalls / n).toFixed(2)} per subscriber)`);
    out('DynamoDB writes', `${hottest.total} (${(hottest.total / n).toFixed(2)} per subscriber)`);
    out('hottest partition key share', `${(hottest.share * 100).toFixed(2)}% (${hottest.key})`);
    out('peak RSS MB', `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} (stand-ins not included)`);
    out('peak heap MB', `${(peakHeap / 2 ** 20).toFixed(0)}`);
    out(
      'completion ms',
      completedAt === undefined
        ? 'n/a (the issue did not complete in a deliver invocation)'
        : `${(completedAt - times.last).toFixed(0)} (from the last send to the summary)`,
    );
    out(
      'summary',
      summary
        ? `sent ${summary.sent}, skipped ${summary.skipped}, failed ${summary.failed}, ambiguous ${summary.ambiguous}, pending ${summary.pending}`
        : 'missing',
    );
    for (const note of [...(summary?.failedRecipients ?? []), ...(summary?.ambiguousRecipients ?? [])].slice(
      0,
      3,
    )) {
      out('  not sent', `${note.subscriberId}: ${note.reason}`);
    }
    out('issue state', `${issue?.state ?? 'missing'}${issue?.summary ? ', summary stored' : ', no summary'}`);
    out(options.mailer === 'null' ? 'recorded' : 'SES received', `${received.total()} emails`);
    const sample = (list: number[]) => list.slice(0, 3).map((i) => benchSubscriber(i).email);
    out(
      'duplicates',
      `${duplicates.length}${duplicates.length ? ` e.g. ${sample(duplicates).join(', ')}` : ''}`,
    );
    out('missing', `${missing.length}${missing.length ? ` e.g. ${sample(missing).join(', ')}` : ''}`);
    if (received.unexpected) out('unexpected', `${received.unexpected}`);
    let ok =
      duplicates.length === 0 &&
      missing.length === 0 &&
      received.unexpected === 0 &&
      issue?.state === 'complete' &&
      issue.summary !== undefined;
    if (drained.deadLettered.length > 0) {
      out('dead-lettered', `${drained.deadLettered.length} messages`);
      ok = false;
    }
    if (options.rate) ok = reportRate(times, options.rate) && ok;
    out('result', ok ? 'PASS' : 'FAIL');
    return ok;
  } finally {
    clearInterval(sampler);
    delivery.close();
    await stack?.stop();
    child?.stop();
  }
}

function reportRate(times: SendTimes, rate: number): boolean {
  const span = (times.last - times.first) / 1000;
  const achieved = times.count > 1 ? (times.count - 1) / span : 0;
  const within = achieved <= rate && achieved >= rate * 0.95;
  out(
    'send rate',
    `${achieved.toFixed(2)}/s over ${span.toFixed(1)} s against a maximum of ${rate}/s (paced at ${(rate * RATE_HEADROOM).toFixed(2)}/s): ${within ? 'within 5% under' : 'OUT OF BOUNDS'}`,
  );
  out('busiest second', `${times.busiest} sends (any 1-second window; timer jitter may add one)`);
  return within;
}

if (process.argv.includes('--serve-stack')) {
  await serveStack();
} else {
  const program = new Command()
    .name('npm run bench:send --')
    .description(
      'Benchmark one issue through the real digest and deliver functions against local DynamoDB and SES',
    )
    .requiredOption('--subscribers <n>', 'active subscribers to seed', positiveInt)
    .option('--rate <r>', 'maximum send rate (messages per second); no limit when left out', positive)
    .option(
      '--per-message <n>',
      `recipients per queue message (1..${MAX_RECIPIENTS_PER_MESSAGE})`,
      positiveInt,
      RECIPIENTS_PER_MESSAGE,
    )
    .option(
      '--instances <n>',
      'deliver instances running at once (DELIVER_CONCURRENCY), sharing the rate as in Lambda',
      positiveInt,
      1,
    )
    .addOption(
      new Option('--mailer <kind>', 'ses: the local SES stand-in; null: a recorder in this process')
        .choices(['ses', 'null'])
        .default('ses'),
    )
    .option('--in-process', 'run the local stand-ins in this process (memory figure then includes them)')
    .action(async (opts: BenchOptions) => {
      if (opts.perMessage > MAX_RECIPIENTS_PER_MESSAGE) {
        throw new Error(`--per-message must be at most ${MAX_RECIPIENTS_PER_MESSAGE}`);
      }
      if (opts.subscribers > 9_999_999) throw new Error('--subscribers must be at most 9999999');
      if (!(await bench(opts))) process.exitCode = 1;
    });
  await program.parseAsync(process.argv).catch((error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
