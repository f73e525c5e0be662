// Shared set-up for the delivery tests: subscribers in every state, the local delivery wiring over a test file's
// own local stack (useLocalDeliveries), and readers of what reached aws-ses-v2-local.
import { resolve } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESClient } from '@aws-sdk/client-ses';
import { afterAll, beforeEach } from 'vitest';
import { createTableInput } from '../../functions/adapters/dynamo/table-schema.js';
import {
  createLocalDelivery,
  type LocalDelivery,
  type LocalDeliveryOptions,
} from '../../functions/cli/local-delivery.js';
import type { IssueRunResult } from '../../functions/delivery/start-issue.js';
import type { Subscriber, SubscriberStatus } from '../../functions/subscribers/subscriber.js';
import { type LocalAws, useLocalAws } from './local-aws.js';

export const TEST_SECRET = 'test-token-secret-0123456789';
export const SAMPLE_ARTICLE = resolve(import.meta.dirname, '../../samples/sample-article.txt');

export function subscriber(n: number, status: SubscriberStatus = 'active'): Subscriber {
  const at = new Date(0).toISOString();
  return { id: `sub-${n}`, email: `reader${n}@example.org`, status, createdAt: at, updatedAt: at };
}

export async function seed(delivery: LocalDelivery, subscribers: readonly Subscriber[]): Promise<void> {
  await Promise.all(subscribers.map((s) => delivery.subscribers.putSubscriber(s)));
}

export function localDelivery(aws: LocalAws, options: Partial<LocalDeliveryOptions> = {}): LocalDelivery {
  return createLocalDelivery({
    tableName: options.tableName ?? aws.tableName,
    tokenSecret: TEST_SECRET,
    articles: { defaultArticle: 'sample', samplePath: SAMPLE_ARTICLE, allowFiles: true },
    queue: { visibilityTimeoutMs: 20, ...options.queue },
    backoff: { attempts: 4, baseMs: 5, capMs: 20 },
    ...options,
  });
}

export interface LocalDeliveries {
  /** The file's local stack (available once its tests run). */
  readonly aws: LocalAws;
  /** A delivery over the file's stack, closed after the file's tests. */
  open(options?: Partial<LocalDeliveryOptions>): LocalDelivery;
}

/**
 * The local stack for one test file's delivery tests: started before them, its mail cleared before each test,
 * and every delivery opened through it closed after them all.
 */
export function useLocalDeliveries(): LocalDeliveries {
  let aws: LocalAws | undefined;
  const opened: LocalDelivery[] = [];
  useLocalAws((started) => {
    aws = started;
  });
  beforeEach(async () => {
    await aws?.clearMail();
  });
  afterAll(() => {
    for (const d of opened) d.close();
  });
  const started = (): LocalAws => {
    if (aws === undefined) throw new Error('the local stack starts before the tests: use it inside them');
    return aws;
  };
  return {
    get aws() {
      return started();
    },
    open(options = {}) {
      const d = localDelivery(started(), options);
      opened.push(d);
      return d;
    },
  };
}

/** Every destination address aws-ses-v2-local received, one entry per email. */
export async function recipientsOf(aws: LocalAws): Promise<string[]> {
  return (await aws.sentMail()).flatMap((m) => m.destination.to.map((t) => t.replace(/^.*<|>.*$/g, '')));
}

export function countBy(values: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}

let tables = 0;

/** A table of its own for one test, in the file's local stack. */
export async function freshTable(): Promise<string> {
  const name = `t${process.pid}-${Date.now()}-${tables++}`;
  const ddb = new DynamoDBClient({});
  try {
    await ddb.send(new CreateTableCommand(createTableInput(name)));
    for (let i = 0; i < 200; i++) {
      const out = await ddb.send(new DescribeTableCommand({ TableName: name }));
      if (out.Table?.TableStatus === 'ACTIVE') break;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    ddb.destroy();
  }
  return name;
}

export type SesFault = Error | 'hang' | 'hang-after-send' | undefined;

/**
 * Injects faults into SendRawEmail calls on the SES client, as SES or the network would produce them: `decide` is
 * asked per call (with the destination and the call number, from 1) and returns an error to throw instead of
 * calling SES, 'hang' to never answer (the process dies before SES is called), 'hang-after-send' to call SES and
 * then never answer (the process dies between SES accepting and our record), or undefined to pass through.
 */
export function injectSesFaults(
  ses: SESClient,
  decide: (to: string, call: number) => SesFault,
): { calls: () => number } {
  let calls = 0;
  ses.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'SendRawEmailCommand') return next(args);
      calls++;
      const to = (args.input as { Destinations?: string[] }).Destinations?.[0] ?? '';
      const fault = decide(to, calls);
      if (fault === 'hang') return new Promise<never>(() => {});
      if (fault === 'hang-after-send') {
        await next(args);
        return new Promise<never>(() => {});
      }
      if (fault) throw fault;
      return next(args);
    },
    { step: 'initialize', name: 'injectSesFaults', priority: 'high' },
  );
  return { calls: () => calls };
}

/** The error SES returns when the account's maximum send rate is exceeded. */
export function throttling(): Error {
  return Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling', $fault: 'client' });
}

/** A run that made (or found) an issue; a `nothing-new` run fails the test here with what it said. */
export function issued(run: IssueRunResult): Exclude<IssueRunResult, { status: 'nothing-new' }> {
  if (run.status === 'nothing-new') throw new Error(`expected an issue, got ${JSON.stringify(run)}`);
  return run;
}
