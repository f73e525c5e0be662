// The digest function cleans each article once per run: a single article's digest and issue id, and each story's
// digest and content key in an issue made from a feed, come from the same clean text (cleaning is the costliest step
// on a long article). Both cleaners (plain text, and a web page's paragraphs by kind) are wrapped, not replaced, to
// count their calls.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FeedSite, startFeedSite } from '../../functions/cli/feed-site.js';
import type { LocalDelivery } from '../../functions/cli/local-delivery.js';
import { cleanArticle } from '../../functions/engine/clean.js';
import { cleanBlocks } from '../../functions/engine/clean-blocks.js';
import { useLocalDeliveries } from '../helpers/delivery-fixtures.js';

vi.mock('../../functions/engine/clean.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../functions/engine/clean.js')>();
  return { ...real, cleanArticle: vi.fn(real.cleanArticle) };
});
vi.mock('../../functions/engine/clean-blocks.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../functions/engine/clean-blocks.js')>();
  return { ...real, cleanBlocks: vi.fn(real.cleanBlocks) };
});

/** Calls to either cleaner since the last reset. */
function cleanings(): number {
  return vi.mocked(cleanArticle).mock.calls.length + vi.mocked(cleanBlocks).mock.calls.length;
}
function resetCleanings(): void {
  vi.mocked(cleanArticle).mockClear();
  vi.mocked(cleanBlocks).mockClear();
}

const local = useLocalDeliveries();
let delivery: LocalDelivery;
let site: FeedSite;
beforeAll(async () => {
  delivery = local.open();
  site = await startFeedSite([0, 1, 2]);
});
afterAll(async () => {
  await site.stop();
});

describe('a digest run', () => {
  it('cleans the article once', async () => {
    resetCleanings();

    const run = await delivery.digest({ article: 'sample', dryRun: true });

    expect(run.status).toBe('dry-run');
    expect(cleanings()).toBe(1);
  });

  it('cleans each story of a feed once', async () => {
    resetCleanings();

    const run = await delivery.digest({ article: site.feedUrl, dryRun: true });

    expect(run.status).toBe('dry-run');
    expect(run.status === 'dry-run' ? run.stories?.length : 0).toBe(3);
    expect(cleanings()).toBe(3);
  });
});
