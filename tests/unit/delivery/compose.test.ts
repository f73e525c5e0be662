// One recipient's copy: a signed personal unsubscribe link, in the body and in the RFC 8058 one-click headers, and
// the newsletter's RFC 2919 List-Id.
import { describe, expect, it } from 'vitest';
import { composeMessage, listIdFor, oneClickHeaders } from '../../../functions/delivery/compose.js';
import { unsubscribeUrl } from '../../../functions/subscribers/signed-links.js';
import { verifyToken } from '../../../functions/subscribers/signed-tokens.js';

const secret = 'unit-test-secret-0123456789';
const now = Date.UTC(2025, 0, 1);

describe('unsubscribe links', () => {
  it('carry a token for this subscriber and purpose only, valid for more than a year', () => {
    const url = new URL(unsubscribeUrl('https://news.example.com/', secret, 'sub-42', now));

    expect(url.origin + url.pathname).toBe('https://news.example.com/unsubscribe');
    const token = url.searchParams.get('token') ?? '';
    expect(verifyToken(secret, token, 'unsubscribe', now / 1000 + 365 * 86_400).subscriberId).toBe('sub-42');
    expect(() => verifyToken(secret, token, 'confirm', now / 1000)).toThrow();
    expect(url.href).not.toContain('@');
  });

  it('become the List-Unsubscribe pair, and a URL that could break the header is refused', () => {
    expect(oneClickHeaders('https://x.example/u?t=1')).toEqual({
      'List-Unsubscribe': '<https://x.example/u?t=1>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(() => oneClickHeaders('https://x.example/u\r\nBcc: a@b.c')).toThrow();
    expect(() => oneClickHeaders('https://x.example/u>, <mailto:a@b.c')).toThrow();
  });

  it("replace the rendering's slot in both parts of the recipient copy", () => {
    const slot = 'https://unsubscribe.invalid/0123456789abcdef0123456789abcdef';
    const email = {
      subject: 'Digest',
      preheader: '',
      html: `<a href="${slot}">Unsubscribe</a>`,
      text: `Unsubscribe: ${slot}`,
      unsubscribeSlot: slot,
    };
    const url = unsubscribeUrl('https://news.example.com', secret, 'sub-1', now);

    const message = composeMessage(email, {
      from: 'a@example.com',
      to: 'b@example.org',
      unsubscribeUrl: url,
      subjectPrefix: '[TEST] ',
    });

    expect(message.subject).toBe('[TEST] Digest');
    expect(message.text).toBe(`Unsubscribe: ${url}`);
    expect(message.html).toContain(url.replace(/&/g, '&#38;'));
    expect(message.html).not.toContain(slot);
    expect(message.headers?.['List-Unsubscribe']).toBe(`<${url}>`);
    expect(message.listId).toEqual({ id: 'a.example.com' });
  });
});

describe('the List-Id', () => {
  it("is the sender's local part and domain as the id, and its display name as the description", () => {
    expect(listIdFor('Daily Digest <digest@example.com>')).toEqual({
      name: 'Daily Digest',
      id: 'digest.example.com',
    });
    expect(listIdFor('news@Example.COM')).toEqual({ id: 'news.example.com' });
  });

  it('is always dot-atom-text of at most 255 octets, whatever the sender looks like', () => {
    const ids = [
      listIdFor('"Le Café, du Matin" <Le.Café+news@bücher.example>'),
      listIdFor(`Long <${'x'.repeat(64)}@${`${'d'.repeat(60)}.`.repeat(4)}example>`),
      listIdFor('not an address'),
      listIdFor('Lit <a@[192.0.2.1]>'),
    ];

    expect(ids[0]).toEqual({ name: 'Le Café, du Matin', id: 'le-caf-news.xn--bcher-kva.example' });
    expect(ids[2]).toEqual({ id: 'newsletter.localhost' });
    expect(ids[3]).toEqual({ name: 'Lit', id: 'a.localhost' });
    for (const { id } of ids) {
      expect(id).toMatch(/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/);
      expect(id.length).toBeLessThanOrEqual(255);
    }
  });

  it('has a description on one line, without controls', () => {
    expect(listIdFor('"Evil\u202e Digest\u0007" <d@example.com>').name).toBe('Evil Digest');
  });
});
