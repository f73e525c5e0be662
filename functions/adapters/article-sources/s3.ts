// Article (or feed) source for s3://bucket/key: S3 GetObject through one module-scope client (created when this module is
// first loaded, which happens only for s3:// locations), with the same size cap and type sniffing as files.
import { GetObjectCommand, type GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import type { SourceDocument } from '../../delivery/stories.js';
import { ArticleError } from '../../engine/index.js';
import { formatBytes, type ResolvedOptions } from './limits.js';
import { readCapped } from './read-capped.js';
import { bytesToDocument, FEED_TYPES } from './to-article.js';

const s3 = new S3Client({});

function describeS3Error(location: string, error: unknown): ArticleError {
  const name = (error as { name?: string } | undefined)?.name ?? '';
  if (name === 'NoSuchKey' || name === 'NotFound') return new ArticleError(`${location} does not exist`);
  if (name === 'NoSuchBucket') return new ArticleError(`${location}: no such bucket`);
  if (name === 'AccessDenied' || name === 'Forbidden') return new ArticleError(`${location}: access denied`);
  const message = error instanceof Error ? error.message : String(error);
  return new ArticleError(`cannot read ${location}: ${name ? `${name}: ` : ''}${message}`);
}

export function s3Source(
  bucket: string,
  key: string,
  options: ResolvedOptions,
): { load(): Promise<SourceDocument> } {
  const location = `s3://${bucket}/${key}`;
  return {
    async load() {
      let out: GetObjectCommandOutput;
      try {
        out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
          abortSignal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        throw describeS3Error(location, error);
      }
      const body = out.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
      if (body === undefined) throw new ArticleError(`${location} is empty`);
      if ((out.ContentLength ?? 0) > options.maxBytes) {
        body.destroy?.();
        throw new ArticleError(
          `${location} is too large (${formatBytes(out.ContentLength ?? 0)}; the limit is ${formatBytes(options.maxBytes)})`,
        );
      }
      let bytes: Buffer;
      try {
        bytes = await readCapped(body, options.maxBytes, location);
      } catch (error) {
        if (error instanceof ArticleError) throw error;
        throw describeS3Error(location, error);
      }
      const type = (out.ContentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(out.ContentType ?? '')?.[1];
      const html =
        type === 'text/html' || type === 'application/xhtml+xml' || /\.x?html?$/i.test(key)
          ? true
          : type === 'text/plain' || /\.txt$/i.test(key)
            ? false
            : undefined;
      const feed = FEED_TYPES.has(type) || /\.(?:xml|rss|atom|rdf|json)$/i.test(key);
      return bytesToDocument(
        bytes,
        { kind: 's3', location },
        html === undefined ? { charset, feed } : { html, charset },
        options.feeds,
      );
    },
  };
}
