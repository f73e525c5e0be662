// The digest run: load the article, build and render the digest once, record the issue (its id derived from the
// article, so a repeated or retried run finds the same issue), and queue every active subscriber in messages,
// shard by shard, checkpointing each listed page so that a run cut short resumes where it stopped (enqueue.ts); what
// this invocation has no time left for is handed over to the deliver function through the queue.
// Also the two manual variants: a dry run (render and count, record nothing) and a test send (only to the given
// addresses, outside the issue's records). With the archive on, the email links to the issue's web page, and the
// issue is published in the archive once its queuing has finished (never before, never for the manual variants).
// A feed, or an explicit list of articles, makes a multi-story issue instead: the newest stories no earlier issue
// sent (story-selection.ts), claimed for the issue before anyone is queued (stories.ts), or `nothing-new`.

import type { Mailer } from '../email/mail.js';
import type { DigestRenderer, RenderedEmail } from '../email/render.js';
import type { StoriesRenderer } from '../email/stories.js';
import { cleanForDigest, type DigestOptions, digestOfClean, type RawArticle } from '../engine/index.js';
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
import {
  type Candidate,
  claimStories,
  DEFAULT_MAX_STORIES,
  feedCandidates,
  type LeftOut,
  listCandidates,
  NoStoriesError,
  releaseStories,
  type SourceDocument,
  StoryConflictError,
  type StoryEntry,
  type StoryLog,
  storiesIssueId,
} from './stories.js';
import { selectStories } from './story-selection.js';
import { completeIfCounted, type IssueSummary, summariseIssue } from './summary.js';

export interface IssueRequest {
  /** Where the article (or the feed) is, resolved by the entry point into something the loaders understand. */
  readonly article: string;
  /** An explicit list of articles: a multi-story issue of them, in this order (`article` is then only its label). */
  readonly articles?: readonly string[];
  readonly dryRun: boolean;
  /** Send only to these, with `[TEST]` in the subject, recording nothing. */
  readonly testRecipients: readonly string[];
  /** Start a new issue even when this article (these stories) was already sent. */
  readonly force: boolean;
}

export interface StartIssueDeps {
  readonly loadArticle: (location: string) => Promise<RawArticle>;
  /** What a location holds, an article or a feed; every location is an article (loadArticle) when left out. */
  readonly loadSource?: (location: string) => Promise<SourceDocument>;
  readonly render: DigestRenderer;
  readonly renderStories: StoriesRenderer;
  readonly storyLog: StoryLog;
  /** Most stories in a multi-story issue; DEFAULT_MAX_STORIES when left out. */
  readonly maxStories?: number;
  readonly digestOptions?: DigestOptions;
  readonly issues: IssueLog;
  readonly tally: Pick<IssueTally, 'counts' | 'exceptions'>;
  readonly subscribers: Pick<SubscriberStore, 'shards' | 'listActive' | 'countActive'>;
  readonly queue: DeliveryQueue;
  /** Test sends only. */
  readonly test?: TestSendDeps;
  /** The public archive; no web version and nothing published when left out (a private newsletter). */
  readonly archive?: ArchiveDeps;
  /** Identifies this invocation as the holder of the shards it queues. */
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

/** A story of a multi-story issue, as results name it. */
export interface StoryNote {
  readonly title: string;
  readonly location: string;
}

/** What a multi-story run says besides the usual: its stories, and those it left out with why. */
export interface StoriesReport {
  readonly stories?: readonly StoryNote[];
  readonly leftOut?: readonly LeftOut[];
}

export type IssueRunResult =
  | ({
      readonly status: 'enqueued';
      readonly issueId: string;
      readonly subject: string;
      readonly article: string;
      readonly recipients: number;
      readonly messages: number;
      /** True when this run took over an earlier run's unfinished queuing. */
      readonly resumed: boolean;
    } & StoriesReport)
  | ({
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
    } & StoriesReport)
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
  | ({
      readonly status: 'dry-run';
      readonly issueId: string;
      readonly subject: string;
      readonly article: string;
      /** Active subscribers now: who a real run would queue. */
      readonly recipients: number;
      readonly existing?: IssueState;
      /** The article's key points; a multi-story issue's are in each story. */
      readonly keyPoints: readonly string[];
      readonly quotes: number;
      readonly htmlBytes: number;
      readonly textBytes: number;
    } & StoriesReport)
  | ({
      readonly status: 'test-sent';
      readonly issueId: string;
      readonly subject: string;
      readonly results: readonly TestSendResult[];
    } & StoriesReport)
  | {
      /** A feed or list whose every story an earlier issue sent: no issue, nothing sent, nothing recorded. */
      readonly status: 'nothing-new';
      readonly article: string;
      /** Stories looked at, and how many of them earlier issues sent. */
      readonly considered: number;
      readonly alreadySent: number;
      readonly leftOut?: readonly LeftOut[];
    };

export const TEST_SUBJECT_PREFIX = '[TEST] ';
export const TEST_SUBSCRIBER_ID = 'test-recipient';

/** Left-out stories kept on an issue record and returned: enough to act on, small enough for one item. */
const LEFT_OUT_LIMIT = 50;
/** Rounds of choosing stories again after losing some to another issue, before giving up. */
const STORY_ROUNDS = 3;

export async function startIssue(request: IssueRequest, deps: StartIssueDeps): Promise<IssueRunResult> {
  const source = await storiesSource(request, deps);
  if (source.kind === 'stories') return startStoriesIssue(request, source, deps);
  const raw = source.article;
  const cleaned = cleanForDigest(raw);
  const digest = digestOfClean(cleaned, raw.meta, deps.digestOptions);
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
  if (begun.created) {
    const shards = await deps.issues.queueShards(issueId);
    // The watch: whatever becomes of this invocation, every shard gets queued (see enqueue.ts).
    await watch(issueId, shards, deps);
    return queueIssue(issue, shards, deps, false);
  }
  const held = await takeShards(issue, deps);
  return 'status' in held ? held : queueIssue(issue, held.shards, deps, true);
}

type RequestSource =
  | { readonly kind: 'article'; readonly article: RawArticle }
  | {
      readonly kind: 'stories';
      readonly candidates: readonly Candidate[];
      readonly leftOut: readonly LeftOut[];
    };

/** An explicit list, or what the location holds: one article, or a feed's stories. */
async function storiesSource(request: IssueRequest, deps: StartIssueDeps): Promise<RequestSource> {
  if (request.articles) return { kind: 'stories', candidates: listCandidates(request.articles), leftOut: [] };
  if (!deps.loadSource) return { kind: 'article', article: await deps.loadArticle(request.article) };
  const document = await deps.loadSource(request.article);
  if (document.kind === 'article') return document;
  return { kind: 'stories', ...feedCandidates(document.feed) };
}

function storyNotes(entries: readonly StoryEntry[]): StoryNote[] {
  return entries.map((e) => ({ title: e.title, location: e.location }));
}

function leftOutReport(leftOut: readonly LeftOut[]): { leftOut?: LeftOut[] } {
  return leftOut.length === 0
    ? {}
    : { leftOut: leftOut.slice(0, LEFT_OUT_LIMIT).map((l) => ({ ...l, reason: l.reason.slice(0, 300) })) };
}

/** Whether an issue has queued anyone: its claims are then final (never given back). */
function hasQueued(shards: readonly QueueShard[]): boolean {
  return shards.some((s) => s.recipients > 0 || s.cursor !== undefined || s.done || s.pending.length > 0);
}

/**
 * A multi-story issue: choose the stories, then for real runs begin the issue (or find it), claim its stories and
 * queue. Losing a story to another issue before queuing gives the claims back and chooses again without it.
 */
async function startStoriesIssue(
  request: IssueRequest,
  source: Extract<RequestSource, { kind: 'stories' }>,
  deps: StartIssueDeps,
): Promise<IssueRunResult> {
  const label = request.articles ? `${request.articles.length} articles` : request.article;
  const exclude = new Set<string>();
  for (let round = 0; round < STORY_ROUNDS; round++) {
    const result = await storiesRound(request, source, deps, label, exclude);
    if (result !== undefined) return result;
  }
  throw new StoryConflictError(
    `other issues kept taking the stories of ${label} first (${STORY_ROUNDS} rounds); run again to send what is left`,
  );
}

/** The result of an issue carried on, or undefined to choose again without the stories it lost (now excluded). */
function settled(outcome: StoriesOutcome, exclude: Set<string>): IssueRunResult | undefined {
  if ('status' in outcome) return outcome;
  for (const key of outcome.lost) exclude.add(key);
  return undefined;
}

/** One round of choosing stories and starting (or carrying on) their issue; undefined to choose again. */
async function storiesRound(
  request: IssueRequest,
  source: Extract<RequestSource, { kind: 'stories' }>,
  deps: StartIssueDeps,
  label: string,
  exclude: Set<string>,
): Promise<IssueRunResult | undefined> {
  const manual = request.dryRun || request.testRecipients.length > 0;
  const picked = await selectStories(source.candidates, {
    loadArticle: deps.loadArticle,
    storyLog: deps.storyLog,
    issues: deps.issues,
    maxStories: deps.maxStories ?? DEFAULT_MAX_STORIES,
    force: request.force,
    // A dry run or a test send shows what is new; it does not finish another issue.
    resume: !manual,
    exclude,
  });
  if (picked.kind === 'nothing-new') {
    return {
      status: 'nothing-new',
      article: label,
      considered: picked.considered,
      alreadySent: picked.alreadySent,
      ...leftOutReport(source.leftOut),
    };
  }
  if (picked.kind === 'unfinished') {
    const issue = await deps.issues.get(picked.issueId);
    if (!issue) return undefined; // gone since it was read: choose again
    return settled(await continueStoriesIssue(issue, issue.stories ?? [], deps), exclude);
  }
  const leftOut = [...source.leftOut, ...picked.leftOut];
  if (picked.stories.length === 0) throw new NoStoriesError(label, leftOut);
  const entries = picked.stories.map((st) => st.entry);
  const started = deps.now();
  const issueId = storiesIssueId(entries, request.force ? { forcedAt: started } : {});
  const email = deps.renderStories(
    picked.stories.map((st) => st.digest),
    deps.archive ? { webUrl: deps.archive.pageUrl(issueId) } : {},
  );
  const report = { stories: storyNotes(entries), ...leftOutReport(leftOut) };
  if (manual) {
    const quotes = picked.stories.reduce((n, st) => n + st.digest.quotes.length, 0);
    return manualStoriesRun(request, deps, { issueId, email, label, quotes, report });
  }

  const lease: Lease = { owner: deps.owner, until: started + (deps.leaseMs ?? DEFAULT_LEASE_MS) };
  const begun = await deps.issues.begin(
    {
      issueId,
      subject: email.subject,
      article: label,
      forced: request.force,
      createdAt: new Date(started).toISOString(),
      stories: entries,
      ...leftOutReport(leftOut),
    },
    email,
    lease,
    deps.subscribers.shards,
  );
  const issue = begun.issue;
  if (!begun.created) {
    // The same stories as an issue begun before (the schedule firing twice, a retry): carry that one on.
    return settled(await continueStoriesIssue(issue, issue.stories ?? entries, deps, request.force), exclude);
  }
  const shards = await deps.issues.queueShards(issueId);
  return settled(
    await claimAndQueue(issue, entries, deps, { resumed: false, force: request.force, held: shards }),
    exclude,
  );
}

/** A test send or a dry run of a multi-story issue: nothing recorded, nothing claimed. */
async function manualStoriesRun(
  request: IssueRequest,
  deps: StartIssueDeps,
  run: {
    readonly issueId: string;
    readonly email: RenderedEmail;
    readonly label: string;
    readonly quotes: number;
    readonly report: { readonly stories: ReturnType<typeof storyNotes>; readonly leftOut?: LeftOut[] };
  },
): Promise<IssueRunResult> {
  const { issueId, email, report } = run;
  if (request.testRecipients.length > 0) {
    if (!deps.test) throw new Error('test sends are not configured');
    const results = await sendTests(email, request.testRecipients, deps.test);
    return {
      status: 'test-sent',
      issueId,
      subject: `${TEST_SUBJECT_PREFIX}${email.subject}`,
      results,
      ...report,
    };
  }
  const existing = await deps.issues.get(issueId);
  return {
    status: 'dry-run',
    issueId,
    subject: email.subject,
    article: run.label,
    recipients: await countActive(deps),
    ...(existing ? { existing: existing.state } : {}),
    keyPoints: [],
    quotes: run.quotes,
    htmlBytes: Buffer.byteLength(email.html),
    textBytes: Buffer.byteLength(email.text),
    ...report,
  };
}

type StoriesOutcome = IssueRunResult | { readonly lost: readonly string[]; readonly issue: IssueRecord };

/** An existing issue of stories: already queued (its summary), queuing elsewhere (in progress), or to take over. */
async function continueStoriesIssue(
  issue: IssueRecord,
  entries: readonly StoryEntry[],
  deps: StartIssueDeps,
  force = false,
): Promise<StoriesOutcome> {
  if (issue.state !== 'enqueuing') return alreadyStarted(issue, deps);
  const held = await takeShards(issue, deps);
  if ('status' in held) return held;
  return claimAndQueue(issue, entries, deps, {
    resumed: true,
    force: force || issue.forced,
    held: held.shards,
  });
}

/**
 * Claims every story of the issue, then queues its recipients. When another issue holds one of its stories, an
 * issue that has queued nobody gives its claims and its lease back (it will never send); the caller chooses again.
 */
async function claimAndQueue(
  issue: IssueRecord,
  entries: readonly StoryEntry[],
  deps: StartIssueDeps,
  options: { readonly resumed: boolean; readonly force: boolean; readonly held: readonly QueueShard[] },
): Promise<StoriesOutcome> {
  const claims = await claimStories(issue.issueId, entries, deps.storyLog, deps.now(), {
    all: options.force,
  });
  if (claims.taken.length > 0 && !options.force) {
    if (hasQueued(await deps.issues.queueShards(issue.issueId))) {
      // Claims are all made before the first recipient is queued, so this cannot happen; refuse rather than resend.
      throw new StoryConflictError(
        `issue ${issue.issueId} has queued recipients but issue ${claims.taken[0]?.issueId} holds one of its stories; not resuming it`,
      );
    }
    await releaseStories(issue.issueId, claims.held, deps.storyLog);
    await Promise.all(options.held.map((s) => deps.issues.releaseShard(issue.issueId, s.shard, deps.owner)));
    return { lost: claims.taken.map((c) => c.key), issue };
  }
  // Only now, with its stories held, may anyone queue this issue: the watch goes out after the claims.
  await watch(issue.issueId, options.held, deps);
  return queueIssue(issue, options.held, deps, options.resumed, {
    stories: storyNotes(entries),
    ...leftOutReport(issue.leftOut ?? []),
  });
}

/** One enqueue message per unfinished shard, for whoever finds it held by nobody (see enqueue.ts). */
async function watch(issueId: string, shards: readonly QueueShard[], deps: StartIssueDeps): Promise<void> {
  await handOver(
    issueId,
    shards.filter((s) => !shardFinished(s)).map((s) => s.shard),
    deps,
  );
}

/** The unfinished shards of an issue being queued that no live invocation holds, taken; in-progress when none is. */
async function takeShards(
  issue: IssueRecord,
  deps: StartIssueDeps,
): Promise<{ readonly shards: QueueShard[] } | IssueRunResult> {
  const now = deps.now();
  const lease: Lease = { owner: deps.owner, until: now + (deps.leaseMs ?? DEFAULT_LEASE_MS) };
  const shards = await deps.issues.queueShards(issue.issueId);
  const taken = await Promise.all(
    shards
      .filter((s) => !shardFinished(s))
      .map((s) => deps.issues.takeShard(issue.issueId, s.shard, lease, now)),
  );
  const held = taken.filter((s): s is QueueShard => s !== undefined);
  const busy = shards.filter((s) => !shardFinished(s) && !held.some((h) => h.shard === s.shard));
  return held.length === 0 && busy.length > 0 ? inProgress(issue, busy) : { shards: held };
}

/**
 * Queues the shards this run holds and hands over what it has no time for; when every shard is done, the issue
 * moves on to `sending`, is published, and completes at once if everyone already has an outcome.
 */
async function queueIssue(
  issue: IssueRecord,
  held: readonly QueueShard[],
  deps: StartIssueDeps,
  resumed: boolean,
  report: StoriesReport = {},
): Promise<IssueRunResult> {
  const enqueue = enqueueDeps(deps);
  const { unfinished } = await queueShards(issue.issueId, held, enqueue);
  const base = { issueId: issue.issueId, subject: issue.subject, article: issue.article, resumed, ...report };
  if (unfinished.length > 0) {
    await handOver(issue.issueId, unfinished, enqueue);
    const now = await deps.issues.queueShards(issue.issueId);
    return {
      status: 'handed-over',
      ...base,
      recipients: now.reduce((n, s) => n + s.recipients, 0),
      messages: now.reduce((n, s) => n + s.messages, 0),
      shards: unfinished.length,
    };
  }
  const done = await deps.issues.finishEnqueue(issue.issueId, deps.now());
  // Shards held elsewhere are still being queued.
  if (!done) {
    return inProgress(
      issue,
      (await deps.issues.queueShards(issue.issueId)).filter((s) => !shardFinished(s)),
    );
  }
  await publish(issue.issueId, deps);
  await completeIfCounted(issue.issueId, { issues: deps.issues, tally: deps.tally }, deps.now());
  return { status: 'enqueued', ...base, recipients: done.recipients, messages: done.messages };
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
