// Picks the article source for a location: a file path, `-` for standard input, an http(s) URL or s3://bucket/key.
// PLACEHOLDER until the article-loading work lands: plain-text files only.
import { readFile } from 'node:fs/promises';
import { ArticleError, type ArticleSource } from '../../core/article.js';

export function articleSourceFor(location: string): ArticleSource {
  return {
    async load() {
      try {
        return { text: await readFile(location, 'utf8'), meta: { kind: 'file', location } };
      } catch {
        throw new ArticleError(`cannot read ${location}`);
      }
    },
  };
}
