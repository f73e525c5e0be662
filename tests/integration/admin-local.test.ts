// `npm run admin -- --local`: the local state npm start keeps, started on demand in a process of its own (or the
// stack of a running `npm start -- --serve`), kept between commands; and the command as a process: one line and an
// exit code for what goes wrong.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../../functions/cli/admin/program.js';
import { localTokenSecret, startLocalStack } from '../../functions/cli/local-stack.js';
import { collector } from '../helpers/admin.js';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'admin-local-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function admin(args: string[]) {
  const stdout = collector();
  const stderr = collector();
  const code = await runAdmin(['--local', '--data-dir', join(dir, 'state'), ...args], { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('the local stack', () => {
  it('is started on demand and keeps what one command wrote for the next', async () => {
    const file = join(dir, 'list.csv');
    writeFileSync(file, 'email,name\nann@example.com,Ann\nbob@example.com,Bob\n');

    const imported = await admin(['subscribers', 'import', file, '--confirmed']);
    const exported = await admin(['subscribers', 'export', '--format', 'json']);

    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toContain(`into the local stack (${join(dir, 'state')}).`);
    expect((JSON.parse(exported.stdout) as Array<{ email: string }>).map((r) => r.email).sort()).toEqual([
      'ann@example.com',
      'bob@example.com',
    ]);
    // The same signing secret as npm start, so links and suppression keys agree with its pages.
    expect(readFileSync(join(dir, 'state', 'token-secret'), 'utf8').trim()).toBe(
      localTokenSecret(join(dir, 'state')),
    );
  }, 60_000);

  it('is the running npm start -- --serve when there is one', async () => {
    // prepare: a stack this process runs, recorded as --serve records itself
    const state = join(dir, 'state');
    mkdirSync(state, { recursive: true });
    const stack = await startLocalStack({ tableName: 'served' });
    writeFileSync(
      join(state, 'serve.json'),
      JSON.stringify({
        pid: process.pid,
        siteUrl: 'http://127.0.0.1:3999',
        dynamoEndpoint: stack.dynamoEndpoint,
        sesEndpoint: stack.sesEndpoint,
        tableName: stack.tableName,
      }),
    );
    const file = join(dir, 'list.csv');
    writeFileSync(file, 'email\ncarol@example.com\n');
    try {
      // act
      const imported = await admin(['subscribers', 'import', file]);

      // assess: the confirmation went to its mail viewer, with a link to its pages
      expect(imported.code).toBe(0);
      expect(imported.stdout).toContain(
        `the emails went to the mail viewer of npm start -- --serve at ${stack.sesEndpoint}`,
      );
      const [mail] = await stack.sentMail();
      expect(mail?.destination.to).toEqual(['carol@example.com']);
      expect(mail?.body.text).toContain('http://127.0.0.1:3999/confirm?token=');
    } finally {
      await stack.stop();
    }
  });

  it('says so in one line when another process holds the local state', async () => {
    const stack = await startLocalStack({ dataDir: join(dir, 'state', 'dynamo'), tableName: 'digest-local' });
    try {
      const result = await admin(['issues', 'list']);

      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `error: the local state in ${join(dir, 'state')} is in use by another process (an npm start still running?); try again when it ends\n`,
      );
    } finally {
      await stack.stop();
    }
  }, 60_000);
});

describe('the command as a process', () => {
  it('ends what goes wrong with one line on standard error and a non-zero exit', () => {
    const missing = join(dir, 'missing.csv');

    const out = spawnSync(
      process.execPath,
      [
        'functions/cli/launch.mjs',
        'functions/cli/admin/main.ts',
        '--local',
        '--data-dir',
        join(dir, 'state'),
        'subscribers',
        'import',
        missing,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );

    expect(out.status).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(`error: cannot read ${missing}: no such file\n`);
  }, 60_000);
});
