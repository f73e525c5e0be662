// `npm start -- --fresh --article http://127.0.0.1:PORT/feed.xml` against a feed of five pages served here: one
// issue whose emails hold all five headlines; a second run sends nothing (`nothing-new`); a sixth story added to the
// feed makes a third issue of that story alone; a page answering 404 leaves four stories and is named, with why, in
// the summary. The local path may fetch 127.0.0.1, as `npm start` may (the Lambda's guard blocks it).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FeedSite, siteStory, startFeedSite } from '../../functions/cli/feed-site.js';
import { runJob } from '../../functions/cli/run-job.js';
import { demoSubscribers } from '../../functions/cli/seed-demo.js';

const dir = mkdtempSync(join(tmpdir(), 'feed-job-'));
const active = demoSubscribers().filter((s) => s.status === 'active');
let site: FeedSite;
const previousSecret = process.env.TOKEN_SECRET;

beforeAll(async () => {
  delete process.env.TOKEN_SECRET;
  site = await startFeedSite([0, 1, 2, 3, 4]);
});
afterAll(async () => {
  await site.stop();
  rmSync(dir, { recursive: true, force: true });
  if (previousSecret !== undefined) process.env.TOKEN_SECRET = previousSecret;
});

async function run(name: string, fresh = false) {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk) => {
    text += String(chunk);
  });
  const result = await runJob({
    article: site.feedUrl,
    fresh,
    outbox: join(dir, name, 'outbox'),
    dataDir: join(dir, name, '.local'),
    dynamoPort: 0,
    sesPort: 0,
    out,
  });
  return { result, text };
}

/** The decoded text of an .eml (quoted-printable soft breaks and escapes undone, read as UTF-8). */
function mailText(path: string): string {
  const raw = readFileSync(path, 'latin1').replace(/=\r?\n/g, '');
  return Buffer.from(
    raw.replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
}

function emails(name: string): string[] {
  const outbox = join(dir, name, 'outbox');
  return readdirSync(outbox)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => mailText(join(outbox, f)));
}

const title = (n: number) => siteStory(n).title;

describe('npm start on a feed', () => {
  it('sends one issue whose emails hold all five headlines', async () => {
    const { result, text } = await run('site', true);

    expect(result.run.status).toBe('enqueued');
    expect(result.ok).toBe(true);
    expect(result.sentThisRun).toBe(active.length);
    const mails = emails('site');
    expect(mails).toHaveLength(active.length);
    for (const mail of mails) {
      for (const n of [0, 1, 2, 3, 4]) expect(mail).toContain(title(n));
      expect(mail).toContain('In this issue');
    }
    // Newest first: the feed's order.
    if (result.run.status === 'enqueued') {
      expect(result.run.stories?.map((s) => s.title)).toEqual([4, 3, 2, 1, 0].map(title));
    }
    expect(text).toMatch(/Stories\s+1\. /);
  });

  it('sends nothing the second time, and says nothing-new', async () => {
    const before = emails('site').length;

    const { result, text } = await run('site');

    expect(result.run).toMatchObject({ status: 'nothing-new', considered: 5, alreadySent: 5 });
    expect(result.sentThisRun).toBe(0);
    expect(result.ok).toBe(true);
    expect(text).toMatch(/Nothing new\s+5 of the 5 stories/);
    expect(emails('site')).toHaveLength(before);
  });

  it('sends an issue of the one story added to the feed since', async () => {
    site.stories.push(5);

    const { result } = await run('site');

    expect(result.run.status).toBe('enqueued');
    expect(result.sentThisRun).toBe(active.length);
    if (result.run.status === 'enqueued') expect(result.run.stories?.map((s) => s.title)).toEqual([title(5)]);
    // The outbox keeps one file per address: each now holds the third issue, with the new story alone.
    for (const mail of emails('site')) {
      expect(mail).toContain(title(5));
      for (const n of [0, 1, 2, 3, 4]) expect(mail).not.toContain(title(n));
    }
  });
});

describe('npm start on a feed with a page that answers 404', () => {
  it('sends the four good stories and names the fifth, with why, in the summary', async () => {
    site.stories = [10, 11, 12, 13, 14];
    site.missing.add(12);

    const { result, text } = await run('missing', true);

    expect(result.run.status).toBe('enqueued');
    expect(result.sentThisRun).toBe(active.length);
    const missing = `${site.base}/stories/${siteStory(12).slug}.html`;
    expect(result.summary?.leftOut).toEqual([{ location: missing, reason: 'answered 404 Not Found' }]);
    expect(result.summary?.stories?.map((s) => s.title)).toEqual([14, 13, 11, 10].map(title));
    expect(text).toContain(`left out: ${missing} (answered 404 Not Found)`);
    for (const mail of emails('missing')) {
      for (const n of [10, 11, 13, 14]) expect(mail).toContain(title(n));
      expect(mail).not.toContain(title(12));
    }
  });
});
