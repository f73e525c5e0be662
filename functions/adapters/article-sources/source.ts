// What every article source (file, URL, S3, stdin) is to the rest of the adapters: something that loads a raw
// article. The digest handler takes a plain loadArticle function; articleSourceFor picks the source.
import type { RawArticle } from '../../engine/index.js';

export interface ArticleSource {
  load(): Promise<RawArticle>;
}
