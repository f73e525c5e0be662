// The local HTTP adapter in front of the real subscriptions Lambda handler (handler.ts, configured from the
// environment as in Lambda): real HTTP requests, API Gateway payload 2.0 events, dynalite and aws-ses-v2-local.
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpApiServer,
  type HttpApiHandler,
  serverUrl,
  toHttpApiEvent,
} from '../../functions/cli/http-adapter.js';
import { normaliseAddress } from '../../functions/subscribers/address.js';
import { unsubscribeUrl } from '../../functions/subscribers/signed-links.js';
import { subscriberIdFor } from '../../functions/subscribers/subscriber.js';
import { forgedVariants } from '../helpers/forged-tokens.js';
import { type LocalAws, startLocalAws } from '../helpers/local-aws.js';
import { linkIn, mailTo, SECRET, scanTable } from './subscriptions-support.js';

let aws: LocalAws;
let server: Server;
let base: string;
let handler: HttpApiHandler | undefined;

function listen(s: Server): Promise<void> {
  return new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
}

beforeAll(async () => {
  aws = await startLocalAws();
  server = createHttpApiServer(() => handler);
  await listen(server);
  base = serverUrl(server, '127.0.0.1');
  Object.assign(process.env, {
    SITE_URL: base,
    SITE_NAME: 'HTTP Digest',
    SENDER_EMAIL: 'HTTP Digest <digest@example.com>',
    POSTAL_ADDRESS: '2 Test Road',
    TOKEN_SECRET: SECRET,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  handler = (await import('../../functions/handlers/subscriptions/handler.js')).handler as HttpApiHandler;
});
afterAll(async () => {
  await new Promise((resolve) => {
    server.close(resolve);
    server.closeAllConnections();
  });
  await aws.stop();
});

const idOf = (address: string) => subscriberIdFor(normaliseAddress(address));

describe('the subscription pages over HTTP', () => {
  it('serve the subscribe page with its security headers', async () => {
    const res = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await res.text()).toContain('<form method="post" action="subscribe">');
  });

  it('sign up by form, confirm by the emailed link, leave by one-click POST', async () => {
    const signUp = await fetch(`${base}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: 'email=http-reader%40example.org&website=',
    });
    expect(signUp.status).toBe(202);
    const [mail] = await mailTo(aws, 'http-reader@example.org');
    expect(mail?.subject).toBe('Confirm your subscription to HTTP Digest');

    const link = `${base}${linkIn(mail, '/confirm', base)}`;
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    // The page's button: an empty form posted back to the link.
    const confirm = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('You are subscribed');

    const id = idOf('http-reader@example.org');
    const leave = await fetch(unsubscribeUrl(base, SECRET, id, Date.now()), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(leave.status).toBe(200);
    const item = (await scanTable(aws.tableName)).find((i) => i.pk === `SUB#${id}`);
    expect(item?.status).toBe('unsubscribed');
  });

  it('tokens altered in any way the base64url decoder would forgive: 400, nothing changes', async () => {
    await fetch(`${base}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'http-forged@example.org' }),
    });
    const [mail] = await mailTo(aws, 'http-forged@example.org');
    const confirmToken = new URL(`${base}${linkIn(mail, '/confirm', base)}`).searchParams.get('token') ?? '';
    const id = idOf('http-forged@example.org');
    const leaveToken = new URL(unsubscribeUrl(base, SECRET, id, Date.now())).searchParams.get('token') ?? '';
    const before = await scanTable(aws.tableName);
    const seen: string[] = [];
    for (const [path, token] of [
      ['/confirm', confirmToken],
      ['/unsubscribe', leaveToken],
    ] as const) {
      for (const [what, variant] of Object.entries(forgedVariants(token))) {
        for (const method of ['GET', 'POST']) {
          const res = await fetch(`${base}${path}?token=${encodeURIComponent(variant)}`, {
            method,
            headers: { accept: 'application/json' },
          });
          seen.push(`${path} ${what} ${method} ${res.status}`);
        }
      }
    }
    expect(seen.filter((line) => !line.endsWith(' 400'))).toEqual([]);
    expect(seen.length).toBeGreaterThan(50);
    expect(await scanTable(aws.tableName)).toEqual(before);
    expect(before.find((i) => i.pk === `SUB#${id}`)?.status).toBe('pending');
  });

  it('a one-click POST as multipart/form-data (FormData) arrives base64-encoded and works', async () => {
    const form = new FormData();
    form.set('email', 'multi@example.org');
    const res = await fetch(`${base}/subscribe`, {
      method: 'POST',
      body: form,
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(202);
    const leave = new FormData();
    leave.set('List-Unsubscribe', 'One-Click');
    const out = await fetch(unsubscribeUrl(base, SECRET, idOf('multi@example.org'), Date.now()), {
      method: 'POST',
      body: leave,
    });
    expect(out.status).toBe(200);
  });

  it('a 1 MB body gets 413 and changes nothing', async () => {
    const before = await scanTable(aws.tableName);
    const res = await fetch(`${base}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email: 'big@example.org', pad: 'x'.repeat(1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toBe('body_too_large');
    expect(await scanTable(aws.tableName)).toEqual(before);
  });

  it('a body over the gateway limit gets 413 before the handler runs', async () => {
    const res = await fetch(`${base}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(11 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ message: 'Request Entity Too Large' });
  });

  it('HEAD answers with headers and no body', async () => {
    const res = await fetch(`${base}/`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toBe('');
  });
});

describe('the HTTP adapter', () => {
  it('builds the payload 2.0 event API Gateway would send', async () => {
    const seen: Parameters<HttpApiHandler>[0][] = [];
    const probe = createHttpApiServer(() => async (event) => {
      seen.push(event);
      return { statusCode: 204, headers: { 'x-probe': 'yes' }, cookies: ['a=1; Path=/'] };
    });
    await listen(probe);
    const res = await fetch(`${serverUrl(probe, '127.0.0.1')}/confirm/?token=abc&x=1&x=2`, {
      headers: { cookie: 'one=1; two=2', 'x-custom': 'v' },
    });
    probe.close();
    expect(res.status).toBe(204);
    expect(res.headers.get('x-probe')).toBe('yes');
    expect(res.headers.get('set-cookie')).toBe('a=1; Path=/');
    const event = seen[0];
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/confirm/',
      rawQueryString: 'token=abc&x=1&x=2',
      queryStringParameters: { token: 'abc', x: '1,2' },
      cookies: ['one=1', 'two=2'],
      isBase64Encoded: false,
      requestContext: { http: { method: 'GET', path: '/confirm/' }, stage: '$default' },
    });
    expect(event?.headers['x-custom']).toBe('v');
    expect(event?.headers).not.toHaveProperty('cookie');
    expect(event?.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
  });

  it('answers 500 without details when the handler throws', async () => {
    const errors: unknown[] = [];
    const failing = createHttpApiServer(
      () => async () => {
        throw new Error('secret detail');
      },
      { onError: (e) => errors.push(e) },
    );
    await listen(failing);
    const res = await fetch(`${serverUrl(failing, '127.0.0.1')}/`);
    failing.close();
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('secret detail');
    expect(errors).toHaveLength(1);
  });

  it('encodes a binary body as base64 and a form as text', () => {
    const req = {
      url: '/x',
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      httpVersion: '1.1',
      socket: {},
    };
    const binary = toHttpApiEvent(req as never, Buffer.from([1, 2, 3]));
    expect(binary).toMatchObject({ isBase64Encoded: true, body: 'AQID' });
    const formReq = { ...req, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    expect(toHttpApiEvent(formReq as never, Buffer.from('a=1'))).toMatchObject({
      isBase64Encoded: false,
      body: 'a=1',
    });
  });
});
