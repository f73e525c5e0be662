// The public archive in a real browser, as a reader meets it: `npm start -- --serve` on free ports, then an
// `npm start` job on its data folder sends an issue. Open /archive, click through to the issue, and check it shows
// the title and key points the email had; the email's "View in browser" link is that page. Screenshots of both
// pages at desktop and phone width (and dark mode) go to .local/e2e-screenshots (or E2E_SCREENSHOTS).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = resolve(ROOT, process.env.E2E_SCREENSHOTS ?? '.local/e2e-screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Child {
  readonly child: ChildProcessWithoutNullStreams;
  readonly output: () => string;
  readonly exit: Promise<number | null>;
}

function start(args: string[]): Child {
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['functions/cli/start.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'WARN' },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exit };
}

async function waitFor(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The text part of a raw message, quoted-printable decoded. */
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

let dir: string;
let serve: Child;
let site: string;
let browser: Browser;
let issue: { id: string; subject: string };
let outbox: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'digest-e2e-archive-'));
  const port = await freePort();
  serve = start([
    '--serve',
    '--port',
    String(port),
    '--dynamo-port',
    String(await freePort()),
    '--ses-port',
    String(await freePort()),
    '--data-dir',
    join(dir, 'data'),
  ]);
  await waitFor('the local server', () => serve.output().includes('Press Ctrl+C'));
  site = `http://127.0.0.1:${port}`;
  outbox = join(dir, 'outbox');
  const job = start(['--data-dir', join(dir, 'data'), '--outbox', outbox]);
  expect(await job.exit).toBe(0);
  const match = /^Issue\s+(\S+): "(.*)"$/m.exec(job.output());
  issue = { id: match?.[1] ?? '', subject: match?.[2] ?? '' };
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  if (serve && serve.child.exitCode === null) {
    serve.child.kill('SIGINT');
    await serve.exit;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

describe('the archive in the browser', () => {
  it('lists the issue; a click opens its page with the title and key points the email had', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

    await page.goto(`${site}/archive`);
    expect(await page.title()).toBe('Past issues · Local Digest');
    const rows = page.locator('.issues li');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().locator('h2').textContent()).toBe(issue.subject);
    expect(await rows.first().locator('.lead').textContent()).not.toBe('');
    await shot(page, 'archive-1-archive');

    await rows.first().locator('h2 a').click();
    await page.waitForURL(`${site}/issues/${issue.id}`);
    expect(await page.textContent('h1')).toBe(issue.subject);
    const points = await page.locator('.points li').allTextContents();
    expect(points.length).toBeGreaterThanOrEqual(3);
    const eml = readdirSync(outbox).find((f) => f.endsWith('.eml')) ?? '';
    const text = textPart(readFileSync(join(outbox, eml), 'latin1')).replace(/\s+/g, ' ');
    for (const point of points) expect(text).toContain(point.replace(/\s+/g, ' ').trim());
    expect(text).toContain(`View in browser: ${page.url()}`);
    await shot(page, 'archive-2-issue');

    await page.click('text=All issues');
    await page.waitForURL(`${site}/archive`);
    await page.close();
  });

  it('reads well on a phone and in dark mode', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 760 }, deviceScaleFactor: 2 });
    await phone.goto(`${site}/archive`);
    await shot(phone, 'archive-3-archive-phone');
    await phone.goto(`${site}/issues/${issue.id}`);
    // Nothing wider than the screen: long words wrap instead of scrolling sideways.
    expect(Number(await phone.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);
    await shot(phone, 'archive-4-issue-phone');
    await phone.emulateMedia({ colorScheme: 'dark' });
    await shot(phone, 'archive-5-issue-phone-dark');
    await phone.close();
  });

  it('answers 404 with a page for an issue that does not exist', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${site}/issues/no-such-issue-0123456789ab`);
    expect(res?.status()).toBe(404);
    expect(await page.textContent('h1')).toBe('Page not found');
    await page.close();
  });
});
