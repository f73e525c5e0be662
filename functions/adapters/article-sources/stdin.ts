// Article source for standard input (`-`): plain text or HTML, read up to the size cap.

import type { ResolvedOptions } from './limits.js';
import { readCapped } from './read-capped.js';
import type { ArticleSource } from './source.js';
import { bytesToArticle } from './to-article.js';

export function stdinSource(options: ResolvedOptions): ArticleSource {
  return {
    async load() {
      const input = options.stdin ?? process.stdin;
      const bytes = await readCapped(input, options.maxBytes, 'standard input');
      return bytesToArticle(bytes, { kind: 'stdin', location: '-' }, { name: 'standard input' });
    },
  };
}
