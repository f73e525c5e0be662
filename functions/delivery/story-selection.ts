// Choosing the stories of a multi-story issue: the newest candidates that no earlier issue took (by link or GUID
// before anything is loaded, then by cleaned text once loaded), up to `maxStories`, each loaded and digested a few at
// a time. A story that cannot be loaded or digested is left out with its reason; the rest still make the issue.
// A candidate held by an issue that is still queuing means that issue is unfinished: the run finishes it first.
import pMap from 'p-map';
import {
  type CleanArticle,
  cleanForDigest,
  type Digest,
  digestOfClean,
  type RawArticle,
} from '../engine/index.js';
import { contentHash } from './issue-id.js';
import type { IssueLog, IssueState } from './ports.js';
import {
  type Candidate,
  type LeftOut,
  STORY_LOAD_CONCURRENCY,
  type StoryClaim,
  type StoryEntry,
  type StoryLog,
  textKey,
} from './stories.js';

/** Key points per story: "2–3 key points and its best quote". */
export const STORY_POINTS = 3;
export const STORY_QUOTES = 1;

export interface LoadedStory {
  readonly entry: StoryEntry;
  readonly digest: Digest;
}

export type StoriesDraft =
  | {
      readonly kind: 'stories';
      readonly stories: readonly LoadedStory[];
      readonly leftOut: readonly LeftOut[];
      /** Candidates an earlier issue already took. */
      readonly alreadySent: number;
    }
  | { readonly kind: 'nothing-new'; readonly considered: number; readonly alreadySent: number }
  /** A story is held by an issue whose queuing has not finished: that issue is to be finished first. */
  | { readonly kind: 'unfinished'; readonly issueId: string };

export interface SelectionDeps {
  readonly loadArticle: (location: string) => Promise<RawArticle>;
  readonly storyLog: Pick<StoryLog, 'find'>;
  readonly issues: Pick<IssueLog, 'get'>;
  readonly maxStories: number;
  /** Forced: stories are chosen whether or not an earlier issue sent them. */
  readonly force: boolean;
  /**
   * Whether a story held by an issue still queuing makes the run finish that issue (true when left out); a dry run
   * or a test send counts such a story as sent instead.
   */
  readonly resume?: boolean;
  /** Keys lost to another issue earlier in this run: never chosen again by it. */
  readonly exclude?: ReadonlySet<string>;
  readonly concurrency?: number;
}

/** The message without the location it starts with, which the left-out entry names already. */
function reasonFor(location: string, error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  return message.startsWith(`${location} `) ? message.slice(location.length + 1) : message;
}

/** Letters and digits only, lower-cased: how a key point and a quote are compared. */
function bare(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * A story's digest for a multi-story issue: up to STORY_POINTS key points and its best quote, without a key point
 * that repeats that quote (a story has room for a few lines; the quote is shown anyway).
 */
export function storyDigest(raw: RawArticle, cleaned: CleanArticle = cleanForDigest(raw)): Digest {
  const digest = digestOfClean(cleaned, raw.meta, { points: STORY_POINTS + 1, featuredQuotes: STORY_QUOTES });
  const quote = digest.quotes.find((q) => q.featured);
  const quoted = quote ? bare(quote.text) : '';
  const points = digest.keyPoints.filter((p) => quoted === '' || !bare(p).includes(quoted));
  return { ...digest, keyPoints: points.slice(0, STORY_POINTS) };
}

/** Loads and digests one story; the feed's headline is preferred to the page's. */
async function loadStory(
  candidate: Candidate,
  loadArticle: SelectionDeps['loadArticle'],
): Promise<LoadedStory> {
  const loaded = await loadArticle(candidate.location);
  const raw: RawArticle = candidate.title ? { ...loaded, title: candidate.title } : loaded;
  // Cleaned once: the digest and the story's content key are made from the same clean text.
  const cleaned = cleanForDigest(raw);
  const digest = storyDigest(raw, cleaned);
  return {
    entry: {
      title: digest.title,
      location: candidate.location,
      keys: [...candidate.keys, textKey(contentHash(cleaned))],
    },
    digest,
  };
}

/** Loads and digests the candidates, a few at a time, in their order; failures are left out with their reason. */
export async function loadStories(
  candidates: readonly Candidate[],
  loadArticle: SelectionDeps['loadArticle'],
  concurrency: number = STORY_LOAD_CONCURRENCY,
): Promise<{ stories: LoadedStory[]; leftOut: LeftOut[] }> {
  const results = await pMap(
    candidates,
    async (candidate) => {
      try {
        return { ok: true as const, story: await loadStory(candidate, loadArticle) };
      } catch (error) {
        return {
          ok: false as const,
          left: { location: candidate.location, reason: reasonFor(candidate.location, error) },
        };
      }
    },
    { concurrency },
  );
  const stories: LoadedStory[] = [];
  const leftOut: LeftOut[] = [];
  for (const r of results) {
    if (r.ok) stories.push(r.story);
    else leftOut.push(r.left);
  }
  return { stories, leftOut };
}

type Holder = { readonly issueId: string; readonly state: IssueState };

/** The issues holding any of the keys, with their state; a claim whose issue is gone holds nothing. */
async function holdersOf(keys: readonly string[], deps: SelectionDeps): Promise<Map<string, Holder>> {
  if (deps.force || keys.length === 0) return new Map();
  const claims = await deps.storyLog.find(keys);
  const states = new Map<string, IssueState | undefined>();
  for (const id of new Set([...claims.values()].map((c: StoryClaim) => c.issueId))) {
    states.set(id, (await deps.issues.get(id))?.state);
  }
  const out = new Map<string, Holder>();
  for (const [key, claim] of claims) {
    const state = states.get(claim.issueId);
    if (state !== undefined) out.set(key, { issueId: claim.issueId, state });
  }
  return out;
}

/**
 * The stories of the next issue: the newest `maxStories` candidates no issue holds, loaded and digested; those
 * whose text an issue holds (the same story under a new link) and repeats within the issue are dropped after
 * loading. Stories are not backfilled: a candidate that fails is named in `leftOut` and tried again next time.
 */
export async function selectStories(
  candidates: readonly Candidate[],
  deps: SelectionDeps,
): Promise<StoriesDraft> {
  const holders = await holdersOf(
    candidates.flatMap((c) => c.keys),
    deps,
  );
  const chosen: Candidate[] = [];
  let alreadySent = 0;
  for (const candidate of candidates) {
    const held = candidate.keys.map((k) => holders.get(k)).find((h) => h !== undefined);
    if (held?.state === 'enqueuing' && deps.resume !== false)
      return { kind: 'unfinished', issueId: held.issueId };
    if (held) {
      alreadySent++;
      continue;
    }
    if (candidate.keys.some((k) => deps.exclude?.has(k))) continue;
    if (chosen.length < deps.maxStories) chosen.push(candidate);
  }
  if (chosen.length === 0) return { kind: 'nothing-new', considered: candidates.length, alreadySent };

  const loaded = await loadStories(chosen, deps.loadArticle, deps.concurrency);
  const byText = await holdersOf(
    loaded.stories.map((s) => s.entry.keys[s.entry.keys.length - 1] ?? ''),
    deps,
  );
  const texts = new Set<string>();
  const stories: LoadedStory[] = [];
  for (const story of loaded.stories) {
    const text = story.entry.keys[story.entry.keys.length - 1] ?? '';
    const held = byText.get(text);
    if (held?.state === 'enqueuing' && deps.resume !== false)
      return { kind: 'unfinished', issueId: held.issueId };
    if (held) alreadySent++;
    else if (!texts.has(text) && !deps.exclude?.has(text)) {
      texts.add(text);
      stories.push(story);
    }
  }
  if (stories.length === 0 && loaded.leftOut.length === 0) {
    return { kind: 'nothing-new', considered: candidates.length, alreadySent };
  }
  return { kind: 'stories', stories, leftOut: loaded.leftOut, alreadySent };
}
