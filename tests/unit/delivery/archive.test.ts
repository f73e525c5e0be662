// The archive's rules: which issues are public, the entry published for an issue, the opaque page cursor (and that
// a forged one is refused), and paging newest first.
import { describe, expect, it } from 'vitest';
import {
  type ArchiveEntry,
  type ArchivePosition,
  archivedIssueFor,
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
  isPublic,
  listArchive,
  MAX_ARCHIVE_PAGE_SIZE,
  publishIssue,
} from '../../../functions/delivery/archive.js';
import type { IssueRecord } from '../../../functions/delivery/ports.js';
import type { IssueContent, RenderedEmail } from '../../../functions/email/render.js';

const content: IssueContent = {
  title: 'Harbour wall to be rebuilt',
  source: {
    siteName: 'Coast News',
    byline: null,
    date: null,
    readingTime: '2 min read',
    url: 'https://news.example.com/harbour',
    line: 'Coast News · 2 min read',
  },
  keyPoints: ['The council approved the plan.', 'Work starts in May.'],
  quotes: [
    { text: 'At last', speaker: 'Ann Lee', featured: true },
    { text: 'Too late', speaker: null, featured: false },
  ],
};

const email: RenderedEmail = {
  subject: 'Harbour wall to be rebuilt',
  preheader: 'The council approved the plan.',
  html: '<p>x</p>',
  text: 'x',
  unsubscribeSlot: `https://unsubscribe.invalid/${'0'.repeat(32)}`,
  content,
};

function issue(overrides: Partial<IssueRecord> = {}): IssueRecord {
  return {
    issueId: 'harbour-wall-to-be-rebuilt-0123456789ab',
    subject: 'Harbour wall to be rebuilt',
    article: 'sample',
    forced: false,
    state: 'sending',
    createdAt: '2026-03-01T06:00:00.000Z',
    updatedAt: '2026-03-01T06:00:05.000Z',
    enqueuedAt: '2026-03-01T06:00:05.000Z',
    leaseUntil: 0,
    cursors: {},
    recipients: 3,
    messages: 1,
    counts: { sent: 0, skipped: 0, failed: 0, ambiguous: 0 },
    ...overrides,
  };
}

describe('which issues are public', () => {
  it('an issue is public once all its recipients are queued, not while it is being queued', () => {
    expect(isPublic({ state: 'enqueuing' })).toBe(false);
    expect(isPublic({ state: 'sending' })).toBe(true);
    expect(isPublic({ state: 'complete' })).toBe(true);
  });

  it('publishes the content stored with the email, dated when queuing finished', () => {
    const entry = archivedIssueFor(issue(), email);

    expect(entry).toEqual({
      issueId: 'harbour-wall-to-be-rebuilt-0123456789ab',
      title: 'Harbour wall to be rebuilt',
      publishedAt: '2026-03-01T06:00:05.000Z',
      keyPoints: content.keyPoints,
      sourceUrl: 'https://news.example.com/harbour',
      content,
    });
  });

  it('publishes nothing for an issue still being queued, or an email stored before the archive existed', () => {
    const { content: _left, ...legacy } = email;

    expect(archivedIssueFor(issue({ state: 'enqueuing' }), email)).toBeUndefined();
    expect(archivedIssueFor(issue(), legacy)).toBeUndefined();
  });

  it('publishIssue reads the issue and its stored email, and writes only a public issue', async () => {
    const published: string[] = [];
    const archive = {
      publish: async (e: { issueId: string }) => {
        published.push(e.issueId);
      },
      get: async () => undefined,
      list: async () => [],
    };
    const logOf = (record: IssueRecord | undefined) => ({
      get: async () => record,
      getEmail: async () => email,
    });

    expect(await publishIssue('a', { issues: logOf(issue({ state: 'enqueuing' })), archive })).toBe(false);
    expect(await publishIssue('a', { issues: logOf(undefined), archive })).toBe(false);
    expect(published).toEqual([]);
    expect(await publishIssue('a', { issues: logOf(issue({ state: 'complete' })), archive })).toBe(true);
    expect(published).toEqual(['harbour-wall-to-be-rebuilt-0123456789ab']);
  });
});

describe('page cursor', () => {
  const position: ArchivePosition = {
    publishedAt: '2026-03-01T06:00:05.000Z',
    issueId: 'harbour-wall-to-be-rebuilt-0123456789ab',
  };

  it('is opaque and URL-safe, and reads back as the position it was made from', () => {
    const cursor = encodeCursor(position);

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('harbour');
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/=='],
    ['garbage that decodes', Buffer.from('hello world').toString('base64url')],
    ['a date that is not one', encodeCursor({ ...position, publishedAt: '2026-13-45T99:00:00.000Z' })],
    [
      'a date in another spelling',
      Buffer.from(`2026-03-01T06:00:05Z#${position.issueId}`).toString('base64url'),
    ],
    ['an id with capitals', Buffer.from(`${position.publishedAt}#Harbour`).toString('base64url')],
    ['an id with a key separator', Buffer.from(`${position.publishedAt}#a#b`).toString('base64url')],
    ['padded', `${encodeCursor(position)}==`],
    ['far too long', 'A'.repeat(5000)],
    ['a script', '<script>alert(1)</script>'],
  ])('refuses a forged cursor: %s', (_name, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(InvalidCursorError);
  });

  it('refuses a second spelling of the same bytes (base64 padding bits set): one cursor per position', () => {
    const odd = { ...position, issueId: `${position.issueId}-xy` };
    const cursor = encodeCursor(odd);
    expect(Buffer.byteLength(`${odd.publishedAt}#${odd.issueId}`) % 3).not.toBe(0);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // The lowest bit of the last character is padding when the bytes do not fill it.
    const twin = `${cursor.slice(0, -1)}${alphabet[alphabet.indexOf(cursor.at(-1) ?? 'A') ^ 1]}`;

    expect(Buffer.from(twin, 'base64url')).toEqual(Buffer.from(cursor, 'base64url'));
    expect(decodeCursor(cursor)).toEqual(odd);
    expect(() => decodeCursor(twin)).toThrow(InvalidCursorError);
  });
});

describe('paging', () => {
  const entries: ArchiveEntry[] = Array.from({ length: 7 }, (_, i) => ({
    issueId: `issue-${i}`,
    title: `Issue ${i}`,
    publishedAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
    keyPoints: [`Point ${i}`],
    sourceUrl: null,
  })).reverse();

  /** The port's contract on an array: newest first, strictly before the position, at most `limit`. */
  const store = {
    calls: [] as number[],
    async list(before: ArchivePosition | undefined, limit: number) {
      store.calls.push(limit);
      const key = (e: ArchivePosition) => `${e.publishedAt}#${e.issueId}`;
      return entries.filter((e) => !before || key(e) < key(before)).slice(0, limit);
    },
  };

  it('walks every issue once, newest first, asking the store for one more than a page', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listArchive(store, cursor, 3);
      seen.push(...page.entries.map((e) => e.issueId));
      cursor = page.next;
      pages++;
    } while (cursor);

    expect(seen).toEqual(['issue-6', 'issue-5', 'issue-4', 'issue-3', 'issue-2', 'issue-1', 'issue-0']);
    expect(pages).toBe(3);
    expect(store.calls.every((n) => n === 4)).toBe(true);
  });

  it('has no next cursor when the page ends exactly at the last issue', async () => {
    const page = await listArchive(store, undefined, 7);

    expect(page.entries).toHaveLength(7);
    expect(page.next).toBeUndefined();
  });

  it('bounds the page size', async () => {
    await expect(listArchive(store, undefined, 0)).rejects.toThrow(RangeError);
    await expect(listArchive(store, undefined, MAX_ARCHIVE_PAGE_SIZE + 1)).rejects.toThrow(RangeError);
    await expect(listArchive(store, undefined, 1.5)).rejects.toThrow(RangeError);
  });

  it('refuses a forged cursor before reading anything', async () => {
    const before = store.calls.length;

    await expect(listArchive(store, 'Zm9yZ2Vk', 3)).rejects.toThrow(InvalidCursorError);
    expect(store.calls.length).toBe(before);
  });
});
