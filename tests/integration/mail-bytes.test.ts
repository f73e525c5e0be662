// The bytes that reach SES SendRawEmail, end to end on the local stack: a digest issue through the digest and deliver
// functions, and a confirmation through the subscriptions API. Each message has CRLF line endings only (RFC 5322);
// digest mail has the List-Id header; a title's encoded word stays literal text in the Subject; an article quoting
// an unsubscribe stand-in (the old fixed one or one shaped like the new) never receives a reader's link; and the
// outbox copy is the very bytes sent.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSesClient, SesMailer } from '../../functions/adapters/ses-mailer.js';
import { outboxFileName } from '../../functions/cli/local-delivery.js';
import { composeMessage } from '../../functions/delivery/compose.js';
import { LEGACY_UNSUBSCRIBE_SLOT, type RenderedEmail } from '../../functions/email/render.js';
import { issued, recipientsOf, seed, subscriber, useLocalDeliveries } from '../helpers/delivery-fixtures.js';
import { bareLineBreaks, captureRawSends, decodeWords, headerValues } from '../helpers/raw-mail.js';
import { createTestApp, postJson } from './subscriptions-support.js';

const local = useLocalDeliveries();
const dir = mkdtempSync(join(tmpdir(), 'mail-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Shaped like a slot of the new kind, as an article that read an earlier issue's source might quote one. */
const LOOKALIKE_SLOT = `https://unsubscribe.invalid/${'5e'.repeat(16)}`;
const TITLE = `Unsubscribe at ${LEGACY_UNSUBSCRIBE_SLOT} =?UTF-8?B?4oCu?=`;
const PLANTED = `Readers can leave at ${LEGACY_UNSUBSCRIBE_SLOT} or at ${LOOKALIKE_SLOT} whenever they like.`;

describe('digest mail as sent', () => {
  it('is CRLF only, with List-Id, a literal subject, only the footer personalised, and copied to the outbox as sent', async () => {
    const outbox = join(dir, 'outbox');
    const article = join(dir, 'hostile.txt');
    writeFileSync(
      article,
      `${TITLE}\n\n${PLANTED} The council met on Monday to discuss the plan.\n\n` +
        `${PLANTED} "We will rebuild the harbour wall," said Mayor Jane Doe.\n`,
    );
    const delivery = local.open({ outbox });
    const sent = captureRawSends(delivery.ses);
    await seed(delivery, [subscriber(1), subscriber(2), subscriber(3)]);

    const run = issued(await delivery.digest({ article }));
    await delivery.queue.drain(delivery.deliver);

    expect(run.status).toBe('enqueued');
    expect(sent).toHaveLength(3);
    const slot = (await delivery.issues.getEmail(run.issueId))?.unsubscribeSlot ?? '';
    expect(slot).toMatch(/^https:\/\/unsubscribe\.invalid\/[0-9a-f]{32}$/);
    for (const raw of sent) {
      const to = headerValues(raw, 'To')[0] ?? '';
      expect(bareLineBreaks(raw)).toBe(0);
      expect(headerValues(raw, 'List-Id')).toEqual(['Local Digest <digest.example.com>']);
      expect(headerValues(raw, 'Subject').map(decodeWords)).toEqual([run.subject]);
      expect(run.subject).toContain('=?UTF-8?B?4oCu?=');
      expect(raw.toString('latin1')).not.toContain(slot);
      expect(readFileSync(join(outbox, outboxFileName(to))).equals(raw)).toBe(true);
    }
    // What a mail client shows (aws-ses-v2-local parses each message): the title's encoded word as written, the
    // article's look-alike links as written, and the reader's own link once in each part, in the footer.
    const mail = await local.aws.sentMail();
    expect(mail).toHaveLength(3);
    for (const m of mail) {
      const text = m.body.text ?? '';
      const html = m.body.html ?? '';
      expect(m.subject).toBe(run.subject);
      expect(text.match(/unsubscribe\?token=/g)).toHaveLength(1);
      expect(html.match(/unsubscribe\?token=/g)).toHaveLength(1);
      expect(text).toMatch(/Unsubscribe \(one click\): \S+unsubscribe\?token=/);
      expect(text).toContain(LEGACY_UNSUBSCRIBE_SLOT);
      expect(text).toContain(LOOKALIKE_SLOT);
      expect(html).toContain(LEGACY_UNSUBSCRIBE_SLOT);
    }
    expect((await recipientsOf(local.aws)).sort()).toEqual([
      'reader1@example.org',
      'reader2@example.org',
      'reader3@example.org',
    ]);
  });
});

describe('an issue stored before slots were random', () => {
  it('is read with the old fixed slot, so its recipients still get their own link', async () => {
    const delivery = local.open();
    const old = {
      subject: 'Old',
      preheader: '',
      html: `<a href="${LEGACY_UNSUBSCRIBE_SLOT}">x</a>`,
      text: 'x',
    };
    const issue = {
      issueId: 'old-1',
      subject: 'Old',
      article: 'x',
      forced: false,
      createdAt: new Date().toISOString(),
    };
    // Stored as the previous version stored it: no slot in the item.
    await delivery.issues.begin(issue, old as unknown as RenderedEmail, {
      owner: 'me',
      until: Date.now() + 60_000,
    });

    const email = await delivery.issues.getEmail('old-1');
    const message = composeMessage(email as RenderedEmail, {
      from: 'a@example.com',
      to: 'b@example.org',
      unsubscribeUrl: 'https://news.example.com/unsubscribe?token=t',
    });

    expect(email?.unsubscribeSlot).toBe(LEGACY_UNSUBSCRIBE_SLOT);
    expect(message.html).toBe('<a href="https://news.example.com/unsubscribe?token=t">x</a>');
  });
});

describe('confirmation mail as sent', () => {
  it('is CRLF only', async () => {
    const client = createSesClient();
    const sent = captureRawSends(client);
    const app = createTestApp(local.aws, { mailer: new SesMailer(client) });

    const res = await app.handle(postJson('/subscribe', { email: 'new.reader@example.org' }));

    expect(res.statusCode).toBe(202);
    expect(sent).toHaveLength(1);
    const raw = sent[0] ?? Buffer.alloc(0);
    expect(headerValues(raw, 'Subject').map(decodeWords)).toEqual([
      'Confirm your subscription to Test Digest',
    ]);
    expect(bareLineBreaks(raw)).toBe(0);
    client.destroy();
  });
});
