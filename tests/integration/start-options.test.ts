// `npm start`'s options against the real local stack: `--fresh` deletes only what the tool made.
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
import { type RunJobOptions, runJob } from '../../functions/cli/run-job.js';
import { demoSubscribers } from '../../functions/cli/seed-demo.js';

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
  const result = await runJob({
    article: 'sample',
    ...where,
    dynamoPort: 0,
    sesPort: 0,
    out: report.stream,
    ...options,
  });
  return { result, report: report.text() };
}

const emlsIn = (outbox: string) => readdirSync(outbox).filter((f) => f.endsWith('.eml'));

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
