// Multi-story issues, the rules: what a feed is to us, which of its items are candidates (in the feed's order, newest
// first, each story once), the keys a story is known by (its link, its GUID, its cleaned text's hash), the port of
// the story log that remembers which issue took each story, and the issue id made from the set of stories.
//
// "Never twice" rests on claims: before an issue queues any recipient it claims every key of every story it holds
// (a conditional write per key: no claim yet, or already this issue's). Claims are made after the issue is begun and
// never moved once the issue queues, so at most one issue ever sends a story; a run that loses a claim to another
// issue gives back its own claims and chooses again without that story. A dry run or a test send claims nothing.
import { createHash } from 'node:crypto';
import type { RawArticle } from '../engine/index.js';
import { slugify } from './issue-id.js';

/** One entry of a feed, as the feed adapter read it. */
export interface FeedItem {
  /** The story: an http(s) URL, `s3://bucket/key` or (local runs) a file path, resolved against the feed's own place. */
  readonly link?: string;
  /** RSS `guid`, Atom `id`, JSON Feed `id`. */
  readonly guid?: string;
  /** The headline as the feed gives it, as plain text. */
  readonly title?: string;
  /** ISO 8601, when the item says when it was published (or last updated). */
  readonly publishedAt?: string;
}

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

export interface Feed {
  /** Where the feed was loaded from. */
  readonly location: string;
  readonly format: FeedFormat;
  readonly title?: string;
  readonly items: readonly FeedItem[];
}

/** What a location holds: one article (today's single-article issue) or a feed of stories. */
export type SourceDocument =
  | { readonly kind: 'article'; readonly article: RawArticle }
  | { readonly kind: 'feed'; readonly feed: Feed };

/** A story an issue may carry, before it is loaded. */
export interface Candidate {
  readonly location: string;
  /** The headline the feed gives (preferred to the page's own <title>, which often carries the site's name). */
  readonly title?: string;
  readonly publishedAt?: string;
  /** Its link key first, then its GUID key when it has a GUID. */
  readonly keys: readonly string[];
}

/** A story left out of an issue, and why, in one line. */
export interface LeftOut {
  readonly location: string;
  readonly reason: string;
}

/** A story as the issue record keeps it: enough to name it, and every key the issue claimed for it. */
export interface StoryEntry {
  readonly title: string;
  readonly location: string;
  readonly keys: readonly string[];
}

/** Most stories an issue carries; the stack's `maxStories` setting, 5 unless set. */
export const DEFAULT_MAX_STORIES = 5;
export const MAX_STORIES_LIMIT = 20;
/** Feed items looked at, newest first; a feed longer than this is read only this far. */
export const MAX_FEED_ITEMS = 200;
/** Stories loaded at once: a few, so one slow page does not hold up the rest, and no site gets a burst. */
export const STORY_LOAD_CONCURRENCY = 4;

/** Query parameters that track a click, not name a page: links differing only in these are one story. */
const TRACKING_PARAM = /^(?:utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)$/i;

/**
 * The link key of a location: an http(s) URL without its fragment, tracking parameters, default port or case in
 * scheme and host (the URL parser does those); any other location (an S3 location, a file path) as it is.
 */
export function linkKey(location: string): string {
  if (/^https?:\/\//i.test(location)) {
    try {
      const url = new URL(location);
      url.hash = '';
      for (const name of [...url.searchParams.keys()]) {
        if (TRACKING_PARAM.test(name)) url.searchParams.delete(name);
      }
      return `link:${url.href}`;
    } catch {
      // Not a valid URL after all: keyed as written.
    }
  }
  return `link:${location.trim()}`;
}

/** A GUID is unique only within its feed (many feeds number their items 1, 2, 3…), so its key names the feed. */
export function guidKey(feedLocation: string, guid: string): string {
  return `guid:${linkKey(feedLocation).slice('link:'.length)}#${guid.trim()}`;
}

/** The key of a story's cleaned text (issue-id.ts's contentHash): the same story found under another link. */
export function textKey(contentHash: string): string {
  return `text:${contentHash}`;
}

/** Why a feed's link may not be loaded, or undefined when it may. */
export function refusedLink(feedLocation: string, link: string): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(link)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return undefined;
  const feedScheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(feedLocation)?.[1]?.toLowerCase();
  if (scheme === 's3') {
    // A feed may name objects of its own bucket; a feed from the web may not make us read the bucket at all.
    const bucket = (l: string) => /^s3:\/\/([^/]+)\//i.exec(l)?.[1];
    return feedScheme === 's3' && bucket(link) === bucket(feedLocation)
      ? undefined
      : 'links to S3 outside the feed’s own bucket are not followed';
  }
  if (scheme === undefined || /^[a-z]:[\\/]/i.test(link)) {
    // A file path: only a local feed (a file itself) may name local files.
    return feedScheme === undefined ? undefined : 'a file path is followed only from a local feed';
  }
  return `its ${scheme}: link is not followed (only http and https)`;
}

function time(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * The feed's candidates: each story once (the first item of a link or GUID wins), newest first. When every item
 * has a date they are sorted by it (a stable sort: items of the same moment keep the feed's order); otherwise the
 * feed's own order stands, which is newest first by convention. Items with no link, or a link we do not follow,
 * are left out with the reason.
 */
export function feedCandidates(feed: Feed): { candidates: Candidate[]; leftOut: LeftOut[] } {
  const leftOut: LeftOut[] = [];
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const [i, item] of feed.items.slice(0, MAX_FEED_ITEMS).entries()) {
    const name = item.title ?? item.guid ?? `item ${i + 1}`;
    if (item.link === undefined) {
      leftOut.push({ location: `${feed.location} (${name})`, reason: 'the item has no link' });
      continue;
    }
    const refused = refusedLink(feed.location, item.link);
    if (refused !== undefined) {
      leftOut.push({ location: item.link, reason: refused });
      continue;
    }
    const keys = [linkKey(item.link), ...(item.guid ? [guidKey(feed.location, item.guid)] : [])];
    if (keys.some((k) => seen.has(k))) continue; // the same story listed twice: once is enough
    for (const k of keys) seen.add(k);
    candidates.push({
      location: item.link,
      keys,
      ...(item.title ? { title: item.title } : {}),
      ...(item.publishedAt ? { publishedAt: item.publishedAt } : {}),
    });
  }
  if (candidates.every((c) => time(c.publishedAt) !== undefined)) {
    candidates.sort((a, b) => (time(b.publishedAt) ?? 0) - (time(a.publishedAt) ?? 0));
  }
  return { candidates, leftOut };
}

/** An explicit list's candidates, in its order, each location once. */
export function listCandidates(locations: readonly string[]): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const location of locations) {
    const key = linkKey(location);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ location, keys: [key] });
  }
  return out;
}

export interface IssueIdStory {
  readonly title: string;
  /** The story's link key, which does not change when the page is fetched again. */
  readonly keys: readonly string[];
}

/**
 * `<slug of the lead headline>-<12 hex>` where the hex is a hash of the set of the stories' link keys (their order
 * does not count), plus `-r<base36 ms>` when forced. The schedule firing twice or a retry finds the same stories,
 * hence the same issue. Matches ISSUE_ID_PATTERN.
 */
export function storiesIssueId(
  stories: readonly IssueIdStory[],
  options: { forcedAt?: number } = {},
): string {
  const hash = createHash('sha256');
  for (const key of stories.map((s) => s.keys[0] ?? '').sort()) hash.update(`${key}\n`);
  const base = `${slugify(stories[0]?.title ?? 'issue')}-${hash.digest('hex').slice(0, 12)}`;
  return options.forcedAt === undefined ? base : `${base}-r${options.forcedAt.toString(36)}`;
}

/** Who holds a story key. */
export interface StoryClaim {
  readonly key: string;
  readonly issueId: string;
  /** Epoch ms. */
  readonly claimedAt: number;
}

export type ClaimStoryResult =
  | { readonly claimed: true }
  | { readonly claimed: false; readonly existing: StoryClaim };

/** Port: the story log, one claim per story key, written only by conditional writes. */
export interface StoryLog {
  /** The claims held on any of these keys. */
  find(keys: readonly string[]): Promise<ReadonlyMap<string, StoryClaim>>;
  /** Claims the key for the issue unless another issue holds it; a claim the issue already holds is kept. */
  claim(
    key: string,
    issueId: string,
    story: Omit<StoryEntry, 'keys'>,
    now: number,
  ): Promise<ClaimStoryResult>;
  /** Gives back the issue's own claim on the key (nothing happens when another issue holds it). */
  release(key: string, issueId: string): Promise<void>;
}

/** No story of a feed or list could be loaded or digested: nothing to send, and the reasons in one line. */
export class NoStoriesError extends Error {
  override readonly name = 'NoStoriesError';
  constructor(
    readonly source: string,
    readonly leftOut: readonly LeftOut[],
  ) {
    const shown = leftOut.slice(0, 3).map((l) => `${l.location}: ${l.reason}`);
    const more = leftOut.length > 3 ? `; and ${leftOut.length - 3} more` : '';
    super(`no story of ${source} could be loaded (${shown.join('; ')}${more})`);
  }
}

/** The other issues that took stories first kept winning: the run gives up rather than loop. */
export class StoryConflictError extends Error {
  override readonly name = 'StoryConflictError';
}

export interface ClaimOutcome {
  /** Keys this issue holds now (claimed here, or held already). */
  readonly held: readonly string[];
  /** Claims of other issues on the stories' keys. */
  readonly taken: readonly StoryClaim[];
}

/**
 * Claims every key of every story for the issue, in sorted order: two runs racing for the same stories meet at the
 * same first key, so the loser stops there holding nothing more. It stops at the first key another issue holds,
 * unless `all` (a forced issue sends anyway and takes what it can).
 */
export async function claimStories(
  issueId: string,
  stories: readonly StoryEntry[],
  log: Pick<StoryLog, 'claim'>,
  now: number,
  options: { readonly all?: boolean } = {},
): Promise<ClaimOutcome> {
  const wanted = stories
    .flatMap((story) => story.keys.map((key) => ({ key, story })))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const held: string[] = [];
  const taken: StoryClaim[] = [];
  for (const { key, story } of wanted) {
    const result = await log.claim(key, issueId, { title: story.title, location: story.location }, now);
    if (result.claimed) held.push(key);
    else {
      taken.push(result.existing);
      if (!options.all) break;
    }
  }
  return { held, taken };
}

/** Gives back the issue's claims: only for an issue that has queued nobody, which therefore sends nothing. */
export async function releaseStories(
  issueId: string,
  keys: readonly string[],
  log: Pick<StoryLog, 'release'>,
): Promise<void> {
  for (const key of keys) await log.release(key, issueId);
}
