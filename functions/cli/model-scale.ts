// `npm run model:scale`: what one issue takes at 1M and 10M active subscribers and SES rates of 300/s and 1,000/s:
// wall time, DynamoDB read and write units, Lambda GB-seconds, SQS requests, the busiest partition keys' writes per
// second, what completion reads, and the bill. Computed from the code's own constants (imported below: recipients
// per message, page size, the spread of an issue's keys, the rate sharing's timing, the deliver concurrency rule) and
// the stack's function settings (STACK, checked against the synthesised stack by tests/infra/scale-model.test.ts);
// what the code cannot say (latencies, item sizes, prices) is in ASSUMPTIONS, printed with the figures.
import { pathToFileURL } from 'node:url';
import { deliverConcurrency, PER_INSTANCE_RATE } from '../../infra/config.js';
import { ISSUE_SPREAD, TABLE_SCHEMA } from '../adapters/dynamo/table-schema.js';
import { RATE_HEADROOM } from '../adapters/rate-limit.js';
import { DEFAULT_PAGE_SIZE, ENQUEUE_RESERVE_MS } from '../delivery/enqueue.js';
import { RECIPIENTS_PER_MESSAGE } from '../delivery/messages.js';
import { SHARE_TIMING } from '../delivery/rate-share.js';
import { STORED_LIST_LIMIT } from '../delivery/summary.js';

/** As infra/digest-mailer-stack.ts sets them (tests/infra/scale-model.test.ts keeps the two in step). */
export const STACK = {
  deliverMemoryMb: 512,
  deliverTimeoutS: 180,
  digestMemoryMb: 1024,
  digestTimeoutS: 300,
  /** Queue messages per deliver invocation (the event source's batch size); processed in parallel. */
  batchSize: 10,
} as const;

/** What the code does not fix. Latencies are typical in-region figures; prices are us-east-1, on demand, 2025. */
export const ASSUMPTIONS = {
  latencyMs: {
    getItem: 5,
    putItem: 7,
    updateItem: 7,
    sesSend: 50,
    gsiPage: 25,
    checkpoint: 12,
    sqsBatch: 20,
  },
  /** CPU per page queued by the digest function (listing, JSON, signing three calls), on a whole vCPU. */
  digestCpuMsPerPage: 5,
  /**
   * CPU per recipient in the deliver function on a whole vCPU (building the message, signing and parsing four calls):
   * bench:send measures it ("CPU, this process", with --mailer null) at about 4 ms on this machine.
   */
  deliverCpuMsPerRecipient: 4,
  bytes: { subscriberId: 27, indexItem: 100 },
  /** Share of recipients not sent (skipped, failed, ambiguous): each adds one exception item. */
  exceptionShare: 0.005,
  price: {
    writeUnit: 0.625e-6,
    readUnit: 0.125e-6,
    lambdaGbSecond: 0.0000133334,
    lambdaRequest: 0.2e-6,
    sqsRequest: 0.4e-6,
    sesEmail: 0.1e-3,
  },
} as const;

export interface IssueModel {
  readonly subscribers: number;
  readonly rate: number;
  readonly instances: number;
  /** Sends one instance can keep up per second, at the latencies assumed. */
  readonly instanceCapacity: number;
  readonly queueSeconds: number;
  readonly sendSeconds: number;
  readonly wallSeconds: number;
  readonly writeUnits: number;
  readonly readUnits: number;
  readonly deliverGbSeconds: number;
  readonly digestGbSeconds: number;
  readonly lambdaRequests: number;
  readonly sqsRequests: number;
  /** Writes per second on the busiest key of each kind while sending (queue shards: while queuing). */
  readonly keyWritesPerSecond: Readonly<Record<string, number>>;
  /** Share of all the issue's writes on its busiest partition key. */
  readonly hottestShare: number;
  /** Items completion reads, whatever the number of recipients. */
  readonly completionReads: number;
  readonly cost: Readonly<Record<'dynamodb' | 'lambda' | 'sqs' | 'ses' | 'total', number>>;
}

const units = (bytes: number, unit: number) => Math.max(1, Math.ceil(bytes / unit));
/** Lambda gives a whole vCPU at 1,769 MB, and CPU in proportion to memory. */
const vcpus = (memoryMb: number) => memoryMb / 1769;

/**
 * Sends per second one deliver instance keeps up: the messages of a batch run side by side, each recipient after the
 * other (bound by latency), and all of them share the instance's CPU.
 */
function capacity(a: typeof ASSUMPTIONS): number {
  const l = a.latencyMs;
  const byLatency = (STACK.batchSize * 1000) / (l.getItem + l.putItem + l.sesSend + l.updateItem);
  const byCpu = (1000 * vcpus(STACK.deliverMemoryMb)) / a.deliverCpuMsPerRecipient;
  return Math.min(byLatency, byCpu);
}

export function modelIssue(subscribers: number, rate: number, a = ASSUMPTIONS): IssueModel {
  const messages = Math.ceil(subscribers / RECIPIENTS_PER_MESSAGE);
  const pages = Math.ceil(subscribers / DEFAULT_PAGE_SIZE);
  const shards = TABLE_SCHEMA.activeShards;
  const l = a.latencyMs;

  // Queuing: each shard pages on its own; the next page is listed while this one is checkpointed and sent.
  const pageMs = Math.max(l.gsiPage, l.checkpoint + l.sqsBatch);
  const queueSeconds = Math.max(
    ((pages / shards) * pageMs) / 1000,
    (pages * a.digestCpuMsPerPage) / 1000 / vcpus(STACK.digestMemoryMb),
  );
  // Sending: the account's rate, a hair under it, shared by the instances sending.
  const instances = deliverConcurrency(rate);
  const instanceCapacity = capacity(a);
  const achieved = Math.min(rate * RATE_HEADROOM, instances * instanceCapacity);
  const sendSeconds = subscribers / achieved;
  const wallSeconds = Math.max(queueSeconds, sendSeconds) + SHARE_TIMING.settleMs / 1000;

  // DynamoDB. Per recipient: read the subscriber (consistent), claim, record the result.
  const exceptions = subscribers * a.exceptionShare;
  const pendingBytes = DEFAULT_PAGE_SIZE * (a.bytes.subscriberId + 3);
  const registryWrites = (instances * wallSeconds * 1000) / SHARE_TIMING.renewMs;
  const registryReads = (instances * wallSeconds * 1000) / SHARE_TIMING.refreshMs;
  const perMessageWrites = 4; // tally anchor claimed and marked folded, counts added and the mark taken off
  const writeUnits =
    subscribers * 2 +
    exceptions +
    messages * perMessageWrites +
    pages * units(pendingBytes, 1024) +
    registryWrites;
  const pageReadUnits = units(DEFAULT_PAGE_SIZE * a.bytes.indexItem, 4096) / 2; // eventually consistent index read
  const perMessageReads = 1 + 1 + ISSUE_SPREAD.counterShards; // tally anchor, issue record, counters
  const readUnits = subscribers + messages * perMessageReads + pages * pageReadUnits + registryReads;

  // Lambda: every deliver instance is busy for the whole run (waiting on its pacer counts too).
  const deliverGbSeconds = instances * (STACK.deliverMemoryMb / 1024) * sendSeconds;
  const digestGbSeconds = (STACK.digestMemoryMb / 1024) * queueSeconds;
  const handOvers = Math.max(
    0,
    Math.ceil(queueSeconds / ((STACK.digestTimeoutS * 1000 - ENQUEUE_RESERVE_MS) / 1000)) - 1,
  );
  const lambdaRequests = messages / STACK.batchSize + 1 + handOvers;
  // SQS: one SendMessageBatch per page (ten messages of 50 ids fit one 64 KB request), a receive and a delete per
  // batch; the shards' watch messages are a handful.
  const sqsRequests = pages + (2 * messages) / STACK.batchSize + 2 * shards;

  const perSecond = achieved;
  const keyWritesPerSecond = {
    'send bucket': (2 * perSecond) / ISSUE_SPREAD.sendBuckets,
    'counter shard': (2 * perSecond) / RECIPIENTS_PER_MESSAGE / ISSUE_SPREAD.counterShards,
    'tally bucket': (2 * perSecond) / RECIPIENTS_PER_MESSAGE / ISSUE_SPREAD.tallyBuckets,
    'exception bucket': (a.exceptionShare * perSecond) / ISSUE_SPREAD.exceptionBuckets,
    'rate registry': (instances * 1000) / SHARE_TIMING.renewMs,
    'queue shard': 1000 / pageMs,
    'issue record': 0,
  };
  const issueWrites = subscribers * 2 + exceptions + messages * perMessageWrites + pages + registryWrites;
  const hottestShare =
    Math.max((2 * subscribers) / ISSUE_SPREAD.sendBuckets, registryWrites, pages / shards) / issueWrites;

  const p = a.price;
  const dynamodb = writeUnits * p.writeUnit + readUnits * p.readUnit;
  const lambda = (deliverGbSeconds + digestGbSeconds) * p.lambdaGbSecond + lambdaRequests * p.lambdaRequest;
  const sqs = sqsRequests * p.sqsRequest;
  const ses = subscribers * p.sesEmail;
  return {
    subscribers,
    rate,
    instances,
    instanceCapacity,
    queueSeconds,
    sendSeconds,
    wallSeconds,
    writeUnits,
    readUnits,
    deliverGbSeconds,
    digestGbSeconds,
    lambdaRequests,
    sqsRequests,
    keyWritesPerSecond,
    hottestShare,
    completionReads: 1 + ISSUE_SPREAD.counterShards + 3 * STORED_LIST_LIMIT,
    cost: { dynamodb, lambda, sqs, ses, total: dynamodb + lambda + sqs + ses },
  };
}

const SCENARIOS: readonly (readonly [number, number])[] = [
  [1_000_000, 300],
  [1_000_000, 1_000],
  [10_000_000, 300],
  [10_000_000, 1_000],
];

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function duration(seconds: number): string {
  if (seconds < 120) return `${fmt(seconds)} s`;
  const minutes = seconds / 60;
  return minutes < 120 ? `${fmt(minutes)} min` : `${fmt(minutes / 60, 1)} h`;
}

/** The report as a Markdown table (docs/scale.md quotes it). */
export function report(models: readonly IssueModel[]): string {
  const rows: [string, (m: IssueModel) => string][] = [
    ['deliver instances (max concurrency)', (m) => fmt(m.instances)],
    ['queuing (digest function)', (m) => duration(m.queueSeconds)],
    ['wall time, first to last send', (m) => duration(m.wallSeconds)],
    ['DynamoDB write units', (m) => fmt(m.writeUnits)],
    ['DynamoDB read units', (m) => fmt(m.readUnits)],
    ['Lambda GB-seconds (deliver + digest)', (m) => fmt(m.deliverGbSeconds + m.digestGbSeconds)],
    ['SQS requests', (m) => fmt(m.sqsRequests)],
    ['writes/s, busiest send bucket', (m) => fmt(m.keyWritesPerSecond['send bucket'] ?? 0, 1)],
    ['writes/s, busiest counter shard', (m) => fmt(m.keyWritesPerSecond['counter shard'] ?? 0, 1)],
    ['writes/s, rate registry', (m) => fmt(m.keyWritesPerSecond['rate registry'] ?? 0, 1)],
    ['writes/s, a queue shard (while queuing)', (m) => fmt(m.keyWritesPerSecond['queue shard'] ?? 0, 1)],
    ['hottest key, share of all writes', (m) => `${fmt(m.hottestShare * 100, 2)}%`],
    ['items read at completion', (m) => `≤ ${fmt(m.completionReads)}`],
    ['cost: DynamoDB', (m) => `$${fmt(m.cost.dynamodb, 2)}`],
    ['cost: Lambda', (m) => `$${fmt(m.cost.lambda, 2)}`],
    ['cost: SQS', (m) => `$${fmt(m.cost.sqs, 2)}`],
    ['cost: SES (for scale)', (m) => `$${fmt(m.cost.ses, 2)}`],
  ];
  const head = `| per issue | ${models.map((m) => `${fmt(m.subscribers / 1e6)}M at ${fmt(m.rate)}/s`).join(' | ')} |`;
  const rule = `| --- | ${models.map(() => '---:').join(' | ')} |`;
  const body = rows.map(([label, cell]) => `| ${label} | ${models.map(cell).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

function assumptionsText(): string {
  const a = ASSUMPTIONS;
  const l = a.latencyMs;
  return [
    `Constants from the code: ${RECIPIENTS_PER_MESSAGE} recipients per message, pages of ${DEFAULT_PAGE_SIZE}, ${TABLE_SCHEMA.activeShards} index shards,`,
    `${ISSUE_SPREAD.sendBuckets} send buckets, ${ISSUE_SPREAD.counterShards} counter shards, deliver concurrency ceil(rate / ${PER_INSTANCE_RATE}),`,
    `rate shares re-read every ${SHARE_TIMING.refreshMs} ms and renewed every ${SHARE_TIMING.renewMs} ms, pacing at ${RATE_HEADROOM} of the rate;`,
    `deliver ${STACK.deliverMemoryMb} MB in batches of ${STACK.batchSize}, digest ${STACK.digestMemoryMb} MB for ${STACK.digestTimeoutS} s.`,
    `Assumed: latencies (ms) ${Object.entries(l)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')};`,
    `CPU on a whole vCPU: ${a.deliverCpuMsPerRecipient} ms per recipient (measured by bench:send), ${a.digestCpuMsPerPage} ms per page queued;`,
    `so one deliver instance keeps up ${fmt(capacity(a))} sends/s; ${a.exceptionShare * 100}% of recipients not sent; index items of ${a.bytes.indexItem} B;`,
    `prices (us-east-1, on demand, 2025): $${fmt(a.price.writeUnit * 1e6, 3)}/M writes, $${fmt(a.price.readUnit * 1e6, 3)}/M reads, $${a.price.lambdaGbSecond}/GB-s (arm64),`,
    `$${fmt(a.price.lambdaRequest * 1e6, 2)}/M invocations, $${fmt(a.price.sqsRequest * 1e6, 2)}/M SQS requests, $${fmt(a.price.sesEmail * 1000, 2)}/1,000 emails. Storage and logs not included.`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const models = SCENARIOS.map(([n, rate]) => modelIssue(n, rate));
  process.stdout.write(`${report(models)}\n\n${assumptionsText()}\n`);
}
