// Limits and options shared by every article source: how long a fetch may take, how many bytes we read, how many
// redirects we follow. Defaults suit a newsletter article; tests pass small values.

/** Largest input we read from any source, in bytes, before extraction; larger input is refused. */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;
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
}

export interface ResolvedOptions {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  readonly stdin: AsyncIterable<Uint8Array | string> | undefined;
}

export function resolveOptions(options: ArticleSourceOptions = {}): ResolvedOptions {
  return {
    timeoutMs: options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
    maxBytes: options.maxBytes ?? MAX_ARTICLE_BYTES,
    maxRedirects: options.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
    stdin: options.stdin,
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
