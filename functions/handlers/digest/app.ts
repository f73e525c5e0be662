// The digest function, assembled from its parts: the Lambda module (handler.ts) wires the DynamoDB stores, SQS and
// the article sources from the environment, and local runs (npm start, the benchmark, the tests) wire the same
// function to the local stand-ins and the in-process queue. This factory receives its ports and builds no adapter.
// Thin: parse the event, resolve the article (or the list of articles), call the startIssue use case, log and return
// its result.
import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { type ArchiveStore, issuePath } from '../../delivery/archive.js';
import type { DeliveryQueue } from '../../delivery/messages.js';
import type { IssueLog, IssueTally } from '../../delivery/ports.js';
import { type IssueRunResult, maskTestResults, startIssue } from '../../delivery/start-issue.js';
import { DEFAULT_MAX_STORIES, type SourceDocument, type StoryLog } from '../../delivery/stories.js';
import { formatSummary, limitLists } from '../../delivery/summary.js';
import type { Mailer } from '../../email/mail.js';
import { type Branding, createDigestRenderer } from '../../email/render.js';
import { createStoriesRenderer } from '../../email/stories.js';
import type { TemplateSource } from '../../email/templates.js';
import type { RawArticle } from '../../engine/index.js';
import { describeError } from '../../subscribers/log-safe.js';
import { unsubscribeUrl } from '../../subscribers/signed-links.js';
import type { SubscriberStore } from '../../subscribers/subscriber.js';
import { type ArticlePolicy, parseDigestEvent, resolveArticle } from './event.js';

export interface DigestAppDeps {
  readonly issues: IssueLog;
  /** The issue's exact counters and exception lists: its summary, and completion. */
  readonly tally: Pick<IssueTally, 'counts' | 'exceptions'>;
  readonly subscribers: SubscriberStore;
  /** Which stories went into which issue (multi-story issues from a feed or a list). */
  readonly storyLog: StoryLog;
  readonly queue: DeliveryQueue;
  readonly templates: TemplateSource;
  readonly branding: Branding;
  readonly articles: ArticlePolicy;
  readonly logger: Logger;
  /** For test sends. */
  readonly mailer: Mailer;
  readonly sender: string;
  readonly siteUrl: string;
  readonly tokenSecret: () => Promise<string>;
  /**
   * The public archive: issues get a web page and a place in it (and their email a "View in browser" link to it).
   * None when left out: a private newsletter publishes nothing.
   */
  readonly archive?: ArchiveStore;
  /** Loads the article an event names (resolved by the article policy): a file, an https URL, an S3 object. */
  readonly loadArticle: (location: string) => Promise<RawArticle>;
  /** What a location holds, an article or a feed; loadArticle's article (never a feed) when left out. */
  readonly loadSource?: (location: string) => Promise<SourceDocument>;
  /** Most stories in an issue made from a feed or a list (MAX_STORIES); DEFAULT_MAX_STORIES when left out. */
  readonly maxStories?: number;
  readonly now?: () => number;
  readonly leaseMs?: number;
  readonly recipientsPerMessage?: number;
}

export type DigestHandler = (event: unknown, context?: Context) => Promise<IssueRunResult>;

/** Longest list of recipients (by id) returned in a response; the issue log keeps them all. */
const RESPONSE_LIST_LIMIT = 100;

export function createDigestHandler(deps: DigestAppDeps): DigestHandler {
  const { issues, tally, subscribers, storyLog, loadArticle } = deps;
  const render = createDigestRenderer(deps.templates, deps.branding);
  const renderStories = createStoriesRenderer(deps.templates, deps.branding);
  const archive = deps.archive
    ? {
        store: deps.archive,
        pageUrl: (issueId: string) => `${deps.branding.siteUrl.replace(/\/+$/, '')}${issuePath(issueId)}`,
      }
    : undefined;
  const now = deps.now ?? Date.now;
  const loadSource =
    deps.loadSource ??
    (async (location: string): Promise<SourceDocument> => ({
      kind: 'article',
      article: await loadArticle(location),
    }));

  return async (event, context) => {
    const { logger } = deps;
    if (context) logger.addContext(context);
    try {
      const request = parseDigestEvent(event);
      const article = resolveArticle(request.article, deps.articles);
      const articles = request.articles?.map((a) => resolveArticle(a, deps.articles));
      logger.info('digest run', {
        trigger: request.trigger,
        article: articles ? `${articles.length} articles` : article,
        dryRun: request.dryRun,
        testRecipients: request.testRecipients.length,
        force: request.force,
      });
      const secret = request.testRecipients.length > 0 ? await deps.tokenSecret() : undefined;
      const result = await startIssue(
        {
          article,
          ...(articles ? { articles } : {}),
          dryRun: request.dryRun,
          testRecipients: request.testRecipients,
          force: request.force,
        },
        {
          loadArticle,
          loadSource,
          render,
          renderStories,
          storyLog,
          maxStories: deps.maxStories ?? DEFAULT_MAX_STORIES,
          issues,
          tally,
          subscribers,
          queue: deps.queue,
          ...(archive ? { archive } : {}),
          owner: context?.awsRequestId ?? randomUUID(),
          now,
          ...(context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {}),
          ...(deps.leaseMs !== undefined ? { leaseMs: deps.leaseMs } : {}),
          ...(deps.recipientsPerMessage !== undefined
            ? { recipientsPerMessage: deps.recipientsPerMessage }
            : {}),
          ...(secret
            ? {
                test: {
                  mailer: deps.mailer,
                  from: deps.sender,
                  unsubscribeUrl: (id: string) => unsubscribeUrl(deps.siteUrl, secret, id, now()),
                  sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
                  random: Math.random,
                },
              }
            : {}),
        },
      );
      return logResult(logger, result);
    } catch (error) {
      logger.error('digest run failed', {
        error: describeError(error),
      });
      throw error;
    }
  };
}

function logResult(logger: Logger, result: IssueRunResult): IssueRunResult {
  switch (result.status) {
    case 'test-sent': {
      logger.info('test digest sent', { issueId: result.issueId, results: maskTestResults(result.results) });
      return result;
    }
    case 'already-started': {
      const summary = limitLists(result.summary, RESPONSE_LIST_LIMIT);
      logger.info('issue already started: nothing queued', {
        issueId: result.issueId,
        summary: formatSummary(summary),
      });
      return { ...result, summary };
    }
    default:
      logger.info(`digest run: ${result.status}`, { ...result });
      return result;
  }
}
