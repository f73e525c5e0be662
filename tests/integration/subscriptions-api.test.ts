// The subscriptions API end to end on dynalite and aws-ses-v2-local: double opt-in, one-click unsubscribe, the
// answers that must not tell who is subscribed, and bad input that gets a clear 4xx and changes nothing.
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Mailer } from '../../functions/email/mail.js';
import { normaliseAddress } from '../../functions/subscribers/address.js';
import { confirmUrl, unsubscribeUrl } from '../../functions/subscribers/signed-links.js';
import { refFor, subscriberIdFor } from '../../functions/subscribers/subscriber.js';
import { type LocalAws, useLocalAws } from '../helpers/local-aws.js';
import {
  createTestApp,
  html,
  json,
  linkIn,
  mailTo,
  postForm,
  postJson,
  request,
  SECRET,
  SITE_URL,
  scanTable,
  type TestApp,
} from './subscriptions-support.js';

let aws: LocalAws;
let app: TestApp;
useLocalAws((started) => {
  aws = started;
  app = createTestApp(aws);
});
beforeEach(async () => {
  app.now = new Date('2026-02-01T09:00:00.000Z');
  await aws.clearMail();
});

const idOf = (address: string) => subscriberIdFor(normaliseAddress(address));
const idRef = (address: string) => refFor(normaliseAddress(address));
const advance = (seconds: number) => {
  app.now = new Date(app.now.getTime() + seconds * 1000);
};
const pathOf = (url: string) => url.slice(SITE_URL.length);

/** Signs up, confirms through the emailed link, and returns the subscriber id. */
async function activeSubscriber(address: string): Promise<string> {
  await app.handle(postJson('/subscribe', { email: address }));
  const [mail] = await mailTo(aws, address);
  await app.handle(request('POST', linkIn(mail, '/confirm'), { headers: json }));
  expect((await app.store.get(idOf(address)))?.status).toBe('active');
  return idOf(address);
}

describe('double opt-in', () => {
  it('a form sign-up gets the check-your-inbox page, a pending record and a confirmation email', async () => {
    const res = await app.handle(postForm('/subscribe', { email: 'Reader.One@Example.ORG', website: '' }));
    expect(res.statusCode).toBe(202);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('Check your inbox');
    expect(res.body).toContain('Reader.One@example.org');
    expect((await app.store.get(idOf('reader.one@example.org')))?.status).toBe('pending');
    const mail = await mailTo(aws, 'Reader.One@example.org');
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe('Confirm your subscription to Test Digest');
    // Handlebars escapes '=' in the href as &#x3D;, which mail clients decode.
    expect(mail[0]?.body.html?.replaceAll('&#x3D;', '=')).toContain(`${SITE_URL}/confirm?token=`);
    expect(mail[0]?.body.text).toContain('1 Test Street, Testville');
    expect(mail[0]?.body.text).not.toContain('Reader.One');
  });

  it("the email's link opens a page whose button confirms: the page says so and the subscriber is active", async () => {
    await app.handle(postForm('/subscribe', { email: 'reader2@example.org' }));
    const [mail] = await mailTo(aws, 'reader2@example.org');
    const page = await app.handle(request('GET', linkIn(mail, '/confirm'), { headers: html }));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Confirm your subscription');
    // No action: the form posts back to the link itself, token included.
    expect(page.body).toMatch(/<form method="post">\s*<button type="submit">/);
    expect((await app.store.get(idOf('reader2@example.org')))?.status).toBe('pending');

    const res = await app.handle(postForm(linkIn(mail, '/confirm'), {}));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('You are subscribed');
    const stored = await app.store.get(idOf('reader2@example.org'));
    expect(stored?.status).toBe('active');
    expect(stored?.confirmedAt).toBe(app.now.toISOString());
  });

  it('a link scanner that fetches the link (GET or HEAD, as a browser or as JSON) confirms nothing', async () => {
    await app.handle(postJson('/subscribe', { email: 'scanned@example.org' }));
    const link = linkIn((await mailTo(aws, 'scanned@example.org'))[0], '/confirm');
    const before = await scanTable(aws.tableName);
    for (const [method, headers] of [
      ['GET', html],
      ['GET', json],
      ['GET', { accept: '*/*' }],
      ['GET', {}],
      ['HEAD', html],
    ] as const) {
      const res = await app.handle(request(method, link, { headers }));
      expect([method, headers, res.statusCode]).toEqual([method, headers, 200]);
    }
    expect(await scanTable(aws.tableName)).toEqual(before);
    expect((await app.store.get(idOf('scanned@example.org')))?.status).toBe('pending');
  });

  it('an API client reads the link as JSON, then confirms by POST with the token in a JSON body', async () => {
    await app.handle(postJson('/subscribe', { email: 'api-confirm@example.org' }));
    const link = linkIn((await mailTo(aws, 'api-confirm@example.org'))[0], '/confirm');
    const look = await app.handle(request('GET', link, { headers: json }));
    expect(JSON.parse(look.body)).toMatchObject({ status: 'valid' });
    const token = new URLSearchParams(link.split('?')[1]).get('token');
    const res = await app.handle(postJson('/confirm', { token }));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'active' });
    expect((await app.store.get(idOf('api-confirm@example.org')))?.status).toBe('active');
  });

  it('confirming twice is harmless, and the link then says so without a button', async () => {
    await app.handle(postJson('/subscribe', { email: 'twice@example.org' }));
    const link = linkIn((await mailTo(aws, 'twice@example.org'))[0], '/confirm');
    await app.handle(request('POST', link, { headers: json }));
    const again = await app.handle(request('POST', link, { headers: html }));
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('already subscribed');
    const page = await app.handle(request('GET', link, { headers: html }));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('already subscribed');
    expect(page.body).not.toContain('<form');
  });

  it('answers a JSON sign-up with JSON', async () => {
    const res = await app.handle(postJson('/subscribe', { email: 'api@example.org' }));
    expect(res.statusCode).toBe(202);
    expect(JSON.parse(res.body)).toEqual({
      status: 'pending',
      message: 'If this address is not subscribed yet, a confirmation link is on its way to it.',
    });
  });

  it('answers the same for a new, pending, active and complained address, mailing only the new one', async () => {
    const active = 'known-active@example.org';
    await activeSubscriber(active);
    await app.handle(postJson('/subscribe', { email: 'known-pending@example.org' }));
    await app.store.markComplained(
      { id: idOf('known-complained@example.org'), email: 'known-complained@example.org' },
      app.now,
    );
    await aws.clearMail();

    const answers = [];
    for (const email of [
      'brand-new@example.org',
      'known-pending@example.org',
      active,
      'known-complained@example.org',
    ]) {
      const res = await app.handle(postJson('/subscribe', { email }));
      answers.push({ status: res.statusCode, body: res.body, type: res.headers['content-type'] });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    const mail = await aws.sentMail();
    expect(mail.map((m) => m.destination.to[0])).toEqual(['brand-new@example.org']);
  });

  it('resends a confirmation only after the 10-minute cool-down, and either link confirms', async () => {
    const address = 'cooldown@example.org';
    await app.handle(postJson('/subscribe', { email: address }));
    advance(60);
    await app.handle(postJson('/subscribe', { email: address }));
    expect(await mailTo(aws, address)).toHaveLength(1);
    advance(10 * 60);
    await app.handle(postJson('/subscribe', { email: address }));
    const mail = await mailTo(aws, address);
    expect(mail).toHaveLength(2);
    const res = await app.handle(request('POST', linkIn(mail[0], '/confirm'), { headers: json }));
    expect(res.statusCode).toBe(200);
  });

  it('a filled honeypot pretends success and stores and sends nothing', async () => {
    const before = await scanTable(aws.tableName);
    const res = await app.handle(
      postForm('/subscribe', { email: 'bot@example.org', website: 'http://spam.example' }),
    );
    expect(res.statusCode).toBe(202);
    expect(res.body).toContain('Check your inbox');
    expect(await scanTable(aws.tableName)).toEqual(before);
    expect(await aws.sentMail()).toHaveLength(0);
  });

  it('an unsubscribed address that signs up again is pending until it confirms anew', async () => {
    const address = 'comeback@example.org';
    const id = await activeSubscriber(address);
    await app.handle(request('POST', pathOf(unsubscribeUrl(SITE_URL, SECRET, id, app.now)), {}));
    expect((await app.store.get(id))?.status).toBe('unsubscribed');
    await aws.clearMail();
    advance(3600);
    await app.handle(postJson('/subscribe', { email: address }));
    expect((await app.store.get(id))?.status).toBe('pending');
    const [mail] = await mailTo(aws, address);
    await app.handle(request('POST', linkIn(mail, '/confirm'), { headers: json }));
    expect((await app.store.get(id))?.status).toBe('active');
  });

  it('a bounced address gets a new confirmation only a day after its bounce', async () => {
    const address = 'bounced@example.org';
    const id = await activeSubscriber(address);
    await app.store.markBounced({ id, email: address }, app.now);
    await aws.clearMail();
    advance(3600);
    await app.handle(postJson('/subscribe', { email: address }));
    expect(await mailTo(aws, address)).toHaveLength(0);
    expect((await app.store.get(id))?.status).toBe('bounced');
    advance(86400);
    await app.handle(postJson('/subscribe', { email: address }));
    expect(await mailTo(aws, address)).toHaveLength(1);
    expect((await app.store.get(id))?.status).toBe('pending');
  });

  it('an old confirmation link does not re-activate someone who has since unsubscribed', async () => {
    const address = 'changed-mind@example.org';
    await app.handle(postJson('/subscribe', { email: address }));
    const link = linkIn((await mailTo(aws, address))[0], '/confirm');
    const id = idOf(address);
    await app.handle(request('POST', pathOf(unsubscribeUrl(SITE_URL, SECRET, id, app.now)), {}));
    const before = await scanTable(aws.tableName);
    for (const method of ['GET', 'POST']) {
      const res = await app.handle(request(method, link, { headers: json }));
      expect([method, res.statusCode]).toEqual([method, 409]);
    }
    expect(await scanTable(aws.tableName)).toEqual(before);
  });

  it('a sign-up that lapsed cannot be confirmed after 48 hours', async () => {
    await app.handle(postJson('/subscribe', { email: 'late@example.org' }));
    const link = linkIn((await mailTo(aws, 'late@example.org'))[0], '/confirm');
    advance(49 * 3600);
    const before = await scanTable(aws.tableName);
    for (const method of ['GET', 'POST']) {
      const res = await app.handle(request(method, link, { headers: html }));
      expect([method, res.statusCode]).toEqual([method, 410]);
      expect(res.body).toContain('This link has expired');
    }
    expect(await scanTable(aws.tableName)).toEqual(before);
  });

  it('when SES fails, answers 503 and lifts the cool-down so the person can retry at once', async () => {
    const failing: Mailer = {
      send: async () => {
        throw new Error('SES is down');
      },
    };
    const broken = createTestApp(aws, { mailer: failing });
    broken.now = app.now;
    const res = await broken.handle(postJson('/subscribe', { email: 'unlucky@example.org' }));
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('60');
    const retry = await app.handle(postJson('/subscribe', { email: 'unlucky@example.org' }));
    expect(retry.statusCode).toBe(202);
    expect(await mailTo(aws, 'unlucky@example.org')).toHaveLength(1);
  });
});

describe('confirmation emails are capped per mailbox', () => {
  it('an address that never confirms gets five a day, further apart each time, and the same answer always', async () => {
    const address = 'never-confirms@example.org';
    const answers = new Set<string>();
    const started = app.now.getTime();
    const askAt = async (minute: number) => {
      app.now = new Date(started + minute * 60_000);
      const res = await app.handle(postJson('/subscribe', { email: address }));
      answers.add(JSON.stringify([res.statusCode, res.body]));
    };
    const sentMinutes = async () =>
      (await app.store.confirmationQuota(idRef(address)))?.sentAt.map(
        (at) => (Date.parse(at) - started) / 60_000,
      );
    // Asked every 11 minutes for nearly four hours, and once more just before the day is over.
    for (let minute = 0; minute <= 220; minute += 11) await askAt(minute);
    await askAt(24 * 60 - 1);
    expect(await mailTo(aws, address)).toHaveLength(5);
    expect(await sentMinutes()).toEqual([0, 11, 33, 77, 165]);
    // A day after the first, one more may go.
    await askAt(24 * 60 + 1);
    expect(await mailTo(aws, address)).toHaveLength(6);
    expect(await sentMinutes()).toEqual([11, 33, 77, 165, 24 * 60 + 1]);
    expect(answers.size).toBe(1);
  });

  it('plus-address variants of one mailbox share its quota; the address is kept as typed', async () => {
    const variants = Array.from({ length: 12 }, (_, i) => `Jane+list${i}@example.org`);
    const answers = new Set<string>();
    for (const email of [...variants, 'jane@EXAMPLE.org']) {
      const res = await app.handle(postJson('/subscribe', { email }));
      answers.add(JSON.stringify([res.statusCode, res.body]));
    }
    const mail = await aws.sentMail();
    expect(mail.map((m) => m.destination.to[0])).toEqual(['Jane+list0@example.org']);
    expect((await app.store.get(idOf('Jane+list0@example.org')))?.email).toBe('Jane+list0@example.org');
    expect(await app.store.get(idOf('Jane+list1@example.org'))).toBeUndefined();
    advance(10 * 60);
    await app.handle(postJson('/subscribe', { email: 'jane+later@example.org' }));
    expect(await mailTo(aws, 'jane+later@example.org')).toHaveLength(1);
    // The capped answer is the answer a brand-new address gets.
    const fresh = await app.handle(postJson('/subscribe', { email: 'someone-new@example.org' }));
    expect([...answers]).toEqual([JSON.stringify([fresh.statusCode, fresh.body])]);
  });

  it('the quota item holds no address and expires a day after its newest email', async () => {
    await app.handle(postJson('/subscribe', { email: 'quota-item@example.org' }));
    const items = (await scanTable(aws.tableName)).filter((i) => String(i.pk).startsWith('MAILBOX#'));
    const item = items.find((i) => JSON.stringify(i.sentAt) === JSON.stringify([app.now.toISOString()]));
    expect(item).toBeDefined();
    expect(JSON.stringify(item)).not.toContain('@');
    expect(item?.expiresAt).toBeGreaterThan(app.now.getTime() / 1000 + 24 * 3600);
  });
});

describe('one-click unsubscribe', () => {
  it('GET shows a page with a button and changes nothing', async () => {
    const id = await activeSubscriber('looker@example.org');
    const before = await scanTable(aws.tableName);
    const res = await app.handle(
      request('GET', pathOf(unsubscribeUrl(SITE_URL, SECRET, id, app.now)), { headers: html }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<form method="post">/);
    expect(res.body).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(await scanTable(aws.tableName)).toEqual(before);
  });

  it('an RFC 8058 POST (urlencoded List-Unsubscribe=One-Click) unsubscribes', async () => {
    const id = await activeSubscriber('oneclick@example.org');
    const path = pathOf(unsubscribeUrl(SITE_URL, SECRET, id, app.now));
    const res = await app.handle(
      request('POST', path, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      }),
    );
    expect(res.statusCode).toBe(200);
    const stored = await app.store.get(id);
    expect(stored?.status).toBe('unsubscribed');
    expect(stored?.unsubscribedAt).toBe(app.now.toISOString());
  });

  it('an RFC 8058 POST as multipart/form-data (base64, as API Gateway passes it) unsubscribes', async () => {
    const id = await activeSubscriber('multipart@example.org');
    const boundary = '----mailclient';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    const res = await app.handle(
      request('POST', pathOf(unsubscribeUrl(SITE_URL, SECRET, id, app.now)), {
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: Buffer.from(body).toString('base64'),
        base64: true,
      }),
    );
    expect(res.statusCode).toBe(200);
    expect((await app.store.get(id))?.status).toBe('unsubscribed');
  });

  it('an API client may send the token in a JSON body; repeating it is harmless', async () => {
    const id = await activeSubscriber('api-leaver@example.org');
    const token = new URL(unsubscribeUrl(SITE_URL, SECRET, id, app.now)).searchParams.get('token');
    const first = await app.handle(postJson('/unsubscribe', { token }));
    const second = await app.handle(postJson('/unsubscribe', { token }));
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(JSON.parse(second.body)).toEqual({ status: 'unsubscribed' });
    expect((await app.store.get(id))?.status).toBe('unsubscribed');
  });

  it('the page button unsubscribes a pending sign-up too', async () => {
    await app.handle(postJson('/subscribe', { email: 'pending-leaver@example.org' }));
    const id = idOf('pending-leaver@example.org');
    const res = await app.handle(
      postForm(pathOf(unsubscribeUrl(SITE_URL, SECRET, id, app.now)), { 'List-Unsubscribe': 'One-Click' }),
    );
    expect(res.body).toContain('You are unsubscribed');
    expect((await app.store.get(id))?.status).toBe('unsubscribed');
  });

  it('a link that is years old still works', async () => {
    const id = await activeSubscriber('patient@example.org');
    const path = pathOf(unsubscribeUrl(SITE_URL, SECRET, id, app.now));
    advance(700 * 86400);
    expect((await app.handle(request('POST', path, {}))).statusCode).toBe(200);
    expect((await app.store.get(id))?.status).toBe('unsubscribed');
  });
});

describe('bad input gets a clear 4xx and changes nothing', () => {
  const hostile: Array<[string, string]> = [
    ['CRLF header injection', 'a@b.com\r\nBcc: x@y.com'],
    ['300 characters', `${'a'.repeat(288)}@example.com`],
    ['fullwidth at sign', 'reader＠example.com'],
    ['Cyrillic look-alike domain', 'reader@p\u0430ypal.com'],
    ['quoted local part with spaces', '"john doe"@example.com'],
    ['display name', 'Reader <reader@example.com>'],
    ['script', '<script>alert(1)</script>@example.com'],
    ['empty', ''],
  ];

  it.each(hostile)('address with %s: 400 as JSON, no record, no mail', async (_what, email) => {
    const before = await scanTable(aws.tableName);
    const res = await app.handle(postJson('/subscribe', { email }));
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error).toBe('invalid_email');
    expect(await scanTable(aws.tableName)).toEqual(before);
    expect(await aws.sentMail()).toHaveLength(0);
  });

  it.each(hostile)('address with %s: 400 as the form again, its value escaped', async (_what, email) => {
    const before = await scanTable(aws.tableName);
    const res = await app.handle(postForm('/subscribe', { email }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('role="alert"');
    expect(res.body).not.toContain('<script>');
    expect(await scanTable(aws.tableName)).toEqual(before);
  });

  const forged = () => {
    const id = idOf('victim@example.org');
    const good = new URL(unsubscribeUrl(SITE_URL, SECRET, id, app.now)).searchParams.get('token') ?? '';
    const [payload, signature] = good.split('.');
    const otherId = Buffer.from(
      JSON.stringify({ s: idOf('other@example.org'), p: 'unsubscribe', e: 4e9 }),
    ).toString('base64url');
    return {
      'signed with another secret': new URL(
        unsubscribeUrl(SITE_URL, 'a-different-secret-0123456789', id, app.now),
      ).searchParams.get('token'),
      'altered payload': `${otherId}.${signature}`,
      'altered signature': `${payload}.${signature?.slice(0, -2)}AA`,
      'confirm token used to unsubscribe': new URL(
        confirmUrl(SITE_URL, SECRET, id, app.now),
      ).searchParams.get('token'),
      truncated: good.slice(0, 20),
      garbage: '%00%0d%0a<script>',
    } as Record<string, string>;
  };

  it('forged and altered unsubscribe tokens: 400, the subscriber stays active', async () => {
    await activeSubscriber('victim@example.org');
    const before = await scanTable(aws.tableName);
    for (const [what, token] of Object.entries(forged())) {
      for (const method of ['GET', 'POST']) {
        const res = await app.handle(
          request(method, `/unsubscribe?token=${encodeURIComponent(token)}`, {
            headers: { ...json, 'content-type': 'application/x-www-form-urlencoded' },
            body: 'List-Unsubscribe=One-Click',
          }),
        );
        expect([what, method, res.statusCode]).toEqual([what, method, 400]);
        expect(JSON.parse(res.body).error).toBe('invalid_link');
      }
    }
    expect(await scanTable(aws.tableName)).toEqual(before);
  });

  it('an unsubscribe token used to confirm: 400, a pending sign-up stays pending', async () => {
    await app.handle(postJson('/subscribe', { email: 'wrong-purpose@example.org' }));
    const before = await scanTable(aws.tableName);
    const path = pathOf(unsubscribeUrl(SITE_URL, SECRET, idOf('wrong-purpose@example.org'), app.now)).replace(
      '/unsubscribe',
      '/confirm',
    );
    for (const method of ['GET', 'POST']) {
      const res = await app.handle(request(method, path, { headers: json }));
      expect([method, res.statusCode]).toEqual([method, 400]);
    }
    expect(await scanTable(aws.tableName)).toEqual(before);
  });

  it('an expired unsubscribe token: 410', async () => {
    const id = await activeSubscriber('expired-link@example.org');
    const path = pathOf(unsubscribeUrl(SITE_URL, SECRET, id, app.now));
    advance(800 * 86400);
    const before = await scanTable(aws.tableName);
    const res = await app.handle(request('POST', path, { headers: json }));
    expect(res.statusCode).toBe(410);
    expect(await scanTable(aws.tableName)).toEqual(before);
  });

  it('a missing token: 400', async () => {
    expect((await app.handle(request('GET', '/confirm', { headers: json }))).statusCode).toBe(400);
    expect((await app.handle(request('POST', '/confirm', { headers: json }))).statusCode).toBe(400);
    expect((await app.handle(request('POST', '/unsubscribe', { headers: json }))).statusCode).toBe(400);
  });

  it('a one-click body with another value: 400', async () => {
    const id = await activeSubscriber('odd-body@example.org');
    const res = await app.handle(
      postForm(
        pathOf(unsubscribeUrl(SITE_URL, SECRET, id, app.now)),
        { 'List-Unsubscribe': 'Two-Clicks' },
        json,
      ),
    );
    expect(res.statusCode).toBe(400);
    expect((await app.store.get(id))?.status).toBe('active');
  });

  it.each([
    ['a 1 MB body', 413, 'application/x-www-form-urlencoded', `email=${'a'.repeat(1024 * 1024)}`],
    ['a 9 KB JSON body', 413, 'application/json', JSON.stringify({ email: 'a@b.co', pad: 'x'.repeat(9216) })],
    ['text/plain', 415, 'text/plain', 'email=reader@example.org'],
    ['XML', 415, 'application/xml', '<email>reader@example.org</email>'],
    ['invalid JSON', 400, 'application/json', '{"email": "reader@example.org"'],
    ['a JSON array', 400, 'application/json', '["reader@example.org"]'],
    ['a JSON string', 400, 'application/json', '"reader@example.org"'],
    ['a number for the address', 400, 'application/json', '{"email": 42}'],
    ['no address at all', 400, 'application/x-www-form-urlencoded', 'name=Reader'],
  ])('sign-up with %s: %i', async (_what, status, contentType, body) => {
    const before = await scanTable(aws.tableName);
    const res = await app.handle(
      request('POST', '/subscribe', { headers: { ...json, 'content-type': contentType }, body }),
    );
    expect(res.statusCode).toBe(status);
    expect(JSON.parse(res.body).error).toMatch(/^[a-z_]+$/);
    expect(await scanTable(aws.tableName)).toEqual(before);
    expect(await aws.sentMail()).toHaveLength(0);
  });

  it('a sign-up with a body but no content type: 415', async () => {
    const res = await app.handle(request('POST', '/subscribe', { headers: json, body: 'email=a@b.co' }));
    expect(res.statusCode).toBe(415);
  });

  it('an unknown route: 404; a wrong method: 405 with Allow', async () => {
    expect((await app.handle(request('GET', '/admin', { headers: html }))).statusCode).toBe(404);
    const wrong = await app.handle(request('DELETE', '/subscribe', { headers: json }));
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect((await app.handle(request('GET', '/subscribe', { headers: html }))).statusCode).toBe(405);
  });
});

describe('pages', () => {
  it('carry the security headers, and the CSP allows exactly the inline stylesheet', async () => {
    const res = await app.handle(request('GET', '/', { headers: html }));
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    const csp = res.headers['content-security-policy'] ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(res.body)?.[1] ?? '';
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(res.body).not.toContain('<script');
  });

  it('the subscribe page has the form and a honeypot hidden from people', async () => {
    const res = await app.handle(request('GET', '/', { headers: html }));
    expect(res.body).toContain('<form method="post" action="subscribe">');
    expect(res.body).toMatch(/class="trap" aria-hidden="true"[\s\S]*name="website"[\s\S]*tabindex="-1"/);
  });

  it('HEAD answers without a body', async () => {
    const res = await app.handle(request('HEAD', '/', { headers: html }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
  });
});
