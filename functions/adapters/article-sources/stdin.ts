// Article source for standard input (`-`): plain text or HTML (or a feed, where feeds are read), read up to the
// size cap.
import type { SourceDocument } from '../../delivery/stories.js';
import type { ResolvedOptions } from './limits.js';
import { readCapped } from './read-capped.js';
import { bytesToDocument } from './to-article.js';

export function stdinSource(options: ResolvedOptions): { load(): Promise<SourceDocument> } {
  return {
    async load() {
      const input = options.stdin ?? process.stdin;
      const bytes = await readCapped(input, options.maxBytes, 'standard input');
      return bytesToDocument(
        bytes,
        { kind: 'stdin', location: '-' },
        { name: 'standard input' },
        options.feeds,
      );
    },
  };
}
