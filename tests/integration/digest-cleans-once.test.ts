// The digest function cleans each article once per run: a single article's digest and issue id, and each story's
// digest and content key in an issue made from a feed, come from the same clean text (cleaning is the costliest step
// on a long article). cleanArticle is wrapped, not replaced, to count its calls.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FeedSite, startFeedSite } from '../../functions/cli/feed-site.js';
import type { LocalDelivery } from '../../functions/cli/local-delivery.js';
import { cleanArticle } from '../../functions/engine/clean.js';
import { useLocalDeliveries } from '../helpers/delivery-fixtures.js';

vi.mock('../../functions/engine/clean.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../functions/engine/clean.js')>();
  return { ...real, cleanArticle: vi.fn(real.cleanArticle) };
});

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
    vi.mocked(cleanArticle).mockClear();

    const run = await delivery.digest({ article: 'sample', dryRun: true });

    expect(run.status).toBe('dry-run');
    expect(cleanArticle).toHaveBeenCalledTimes(1);
  });

  it('cleans each story of a feed once', async () => {
    vi.mocked(cleanArticle).mockClear();

    const run = await delivery.digest({ article: site.feedUrl, dryRun: true });

    expect(run.status).toBe('dry-run');
    expect(run.status === 'dry-run' ? run.stories?.length : 0).toBe(3);
    expect(cleanArticle).toHaveBeenCalledTimes(3);
  });
});
