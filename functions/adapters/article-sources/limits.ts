// Limits and options shared by every article source: how long a fetch may take, how many bytes we read, how many
// redirects we follow, whether a fetch may reach private addresses. Defaults suit a newsletter article fetched in
// AWS (private addresses blocked); tests pass small values, and local entry points allow private addresses.
import type { LookupFunction } from 'node:net';
import type { PrivateNetwork } from './address-guard.js';

export type { PrivateNetwork };

/** Largest input we read from any source, in bytes, before extraction; larger input is refused. */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;
/**
 * Deepest nesting of HTML elements we extract an article from. The DOM library's parser and Readability both slow
 * down super-linearly with depth (2,000 nested <div>s take minutes; one chain of 512 takes seconds, one of 256
 * a fifth of a second); browsers' parsers stop nesting at 512 levels, and real pages stay far below (51 at most in
 * the evaluation pages).
 */
export const MAX_HTML_DEPTH = 256;
/** Most HTML elements in a page we extract from (1,600 at most in the evaluation pages; heavy pages reach ~30,000). */
export const MAX_HTML_ELEMENTS = 100_000;
/**
 * How long extracting the article from one HTML page may take before it is refused; real pages take well under a
 * second. A backstop for shapes the structural limits above let through (a huge text deep in the tree).
 */
export const HTML_EXTRACT_BUDGET_MS = 10_000;
/** How long an http(s) fetch may take, headers and body together. */
export const DEFAULT_FETCH_TIMEOUT_MS = 10_000;
/** How many redirects an http(s) fetch follows. */
export const DEFAULT_MAX_REDIRECTS = 5;

export interface ArticleSourceOptions {
  /** Milliseconds an http(s) fetch may take; DEFAULT_FETCH_TIMEOUT_MS when left out. */
  readonly timeoutMs?: number;
  /** Bytes read from any source before giving up; MAX_ARTICLE_BYTES when left out. */
  readonly maxBytes?: number;
  /** Redirects an http(s) fetch follows; DEFAULT_MAX_REDIRECTS when left out. */
  readonly maxRedirects?: number;
  /** Where `-` reads from; process.stdin when left out. */
  readonly stdin?: AsyncIterable<Uint8Array | string>;
  /**
   * Whether an http(s) fetch may connect to loopback, private, link-local and other non-public addresses;
   * 'block' when left out, so that a server-side caller cannot be turned against its own network (SSRF).
   */
  readonly privateNetwork?: PrivateNetwork;
  /** How an http(s) fetch resolves host names; DNS when left out (tests resolve made-up names with it). */
  readonly lookup?: LookupFunction;
  /**
   * Whether a feed (RSS, Atom, JSON Feed) is read as a feed; false when left out, and then an http(s) feed is
   * refused by its type like any other non-article. Only documentSourceFor sets it.
   */
  readonly feeds?: boolean;
}

export interface ResolvedOptions {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  readonly stdin: AsyncIterable<Uint8Array | string> | undefined;
  readonly privateNetwork: PrivateNetwork;
  readonly lookup: LookupFunction | undefined;
  readonly feeds: boolean;
}

export function resolveOptions(options: ArticleSourceOptions = {}): ResolvedOptions {
  return {
    timeoutMs: options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
    maxBytes: options.maxBytes ?? MAX_ARTICLE_BYTES,
    maxRedirects: options.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
    stdin: options.stdin,
    privateNetwork: options.privateNetwork ?? 'block',
    lookup: options.lookup,
    feeds: options.feeds ?? false,
  };
}

/** "5 MB", "20.3 MB", "812 KB": sizes in error messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    const mb = bytes / (1024 * 1024);
    return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  }
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
