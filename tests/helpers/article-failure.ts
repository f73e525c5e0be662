// The ArticleError an article location fails with, for the article-source tests (files, stdin, http, s3).
import { expect } from 'vitest';
import {
  type ArticleSourceOptions,
  articleSourceFor,
} from '../../functions/adapters/article-sources/index.js';
import { ArticleError } from '../../functions/engine/article.js';

/** Loads `location` and returns the ArticleError it fails with; fails the test when it loads or throws another. */
export async function articleFailure(
  location: string,
  options: ArticleSourceOptions = {},
): Promise<ArticleError> {
  const error = await articleSourceFor(location, options)
    .load()
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(ArticleError);
  return error as ArticleError;
}
