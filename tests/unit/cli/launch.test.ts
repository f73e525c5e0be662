// The launcher behind `npm run digest` (functions/cli/launch.mjs): runs a TypeScript entry from a cached bundle,
// as the entry would run under tsx, and rebuilds when a source changes. Spawned sparingly: each start costs.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..');
const launcher = join(root, 'functions', 'cli', 'launch.mjs');
const dir = mkdtempSync(join(tmpdir(), 'launch-test-'));
const entry = join(dir, 'entry.ts');
const helper = join(dir, 'helper.ts');
const cacheRoot = join(dir, 'cache');

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function launch(...args: string[]) {
  return spawnSync('node', [launcher, entry, ...args], {
    cwd: root,
    env: { ...process.env, LAUNCH_CACHE_DIR: cacheRoot },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('launch.mjs', () => {
  it('runs the entry with its own command line and module URL, and picks up an edited source', () => {
    writeFileSync(helper, "export const word: string = 'first';\n");
    writeFileSync(
      entry,
      [
        "import { word } from './helper.ts';",
        'const args: string[] = process.argv.slice(2);',
        'console.log(JSON.stringify({ word, args, script: process.argv[1], url: import.meta.url }));',
      ].join('\n'),
    );

    const first = launch('--flag', 'value');
    writeFileSync(helper, "export const word: string = 'second';\n");
    const second = launch();

    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toEqual({
      word: 'first',
      args: ['--flag', 'value'],
      script: entry,
      url: pathToFileURL(entry).href,
    });
    expect(JSON.parse(second.stdout).word).toBe('second');
    const [built] = readdirSync(cacheRoot);
    expect(existsSync(join(cacheRoot, built ?? '', 'inputs.json'))).toBe(true);
  });

  it('falls back to tsx when the entry does not compile, so the error reads as it always has', () => {
    writeFileSync(entry, 'const broken: = ;\n');

    const result = launch();

    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Transform failed|Expected|error/i);
  });

  it('builds afresh in a tree copied with its cache to another path, and the digest CLI runs there', () => {
    // A checkout with its node_modules cache, then the same tree copied elsewhere (a restored CI cache): the
    // bundle built in the first embeds the first's paths, so running it from the copy would do nothing.
    const first = join(dir, 'first');
    const copy = join(dir, 'copy');
    for (const part of ['functions', 'package.json', 'tsconfig.json', 'samples/sample-article.txt']) {
      cpSync(join(root, part), join(first, part), { recursive: true });
    }
    symlinkSync(join(root, 'node_modules'), join(first, 'node_modules'), 'dir');
    const digest = (tree: string, article: string) =>
      spawnSync('node', [join(tree, 'functions/cli/launch.mjs'), 'functions/cli/digest.ts', article], {
        cwd: tree,
        env: { ...process.env, LAUNCH_CACHE_DIR: join(tree, 'cache') },
        encoding: 'utf8',
        timeout: 60_000,
      });

    const original = digest(first, 'samples/sample-article.txt');
    cpSync(first, copy, { recursive: true, verbatimSymlinks: true });
    const copied = digest(copy, 'samples/sample-article.txt');
    const missing = digest(copy, 'samples/no-such-article.txt');

    expect(original.status).toBe(0);
    expect(original.stdout).toContain('Key points');
    expect(copied.status).toBe(0);
    expect(copied.stdout).toBe(original.stdout);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/^error: .*no-such-article\.txt.*\n$/);
  });
});
