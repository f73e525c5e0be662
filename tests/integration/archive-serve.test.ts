// The archive as a reader meets it on this machine: `npm start -- --serve` (the real subscriptions handler behind
// the HTTP adapter, configured from the environment as in Lambda) and an `npm start` job on its data folder. Each
// .eml carries a "View in browser" link; over real HTTP it answers 200 with the title and key points, the
// archive lists the issue, the feed is well-formed Atom with an entry for it, and a matching ETag gets 304.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunJobResult, runJob } from '../../functions/cli/run-job.js';
import { type RunningServe, serve } from '../../functions/cli/serve.js';
import { issued } from '../helpers/delivery-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'archive-serve-'));
const dataDir = join(dir, '.local');
const outbox = join(dir, 'outbox');
let server: RunningServe;
let job: RunJobResult;
let report = '';

beforeAll(async () => {
  server = await serve({ port: 0, dynamoPort: 0, sesPort: 0, dataDir });
  const out = new PassThrough();
  out.on('data', (chunk) => {
    report += String(chunk);
  });
  job = await runJob({ article: 'sample', outbox, dataDir, out });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The text part of a raw message, quoted-printable soft breaks and escapes decoded. */
function textPart(raw: string): string {
  const start = raw.search(/^Content-Type: text\/plain/m);
  const body = raw.slice(raw.indexOf('\r\n\r\n', start) + 4, raw.indexOf('\r\n--', start));
  return Buffer.from(
    body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('npm start -- --serve with npm start', () => {
  it('mails a "View in browser" link in every .eml, and the job prints it', () => {
    const emls = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    const expected = `${server.siteUrl}/issues/${issued(job.run).issueId}`;

    expect(job.ok).toBe(true);
    expect(emls.length).toBe(4);
    for (const eml of emls) {
      expect(textPart(readFileSync(join(outbox, eml), 'latin1'))).toContain(`View in browser: ${expected}`);
    }
    expect(report).toContain(`Web         ${expected}\n`);
  });

  it('answers that link with the issue: its title and key points, and nothing personal', async () => {
    const eml = readdirSync(outbox).find((f) => f.endsWith('.eml')) ?? '';
    const text = textPart(readFileSync(join(outbox, eml), 'latin1'));
    const link = /View in browser: (\S+)/.exec(text)?.[1] ?? '';

    const res = await fetch(link);
    const html = await res.text();
    const doc = parseHTML(html).document;
    const points = [...doc.querySelectorAll('.points li')].map((li) => squash(li.textContent ?? ''));

    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(doc.querySelector('h1')?.textContent).toBe(issued(job.run).subject);
    expect(points.length).toBeGreaterThanOrEqual(3);
    // The same key points as the email, which wraps them at 72 columns.
    for (const point of points) expect(squash(text)).toContain(point);
    expect(html).not.toMatch(/unsubscribe\?token=|unsubscribe\.invalid|@example\.org/);

    // As a browser revalidates (max-age=0). fetch would otherwise add `Cache-Control: no-cache` to a conditional
    // request, which asks for the full answer (an end-to-end reload).
    const again = await fetch(link, {
      headers: { 'if-none-match': res.headers.get('etag') ?? '', 'cache-control': 'max-age=0' },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('lists the issue in /archive and links to it', async () => {
    const res = await fetch(`${server.siteUrl}/archive`);
    const doc = parseHTML(await res.text()).document;
    const rows = [...doc.querySelectorAll('.issues li h2 a')];

    expect(res.status).toBe(200);
    expect(rows.map((a) => a.getAttribute('href'))).toEqual([
      `${server.siteUrl}/issues/${issued(job.run).issueId}`,
    ]);
    expect(rows[0]?.textContent).toBe(issued(job.run).subject);
  });

  it('serves /feed.xml as well-formed Atom with an entry for the issue', async () => {
    const res = await fetch(`${server.siteUrl}/feed.xml`);
    const xml = await res.text();
    const feed = new XMLParser({ isArray: (n) => n === 'entry' }).parse(xml) as {
      feed: { id: string; title: string; updated: string; entry: { id: string; updated: string }[] };
    };

    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(feed.feed.title).toBe('Local Digest');
    expect(feed.feed.entry.map((e) => e.id)).toEqual([`${server.siteUrl}/issues/${issued(job.run).issueId}`]);
    expect(feed.feed.updated).toBe(feed.feed.entry[0]?.updated);
  });
});
