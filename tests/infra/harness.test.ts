// The test harness itself: it must leave nothing behind in the system temp dir.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildStack, removeOutdirs } from './harness.js';

describe('buildStack', () => {
  it('synthesises each app into its own folder of one temp dir, and removeOutdirs removes them all', () => {
    const first = buildStack();
    const second = buildStack();
    expect(first.template).toBeDefined();
    expect(second.template).toBeDefined();

    expect(first.app.outdir).not.toBe(second.app.outdir);
    expect(dirname(first.app.outdir)).toBe(dirname(second.app.outdir));
    expect(dirname(first.app.outdir)).not.toBe(tmpdir());
    expect(existsSync(join(first.app.outdir, 'manifest.json'))).toBe(true);

    removeOutdirs();

    expect(existsSync(dirname(first.app.outdir))).toBe(false);
  });
});
