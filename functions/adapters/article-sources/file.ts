// Article source for a local file (plain text or HTML, or a feed where feeds are read). Checks the path before
// reading so a missing file, a directory or a 20 MB file each fail at once with one clear line.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { SourceDocument } from '../../delivery/stories.js';
import { ArticleError } from '../../engine/index.js';
import { formatBytes, type ResolvedOptions } from './limits.js';
import { readCapped } from './read-capped.js';
import { bytesToDocument } from './to-article.js';

const HTML_EXTENSIONS = new Set(['.html', '.htm', '.xhtml', '.shtml']);
const FEED_EXTENSIONS = new Set(['.xml', '.rss', '.atom', '.rdf', '.json']);

function describeFsError(path: string, error: unknown): ArticleError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? 'no such file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'ENAMETOOLONG'
            ? 'the name is too long'
            : code === 'ELOOP'
              ? 'too many symbolic links'
              : (code ?? (error instanceof Error ? error.message : String(error)));
  return new ArticleError(`cannot read ${path}: ${reason}`);
}

export function fileSource(path: string, options: ResolvedOptions): { load(): Promise<SourceDocument> } {
  return {
    async load() {
      let info: Awaited<ReturnType<typeof stat>>;
      try {
        info = await stat(path);
      } catch (error) {
        throw describeFsError(path, error);
      }
      if (info.isDirectory()) throw new ArticleError(`cannot read ${path}: it is a directory`);
      if (info.isFile() && info.size > options.maxBytes) {
        throw new ArticleError(
          `${path} is too large (${formatBytes(info.size)}; the limit is ${formatBytes(options.maxBytes)})`,
        );
      }
      let bytes: Buffer;
      try {
        // Not a regular file (a FIFO, /dev/stdin): its size is unknown, so the read itself is capped.
        bytes = await readCapped(createReadStream(path), options.maxBytes, path);
      } catch (error) {
        if (error instanceof ArticleError) throw error;
        throw describeFsError(path, error);
      }
      const ext = extname(path).toLowerCase();
      return bytesToDocument(
        bytes,
        { kind: 'file', location: path },
        HTML_EXTENSIONS.has(ext)
          ? { html: true }
          : ext === '.txt'
            ? { html: false }
            : { feed: FEED_EXTENSIONS.has(ext) },
        options.feeds,
      );
    },
  };
}
