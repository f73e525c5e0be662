// Article source for an http(s) URL: a fetch with a timeout over headers and body, a streamed size cap,
// redirects followed by hand (capped, and only to http/https), and a Content-Type check that accepts web pages
// and plain text (and feeds, where feeds are read) and refuses PDFs, images and other documents with a clear message. With privateNetwork 'block'
// (the default), every connection, redirects included, goes only to public addresses (see address-guard.ts).
// undici's own fetch, not the global one, since only it is sure to accept undici's Agent as its dispatcher.
import { type Dispatcher, fetch, type Response } from 'undici';
import type { SourceDocument } from '../../delivery/stories.js';
import { ArticleError } from '../../engine/index.js';
import { articleDispatcher, BlockedAddressError } from './address-guard.js';
import { formatBytes, type ResolvedOptions } from './limits.js';
import { readCapped } from './read-capped.js';
import { bytesToDocument, FEED_TYPES } from './to-article.js';

const USER_AGENT = 'digest-mailer/0.1 (newsletter digest; +https://github.com/)';
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const TEXT_TYPES = new Set(['text/plain', 'text/markdown']);

function describeType(type: string): string {
  if (type === 'application/pdf') return 'a PDF document';
  if (type.startsWith('image/')) return 'an image';
  if (type.startsWith('video/') || type.startsWith('audio/')) return 'media';
  if (type === 'application/json') return 'JSON';
  return `of type ${type}`;
}

function fetchFailure(url: string, error: unknown, timeoutMs: number, redirectedTo?: URL): ArticleError {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ArticleError(`${url} did not answer within ${timeoutMs / 1000} s`);
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  if (cause instanceof BlockedAddressError) {
    const via = redirectedTo === undefined ? '' : ` (it redirects to ${redirectedTo.href})`;
    return new ArticleError(`cannot fetch ${url}${via}: ${cause.message}`);
  }
  const reason =
    cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN'
      ? 'host not found'
      : cause?.code === 'ECONNREFUSED'
        ? 'connection refused'
        : cause?.code === 'ECONNRESET'
          ? 'connection reset'
          : (cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)));
  return new ArticleError(`cannot fetch ${url}: ${reason}`);
}

export function httpSource(location: URL, options: ResolvedOptions): { load(): Promise<SourceDocument> } {
  return {
    async load() {
      const original = location.href;
      const signal = AbortSignal.timeout(options.timeoutMs);
      // One dispatcher per load, closed at the end: no pooled socket outlives the fetch or keeps a CLI alive.
      const dispatcher = articleDispatcher(options.privateNetwork, options.lookup);
      try {
        return await fetchArticle(location, original, signal, dispatcher, options);
      } finally {
        await dispatcher.destroy().catch(() => undefined);
      }
    },
  };
}

async function fetchArticle(
  location: URL,
  original: string,
  signal: AbortSignal,
  dispatcher: Dispatcher,
  options: ResolvedOptions,
) {
  let url = location;
  for (let redirects = 0; ; redirects++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ArticleError(`${original} redirects to ${url.protocol} URL; only http and https are fetched`);
    }
    let response: Response;
    try {
      response = await fetch(url, {
        redirect: 'manual',
        signal,
        dispatcher,
        headers: {
          'user-agent': USER_AGENT,
          accept: options.feeds
            ? 'application/rss+xml,application/atom+xml,application/feed+json,text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.9,*/*;q=0.1'
            : 'text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1',
        },
      });
    } catch (error) {
      throw fetchFailure(original, error, options.timeoutMs, redirects > 0 ? url : undefined);
    }
    const next = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && next !== null) {
      await response.body?.cancel().catch(() => undefined);
      if (redirects >= options.maxRedirects) {
        throw new ArticleError(`${original} redirects more than ${options.maxRedirects} times`);
      }
      try {
        url = new URL(next, url);
      } catch {
        throw new ArticleError(`${original} redirects to an invalid URL`);
      }
      continue;
    }
    try {
      return await readResponse(response, url.href, original, options);
    } catch (error) {
      await response.body?.cancel().catch(() => undefined);
      if (error instanceof ArticleError) throw error;
      throw fetchFailure(original, error, options.timeoutMs);
    }
  }
}

async function readResponse(
  response: Response,
  finalUrl: string,
  original: string,
  options: ResolvedOptions,
) {
  if (!response.ok) {
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    throw new ArticleError(`${original} answered ${status}`);
  }
  const contentType = response.headers.get('content-type') ?? '';
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
  const html = HTML_TYPES.has(type) ? true : TEXT_TYPES.has(type) ? false : undefined;
  const feed = options.feeds && FEED_TYPES.has(type);
  // No Content-Type at all: the bytes are sniffed (binary input is still refused by the decoder).
  if (html === undefined && type !== '' && !feed) {
    throw new ArticleError(
      `${original} is ${describeType(type)}, not an article (expected an HTML page or plain text)`,
    );
  }
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  if (length > options.maxBytes) {
    throw new ArticleError(
      `${original} is too large (${formatBytes(length)}; the limit is ${formatBytes(options.maxBytes)})`,
    );
  }
  if (response.body === null) throw new ArticleError(`${original} is empty`);
  const bytes = await readCapped(
    response.body as unknown as AsyncIterable<Uint8Array>,
    options.maxBytes,
    original,
  );
  return bytesToDocument(
    bytes,
    { kind: 'url', location: finalUrl },
    html === undefined ? { charset, name: original, feed } : { html, charset, name: original },
    options.feeds,
  );
}
