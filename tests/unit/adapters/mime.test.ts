// The raw MIME bytes we hand to SES: CRLF line endings only (RFC 5322) in the digest and the confirmation mail, a
// subject that clients read back as the very text written (an encoded word in a title stays literal), and the
// RFC 2919 List-Id header.
import { describe, expect, it } from 'vitest';
import { buildMime, listIdHeader } from '../../../functions/adapters/mime.js';
import { fileTemplates } from '../../../functions/adapters/templates.js';
import { composeMessage } from '../../../functions/delivery/compose.js';
import { createConfirmationComposer } from '../../../functions/email/confirmation-email.js';
import type { OutgoingMessage } from '../../../functions/email/mail.js';
import { createDigestRenderer } from '../../../functions/email/render.js';
import { fixtureBranding, fixtureDigest } from '../../fixtures/digest-fixture.js';
import { bareLineBreaks, decodeWords, headerValues } from '../../helpers/raw-mail.js';

const FROM = 'The Morning Digest <digest@example.com>';
const render = createDigestRenderer(fileTemplates(), fixtureBranding);

function digestMessage(title = fixtureDigest.title): OutgoingMessage {
  return composeMessage(render({ ...fixtureDigest, title }), {
    from: FROM,
    to: 'reader@example.org',
    unsubscribeUrl: 'https://digest.example.com/unsubscribe?token=abc.def',
  });
}

function message(subject: string, extra: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return { from: FROM, to: 'reader@example.org', subject, html: '<p>x</p>\n', text: 'x\n', ...extra };
}

describe('line endings', () => {
  it('are CRLF throughout the digest mail, parts included', async () => {
    const email = digestMessage();
    const raw = await buildMime(email);

    // The parts are rendered with LF line ends; every one of them must leave as CRLF.
    expect(email.text.split('\n').length).toBeGreaterThan(20);
    expect(bareLineBreaks(raw)).toBe(0);
    expect(raw.toString('latin1').split('\r\n').length).toBeGreaterThan(100);
  });

  it('are CRLF throughout the confirmation mail', async () => {
    const confirmation = createConfirmationComposer(
      fileTemplates(),
      fixtureBranding,
      48,
    )('https://digest.example.com/confirm?token=abc.def');
    const raw = await buildMime({ from: FROM, to: 'new@example.org', ...confirmation });

    expect(confirmation.text).toContain('\n');
    expect(bareLineBreaks(raw)).toBe(0);
  });

  it('turn a stray CR or LF in a part into CRLF rather than leaving it bare', async () => {
    const raw = await buildMime(message('s', { text: 'a\rb\nc\r\nd', html: '<p>a</p>\r<p>b</p>\n' }));

    expect(bareLineBreaks(raw)).toBe(0);
  });
});

describe('the subject', () => {
  const literal = [
    '=?UTF-8?B?4oCu?=',
    'Markets =?UTF-8?B?4oCu?= rally',
    '=?utf-8?q?=E2=80=AE?= and café',
    'Café=?UTF-8?B?4oCu?=',
    'a =?UTF-8?B?4oCu?= b =?ISO-8859-1?Q?=E9?= c',
  ];

  it.each(literal)('reads back as written, never as what an encoded word in it says: %s', async (title) => {
    const raw = await buildMime(digestMessage(title));
    const [subject, ...more] = headerValues(raw, 'Subject');

    expect(more).toEqual([]);
    expect(decodeWords(subject ?? '')).toBe(title);
    expect(decodeWords(subject ?? '')).not.toContain('\u202e');
    expect(bareLineBreaks(raw)).toBe(0);
  });

  it('keeps plain and non-ASCII subjects as the composer writes them', async () => {
    const plain = headerValues(await buildMime(message('Storm hits coast')), 'Subject');
    const accented = headerValues(await buildMime(message('Café society')), 'Subject');

    expect(plain).toEqual(['Storm hits coast']);
    expect(decodeWords(accented[0] ?? '')).toBe('Café society');
  });
});

describe('List-Id', () => {
  it('is on the digest mail: the newsletter name and an id from the sender', async () => {
    const raw = await buildMime(digestMessage());

    expect(headerValues(raw, 'List-Id')).toEqual(['The Morning Digest <digest.example.com>']);
    expect(headerValues(raw, 'List-Unsubscribe-Post')).toEqual(['List-Unsubscribe=One-Click']);
  });

  it('encodes a description that is not plain atoms as a phrase of encoded words, keeping the id readable', () => {
    expect(listIdHeader({ name: 'Le Café, du Matin', id: 'cafe.example.com' })).toMatch(
      /^=\?UTF-8\?Q\?[^ ]+\?= <cafe\.example\.com>$/,
    );
    expect(decodeWords(listIdHeader({ name: 'Le Café, du Matin', id: 'c.example.com' }))).toBe(
      'Le Café, du Matin <c.example.com>',
    );
    expect(decodeWords(listIdHeader({ name: 'x =?UTF-8?B?4oCu?=', id: 'c.example.com' }))).toBe(
      'x =?UTF-8?B?4oCu?= <c.example.com>',
    );
    expect(listIdHeader({ id: 'c.example.com' })).toBe('<c.example.com>');
  });

  it('refuses an id that is not dot-atom-text, and a description with a line break', () => {
    expect(() => listIdHeader({ id: 'a b.example.com' })).toThrow(/dot-atom/);
    expect(() => listIdHeader({ id: 'x>, <evil.example' })).toThrow(/dot-atom/);
    expect(() => listIdHeader({ name: 'a\r\nBcc: x@example.com', id: 'a.example.com' })).toThrow(
      /line break/,
    );
  });

  it('is absent from mail that is not a list message', async () => {
    expect(headerValues(await buildMime(message('Confirm')), 'List-Id')).toEqual([]);
  });
});
