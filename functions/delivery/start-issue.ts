// The digest run: load the article, build and render the digest once, record the issue (its id derived from the
// article, so a repeated or retried run finds the same issue), and queue every active subscriber in messages,
// shard by shard, checkpointing each listed page so that a run cut short resumes where it stopped.
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
import { issueIdFor } from './issue-id.js';
import { type DeliveryQueue, planMessages, RECIPIENTS_PER_MESSAGE } from './messages.js';
import {
  type IssueLog,
  type IssueRecord,
  type IssueState,
  type Lease,
  LeaseLostError,
  type SendLog,
  SHARD_DONE,
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
import { CLAIM_ORPHANED_AFTER_MS, completeIfSettled, type IssueSummary, summariseIssue } from './summary.js';

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
  readonly sends: Pick<SendLog, 'list'>;
  readonly subscribers: Pick<SubscriberStore, 'shards' | 'listActive'>;
  readonly queue: DeliveryQueue;
  /** Test sends only. */
  readonly test?: TestSendDeps;
  /** The public archive; no web version and nothing published when left out (a private newsletter). */
  readonly archive?: ArchiveDeps;
  /** Identifies this invocation as the holder of the enqueue lease. */
  readonly owner: string;
  readonly now: () => number;
  /** How long the enqueue lease lasts without a checkpoint; a retry after that resumes. */
  readonly leaseMs?: number;
  readonly recipientsPerMessage?: number;
  /** Subscribers listed per page of a shard. */
  readonly pageSize?: number;
  /** Milliseconds left in this invocation; queuing stops (to be resumed) when fewer than `reserveMs` remain. */
  readonly remainingMs?: () => number;
  readonly reserveMs?: number;
  readonly orphanedBefore?: (now: number) => number;
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

/** Queuing could not finish in this invocation; the issue keeps its checkpoints and the next invocation resumes. */
export class EnqueueIncompleteError extends Error {
  override readonly name = 'EnqueueIncompleteError';
}

export const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_PAGE_SIZE = 500;
const DEFAULT_RESERVE_MS = 20_000;
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
  );
  let issue = begun.issue;
  let resumed = false;
  if (!begun.created) {
    if (issue.state !== 'enqueuing') return alreadyStarted(issue, deps);
    const taken = await deps.issues.takeOver(issueId, lease, started);
    if (!taken) {
      return {
        status: 'in-progress',
        issueId,
        subject: issue.subject,
        leaseUntil: new Date(issue.leaseUntil).toISOString(),
      };
    }
    issue = taken;
    resumed = true;
  }
  const done = await enqueueAll(issue, deps);
  await completeIfSettled(done, { issues: deps.issues, sends: deps.sends }, deps.now(), orphaned(deps));
  await publish(issueId, deps);
  return {
    status: 'enqueued',
    issueId,
    subject: issue.subject,
    article: issue.article,
    recipients: done.recipients,
    messages: done.messages,
    resumed,
  };
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
function hasQueued(issue: IssueRecord): boolean {
  return issue.recipients > 0 || Object.keys(issue.cursors).length > 0;
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
  );
  const issue = begun.issue;
  if (!begun.created) {
    // The same stories as an issue begun before (the schedule firing twice, a retry): carry that one on.
    return settled(await continueStoriesIssue(issue, issue.stories ?? entries, deps, request.force), exclude);
  }
  return settled(
    await claimAndQueue(issue, entries, deps, { resumed: false, force: request.force }),
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
  const started = deps.now();
  const taken = await deps.issues.takeOver(
    issue.issueId,
    { owner: deps.owner, until: started + (deps.leaseMs ?? DEFAULT_LEASE_MS) },
    started,
  );
  if (!taken) {
    return {
      status: 'in-progress',
      issueId: issue.issueId,
      subject: issue.subject,
      leaseUntil: new Date(issue.leaseUntil).toISOString(),
    };
  }
  return claimAndQueue(taken, entries, deps, { resumed: true, force: force || issue.forced });
}

/**
 * Claims every story of the issue, then queues its recipients. When another issue holds one of its stories, an
 * issue that has queued nobody gives its claims and its lease back (it will never send); the caller chooses again.
 */
async function claimAndQueue(
  issue: IssueRecord,
  entries: readonly StoryEntry[],
  deps: StartIssueDeps,
  options: { readonly resumed: boolean; readonly force: boolean },
): Promise<StoriesOutcome> {
  const claims = await claimStories(issue.issueId, entries, deps.storyLog, deps.now(), {
    all: options.force,
  });
  if (claims.taken.length > 0 && !options.force) {
    if (hasQueued(issue)) {
      // Claims are all made before the first recipient is queued, so this cannot happen; refuse rather than resend.
      throw new StoryConflictError(
        `issue ${issue.issueId} has queued recipients but issue ${claims.taken[0]?.issueId} holds one of its stories; not resuming it`,
      );
    }
    await releaseStories(issue.issueId, claims.held, deps.storyLog);
    await deps.issues.releaseLease(issue.issueId, deps.owner);
    return { lost: claims.taken.map((c) => c.key), issue };
  }
  const done = await enqueueAll(issue, deps);
  await completeIfSettled(done, { issues: deps.issues, sends: deps.sends }, deps.now(), orphaned(deps));
  await publish(issue.issueId, deps);
  return {
    status: 'enqueued',
    issueId: issue.issueId,
    subject: issue.subject,
    article: issue.article,
    recipients: done.recipients,
    messages: done.messages,
    resumed: options.resumed,
    stories: storyNotes(entries),
    ...leftOutReport(issue.leftOut ?? []),
  };
}

function orphaned(deps: StartIssueDeps): number {
  const now = deps.now();
  return deps.orphanedBefore ? deps.orphanedBefore(now) : now - CLAIM_ORPHANED_AFTER_MS;
}

/** Publishes a queued issue in the archive (when there is one); a no-op for an issue already there. */
async function publish(issueId: string, deps: StartIssueDeps): Promise<void> {
  if (deps.archive) await publishIssue(issueId, { issues: deps.issues, archive: deps.archive.store });
}

async function alreadyStarted(issue: IssueRecord, deps: StartIssueDeps): Promise<IssueRunResult> {
  // A run that stopped between queuing and publishing left the issue out of the archive: this puts it in.
  await publish(issue.issueId, deps);
  const logs = { issues: deps.issues, sends: deps.sends };
  const completed = await completeIfSettled(issue, logs, deps.now(), orphaned(deps), {
    trustCounters: false,
  });
  const summary = completed ?? (await summariseIssue(issue.issueId, logs, orphaned(deps)));
  if (!summary) throw new Error(`issue ${issue.issueId} disappeared while reading it`);
  return { status: 'already-started', issueId: issue.issueId, subject: issue.subject, summary };
}

async function countActive(deps: StartIssueDeps): Promise<number> {
  let total = 0;
  for (let shard = 0; shard < deps.subscribers.shards; shard++) {
    let cursor: string | undefined;
    do {
      const page = await deps.subscribers.listActive(shard, cursor, deps.pageSize ?? DEFAULT_PAGE_SIZE);
      total += page.subscribers.length;
      cursor = page.cursor;
    } while (cursor);
  }
  return total;
}

/** Queues every shard from its checkpoint, in parallel; each page is sent, then checkpointed with its counts. */
async function enqueueAll(issue: IssueRecord, deps: StartIssueDeps): Promise<IssueRecord> {
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const reserve = deps.reserveMs ?? DEFAULT_RESERVE_MS;
  let stopped = false;
  const shards = Array.from({ length: deps.subscribers.shards }, (_, s) => s);
  const results = await Promise.allSettled(
    shards.map(async (shard) => {
      const saved = issue.cursors[String(shard)];
      if (saved === SHARD_DONE) return;
      try {
        await queueShard(shard, saved);
      } catch (error) {
        stopped = true; // the other shards stop at their next page
        throw error;
      }
    }),
  );
  async function queueShard(shard: number, from: string | undefined): Promise<void> {
    let cursor = from;
    for (;;) {
      if (stopped) return;
      if (deps.remainingMs && deps.remainingMs() < reserve) {
        stopped = true;
        return;
      }
      const page = await deps.subscribers.listActive(shard, cursor, deps.pageSize ?? DEFAULT_PAGE_SIZE);
      const messages = planMessages(
        issue.issueId,
        page.subscribers.map((s) => s.id),
        deps.recipientsPerMessage ?? RECIPIENTS_PER_MESSAGE,
      );
      if (messages.length > 0) await deps.queue.send(messages);
      await deps.issues.checkpoint(
        issue.issueId,
        { owner: deps.owner, until: deps.now() + leaseMs },
        {
          shard,
          cursor: page.cursor ?? SHARD_DONE,
          recipients: page.subscribers.length,
          messages: messages.length,
        },
      );
      if (!page.cursor) return;
      cursor = page.cursor;
    }
  }
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    if (!(failure.reason instanceof LeaseLostError))
      await deps.issues.releaseLease(issue.issueId, deps.owner);
    throw failure.reason;
  }
  if (stopped) {
    await deps.issues.releaseLease(issue.issueId, deps.owner);
    throw new EnqueueIncompleteError(
      `queuing of issue ${issue.issueId} stopped before the invocation timed out; invoke again to resume from its checkpoints`,
    );
  }
  return deps.issues.finishEnqueue(issue.issueId, deps.owner, deps.now());
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
