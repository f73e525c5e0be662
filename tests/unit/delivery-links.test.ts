// One recipient's copy: a signed personal unsubscribe link, in the body and in the RFC 8058 one-click headers.
import { describe, expect, it } from 'vitest';
import { composeMessage, oneClickHeaders } from '../../functions/core/delivery/links.js';
import { unsubscribeUrl } from '../../functions/core/links.js';
import { verifyToken } from '../../functions/core/tokens.js';

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
  });
});
