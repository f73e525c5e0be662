// The test harness itself: it must leave nothing behind in the system temp dir, and it must build each
// function from the handler file the entry map names.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HANDLER_ENTRIES, type HandlerName } from '../../infra/handlers.js';
import { PROJECT_ROOT } from '../../infra/service-function.js';
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

describe('handler entries', () => {
  it.each(Object.entries(HANDLER_ENTRIES))(
    'finds the %s handler at %s, exporting `handler`',
    (_name, entry) => {
      const source = readFileSync(join(PROJECT_ROOT, entry), 'utf8');

      expect(source).toMatch(/^export (const|async function|function) handler\b/m);
    },
  );

  it('builds each function from its entry in the map', () => {
    const { stack } = buildStack();

    for (const [name, fn] of Object.entries(stack.functions)) {
      expect(fn.entry, name).toBe(join(PROJECT_ROOT, HANDLER_ENTRIES[name as HandlerName]));
    }
  });
});
