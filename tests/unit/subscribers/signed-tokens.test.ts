// Signed links: a token is valid only unaltered, for its purpose, before its expiry, and never holds the address.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { confirmUrl, unsubscribeUrl } from '../../../functions/subscribers/signed-links.js';
import { InvalidTokenError, signToken, verifyToken } from '../../../functions/subscribers/signed-tokens.js';
import { DEFAULT_POLICY } from '../../../functions/subscribers/subscriber.js';
import { forgedVariants } from '../../helpers/forged-tokens.js';

const SECRET = 'unit-test-secret-0123456789';
const NOW = Date.parse('2026-03-01T12:00:00Z');
const nowSeconds = NOW / 1000;

function tokenOf(url: string): string {
  return new URL(url).searchParams.get('token') ?? '';
}

describe('signed tokens', () => {
  const token = signToken(SECRET, { subscriberId: 'abc', purpose: 'confirm', expiresAt: nowSeconds + 60 });

  it('verify for their purpose before expiry', () => {
    expect(verifyToken(SECRET, token, 'confirm', nowSeconds)).toEqual({
      subscriberId: 'abc',
      purpose: 'confirm',
      expiresAt: nowSeconds + 60,
    });
  });

  it('are refused for another purpose', () => {
    expect(() => verifyToken(SECRET, token, 'unsubscribe', nowSeconds)).toThrow(/another purpose/);
  });

  it('are refused after expiry', () => {
    expect(() => verifyToken(SECRET, token, 'confirm', nowSeconds + 61)).toThrow(/expired/);
  });

  it('are refused when signed with another secret', () => {
    const forged = signToken('another-secret-0123456789', {
      subscriberId: 'abc',
      purpose: 'confirm',
      expiresAt: nowSeconds + 60,
    });
    expect(() => verifyToken(SECRET, forged, 'confirm', nowSeconds)).toThrow(InvalidTokenError);
  });

  it('are refused when the payload is altered (another subscriber, a later expiry)', () => {
    const [, signature] = token.split('.');
    const payload = Buffer.from(JSON.stringify({ s: 'xyz', p: 'confirm', e: nowSeconds + 1e9 })).toString(
      'base64url',
    );
    expect(() => verifyToken(SECRET, `${payload}.${signature}`, 'confirm', nowSeconds)).toThrow(/signature/);
  });

  it.each(['', 'abc', 'a.b.c', '.', `${'a'.repeat(600)}.b`, 'eyJ9.%%%'])(
    'are refused when malformed: %j',
    (t) => {
      expect(() => verifyToken(SECRET, t, 'confirm', nowSeconds)).toThrow(InvalidTokenError);
    },
  );
});

/** A token whose signature holds '-' or '_', so that the standard-alphabet variant differs from it. */
function tokenFor(purpose: 'confirm' | 'unsubscribe'): string {
  for (let extra = 0; ; extra++) {
    const token = signToken(SECRET, { subscriberId: 'abc', purpose, expiresAt: nowSeconds + 60 + extra });
    if (/[-_]/.test(token.split('.')[1] ?? '')) return token;
  }
}

describe.each(['confirm', 'unsubscribe'] as const)('%s tokens in canonical form only', (purpose) => {
  const token = tokenFor(purpose);
  const variants = forgedVariants(token);

  it('the issued token verifies', () => {
    expect(verifyToken(SECRET, token, purpose, nowSeconds).subscriberId).toBe('abc');
  });

  it('the spare-bit variants decode to the very same signature bytes (the trap being tested)', () => {
    const bytes = (t: string) => Buffer.from(t.split('.')[1] ?? '', 'base64url').toString('hex');
    for (const name of ['spare bits changed (1)', 'appended =', 'appended !!', 'standard base64 alphabet']) {
      expect([name, bytes(variants[name] ?? '')]).toEqual([name, bytes(token)]);
    }
  });

  it('covers every kind of alteration for this token', () => {
    expect(Object.keys(variants)).toHaveLength(19);
  });

  it.each(Object.keys(variants))('refuses the variant: %s', (name) => {
    const variant = variants[name] ?? '';
    expect(variant).not.toBe(token);
    expect(() => verifyToken(SECRET, variant, purpose, nowSeconds)).toThrow(InvalidTokenError);
  });
});

describe('a payload signed with the secret but not in the issued form', () => {
  const signed = (payload: string) =>
    `${payload}.${createHmac('sha256', SECRET).update(payload).digest('base64url')}`;
  const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it.each([
    ['another key order', json({ p: 'confirm', s: 'abc', e: nowSeconds + 60 })],
    ['an extra field', json({ s: 'abc', p: 'confirm', e: nowSeconds + 60, x: 1 })],
    ['a fractional expiry', json({ s: 'abc', p: 'confirm', e: nowSeconds + 60.5 })],
    ['an empty subscriber id', json({ s: '', p: 'confirm', e: nowSeconds + 60 })],
    ['JSON null', json(null)],
  ])('is refused: %s', (_what, payload) => {
    expect(() => verifyToken(SECRET, signed(payload), 'confirm', nowSeconds)).toThrow(/malformed/);
  });

  it('is accepted in the issued form (the check above is not refusing everything)', () => {
    const payload = json({ s: 'abc', p: 'confirm', e: nowSeconds + 60 });
    expect(verifyToken(SECRET, signed(payload), 'confirm', nowSeconds).subscriberId).toBe('abc');
  });
});

describe('links', () => {
  it('put a confirm token valid for 48 hours in /confirm', () => {
    const url = confirmUrl('https://news.example.com/', SECRET, 'sub1', NOW);
    expect(url.startsWith('https://news.example.com/confirm?token=')).toBe(true);
    const claims = verifyToken(SECRET, tokenOf(url), 'confirm', nowSeconds);
    expect(claims.expiresAt - nowSeconds).toBe(48 * 3600);
  });

  it('put a long-lived unsubscribe token in /unsubscribe, taking a Date or epoch milliseconds', () => {
    const fromNumber = unsubscribeUrl('https://news.example.com', SECRET, 'sub1', NOW);
    const fromDate = unsubscribeUrl('https://news.example.com', SECRET, 'sub1', new Date(NOW));
    expect(fromNumber).toBe(fromDate);
    const claims = verifyToken(SECRET, tokenOf(fromNumber), 'unsubscribe', nowSeconds + 365 * 86400);
    expect(claims).toMatchObject({ subscriberId: 'sub1', purpose: 'unsubscribe' });
    expect(claims.expiresAt - nowSeconds).toBe(DEFAULT_POLICY.unsubscribeTokenSeconds);
  });

  it('never carry the address', () => {
    const url = unsubscribeUrl('https://news.example.com', SECRET, 'sub1', NOW);
    const payload = Buffer.from(tokenOf(url).split('.')[0] ?? '', 'base64url').toString('utf8');
    expect(payload).not.toContain('@');
  });
});
