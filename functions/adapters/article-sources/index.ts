// Picks the article source for a location: a file path, `-` for standard input, an http(s) URL or s3://bucket/key.
// Each source is loaded lazily, so a plain-text file never pays for the HTML extractor, the feed parser or the S3
// client. documentSourceFor also reads feeds (what a location holds decides: an article or a feed of stories);
// articleSourceFor reads articles only.
import type { SourceDocument } from '../../delivery/stories.js';
import { ArticleError } from '../../engine/index.js';
import { type ArticleSourceOptions, resolveOptions } from './limits.js';
import type { ArticleSource } from './source.js';

export {
  type ArticleSourceOptions,
  DEFAULT_FETCH_TIMEOUT_MS,
  DEFAULT_MAX_REDIRECTS,
  MAX_ARTICLE_BYTES,
  type PrivateNetwork,
} from './limits.js';

export interface DocumentSource {
  load(): Promise<SourceDocument>;
}

export function articleSourceFor(location: string, options: ArticleSourceOptions = {}): ArticleSource {
  const source = documentSourceFor(location, { ...options, feeds: false });
  return {
    async load() {
      const document = await source.load();
      // Unreachable with feeds off; checked so the type says what it is.
      if (document.kind !== 'article') throw new ArticleError(`${location} is a feed, not an article`);
      return document.article;
    },
  };
}

/** The article or the feed at a location; a feed only when `options.feeds`. */
export function documentSourceFor(location: string, options: ArticleSourceOptions = {}): DocumentSource {
  const resolved = resolveOptions(options);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location)?.[1]?.toLowerCase();
  return {
    async load() {
      if (location.trim() === '') throw new ArticleError('no article given');
      if (location === '-') return (await import('./stdin.js')).stdinSource(resolved).load();
      if (scheme === 'http' || scheme === 'https') {
        let url: URL;
        try {
          url = new URL(location);
        } catch {
          throw new ArticleError(`${location} is not a valid URL`);
        }
        return (await import('./http.js')).httpSource(url, resolved).load();
      }
      if (scheme === 's3') {
        const match = /^s3:\/\/([^/]+)\/(.+)$/i.exec(location);
        if (!match) throw new ArticleError(`${location} is not a valid S3 location (s3://bucket/key)`);
        return (await import('./s3.js')).s3Source(match[1] as string, match[2] as string, resolved).load();
      }
      if (scheme !== undefined) {
        throw new ArticleError(
          `${location}: unsupported scheme ${scheme}:// (use a file, -, http(s):// or s3://)`,
        );
      }
      return (await import('./file.js')).fileSource(location, resolved).load();
    },
  };
}
