// The shared evaluation data (../shared/eval) for the tests that check results on it. A clean clone has none, so
// those tests skip there; CI sets REQUIRE_SHARED_EVAL=1 when the folder is beside the clone, and then a test that
// cannot find the data fails instead of skipping silently.
import { findSharedEval } from '../../functions/cli/eval/quotes-eval.js';

/** The folder, or null when it is not beside the project. */
export const sharedEval: string | null = findSharedEval();

/** True when the tests that need the data should skip: it is missing, and nothing requires it. */
export const skipWithoutSharedEval: boolean = sharedEval === null && process.env.REQUIRE_SHARED_EVAL !== '1';

/** The folder; fails the test when it is missing (REQUIRE_SHARED_EVAL=1 ran a test that would have skipped). */
export function requireSharedEval(): string {
  if (sharedEval === null) {
    throw new Error('REQUIRE_SHARED_EVAL=1, but no shared/eval/seed-gold.json was found beside the project');
  }
  return sharedEval;
}
