// Shared set-up for the delivery tests: subscribers in every state, the local delivery wiring over a test's own
// local stack, and readers of what reached aws-ses-v2-local.
import { resolve } from 'node:path';
import {
  createLocalDelivery,
  type LocalDelivery,
  type LocalDeliveryOptions,
} from '../../functions/cli/local-delivery.js';
import type { Subscriber, SubscriberStatus } from '../../functions/core/subscribers.js';
import type { LocalAws } from './local-aws.js';

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
    tableName: aws.tableName,
    tokenSecret: TEST_SECRET,
    articles: { defaultArticle: 'sample', samplePath: SAMPLE_ARTICLE, allowFiles: true },
    queue: { visibilityTimeoutMs: 20, ...options.queue },
    backoff: { attempts: 4, baseMs: 5, capMs: 20 },
    ...options,
  });
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
