// Signed tokens for confirm and unsubscribe links: HMAC-SHA256 over subscriber id, purpose and expiry.
// A token never holds the address; it is checked in constant time, for one purpose, until it expires.
//
// Only the exact bytes we issue are accepted. Node's base64url decoder skips characters outside the alphabet, stops
// at '=' and ignores the spare low bits of the last character, so "<token>=", "<token>!!", "<token>~" or a last
// character with other spare bits would otherwise decode to the same signature and pass. A token must therefore
// match the issued shape (unpadded base64url payload, a dot, the 43 characters of a 32-byte MAC), and both parts
// must be the canonical encoding of what they decode to.
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
/** HMAC-SHA256 is 32 bytes: 43 base64url characters without padding. */
const SIGNATURE_CHARS = 43;
const TOKEN_SHAPE = new RegExp(`^([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]{${SIGNATURE_CHARS}})$`);

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

/** The payload exactly as signToken writes it; verifyToken compares against it, so only this form passes. */
function encodePayload(claims: TokenClaims): string {
  return Buffer.from(
    JSON.stringify({ s: claims.subscriberId, p: claims.purpose, e: claims.expiresAt }),
  ).toString('base64url');
}

export function signToken(secret: string, claims: TokenClaims): string {
  if (secret.length < 16) throw new Error('token secret must be at least 16 characters');
  const payload = encodePayload(claims);
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** Decodes base64url text only when the text is the canonical encoding of the bytes (no padding, no spare bits). */
function canonicalBytes(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

function parseClaims(bytes: Buffer): TokenClaims | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  const c = decoded as { s?: unknown; p?: unknown; e?: unknown } | null;
  if (
    typeof c?.s !== 'string' ||
    c.s === '' ||
    !Number.isSafeInteger(c.e) ||
    (c.p !== 'confirm' && c.p !== 'unsubscribe')
  ) {
    return undefined;
  }
  return { subscriberId: c.s, purpose: c.p, expiresAt: c.e as number };
}

/** Returns the claims of a valid token for `purpose`, or throws InvalidTokenError with a short reason. */
export function verifyToken(
  secret: string,
  token: string,
  purpose: TokenPurpose,
  nowSeconds: number,
): TokenClaims {
  const shape = token.length <= MAX_TOKEN_LENGTH ? TOKEN_SHAPE.exec(token) : null;
  const payload = shape?.[1];
  const given = shape?.[2] === undefined ? undefined : canonicalBytes(shape[2]);
  if (payload === undefined || !given) throw new InvalidTokenError('malformed token');
  const expected = mac(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InvalidTokenError('bad token signature');
  }
  // Signed by us, so well formed unless the secret leaked; checked all the same, down to the exact encoding.
  const bytes = canonicalBytes(payload);
  const claims = bytes ? parseClaims(bytes) : undefined;
  if (!claims || encodePayload(claims) !== payload) throw new InvalidTokenError('malformed token');
  if (claims.purpose !== purpose) throw new InvalidTokenError('token is for another purpose');
  if (claims.expiresAt < nowSeconds) throw new InvalidTokenError('token has expired');
  return claims;
}
