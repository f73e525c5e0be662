// The local signing secret shared by `npm start` and `npm start -- --serve`: one per data directory, never empty.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localTokenSecret } from '../../../functions/cli/local-stack.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'secret-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('localTokenSecret', () => {
  it('generates a secret once and returns the same one on the next run', () => {
    const dir = tempDir();
    const first = localTokenSecret(dir, {});
    const second = localTokenSecret(dir, {});
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(second).toBe(first);
    expect(readFileSync(join(dir, 'token-secret'), 'utf8').trim()).toBe(first);
  });

  it('replaces an empty or truncated secret file instead of signing with it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'token-secret'), '\n');
    const secret = localTokenSecret(dir, {});
    expect(secret.length).toBeGreaterThanOrEqual(32);
    writeFileSync(join(dir, 'token-secret'), 'short\n');
    expect(localTokenSecret(dir, {})).not.toBe('short');
  });

  it('prefers a long enough TOKEN_SECRET and ignores a short one', () => {
    const dir = tempDir();
    expect(localTokenSecret(dir, { TOKEN_SECRET: 'a-long-enough-secret-123' })).toBe(
      'a-long-enough-secret-123',
    );
    expect(localTokenSecret(dir, { TOKEN_SECRET: 'tiny' })).not.toBe('tiny');
  });

  it('creates the data directory when it does not exist yet', () => {
    const dir = join(tempDir(), 'nested', 'state');
    expect(localTokenSecret(dir, {}).length).toBeGreaterThanOrEqual(32);
  });
});
