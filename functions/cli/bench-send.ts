// `npm run bench:send -- --subscribers N [--rate R]`: seeds N active subscribers in a local DynamoDB (dynalite) and
// runs one full issue through the REAL digest and deliver functions against it and aws-ses-v2-local, then prints
// subscribers per second, SES and DynamoDB calls, peak memory, and checks what SES received against the seeded set:
// any duplicate or missing recipient fails the run. With --rate, the achieved send rate over the sending window
// must be within 5% under R.
// The stand-ins run in a child process, so that the memory figure is the job's own and they use another core.
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Command, InvalidArgumentError } from 'commander';
import { activeIndexKeys } from '../adapters/dynamo/subscriber-store.js';
import { keys } from '../adapters/dynamo/table-schema.js';
import { RATE_HEADROOM } from '../adapters/rate-limit.js';
import { MAX_RECIPIENTS_PER_MESSAGE, RECIPIENTS_PER_MESSAGE } from '../delivery/messages.js';
import { summariseIssue } from '../delivery/summary.js';
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

/** BatchWrite, 25 items a call, a few calls at a time; unprocessed items are written again. */
async function seed(doc: DynamoDBDocumentClient, tableName: string, subscribers: readonly Subscriber[]) {
  const chunks: Subscriber[][] = [];
  for (let i = 0; i < subscribers.length; i += 25) chunks.push(subscribers.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++] ?? [];
      let requests = chunk.map((s) => ({
        PutRequest: { Item: { ...keys.subscriber(s.id), ...s, ...activeIndexKeys(s) } },
      }));
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
  readonly inProcess?: boolean;
}

function maxInWindow(times: readonly number[], windowMs: number): number {
  let best = 0;
  let j = 0;
  for (let i = 0; i < times.length; i++) {
    while ((times[i] ?? 0) - (times[j] ?? 0) >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

async function bench(options: BenchOptions): Promise<boolean> {
  const out = (label: string, value: string) => process.stdout.write(`${label.padEnd(26)}${value}\n`);
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
  const sesCalls: number[] = [];
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
    onSesCall: (_to, at) => {
      sesCalls.push(at);
    },
  });
  let peakHeap = 0;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 100);
  try {
    out('subscribers', `${options.subscribers} active (seeding...)`);
    const seeded = Array.from({ length: options.subscribers }, (_, i) => benchSubscriber(i));
    const seedStart = performance.now();
    await seed(delivery.doc, endpoints.tableName, seeded);
    out('seeded in', `${((performance.now() - seedStart) / 1000).toFixed(1)} s (BatchWrite)`);
    const expected = new Set(seeded.map((s) => s.email));
    seeded.length = 0;
    dynamoCalls = 0;

    // What SES received, read as the run goes (by arrival second, overlapping, de-duplicated by message id), so
    // neither process ever holds every email at once.
    const received = new Map<string, number>();
    // aws-ses-v2-local draws message ids at random from 9e8 values, so two emails can share one: key by id and address.
    const seenMessages = new Set<string>();
    let since = Math.floor(Date.now() / 1000) - 1;
    const collect = async () => {
      const next = Math.floor(Date.now() / 1000) - 1;
      const res = await fetch(`${endpoints.sesEndpoint}/store?since=${since}`);
      const { emails } = (await res.json()) as {
        emails: { messageId: string; destination: { to: string[] } }[];
      };
      for (const e of emails) {
        for (const to of e.destination.to) {
          const key = `${e.messageId} ${to}`;
          if (seenMessages.has(key)) continue;
          seenMessages.add(key);
          received.set(to, (received.get(to) ?? 0) + 1);
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

    const summary = await summariseIssue(run.issueId, delivery, Date.now());
    const duplicates = [...received].filter(([, n]) => n > 1);
    const missing = [...expected].filter((e) => !received.has(e));
    const unexpected = [...received.keys()].filter((e) => !expected.has(e));
    const seconds = (tEnd - t0) / 1000;

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
    out('throughput', `${(options.subscribers / seconds).toFixed(0)} subscribers/s`);
    out(
      'CPU, this process',
      `${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (${((cpu.user + cpu.system) / 1e3 / options.subscribers).toFixed(2)} ms per subscriber)`,
    );
    out(
      'SES calls',
      `${sesCalls.length} (${(sesCalls.length / options.subscribers).toFixed(2)} per subscriber)`,
    );
    out(
      'DynamoDB calls',
      `${dynamoCalls} (${(dynamoCalls / options.subscribers).toFixed(2)} per subscriber)`,
    );
    out(
      'peak memory',
      `RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, heap ${(peakHeap / 2 ** 20).toFixed(0)} MB (stand-ins not included)`,
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
    out(
      'SES received',
      `${[...received.values()].reduce((a, b) => a + b, 0)} emails for ${received.size} addresses`,
    );
    out(
      'duplicates',
      `${duplicates.length}${
        duplicates.length
          ? ` e.g. ${duplicates
              .slice(0, 3)
              .map(([e, n]) => `${e} x${n}`)
              .join(', ')}`
          : ''
      }`,
    );
    out('missing', `${missing.length}${missing.length ? ` e.g. ${missing.slice(0, 3).join(', ')}` : ''}`);
    if (unexpected.length)
      out('unexpected', `${unexpected.length} e.g. ${unexpected.slice(0, 3).join(', ')}`);
    let ok = duplicates.length === 0 && missing.length === 0 && unexpected.length === 0;
    if (drained.deadLettered.length > 0) {
      out('dead-lettered', `${drained.deadLettered.length} messages`);
      ok = false;
    }
    if (options.rate) {
      const first = sesCalls[0] ?? 0;
      const last = sesCalls[sesCalls.length - 1] ?? 0;
      const achieved = sesCalls.length > 1 ? (sesCalls.length - 1) / ((last - first) / 1000) : 0;
      const within = achieved <= options.rate && achieved >= options.rate * 0.95;
      out(
        'send rate',
        `${achieved.toFixed(2)}/s over ${((last - first) / 1000).toFixed(1)} s against a maximum of ${options.rate}/s (paced at ${(options.rate * RATE_HEADROOM).toFixed(2)}/s): ${within ? 'within 5% under' : 'OUT OF BOUNDS'}`,
      );
      out(
        'busiest second',
        `${maxInWindow(sesCalls, 1000)} sends (any 1-second window; timer jitter may add one)`,
      );
      ok &&= within;
    }
    out('result', ok ? 'PASS' : 'FAIL');
    return ok;
  } finally {
    clearInterval(sampler);
    delivery.close();
    await stack?.stop();
    child?.stop();
  }
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
      'deliver instances running at once (DELIVER_CONCURRENCY), each sending at its share of the rate',
      positiveInt,
      1,
    )
    .option('--in-process', 'run the local stand-ins in this process (memory figure then includes them)')
    .action(async (opts: BenchOptions) => {
      if (opts.perMessage > MAX_RECIPIENTS_PER_MESSAGE) {
        throw new Error(`--per-message must be at most ${MAX_RECIPIENTS_PER_MESSAGE}`);
      }
      if (!(await bench(opts))) process.exitCode = 1;
    });
  await program.parseAsync(process.argv).catch((error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
