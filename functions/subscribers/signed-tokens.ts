// Signed tokens for confirm and unsubscribe links: HMAC-SHA256 over subscriber id, purpose and expiry.
// A token never holds the address; it is checked in constant time, for one purpose, until it expires.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type TokenPurpose = 'confirm' | 'unsubscribe';

export interface TokenClaims {
  readonly subscriberId: string;
  readonly purpose: TokenPurpose;
  /** Expiry, in seconds since the epoch. */
  readonly expiresAt: number;
}

export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

const MAX_TOKEN_LENGTH = 512;

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

export function signToken(secret: string, claims: TokenClaims): string {
  if (secret.length < 16) throw new Error('token secret must be at least 16 characters');
  const payload = Buffer.from(
    JSON.stringify({ s: claims.subscriberId, p: claims.purpose, e: claims.expiresAt }),
  ).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** Returns the claims of a valid token for `purpose`, or throws InvalidTokenError with a short reason. */
export function verifyToken(
  secret: string,
  token: string,
  purpose: TokenPurpose,
  nowSeconds: number,
): TokenClaims {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw new InvalidTokenError('malformed token');
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new InvalidTokenError('malformed token');
  const [payload, signature] = parts as [string, string];
  const expected = mac(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InvalidTokenError('bad token signature');
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError('malformed token');
  }
  const c = decoded as { s?: unknown; p?: unknown; e?: unknown };
  if (typeof c.s !== 'string' || typeof c.e !== 'number' || (c.p !== 'confirm' && c.p !== 'unsubscribe')) {
    throw new InvalidTokenError('malformed token');
  }
  if (c.p !== purpose) throw new InvalidTokenError('token is for another purpose');
  if (c.e < nowSeconds) throw new InvalidTokenError('token has expired');
  return { subscriberId: c.s, purpose: c.p, expiresAt: c.e };
}
