// The digest function cleans an article once per run: the digest and the issue id are made from the same clean
// text (cleaning is the costliest step on a long article). cleanArticle is wrapped, not replaced, to count calls.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalDelivery } from '../../functions/cli/local-delivery.js';
import { cleanArticle } from '../../functions/engine/clean.js';
import { useLocalDeliveries } from '../helpers/delivery-fixtures.js';

vi.mock('../../functions/engine/clean.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../functions/engine/clean.js')>();
  return { ...real, cleanArticle: vi.fn(real.cleanArticle) };
});

const local = useLocalDeliveries();
let delivery: LocalDelivery;
beforeAll(() => {
  delivery = local.open();
});

describe('a digest run', () => {
  it('cleans the article once', async () => {
    vi.mocked(cleanArticle).mockClear();

    const run = await delivery.digest({ article: 'sample', dryRun: true });

    expect(run.status).toBe('dry-run');
    expect(cleanArticle).toHaveBeenCalledTimes(1);
  });
});
