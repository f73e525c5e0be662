// `npm start`'s job on a clean directory: one email per active demo subscriber, none to the others, each .eml the
// exact bytes handed to SES with the digest subject, an HTML and a text part, a personal unsubscribe link and both
// one-click headers; a second run sends nothing; --fresh starts over. Each test runs in a directory of its own, so
// that none depends on what another left.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalDelivery } from '../../functions/cli/local-delivery.js';
import { startLocalStack } from '../../functions/cli/local-stack.js';
import { runJob } from '../../functions/cli/run-job.js';
import { demoSubscribers, seedDemo } from '../../functions/cli/seed-demo.js';
import { verifyToken } from '../../functions/subscribers/signed-tokens.js';
import { issued, SAMPLE_ARTICLE } from '../helpers/delivery-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'start-job-'));
const previousSecret = process.env.TOKEN_SECRET;
delete process.env.TOKEN_SECRET;
afterAll(() => {
  if (previousSecret !== undefined) process.env.TOKEN_SECRET = previousSecret;
  rmSync(dir, { recursive: true, force: true });
});

let jobs = 0;

/** A new project directory for `npm start`: its data dir, its outbox, and a run of the job on them. */
function newJob() {
  const home = join(dir, `job-${jobs++}`);
  const dataDir = join(home, '.local');
  const outbox = join(home, 'outbox');
  const run = async (fresh = false) => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk) => {
      text += String(chunk);
    });
    const result = await runJob({
      article: 'sample',
      outbox,
      dataDir,
      fresh,
      dynamoPort: 0,
      sesPort: 0,
      out,
    });
    return { result, text };
  };
  return { dataDir, outbox, run };
}

const active = demoSubscribers().filter((s) => s.status === 'active');
const others = demoSubscribers().filter((s) => s.status !== 'active');

/** Unfolds headers and decodes quoted-printable soft breaks, enough to read links out of the raw message. */
function readable(raw: string): string {
  return raw
    .replace(/\r?\n[ \t]+/g, ' ')
    .replace(/=\r?\n/g, '')
    .replace(/=3D/g, '=');
}

/** Decodes RFC 2047 Q-encoded words (what nodemailer uses for non-ASCII subjects). */
function decodeWords(header: string): string {
  return header.replace(/\?=\s+=\?/g, '?==?').replace(/=\?UTF-8\?Q\?([^?]*)\?=/gi, (_, q: string) =>
    Buffer.from(
      q
        .replace(/_/g, ' ')
        .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
      'latin1',
    ).toString('utf8'),
  );
}

describe('npm start', () => {
  it('sends one email per active demo subscriber and none to the others', async () => {
    const { outbox, run } = newJob();
    const { result, text } = await run();

    expect(result.ok).toBe(true);
    expect(result.sentThisRun).toBe(active.length);
    const emls = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(emls.sort()).toEqual(active.map((s) => `${s.email}.eml`).sort());
    for (const s of others) expect(emls).not.toContain(`${s.email}.eml`);
    expect(readdirSync(outbox)).toEqual(expect.arrayContaining(['digest.html', 'digest.txt']));
    expect(text).toMatch(/sent 4, skipped 0, failed 0, ambiguous 0/);
  });

  it('writes each message as sent: subject, HTML and text parts, a personal unsubscribe link, one-click headers', async () => {
    const { dataDir, outbox, run } = newJob();
    const { subject } = issued((await run()).result.run);
    const secret = readFileSync(join(dataDir, 'token-secret'), 'utf8').trim();
    for (const s of active) {
      const raw = readFileSync(join(outbox, `${s.email}.eml`), 'utf8');
      const flat = readable(raw);

      const headers = raw.slice(0, raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
      expect(decodeWords(/^Subject: (.*?)\r?$/m.exec(headers)?.[1] ?? '')).toBe(subject);
      expect(raw).toMatch(/^Content-Type: text\/plain; charset=utf-8/m);
      expect(raw).toMatch(/^Content-Type: text\/html; charset=utf-8/m);
      expect(flat).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
      const header = /^List-Unsubscribe: <(http:\/\/127\.0\.0\.1:3000\/unsubscribe\?token=[^>]+)>$/m.exec(
        flat,
      );
      expect(header).not.toBeNull();
      const url = new URL(header?.[1] ?? '');
      const claims = verifyToken(
        secret,
        url.searchParams.get('token') ?? '',
        'unsubscribe',
        Date.now() / 1000,
      );
      expect(claims.subscriberId).toBe(s.id);
      // The same personal link is in the text part and the HTML part.
      expect(flat.split(url.search.slice(1)).length - 1).toBeGreaterThanOrEqual(3);
    }
  });

  it('sends nothing the second time, and says so', async () => {
    const { run } = newJob();
    await run();
    const { result, text } = await run();

    expect(result.run.status).toBe('already-started');
    expect(result.sentThisRun).toBe(0);
    expect(text).toMatch(/already sent, so nothing was sent this time/);
    expect(text).toMatch(/npm start -- --fresh/);
    // The first run's mail is still in the outbox: the line says it is not this run's.
    expect(text).toMatch(new RegExp(`${active.length} \\.eml files \\(by an earlier run\\)`));
  });

  it('starts over with --fresh', async () => {
    const { run } = newJob();
    await run();
    const { result } = await run(true);

    expect(result.run.status).toBe('enqueued');
    expect(result.sentThisRun).toBe(active.length);
  });
});

describe('npm start after a run that was stopped part way', () => {
  it('resumes the queued recipients, sends each of them once, and reports the one caught mid-send', async () => {
    // prepare: a run that queued the issue and was killed while sending to one recipient
    const stopped = join(dir, 'stopped');
    const stack = await startLocalStack({
      dataDir: join(stopped, '.local', 'dynamo'),
      dynamoPort: 0,
      sesPort: 0,
    });
    const earlier = createLocalDelivery({
      tableName: stack.tableName,
      tokenSecret: 'stopped-run-secret-0123456789',
      articles: { defaultArticle: 'sample', samplePath: SAMPLE_ARTICLE, allowFiles: true },
      queue: { persistPath: join(stopped, '.local', 'queue.json') },
    });
    await seedDemo(earlier.subscribers);
    const run = issued(await earlier.digest({ article: 'sample' }));
    const caught = active[0] as (typeof active)[0];
    await earlier.sends.claim(run.issueId, caught.id, 'killed-process', Date.now() - 1_000);
    earlier.close();
    await stack.stop();

    // act
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk) => {
      text += String(chunk);
    });
    const result = await runJob({
      article: 'sample',
      outbox: join(stopped, 'outbox'),
      dataDir: join(stopped, '.local'),
      dynamoPort: 0,
      sesPort: 0,
      out,
    });

    // assess
    expect(text).toMatch(/Resuming\s+4 recipients still queued/);
    expect(result.sentThisRun).toBe(active.length - 1);
    expect(result.summary).toMatchObject({ sent: 3, ambiguous: 1, pending: 0 });
    expect(result.summary?.ambiguousRecipients.map((r) => r.subscriberId)).toEqual([caught.id]);
    expect(result.ok).toBe(false);
    const emls = readdirSync(join(stopped, 'outbox')).filter((f) => f.endsWith('.eml'));
    expect(emls.sort()).toEqual(
      active
        .filter((s) => s !== caught)
        .map((s) => `${s.email}.eml`)
        .sort(),
    );
  });
});
