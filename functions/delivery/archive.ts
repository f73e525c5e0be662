// The public archive of issues: which issues readers may see on the web (only issues whose queuing finished; dry runs
// and test sends record no issue at all), the entry published for each when its queuing finishes, the port that
// keeps them, and the pagination cursor of the archive page. The pages themselves are rendered by the
// subscriptions handler (handlers/subscriptions/archive.ts).
//
// Published entries are copies: the issue's rendered email is kept only for a while (the issue log's TTL), the
// archive for good. An entry is written once (a conditional put) and never changed, so what readers see is what
// was sent.
import type { IssueContent, RenderedEmail } from '../email/render.js';
import { ISSUE_ID_PATTERN } from './issue-id.js';
import type { IssueLog, IssueRecord } from './ports.js';

/** One row of the archive and one entry of the feed: small, so a page of them is one query. */
export interface ArchiveEntry {
  readonly issueId: string;
  readonly title: string;
  /** ISO 8601: when the issue's queuing finished (it went out then). The archive's order. */
  readonly publishedAt: string;
  readonly keyPoints: readonly string[];
  /** The original article, when it has a public http(s) address. */
  readonly sourceUrl: string | null;
}

/** An issue's web page: its entry and everything the page shows. */
export interface ArchivedIssue extends ArchiveEntry {
  readonly content: IssueContent;
}

/** Where a page of the archive starts: after this entry, going back in time. */
export interface ArchivePosition {
  readonly publishedAt: string;
  readonly issueId: string;
}

/** Port: where published issues are kept. */
export interface ArchiveStore {
  /** Writes the issue's entry and page unless it is already there (then leaves it as it is). */
  publish(issue: ArchivedIssue): Promise<void>;
  get(issueId: string): Promise<ArchivedIssue | undefined>;
  /** Up to `limit` entries, newest first, published before `before` when given. */
  list(before: ArchivePosition | undefined, limit: number): Promise<readonly ArchiveEntry[]>;
}

/** A cursor that this code did not make (forged, cut short, or from another version). */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

/** Issues per archive page when the request names no size; and the most a request may ask for. */
export const ARCHIVE_PAGE_SIZE = 20;
export const MAX_ARCHIVE_PAGE_SIZE = 50;
/** Entries in the feed: the newest ones, as feed readers expect. */
export const FEED_ENTRIES = 20;

/** The web page of an issue, relative to the site's base URL. */
export function issuePath(issueId: string): string {
  return `/issues/${issueId}`;
}

/**
 * Whether readers may see an issue: only once all its recipients are queued (`sending` or `complete`). An issue
 * still `enqueuing` may yet be abandoned or fail. Dry runs and test sends never record an issue, so never appear.
 */
export function isPublic(issue: Pick<IssueRecord, 'state'>): boolean {
  return issue.state === 'sending' || issue.state === 'complete';
}

/** The archive entry of an issue, or undefined when it is not public or its stored email has no public content. */
export function archivedIssueFor(issue: IssueRecord, email: RenderedEmail): ArchivedIssue | undefined {
  if (!isPublic(issue) || !email.content || !issue.enqueuedAt) return undefined;
  const { content } = email;
  return {
    issueId: issue.issueId,
    title: content.title,
    publishedAt: issue.enqueuedAt,
    keyPoints: content.keyPoints,
    sourceUrl: content.source.url,
    content,
  };
}

/**
 * Publishes an issue in the archive from the rendering stored with it (what its readers were sent). Idempotent: a
 * second call, or a retried run after a crash between queuing and publishing, writes nothing new.
 * Returns whether the issue is (now) in the archive.
 */
export async function publishIssue(
  issueId: string,
  deps: { readonly issues: Pick<IssueLog, 'get' | 'getEmail'>; readonly archive: ArchiveStore },
): Promise<boolean> {
  const issue = await deps.issues.get(issueId);
  if (!issue || !isPublic(issue)) return false;
  const email = await deps.issues.getEmail(issueId);
  const entry = email ? archivedIssueFor(issue, email) : undefined;
  if (!entry) return false;
  await deps.archive.publish(entry);
  return true;
}

// An ISO 8601 UTC timestamp as Date#toISOString writes it, then '#', then an issue id.
const POSITION = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)#([a-z0-9-]{1,200})$/;
/** base64url of a position is far shorter than this; anything longer is refused before decoding. */
const MAX_CURSOR_CHARS = 400;

/** The opaque cursor of the page that starts after `position`. */
export function encodeCursor(position: ArchivePosition): string {
  return Buffer.from(`${position.publishedAt}#${position.issueId}`, 'utf8').toString('base64url');
}

/** The position a cursor stands for; InvalidCursorError for anything `encodeCursor` did not make. */
export function decodeCursor(cursor: string): ArchivePosition {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new InvalidCursorError('the page cursor is malformed');
  }
  const match = POSITION.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const [, publishedAt = '', issueId = ''] = match ?? [];
  const position = { publishedAt, issueId };
  if (
    !match ||
    !ISSUE_ID_PATTERN.test(issueId) ||
    Number.isNaN(Date.parse(publishedAt)) ||
    new Date(publishedAt).toISOString() !== publishedAt ||
    // One spelling per position: a cursor that decodes but was not written by encodeCursor is not ours.
    encodeCursor(position) !== cursor
  ) {
    throw new InvalidCursorError('the page cursor is malformed');
  }
  return position;
}

export interface ArchivePage {
  readonly entries: readonly ArchiveEntry[];
  /** The cursor of the next (older) page; absent on the last page. */
  readonly next?: string;
}

/** One page of the archive, newest first: one query of `limit + 1` entries tells whether an older page exists. */
export async function listArchive(
  archive: Pick<ArchiveStore, 'list'>,
  cursor: string | undefined,
  limit: number,
): Promise<ArchivePage> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ARCHIVE_PAGE_SIZE) {
    throw new RangeError(`an archive page holds 1 to ${MAX_ARCHIVE_PAGE_SIZE} issues`);
  }
  const before = cursor === undefined ? undefined : decodeCursor(cursor);
  const found = await archive.list(before, limit + 1);
  const entries = found.slice(0, limit);
  const last = entries[entries.length - 1];
  return found.length > limit && last
    ? { entries, next: encodeCursor({ publishedAt: last.publishedAt, issueId: last.issueId }) }
    : { entries };
}
