// Queuing an issue's recipients, shard by shard of the active index, in parallel, resumably, within any function's
// time limit. Each page is checkpointed on its shard's own item BEFORE its messages are sent, with the page's
// subscriber ids: a run that stops between the two leaves the page pending, and whoever goes on with the shard sends
// exactly those recipients again (a message queued twice is harmless: the claims and the tally see to it), so the
// recipients counted are exactly the recipients queued.
//
// Who goes on: a shard is held under a lease. The digest function queues what it can; when its time runs short it
// hands the unfinished shards over to the deliver function through the queue itself (an enqueue message per shard),
// and it sends one such message per shard when it starts the issue, as a watch: whoever receives it takes the shard
// if its holder has stopped (lease expired), puts it back with a delay while the holder lives, and drops it when the
// shard is done. Queuing never depends on Lambda's own retries of the digest function.
import type { SubscriberStore } from '../subscribers/subscriber.js';
import { type DeliveryQueue, type EnqueueMessage, planMessages, RECIPIENTS_PER_MESSAGE } from './messages.js';
import type { IssueLog, IssueTally, QueueShard } from './ports.js';
import { shardFinished, UnknownIssueError } from './ports.js';
import { completeIfCounted, type IssueSummary } from './summary.js';

export interface EnqueueDeps {
  readonly issues: Pick<
    IssueLog,
    | 'get'
    | 'checkpoint'
    | 'clearPending'
    | 'releaseShard'
    | 'takeShard'
    | 'queueShards'
    | 'finishEnqueue'
    | 'complete'
  >;
  readonly tally: Pick<IssueTally, 'counts' | 'exceptions'>;
  readonly subscribers: Pick<SubscriberStore, 'listActive'>;
  readonly queue: DeliveryQueue;
  /** Identifies this invocation as the holder of the shards it queues. */
  readonly owner: string;
  readonly now: () => number;
  /** How long a shard's lease lasts without a checkpoint; another invocation may take the shard after that. */
  readonly leaseMs?: number;
  /** Subscribers listed per page of a shard. */
  readonly pageSize?: number;
  readonly recipientsPerMessage?: number;
  /** Milliseconds left in this invocation; queuing stops (to be handed over) when fewer than `reserveMs` remain. */
  readonly remainingMs?: () => number;
  readonly reserveMs?: number;
  /** Told when this call finished the issue's queuing (the archive publishes it then). */
  readonly onQueued?: (issueId: string) => Promise<void>;
}

export const DEFAULT_LEASE_MS = 60_000;
export const DEFAULT_PAGE_SIZE = 500;
/** Time kept back at the end of an invocation: the page under way, then the hand-over. */
export const ENQUEUE_RESERVE_MS = 20_000;
/** SQS's longest delay for a message. */
const MAX_DELAY_SECONDS = 900;

export function enqueueMessage(issueId: string, shard: number, perMessage: number): EnqueueMessage {
  return { v: 1, kind: 'enqueue', issueId, shard, perMessage };
}

/**
 * Queues the given shards (held by deps.owner) in parallel from their checkpoints, until each is done or time runs
 * short. Returns the shards left unfinished, their leases released. On an error the other shards stop at their next
 * page, every lease still ours is released (so that another invocation can go on at once) and the error is thrown.
 */
export async function queueShards(
  issueId: string,
  shards: readonly QueueShard[],
  deps: EnqueueDeps,
): Promise<{ unfinished: number[] }> {
  const stop = { stopped: false };
  const results = await Promise.allSettled(
    shards.map((s) =>
      queueShard(issueId, s, deps, stop).catch((error: unknown) => {
        stop.stopped = true;
        throw error;
      }),
    ),
  );
  const unfinished = shards
    .filter((_, i) => {
      const r = results[i];
      return r?.status === 'rejected' || r?.value === false;
    })
    .map((s) => s.shard);
  await Promise.all(unfinished.map((shard) => deps.issues.releaseShard(issueId, shard, deps.owner)));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  return { unfinished };
}

/** One shard, page by page; true when it is done, false when stopped. */
async function queueShard(
  issueId: string,
  shard: QueueShard,
  deps: EnqueueDeps,
  stop: { stopped: boolean },
): Promise<boolean> {
  const perMessage = deps.recipientsPerMessage ?? RECIPIENTS_PER_MESSAGE;
  const pageSize = deps.pageSize ?? DEFAULT_PAGE_SIZE;
  const lease = () => ({ owner: deps.owner, until: deps.now() + (deps.leaseMs ?? DEFAULT_LEASE_MS) });
  if (shard.pending.length > 0) {
    // Checkpointed by a run that stopped before (or while) queuing it: queue it again.
    await deps.queue.send(planMessages(issueId, shard.pending, perMessage));
    await deps.issues.clearPending(issueId, shard.shard, deps.owner);
  }
  if (shard.done) return true;
  const list = (cursor: string | undefined) => {
    const page = deps.subscribers.listActive(shard.shard, cursor, pageSize);
    page.catch(() => undefined); // awaited below, or dropped when queuing stops first
    return page;
  };
  let next = list(shard.cursor);
  let queuedPage = false;
  for (;;) {
    const lowOnTime = deps.remainingMs && deps.remainingMs() < (deps.reserveMs ?? ENQUEUE_RESERVE_MS);
    if (stop.stopped || lowOnTime) {
      stop.stopped = true;
      // The last page is queued: nothing for the next holder to send again.
      if (queuedPage) await deps.issues.clearPending(issueId, shard.shard, deps.owner);
      return false;
    }
    const page = await next;
    const ids = page.subscribers.map((s) => s.id);
    const messages = planMessages(issueId, ids, perMessage);
    await deps.issues.checkpoint(issueId, lease(), {
      shard: shard.shard,
      ...(page.cursor ? { cursor: page.cursor } : {}),
      subscriberIds: ids,
      messages: messages.length,
    });
    // The next page is listed while this one is sent.
    if (page.cursor) next = list(page.cursor);
    if (messages.length > 0) await deps.queue.send(messages);
    queuedPage = ids.length > 0;
    if (!page.cursor) {
      if (queuedPage) await deps.issues.clearPending(issueId, shard.shard, deps.owner);
      return true;
    }
  }
}

/** Hands unfinished shards over to the deliver function: one enqueue message each. */
export async function handOver(
  issueId: string,
  shards: readonly number[],
  deps: Pick<EnqueueDeps, 'queue' | 'recipientsPerMessage'>,
  options: { delaySeconds?: number } = {},
): Promise<void> {
  if (shards.length === 0) return;
  const perMessage = deps.recipientsPerMessage ?? RECIPIENTS_PER_MESSAGE;
  await deps.queue.send(
    shards.map((shard) => enqueueMessage(issueId, shard, perMessage)),
    options.delaySeconds ? { delaySeconds: options.delaySeconds } : {},
  );
}

export type ContinueResult =
  /** The shard is queued (by us or before); when it was the last, the issue moved on to `sending`. */
  | { readonly status: 'done'; readonly completed?: IssueSummary }
  /** We queued part of it and handed the rest over again. */
  | { readonly status: 'handed-over' }
  /** Its holder is alive: the message was put back to look again when the lease ends. */
  | { readonly status: 'watching'; readonly delaySeconds: number };

/** What the deliver function does with an enqueue message. */
export async function continueEnqueue(message: EnqueueMessage, deps: EnqueueDeps): Promise<ContinueResult> {
  const { issueId, shard } = message;
  const own = { ...deps, recipientsPerMessage: message.perMessage };
  const now = deps.now();
  const taken = await deps.issues.takeShard(
    issueId,
    shard,
    { owner: deps.owner, until: now + (deps.leaseMs ?? DEFAULT_LEASE_MS) },
    now,
  );
  if (taken) {
    const { unfinished } = await queueShards(issueId, [taken], own);
    if (unfinished.length > 0) {
      await handOver(issueId, unfinished, own);
      return { status: 'handed-over' };
    }
    return finish(issueId, deps);
  }
  const issue = await deps.issues.get(issueId);
  if (!issue) throw new UnknownIssueError(`issue ${issueId} is not in the issue log`);
  if (issue.state !== 'enqueuing') return { status: 'done' };
  const current = (await deps.issues.queueShards(issueId))[shard];
  if (!current || shardFinished(current)) return finish(issueId, deps);
  const delaySeconds = Math.min(
    MAX_DELAY_SECONDS,
    Math.max(1, Math.ceil((current.leaseUntil - deps.now()) / 1000) + 1),
  );
  await handOver(issueId, [shard], own, { delaySeconds });
  return { status: 'watching', delaySeconds };
}

/** After a shard is done: when every shard is, the issue moves on to `sending` and may already be complete. */
async function finish(issueId: string, deps: EnqueueDeps): Promise<ContinueResult> {
  const issue = await deps.issues.finishEnqueue(issueId, deps.now());
  if (!issue) return { status: 'done' };
  await deps.onQueued?.(issueId);
  const completed = await completeIfCounted(issueId, deps, deps.now());
  return completed ? { status: 'done', completed } : { status: 'done' };
}
