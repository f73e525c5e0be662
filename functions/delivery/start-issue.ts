// The digest run: load the article, build and render the digest once, record the issue (its id derived from the
// article, so a repeated or retried run finds the same issue), and queue every active subscriber in messages,
// shard by shard, checkpointing each listed page so that a run cut short resumes where it stopped (enqueue.ts); what
// this invocation has no time left for is handed over to the deliver function through the queue.
// Also the two manual variants: a dry run (render and count, record nothing) and a test send (only to the given
// addresses, outside the issue's records). With the archive on, the email links to the issue's web page, and the
// issue is published in the archive once its queuing has finished (never before, never for the manual variants).

import type { Mailer } from '../email/mail.js';
import type { DigestRenderer, RenderedEmail } from '../email/render.js';
import type { RawArticle } from '../engine/article.js';
import { cleanArticle } from '../engine/clean.js';
import { buildDigest, type DigestOptions } from '../engine/digest.js';
import { describeError } from '../subscribers/log-safe.js';
import type { SubscriberStore } from '../subscribers/subscriber.js';
import { maskEmail } from '../subscribers/subscriber.js';
import { type ArchiveStore, publishIssue } from './archive.js';
import { type BackoffPolicy, DEFAULT_BACKOFF, fullJitterDelay } from './backoff.js';
import { composeMessage } from './compose.js';
import { classifySendError } from './deliver.js';
import { DEFAULT_LEASE_MS, ENQUEUE_RESERVE_MS, type EnqueueDeps, handOver, queueShards } from './enqueue.js';
import { issueIdFor } from './issue-id.js';
import type { DeliveryQueue } from './messages.js';
import {
  type IssueLog,
  type IssueRecord,
  type IssueState,
  type IssueTally,
  type Lease,
  type QueueShard,
  shardFinished,
} from './ports.js';
import { completeIfCounted, type IssueSummary, summariseIssue } from './summary.js';

export interface IssueRequest {
  /** Where the article is, resolved by the entry point into something `loadArticle` understands. */
  readonly article: string;
  readonly dryRun: boolean;
  /** Send only to these, with `[TEST]` in the subject, recording nothing. */
  readonly testRecipients: readonly string[];
  /** Start a new issue even when this article was already sent. */
  readonly force: boolean;
}

export interface StartIssueDeps {
  readonly loadArticle: (location: string) => Promise<RawArticle>;
  readonly render: DigestRenderer;
  readonly digestOptions?: DigestOptions;
  readonly issues: IssueLog;
  readonly tally: Pick<IssueTally, 'counts' | 'exceptions'>;
  readonly subscribers: Pick<SubscriberStore, 'shards' | 'listActive' | 'countActive'>;
  readonly queue: DeliveryQueue;
  /** Test sends only. */
  readonly test?: TestSendDeps;
  /** The public archive; no web version and nothing published when left out (a private newsletter). */
  readonly archive?: ArchiveDeps;
  /** Identifies this invocation as the holder of the enqueue lease. */
  readonly owner: string;
  readonly now: () => number;
  /** How long a shard's lease lasts without a checkpoint; another invocation may go on with it after that. */
  readonly leaseMs?: number;
  readonly recipientsPerMessage?: number;
  /** Subscribers listed per page of a shard. */
  readonly pageSize?: number;
  /** Milliseconds left in this invocation; queuing is handed over when fewer than `reserveMs` remain. */
  readonly remainingMs?: () => number;
  readonly reserveMs?: number;
}

export interface TestSendDeps {
  readonly mailer: Mailer;
  readonly from: string;
  /** Test recipients are not subscribers: their link carries a token for this id, which unsubscribes nobody. */
  readonly unsubscribeUrl: (subscriberId: string) => string;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly backoff?: BackoffPolicy;
}

export interface ArchiveDeps {
  readonly store: ArchiveStore;
  /** The absolute URL of an issue's web page, linked from its email. */
  readonly pageUrl: (issueId: string) => string;
}

export type TestSendResult =
  | { readonly to: string; readonly messageId: string }
  | { readonly to: string; readonly error: string };

export type IssueRunResult =
  | {
      readonly status: 'enqueued';
      readonly issueId: string;
      readonly subject: string;
      readonly article: string;
      readonly recipients: number;
      readonly messages: number;
      /** True when this run took over an earlier run's unfinished queuing. */
      readonly resumed: boolean;
    }
  | {
      /**
       * This invocation ran short of time: it queued what it could and handed the rest (`shards` shards of the
       * active index) over to the deliver function, which goes on from the checkpoints.
       */
      readonly status: 'handed-over';
      readonly issueId: string;
      readonly subject: string;
      readonly article: string;
      /** Queued so far. */
      readonly recipients: number;
      readonly messages: number;
      readonly shards: number;
      readonly resumed: boolean;
    }
  | {
      /** The issue exists and its queuing is done: nothing new is queued. */
      readonly status: 'already-started';
      readonly issueId: string;
      readonly subject: string;
      readonly summary: IssueSummary;
    }
  | {
      /** Another invocation is queuing this issue right now. */
      readonly status: 'in-progress';
      readonly issueId: string;
      readonly subject: string;
      readonly leaseUntil: string;
    }
  | {
      readonly status: 'dry-run';
      readonly issueId: string;
      readonly subject: string;
      readonly article: string;
      /** Active subscribers now: who a real run would queue. */
      readonly recipients: number;
      readonly existing?: IssueState;
      readonly keyPoints: readonly string[];
      readonly quotes: number;
      readonly htmlBytes: number;
      readonly textBytes: number;
    }
  | {
      readonly status: 'test-sent';
      readonly issueId: string;
      readonly subject: string;
      readonly results: readonly TestSendResult[];
    };

export const TEST_SUBJECT_PREFIX = '[TEST] ';
export const TEST_SUBSCRIBER_ID = 'test-recipient';

export async function startIssue(request: IssueRequest, deps: StartIssueDeps): Promise<IssueRunResult> {
  const raw = await deps.loadArticle(request.article);
  const digest = buildDigest(raw, deps.digestOptions);
  const cleaned = cleanArticle(
    raw.title === undefined ? { text: raw.text } : { title: raw.title, text: raw.text },
  );
  const started = deps.now();
  const issueId = issueIdFor(cleaned, request.force ? { forcedAt: started } : {});
  const email = deps.render(digest, deps.archive ? { webUrl: deps.archive.pageUrl(issueId) } : {});

  if (request.testRecipients.length > 0) {
    if (!deps.test) throw new Error('test sends are not configured');
    const results = await sendTests(email, request.testRecipients, deps.test);
    return { status: 'test-sent', issueId, subject: `${TEST_SUBJECT_PREFIX}${email.subject}`, results };
  }

  if (request.dryRun) {
    const existing = await deps.issues.get(issueId);
    return {
      status: 'dry-run',
      issueId,
      subject: email.subject,
      article: request.article,
      recipients: await countActive(deps),
      ...(existing ? { existing: existing.state } : {}),
      keyPoints: digest.keyPoints,
      quotes: digest.quotes.length,
      htmlBytes: Buffer.byteLength(email.html),
      textBytes: Buffer.byteLength(email.text),
    };
  }

  const lease: Lease = { owner: deps.owner, until: started + (deps.leaseMs ?? DEFAULT_LEASE_MS) };
  const begun = await deps.issues.begin(
    {
      issueId,
      subject: email.subject,
      article: request.article,
      forced: request.force,
      createdAt: new Date(started).toISOString(),
    },
    email,
    lease,
    deps.subscribers.shards,
  );
  const issue = begun.issue;
  if (!begun.created && issue.state !== 'enqueuing') return alreadyStarted(issue, deps);
  const shards = await deps.issues.queueShards(issueId);
  let held: QueueShard[];
  if (begun.created) {
    held = shards;
    // The watch: whatever becomes of this invocation, every shard gets queued (see enqueue.ts).
    await handOver(
      issueId,
      shards.map((s) => s.shard),
      deps,
    );
  } else {
    const taken = await Promise.all(
      shards
        .filter((s) => !shardFinished(s))
        .map((s) => deps.issues.takeShard(issueId, s.shard, lease, started)),
    );
    held = taken.filter((s): s is QueueShard => s !== undefined);
    const busy = shards.filter((s) => !shardFinished(s) && !held.some((h) => h.shard === s.shard));
    if (held.length === 0 && busy.length > 0) return inProgress(issue, busy);
  }
  const enqueue = enqueueDeps(deps);
  const { unfinished } = await queueShards(issueId, held, enqueue);
  if (unfinished.length > 0) {
    await handOver(issueId, unfinished, enqueue);
    const now = await deps.issues.queueShards(issueId);
    return {
      status: 'handed-over',
      issueId,
      subject: issue.subject,
      article: issue.article,
      recipients: now.reduce((n, s) => n + s.recipients, 0),
      messages: now.reduce((n, s) => n + s.messages, 0),
      shards: unfinished.length,
      resumed: !begun.created,
    };
  }
  const done = await deps.issues.finishEnqueue(issueId, deps.now());
  // Shards held elsewhere are still being queued.
  if (!done) {
    return inProgress(
      issue,
      (await deps.issues.queueShards(issueId)).filter((s) => !shardFinished(s)),
    );
  }
  await publish(issueId, deps);
  await completeIfCounted(issueId, { issues: deps.issues, tally: deps.tally }, deps.now());
  return {
    status: 'enqueued',
    issueId,
    subject: issue.subject,
    article: issue.article,
    recipients: done.recipients,
    messages: done.messages,
    resumed: !begun.created,
  };
}

function enqueueDeps(deps: StartIssueDeps): EnqueueDeps {
  return {
    issues: deps.issues,
    tally: deps.tally,
    subscribers: deps.subscribers,
    queue: deps.queue,
    owner: deps.owner,
    now: deps.now,
    ...(deps.leaseMs !== undefined ? { leaseMs: deps.leaseMs } : {}),
    ...(deps.pageSize !== undefined ? { pageSize: deps.pageSize } : {}),
    ...(deps.recipientsPerMessage !== undefined ? { recipientsPerMessage: deps.recipientsPerMessage } : {}),
    ...(deps.remainingMs ? { remainingMs: deps.remainingMs } : {}),
    reserveMs: deps.reserveMs ?? ENQUEUE_RESERVE_MS,
  };
}

function inProgress(issue: IssueRecord, busy: readonly QueueShard[]): IssueRunResult {
  const until = Math.max(0, ...busy.map((s) => s.leaseUntil));
  return {
    status: 'in-progress',
    issueId: issue.issueId,
    subject: issue.subject,
    leaseUntil: new Date(until).toISOString(),
  };
}

/** Publishes a queued issue in the archive (when there is one); a no-op for an issue already there. */
async function publish(issueId: string, deps: StartIssueDeps): Promise<void> {
  if (deps.archive) await publishIssue(issueId, { issues: deps.issues, archive: deps.archive.store });
}

async function alreadyStarted(issue: IssueRecord, deps: StartIssueDeps): Promise<IssueRunResult> {
  // A run that stopped between queuing and publishing left the issue out of the archive: this puts it in.
  await publish(issue.issueId, deps);
  const logs = { issues: deps.issues, tally: deps.tally };
  // Completion is checked here too: an issue whose last message stopped before completing it completes now.
  const summary =
    (await completeIfCounted(issue.issueId, logs, deps.now())) ?? (await summariseIssue(issue.issueId, logs));
  if (!summary) throw new Error(`issue ${issue.issueId} disappeared while reading it`);
  return { status: 'already-started', issueId: issue.issueId, subject: issue.subject, summary };
}

/** Active subscribers now, counted by every shard at once (a count reads no items back). */
async function countActive(deps: StartIssueDeps): Promise<number> {
  const shards = Array.from({ length: deps.subscribers.shards }, (_, s) => s);
  const counts = await Promise.all(shards.map((shard) => deps.subscribers.countActive(shard)));
  return counts.reduce((a, b) => a + b, 0);
}

/** Sends the rendered email to each test address in turn, retrying throttling like the deliver function does. */
export async function sendTests(
  email: RenderedEmail,
  recipients: readonly string[],
  deps: TestSendDeps,
): Promise<TestSendResult[]> {
  const policy = deps.backoff ?? DEFAULT_BACKOFF;
  const out: TestSendResult[] = [];
  for (const to of recipients) {
    const message = composeMessage(email, {
      from: deps.from,
      to,
      unsubscribeUrl: deps.unsubscribeUrl(TEST_SUBSCRIBER_ID),
      subjectPrefix: TEST_SUBJECT_PREFIX,
    });
    for (let attempt = 0; ; attempt++) {
      try {
        const { messageId } = await deps.mailer.send(message);
        out.push({ to, messageId });
        break;
      } catch (error) {
        const retryable = classifySendError(error) === 'throttled' && attempt + 1 < policy.attempts;
        if (!retryable) {
          out.push({ to, error: describeError(error) });
          break;
        }
        await deps.sleep(fullJitterDelay(policy, attempt, deps.random));
      }
    }
  }
  return out;
}

/** For logs: the results with addresses masked. */
export function maskTestResults(results: readonly TestSendResult[]): TestSendResult[] {
  return results.map((r) => ({ ...r, to: maskEmail(r.to) }));
}
