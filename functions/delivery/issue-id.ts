// Issue ids: derived from the article's cleaned content, so the schedule firing twice, a retried invocation or
// the same article found again tomorrow all map to the one issue (nobody gets the same digest twice), while a new
// article starts a new one. `force` adds a restart stamp: a deliberate second issue of the same article.
// The cleaned text is hashed rather than the raw bytes, because a fetched page's clutter (ads, timestamps) changes
// between fetches while the article does not.
import { createHash } from 'node:crypto';
import type { CleanArticle } from '../engine/index.js';

const SLUG_MAX = 40;

/** Same text modulo Unicode form, case and whitespace gives the same hash. */
function normalise(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}

export function contentHash(article: CleanArticle): string {
  const hash = createHash('sha256');
  for (const part of [article.title, ...article.paragraphs]) hash.update(`${normalise(part)}\n\n`);
  return hash.digest('hex');
}

/** A readable, key-safe prefix from the title: lowercase ASCII letters, digits and single hyphens. */
export function slugify(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > SLUG_MAX) break;
    slug = next;
  }
  return slug || (words[0]?.slice(0, SLUG_MAX) ?? '') || 'issue';
}

export interface IssueIdOptions {
  /** Set by `force`: a new issue of the same article, stamped with the moment it was forced. */
  readonly forcedAt?: number;
}

/** `<title-slug>-<12 hex of the content hash>`, plus `-r<base36 ms>` when forced. Matches ISSUE_ID_PATTERN. */
export function issueIdFor(article: CleanArticle, options: IssueIdOptions = {}): string {
  const base = `${slugify(article.title)}-${contentHash(article).slice(0, 12)}`;
  return options.forcedAt === undefined ? base : `${base}-r${options.forcedAt.toString(36)}`;
}

export const ISSUE_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
