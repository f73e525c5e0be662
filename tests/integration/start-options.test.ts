// `npm start`'s options against the real local stack: `--event` hands the digest function any event and prints its
// result as JSON (a dry run writes no .eml; a scheduled event with manual fields is refused before anything starts),
// `--fresh` deletes only what the tool made, and mailed links point to the pages in force (`--port`, or the running
// `--serve` on the same data folder, whose stack the job then shares).
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalDirError } from '../../functions/cli/local-stack.js';
import { JobError, type RunJobOptions, readEventOption, runJob } from '../../functions/cli/run-job.js';
import { demoSubscribers } from '../../functions/cli/seed-demo.js';
import { serve } from '../../functions/cli/serve.js';
import { InvalidEventError } from '../../functions/handlers/digest/event.js';

const root = mkdtempSync(join(tmpdir(), 'start-options-'));
const previousSecret = process.env.TOKEN_SECRET;
delete process.env.TOKEN_SECRET;
afterAll(() => {
  if (previousSecret === undefined) delete process.env.TOKEN_SECRET;
  else process.env.TOKEN_SECRET = previousSecret;
  rmSync(root, { recursive: true, force: true });
});

const active = demoSubscribers().filter((s) => s.status === 'active');
let n = 0;

/** A new place for one run: its own state folder and outbox. */
function place(): { dataDir: string; outbox: string } {
  const dir = join(root, `run-${n++}`);
  return { dataDir: join(dir, '.local'), outbox: join(dir, 'outbox') };
}

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk) => {
    text += String(chunk);
  });
  return { stream, text: () => text };
}

async function run(where: { dataDir: string; outbox: string }, options: Partial<RunJobOptions> = {}) {
  const report = collect();
  const printed = collect();
  const result = await runJob({
    article: 'sample',
    ...where,
    dynamoPort: 0,
    sesPort: 0,
    out: report.stream,
    result: printed.stream,
    ...options,
  });
  return { result, report: report.text(), printed: printed.text() };
}

const emlsIn = (outbox: string) => readdirSync(outbox).filter((f) => f.endsWith('.eml'));

/** The one-click unsubscribe link of a raw message (headers unfolded). */
function unsubscribeLink(raw: string): URL {
  const headers = raw.slice(0, raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
  const link = /^List-Unsubscribe: <([^>]+)>/m.exec(headers)?.[1] ?? '';
  return new URL(link.replace(/\s+/g, ''));
}

describe('npm start -- --event', () => {
  it('a dry run prints the result with the recipient count, and writes no .eml', async () => {
    const where = place();

    const { result, printed, report } = await run(where, { event: { dryRun: true }, fresh: true });

    expect(JSON.parse(printed)).toMatchObject({ status: 'dry-run', recipients: active.length });
    expect(result).toMatchObject({ sentThisRun: 0, ok: true });
    expect(emlsIn(where.outbox)).toEqual([]);
    expect(report).toMatch(/Dry run\s+4 recipients would get it; nothing was sent or recorded/);
  });

  it('refuses a scheduled event that asks for a dry run, before anything starts or is created', async () => {
    const where = place();
    const event = { 'detail-type': 'Scheduled Event', source: 'aws.scheduler', dryRun: true };

    await expect(run(where, { event, fresh: true })).rejects.toThrow(InvalidEventError);
    await expect(run(where, { event })).rejects.toThrow(/^invalid scheduled event: "dryRun" belongs/);

    expect(existsSync(where.dataDir)).toBe(false);
    expect(existsSync(where.outbox)).toBe(false);
  });

  it('a scheduled event runs like the schedule: one .eml per active subscriber', async () => {
    const where = place();
    const event = { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} };

    const { result, printed } = await run(where, { event });

    expect(JSON.parse(printed)).toMatchObject({ status: 'enqueued', recipients: active.length });
    expect(result).toMatchObject({ sentThisRun: active.length, ok: true });
    expect(emlsIn(where.outbox).sort()).toEqual(active.map((s) => `${s.email}.eml`).sort());
  });

  it('a test send mails the test address only, and prints its message id', async () => {
    const where = place();

    const { result, printed } = await run(where, { event: { testRecipients: ['Me@Example.com'] } });

    const shown = JSON.parse(printed);
    expect(shown).toMatchObject({ status: 'test-sent', results: [{ to: 'me@example.com' }] });
    expect(shown.results[0].messageId).toMatch(/\S/);
    expect(result).toMatchObject({ sentThisRun: 1, ok: true });
    expect(emlsIn(where.outbox)).toEqual(['me@example.com.eml']);
  });
});

describe('the --event value', () => {
  it('is inline JSON or a JSON file', () => {
    const file = join(root, 'event.json');
    writeFileSync(file, '{"dryRun": true}\n');

    expect(readEventOption(' {"force":true}')).toEqual({ force: true });
    expect(readEventOption(file)).toEqual({ dryRun: true });
  });

  it.each([
    ['JSON cut short', '{"dryRun":', /^--event is not valid JSON: /],
    ['a missing file', 'no-such-event.json', /^--event file no-such-event.json does not exist/],
    ['a folder', '.', /^--event file \. is a folder/],
  ])('is refused in one line when it is %s', (_, value, message) => {
    expect(() => readEventOption(value)).toThrow(JobError);
    expect(() => readEventOption(value)).toThrow(message);
    try {
      readEventOption(value);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('names a binary file without echoing its control characters to the terminal', () => {
    const file = join(root, 'binary.json');
    // An escape sequence (clear screen, retitle the terminal), a bidi override and a NUL, where V8 quotes them.
    writeFileSync(file, Buffer.from('\u001b[2J\u001b]0;pwned\u0007\u202e\u0000{', 'utf8'));

    expect(() => readEventOption(file)).toThrow(new RegExp(`^--event file ${file} is not valid JSON: `));
    try {
      readEventOption(file);
    } catch (error) {
      expect((error as Error).message).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    }
  });
});

describe('npm start -- --event, as a process', () => {
  const start = (args: string[]) =>
    spawnSync(
      'node',
      ['--import', 'tsx', 'functions/cli/start.ts', '--dynamo-port', '0', '--ses-port', '0', ...args],
      {
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );

  it('exits 1 with one line for a scheduled event that carries dryRun', () => {
    const where = place();
    const event = '{"detail-type":"Scheduled Event","source":"aws.scheduler","dryRun":true}';

    const p = start(['--fresh', '--data-dir', where.dataDir, '--outbox', where.outbox, '--event', event]);

    expect(p.status).toBe(1);
    expect(p.stdout).toBe('');
    expect(p.stderr.trimEnd().split('\n')).toEqual([
      'error: invalid scheduled event: "dryRun" belongs in a manual event (one without "detail-type"); a scheduled event carries no options',
    ]);
  });

  it('prints only the JSON result on standard output for a dry run, and writes no .eml', () => {
    const where = place();

    const p = start([
      '--fresh',
      '--data-dir',
      where.dataDir,
      '--outbox',
      where.outbox,
      '--event',
      '{"dryRun":true}',
    ]);

    expect(p.status).toBe(0);
    expect(JSON.parse(p.stdout)).toMatchObject({ status: 'dry-run', recipients: active.length });
    expect(p.stderr).toMatch(/Dry run\s+4 recipients/);
    expect(emlsIn(where.outbox)).toEqual([]);
  });
});

describe('npm start -- --fresh', () => {
  it("refuses a state folder it did not make, and leaves the user's file in it", async () => {
    const where = place();
    mkdirSync(join(where.dataDir, 'taxes'), { recursive: true });
    writeFileSync(join(where.dataDir, 'taxes', '2025.txt'), 'mine');

    await expect(run(where, { fresh: true })).rejects.toThrow(LocalDirError);

    expect(readFileSync(join(where.dataDir, 'taxes', '2025.txt'), 'utf8')).toBe('mine');
  });

  it("refuses its own folders once a user's file is in them, and touches neither", async () => {
    const where = place();
    await run(where);
    writeFileSync(join(where.outbox, 'notes.txt'), 'mine');

    await expect(run(where, { fresh: true })).rejects.toThrow(
      `refusing to wipe outbox ${where.outbox}: it holds "notes.txt" that npm start did not make; move that out, or pick another --outbox`,
    );

    expect(readFileSync(join(where.outbox, 'notes.txt'), 'utf8')).toBe('mine');
    expect(emlsIn(where.outbox)).toHaveLength(active.length);
    expect(existsSync(join(where.dataDir, 'token-secret'))).toBe(true);
  });

  it('starts over in folders it made', async () => {
    const where = place();
    await run(where);

    const again = await run(where, { fresh: true });

    expect(again.result.run.status).toBe('enqueued');
    expect(again.result.sentThisRun).toBe(active.length);
  });
});

describe('links in mail', () => {
  it('point to the port asked for', async () => {
    const where = place();

    await run(where, { sitePort: 3100 });

    for (const eml of emlsIn(where.outbox)) {
      const link = unsubscribeLink(readFileSync(join(where.outbox, eml), 'utf8'));
      expect(link.origin).toBe('http://127.0.0.1:3100');
    }
  });

  it('point to the running --serve, whose stack the job shares, and its one-click link works there', async () => {
    const where = place();
    const server = await serve({ port: 0, dynamoPort: 0, sesPort: 0, dataDir: where.dataDir });
    try {
      await expect(serve({ port: 0, dynamoPort: 0, sesPort: 0, dataDir: where.dataDir })).rejects.toThrow(
        /^npm start -- --serve \(pid \d+, http:\/\/127\.0\.0\.1:\d+\) is already using/,
      );
      await expect(run(where, { fresh: true })).rejects.toThrow(
        /^--fresh: npm start -- --serve \(pid \d+\) is using/,
      );

      const { result, report } = await run(where, { sitePort: 3999 });

      expect(result.sentThisRun).toBe(active.length);
      expect(report).toContain(`Links       ${server.siteUrl} (the running npm start -- --serve)`);
      const first = emlsIn(where.outbox)[0] ?? '';
      const link = unsubscribeLink(readFileSync(join(where.outbox, first), 'utf8'));
      expect(link.origin).toBe(server.siteUrl);
      const res = await fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(res.status).toBe(200);
    } finally {
      await server.stop();
    }

    // Stopped: its record is gone, and the next run starts its own stack with the port asked for.
    expect(existsSync(join(where.dataDir, 'serve.json'))).toBe(false);
    const after = await run(where, { sitePort: 3100, event: { dryRun: true } });
    expect(after.report).toMatch(/Links\s+http:\/\/127\.0\.0\.1:3100\n/);
  });

  it('ignore the record of a server that is no longer running', async () => {
    const where = place();
    mkdirSync(where.dataDir, { recursive: true });
    const gone = spawnSync('true').pid;
    const record = {
      pid: gone,
      siteUrl: 'http://127.0.0.1:3555',
      dynamoEndpoint: 'http://127.0.0.1:9',
      sesEndpoint: 'http://127.0.0.1:9',
      tableName: 'digest-local',
    };
    writeFileSync(join(where.dataDir, 'serve.json'), JSON.stringify(record));

    const { result, report } = await run(where, { sitePort: 3100 });

    expect(result.ok).toBe(true);
    expect(report).toMatch(/Links\s+http:\/\/127\.0\.0\.1:3100\n/);
  });
});
