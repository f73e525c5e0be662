// The public archive's routes, served by the subscriptions function: GET /issues/<id> (an issue's web page),
// GET /archive (past issues, newest first, a page at a time) and GET /feed.xml (Atom). All are cacheable: each
// answer carries Cache-Control and an ETag of its bytes, and a matching If-None-Match gets 304 with no body.
// With the archive off (a private newsletter) the app never routes here, so the three answer 404.

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import etag from 'etag';
import fresh from 'fresh';
import {
  ARCHIVE_PAGE_SIZE,
  type ArchivedIssue,
  type ArchiveEntry,
  type ArchiveStore,
  FEED_ENTRIES,
  InvalidCursorError,
  issuePath,
  listArchive,
  MAX_ARCHIVE_PAGE_SIZE,
} from '../../delivery/archive.js';
import { ISSUE_ID_PATTERN } from '../../delivery/issue-id.js';
import { type Branding, formatDate, type StoryContent } from '../../email/render.js';
import { atomFeed } from './feed.js';
import { HttpError, header, htmlResponse, queryParam, type Response } from './http.js';
import type { Pages } from './pages.js';

/** How long browsers and shared caches may reuse an answer before asking again (with its ETag). */
export const CACHE_CONTROL = {
  /** An issue's page does not change once published; only a new deployment's templates could change it. */
  issue: 'public, max-age=3600',
  /** The archive and the feed change when an issue goes out. */
  list: 'public, max-age=300',
} as const;

/** Longest issue id a URL may carry (ids are a 40-character slug, a hash and, when forced, a stamp). */
const MAX_ISSUE_ID_CHARS = 200;

export type ArchiveRoute =
  | { readonly kind: 'issue'; readonly issueId: string }
  | { readonly kind: 'archive' }
  | { readonly kind: 'feed' }
  /** Under /issues/ but not an issue id: answered 404 without reading the table. */
  | { readonly kind: 'no-issue' };

/** The archive route of a path, or undefined when the path is not one of the archive's. */
export function archiveRoute(path: string): ArchiveRoute | undefined {
  if (path === '/archive') return { kind: 'archive' };
  if (path === '/feed.xml') return { kind: 'feed' };
  if (path === '/issues') return { kind: 'no-issue' };
  if (!path.startsWith('/issues/')) return undefined;
  const id = path.slice('/issues/'.length);
  return id.length <= MAX_ISSUE_ID_CHARS && ISSUE_ID_PATTERN.test(id)
    ? { kind: 'issue', issueId: id }
    : { kind: 'no-issue' };
}

/**
 * Makes a response cacheable: its ETag (of the body's bytes) and Cache-Control; 304 without a body when the
 * request's If-None-Match already names that ETag (weak comparison, lists and `*` as RFC 9110 says); no body
 * for HEAD.
 */
export function cacheable(event: APIGatewayProxyEventV2, response: Response, cacheControl: string): Response {
  const tag = etag(response.body);
  const headers = { ...response.headers, etag: tag, 'cache-control': cacheControl };
  const conditional = {
    'if-none-match': header(event, 'if-none-match'),
    'cache-control': header(event, 'cache-control'),
  };
  if (fresh(conditional, { etag: tag })) return { statusCode: 304, headers, body: '' };
  const head = event.requestContext?.http?.method?.toUpperCase() === 'HEAD';
  return { ...response, headers, body: head ? '' : response.body };
}

export interface ArchiveRoutesDeps {
  readonly archive: Pick<ArchiveStore, 'get' | 'list'>;
  readonly site: Branding;
  readonly pages: Pages;
}

function httpUrlOrNull(value: string | null): string | null {
  if (value === null) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

function pageSize(event: APIGatewayProxyEventV2): number {
  const raw = queryParam(event, 'limit');
  if (raw === undefined) return ARCHIVE_PAGE_SIZE;
  const n = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= 1 && n <= MAX_ARCHIVE_PAGE_SIZE)) {
    throw new HttpError(400, 'invalid_limit', `A page shows 1 to ${MAX_ARCHIVE_PAGE_SIZE} issues.`);
  }
  return n;
}

export function createArchiveRoutes(deps: ArchiveRoutesDeps) {
  const base = deps.site.siteUrl.replace(/\/+$/, '');
  const urls = {
    archive: `${base}/archive`,
    feed: `${base}/feed.xml`,
    subscribe: `${base}/`,
    issue: (id: string) => `${base}${issuePath(id)}`,
  };
  const html = (body: string) => htmlResponse(200, body, deps.pages.csp);

  /** A story (or a single article): its source's link only when it is http(s), its quotes featured first. */
  function storyView(content: StoryContent) {
    return {
      title: content.title,
      source: { ...content.source, url: httpUrlOrNull(content.source.url) },
      keyPoints: content.keyPoints,
      featured: content.quotes.filter((q) => q.featured),
      others: content.quotes.filter((q) => !q.featured),
    };
  }

  function issueView(issue: ArchivedIssue) {
    const { content } = issue;
    return {
      ...storyView(content),
      publishedAt: issue.publishedAt,
      sentOn: formatDate(issue.publishedAt) ?? '',
      // A multi-story issue: each story in its order, with an anchor the list at the top links to.
      stories: (content.stories ?? []).map((story, i) => ({ ...storyView(story), anchor: `story-${i + 1}` })),
    };
  }

  async function issuePage(issueId: string): Promise<Response> {
    const issue = await deps.archive.get(issueId);
    if (!issue) throw new HttpError(404, 'not_found', 'There is no published issue at this address.');
    const body = deps.pages.render('page-issue', {
      title: issue.content.title,
      wide: true,
      indexable: true,
      nav: { url: urls.archive, label: 'All issues' },
      issue: issueView(issue),
      archiveUrl: urls.archive,
      subscribeUrl: urls.subscribe,
    });
    return html(body);
  }

  function row(entry: ArchiveEntry) {
    return {
      url: urls.issue(entry.issueId),
      title: entry.title,
      publishedAt: entry.publishedAt,
      date: formatDate(entry.publishedAt) ?? '',
      lead: entry.keyPoints[0] ?? null,
    };
  }

  async function archivePage(event: APIGatewayProxyEventV2): Promise<Response> {
    const limit = pageSize(event);
    const cursor = queryParam(event, 'cursor');
    let page: Awaited<ReturnType<typeof listArchive>>;
    try {
      page = await listArchive(deps.archive, cursor, limit);
    } catch (error) {
      if (error instanceof InvalidCursorError) {
        throw new HttpError(
          400,
          'invalid_cursor',
          'This page link is not valid. Start again from the archive.',
        );
      }
      throw error;
    }
    const sized = (url: string) =>
      limit === ARCHIVE_PAGE_SIZE ? url : `${url}${url.includes('?') ? '&' : '?'}limit=${limit}`;
    const olderUrl = page.next ? sized(`${urls.archive}?cursor=${page.next}`) : null;
    const newestUrl = cursor === undefined ? null : sized(urls.archive);
    const body = deps.pages.render('page-archive', {
      title: 'Past issues',
      heading: 'Past issues',
      wide: true,
      indexable: true,
      nav: { url: urls.subscribe, label: 'Subscribe' },
      issues: page.entries.map(row),
      olderUrl,
      newestUrl,
      pager: olderUrl !== null || newestUrl !== null,
      subscribeUrl: urls.subscribe,
    });
    return html(body);
  }

  async function feed(): Promise<Response> {
    const { entries } = await listArchive(deps.archive, undefined, FEED_ENTRIES);
    const response = htmlResponse(200, atomFeed(entries, { site: deps.site }), "default-src 'none'");
    return {
      ...response,
      headers: { ...response.headers, 'content-type': 'application/atom+xml; charset=utf-8' },
    };
  }

  return async (event: APIGatewayProxyEventV2, route: ArchiveRoute): Promise<Response> => {
    switch (route.kind) {
      case 'issue':
        return cacheable(event, await issuePage(route.issueId), CACHE_CONTROL.issue);
      case 'archive':
        return cacheable(event, await archivePage(event), CACHE_CONTROL.list);
      case 'feed':
        return cacheable(event, await feed(), CACHE_CONTROL.list);
      case 'no-issue':
        throw new HttpError(404, 'not_found', 'There is no published issue at this address.');
    }
  };
}

export type ArchiveRoutes = ReturnType<typeof createArchiveRoutes>;
