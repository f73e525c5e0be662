// HTTP plumbing of the subscriptions API on API Gateway HTTP API events (payload 2.0): body size cap, content types,
// form / multipart / JSON bodies, content negotiation, and responses carrying the security headers.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** Larger request bodies are refused with 413; a sign-up form is a few hundred bytes. */
export const MAX_BODY_BYTES = 8 * 1024;

/** A request the edge refuses: its status, a stable code for API clients, and a sentence for people. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export type ParsedBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'form'; readonly fields: Readonly<Record<string, string>> };

export type Response = APIGatewayProxyStructuredResultV2 & {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
};

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const headers = event.headers ?? {};
  const direct = headers[name];
  if (direct !== undefined) return direct;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

/** The request path without a trailing slash (except the root). */
export function routePath(event: APIGatewayProxyEventV2): string {
  const path = event.rawPath || event.requestContext?.http?.path || '/';
  return path.length > 1 ? path.replace(/\/+$/, '') || '/' : path;
}

export function queryParam(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const value = new URLSearchParams(event.rawQueryString ?? '').get(name);
  return value ?? undefined;
}

interface MediaType {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
}

function parseMediaType(value: string): MediaType {
  const [type = '', ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq > 0)
      params[part.slice(0, eq).trim().toLowerCase()] = part
        .slice(eq + 1)
        .trim()
        .replace(/^"|"$/g, '');
  }
  return { type: type.trim().toLowerCase(), params };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeText(raw: Buffer, charset: string | undefined): string {
  if (charset && !['utf-8', 'utf8', 'us-ascii'].includes(charset.toLowerCase())) {
    throw new HttpError(415, 'unsupported_charset', 'Only UTF-8 request bodies are accepted.');
  }
  try {
    return utf8.decode(raw);
  } catch {
    throw new HttpError(400, 'invalid_encoding', 'The request body is not valid UTF-8.');
  }
}

function firstValues(entries: Iterable<[string, unknown]>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (typeof value === 'string' && !(key in fields)) fields[key] = value;
  }
  return fields;
}

/** Reads and parses the body; throws HttpError 413 (too large), 415 (content type) or 400 (malformed). */
export async function parseBody(event: APIGatewayProxyEventV2): Promise<ParsedBody> {
  const body = event.body ?? '';
  // Cheap early refusal before decoding: base64 is 4/3 of the bytes, UTF-8 text at least one byte a character.
  if (body.length > (event.isBase64Encoded ? Math.ceil((MAX_BODY_BYTES * 4) / 3) + 4 : MAX_BODY_BYTES)) {
    throw tooLarge();
  }
  const raw = Buffer.from(body, event.isBase64Encoded ? 'base64' : 'utf8');
  if (raw.length > MAX_BODY_BYTES) throw tooLarge();
  if (raw.length === 0) return { kind: 'none' };
  const contentType = header(event, 'content-type');
  if (!contentType) {
    throw new HttpError(415, 'unsupported_media_type', 'Send the form or JSON with its Content-Type.');
  }
  // Neither API Gateway nor the local adapter decompresses bodies: compressed bytes would be read as text.
  const encoding = header(event, 'content-encoding')?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    throw new HttpError(415, 'unsupported_content_encoding', 'Send the request body uncompressed.');
  }
  const media = parseMediaType(contentType);
  if (media.type === 'application/json' || media.type.endsWith('+json')) {
    const text = decodeText(raw, media.params.charset);
    try {
      return { kind: 'json', value: JSON.parse(text) };
    } catch {
      throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON.');
    }
  }
  if (media.type === 'application/x-www-form-urlencoded') {
    return { kind: 'form', fields: firstValues(new URLSearchParams(decodeText(raw, media.params.charset))) };
  }
  if (media.type === 'multipart/form-data') {
    try {
      // The platform's own multipart parser (undici), fed the already size-capped bytes.
      const form = await new Request('http://localhost/', {
        method: 'POST',
        body: raw,
        headers: { 'content-type': contentType },
      }).formData();
      return { kind: 'form', fields: firstValues(form.entries()) };
    } catch {
      throw new HttpError(400, 'invalid_form', 'The multipart form body is malformed.');
    }
  }
  throw new HttpError(
    415,
    'unsupported_media_type',
    'Send application/x-www-form-urlencoded, multipart/form-data or application/json.',
  );
}

function tooLarge(): HttpError {
  return new HttpError(413, 'body_too_large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
}

/** True when the client prefers JSON to HTML (an explicit Accept, or a JSON request body). */
export function wantsJson(event: APIGatewayProxyEventV2, body?: ParsedBody): boolean {
  if (body?.kind === 'json') return true;
  const accept = header(event, 'accept');
  if (!accept) return false;
  let json = 0;
  let html = 0;
  for (const part of accept.split(',')) {
    const media = parseMediaType(part);
    const q = media.params.q === undefined ? 1 : Number(media.params.q);
    if (!Number.isFinite(q)) continue;
    if (media.type === 'application/json' || media.type.endsWith('+json')) json = Math.max(json, q);
    if (media.type === 'text/html' || media.type === 'application/xhtml+xml') html = Math.max(html, q);
  }
  return json > html;
}

const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  // Tokens travel in our URLs; no page of ours may hand its URL to another site.
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'strict-transport-security': 'max-age=63072000',
} as const;

function response(
  status: number,
  contentType: string,
  csp: string,
  body: string,
  headers: Readonly<Record<string, string>>,
): Response {
  return {
    statusCode: status,
    headers: { ...COMMON_HEADERS, 'content-type': contentType, 'content-security-policy': csp, ...headers },
    body,
  };
}

export function htmlResponse(
  status: number,
  body: string,
  csp: string,
  headers: Readonly<Record<string, string>> = {},
): Response {
  return response(status, 'text/html; charset=utf-8', csp, body, headers);
}

export function jsonResponse(
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string>> = {},
): Response {
  const csp = "default-src 'none'; frame-ancestors 'none'";
  return response(status, 'application/json; charset=utf-8', csp, JSON.stringify(value), headers);
}
