// The whole subscription flow in a real browser, against `npm start -- --serve` on free ports: subscribe on the
// page, open the confirmation email from the local SES store, follow its link and press the confirm button (the
// link alone, as a mail scanner follows it, confirms nothing), and unsubscribe with one click (the page's button,
// and a mail client's RFC 8058 POST), checking the DynamoDB record after each step.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamo/table-schema.js';
import { normaliseAddress } from '../../functions/subscribers/address.js';
import { unsubscribeUrl } from '../../functions/subscribers/signed-links.js';
import { subscriberIdFor } from '../../functions/subscribers/subscriber.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = resolve(ROOT, process.env.E2E_SCREENSHOTS ?? '.local/e2e-screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface StoredMail {
  subject: string;
  destination: { to: string[] };
  body: { html?: string; text?: string };
}

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

interface Serve {
  readonly child: ChildProcessWithoutNullStreams;
  readonly output: () => string;
  readonly exit: Promise<number | null>;
}

function startServe(args: string[]): Serve {
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['functions/cli/start.ts', '--serve', ...args], {
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

let dataDir: string;
let ports: { site: number; dynamo: number; ses: number };
let serve: Serve;
let site: string;
let ses: string;
let browser: Browser;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-'));
  ports = { site: await freePort(), dynamo: await freePort(), ses: await freePort() };
  serve = startServe([
    '--port',
    String(ports.site),
    '--dynamo-port',
    String(ports.dynamo),
    '--ses-port',
    String(ports.ses),
    '--data-dir',
    dataDir,
  ]);
  await waitFor('the local server', () => serve.output().includes('Press Ctrl+C'));
  site = `http://127.0.0.1:${ports.site}`;
  ses = `http://127.0.0.1:${ports.ses}`;
  doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: `http://127.0.0.1:${ports.dynamo}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  doc?.destroy();
  if (serve && serve.child.exitCode === null) {
    serve.child.kill('SIGINT');
    await serve.exit;
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function statusOf(address: string): Promise<string | undefined> {
  const id = subscriberIdFor(normaliseAddress(address));
  const out = await doc.send(new GetCommand({ TableName: 'digest-local', Key: keys.subscriber(id) }));
  return out.Item?.status as string | undefined;
}

async function itemCount(): Promise<number> {
  return (await doc.send(new ScanCommand({ TableName: 'digest-local', Select: 'COUNT' }))).Count ?? 0;
}

async function mailTo(address: string): Promise<StoredMail[]> {
  const res = await fetch(`${ses}/store`);
  const { emails } = (await res.json()) as { emails: StoredMail[] };
  return emails.filter((m) => m.destination.to.includes(address));
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

describe('subscription flow in the browser', () => {
  it('subscribe on the page, confirm from the email, unsubscribe with the button', async () => {
    const address = 'browser-reader@example.org';
    const page = await browser.newPage({ viewport: { width: 1024, height: 720 } });

    await page.goto(`${site}/`);
    expect(await page.title()).toBe('Subscribe · Local Digest');
    await shot(page, '1-subscribe');
    await page.fill('#email', address);
    await page.click('button[type=submit]');
    await page.waitForSelector('text=Check your inbox');
    expect(await page.textContent('main')).toContain(address);
    await shot(page, '2-check-inbox');
    expect(await statusOf(address)).toBe('pending');

    const [mail] = await mailTo(address);
    expect(mail?.subject).toBe('Confirm your subscription to Local Digest');
    const link = /http:\/\/\S+\/confirm\?token=\S+/.exec(mail?.body.text ?? '')?.[0];
    expect(link?.startsWith(`${site}/confirm?token=`)).toBe(true);
    const emailPage = await browser.newPage({ viewport: { width: 720, height: 720 } });
    await emailPage.setContent(mail?.body.html ?? '');
    await shot(emailPage, '3-confirmation-email');
    await emailPage.close();

    await page.goto(link ?? '');
    await page.waitForSelector('h1:has-text("Confirm your subscription")');
    await shot(page, '4-confirm');
    expect(await statusOf(address)).toBe('pending');
    await page.click('button[type=submit]');
    await page.waitForSelector('h1:has-text("You are subscribed")');
    await shot(page, '4-confirmed');
    expect(await statusOf(address)).toBe('active');

    const secret = readFileSync(join(dataDir, 'token-secret'), 'utf8').trim();
    const id = subscriberIdFor(normaliseAddress(address));
    await page.goto(unsubscribeUrl(site, secret, id, Date.now()));
    await page.waitForSelector('h1:has-text("Unsubscribe?")');
    await shot(page, '5-unsubscribe');
    expect(await statusOf(address)).toBe('active');
    await page.click('button[type=submit]');
    await page.waitForSelector('h1:has-text("You are unsubscribed")');
    await shot(page, '6-unsubscribed');
    expect(await statusOf(address)).toBe('unsubscribed');
    await page.close();
  });

  it("a mail client's one-click POST unsubscribes", async () => {
    const address = 'one-click@example.org';
    const page = await browser.newPage();
    await page.goto(`${site}/`);
    await page.fill('#email', address);
    await page.click('button[type=submit]');
    await page.waitForSelector('text=Check your inbox');
    const [mail] = await mailTo(address);
    await page.goto(/http:\/\/\S+\/confirm\?token=\S+/.exec(mail?.body.text ?? '')?.[0] ?? '');
    await page.click('button[type=submit]');
    await page.waitForSelector('h1:has-text("You are subscribed")');
    expect(await statusOf(address)).toBe('active');
    await page.close();

    const secret = readFileSync(join(dataDir, 'token-secret'), 'utf8').trim();
    const res = await fetch(
      unsubscribeUrl(site, secret, subscriberIdFor(normaliseAddress(address)), Date.now()),
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      },
    );
    expect(res.status).toBe(200);
    expect(await statusOf(address)).toBe('unsubscribed');
  });

  it('an address the server refuses is shown back with the reason, and nothing is stored', async () => {
    const before = await itemCount();
    const page = await browser.newPage({ viewport: { width: 1024, height: 720 } });
    await page.goto(`${site}/`);
    await page.fill('#email', 'reader@localhost');
    await page.click('button[type=submit]');
    await page.waitForSelector('[role=alert]');
    expect(await page.getAttribute('#email', 'aria-invalid')).toBe('true');
    await shot(page, '7-invalid-address');
    expect(await page.inputValue('#email')).toBe('reader@localhost');
    expect(await itemCount()).toBe(before);
    await page.close();
  });

  it('pages look right on a phone and in dark mode, and a bad link gets a clear page', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 760 }, deviceScaleFactor: 2 });
    await phone.goto(`${site}/`);
    await shot(phone, '8-subscribe-phone');
    await phone.emulateMedia({ colorScheme: 'dark' });
    await shot(phone, '9-subscribe-phone-dark');
    await fetch(`${site}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'phone-reader@example.org' }),
    });
    const [mail] = await mailTo('phone-reader@example.org');
    await phone.goto(/http:\/\/\S+\/confirm\?token=\S+/.exec(mail?.body.text ?? '')?.[0] ?? '');
    await phone.waitForSelector('button:has-text("Confirm my subscription")');
    await shot(phone, '10-confirm-phone-dark');
    const bad = await phone.goto(`${site}/confirm?token=forged.token`);
    expect(bad?.status()).toBe(400);
    await shot(phone, '11-invalid-link-dark');
    await phone.close();
  });

  it('a second server on the same port stops with one clear error line', async () => {
    const clash = startServe(['--port', String(ports.site), '--data-dir', join(dataDir, 'clash')]);
    expect(await clash.exit).toBe(1);
    expect(clash.output().trim()).toBe(`error: HTTP port ${ports.site} is already in use`);
  });

  it('stops cleanly on SIGINT', async () => {
    serve.child.kill('SIGINT');
    expect(await serve.exit).toBe(0);
    expect(serve.output()).toContain('SIGINT: stopping');
  });
});
