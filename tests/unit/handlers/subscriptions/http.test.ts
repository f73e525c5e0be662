// Request plumbing of the subscriptions API: body cap, content types, form/multipart/JSON parsing, negotiation.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  HttpError,
  MAX_BODY_BYTES,
  parseBody,
  routePath,
  wantsJson,
} from '../../../../functions/handlers/subscriptions/http.js';

function event(
  body: string | undefined,
  headers: Record<string, string> = {},
  extra: Partial<APIGatewayProxyEventV2> = {},
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/subscribe',
    rawQueryString: '',
    headers,
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body }),
    ...extra,
  } as APIGatewayProxyEventV2;
}

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof HttpError) return error.status;
    throw error;
  }
}

describe('parseBody', () => {
  it('reads a urlencoded form, first value of a field winning', async () => {
    const parsed = await parseBody(
      event('email=jane%40example.com&website=&email=other', {
        'content-type': 'application/x-www-form-urlencoded',
      }),
    );
    expect(parsed).toEqual({ kind: 'form', fields: { email: 'jane@example.com', website: '' } });
  });

  it('reads a base64-encoded multipart form (as API Gateway hands it over)', async () => {
    const boundary = 'XyZ';
    const raw = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="List-Unsubscribe"',
      '',
      'One-Click',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const parsed = await parseBody(
      event(
        Buffer.from(raw).toString('base64'),
        { 'content-type': `multipart/form-data; boundary=${boundary}` },
        { isBase64Encoded: true },
      ),
    );
    expect(parsed).toEqual({ kind: 'form', fields: { 'List-Unsubscribe': 'One-Click' } });
  });

  it('reads JSON, also with a charset', async () => {
    const parsed = await parseBody(
      event('{"email":"a@b.co"}', { 'Content-Type': 'application/json; charset=UTF-8' }),
    );
    expect(parsed).toEqual({ kind: 'json', value: { email: 'a@b.co' } });
  });

  it('treats an empty body as none', async () => {
    expect(await parseBody(event(undefined))).toEqual({ kind: 'none' });
  });

  it.each([
    ['a body over the cap', 'x'.repeat(MAX_BODY_BYTES + 1), 'application/x-www-form-urlencoded', 413],
    ['a 1 MB body', 'x'.repeat(1024 * 1024), 'application/json', 413],
    ['invalid JSON', '{"email":', 'application/json', 400],
    ['text/plain', 'email=a@b.co', 'text/plain', 415],
    ['XML', '<email>a@b.co</email>', 'application/xml', 415],
    ['a non-UTF-8 charset', 'email=a', 'application/x-www-form-urlencoded; charset=iso-8859-1', 415],
    ['a malformed multipart body', 'garbage', 'multipart/form-data; boundary=zz', 400],
  ])('refuses %s', async (_what, body, contentType, expected) => {
    expect(await status(parseBody(event(body, { 'content-type': contentType })))).toBe(expected);
  });

  it('refuses a compressed body, which it would otherwise read as text', async () => {
    const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
    expect(await status(parseBody(event('{"email":"a@b.co"}', headers)))).toBe(415);
    const identity = { 'content-type': 'application/json', 'Content-Encoding': 'identity' };
    expect(await parseBody(event('{"email":"a@b.co"}', identity))).toEqual({
      kind: 'json',
      value: { email: 'a@b.co' },
    });
  });

  it('refuses a body without a content type', async () => {
    expect(await status(parseBody(event('email=a@b.co')))).toBe(415);
  });

  it('refuses a base64 body that decodes to more than the cap', async () => {
    const big = Buffer.alloc(MAX_BODY_BYTES + 10, 'a').toString('base64');
    const e = event(big, { 'content-type': 'application/x-www-form-urlencoded' }, { isBase64Encoded: true });
    expect(await status(parseBody(e))).toBe(413);
  });

  it('refuses bytes that are not UTF-8', async () => {
    const e = event(
      Buffer.from([0x65, 0x3d, 0xff, 0xfe]).toString('base64'),
      { 'content-type': 'application/x-www-form-urlencoded' },
      { isBase64Encoded: true },
    );
    expect(await status(parseBody(e))).toBe(400);
  });
});

describe('content negotiation', () => {
  it.each([
    [undefined, false],
    ['*/*', false],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', false],
    ['application/json', true],
    ['application/json, text/html;q=0.5', true],
    ['text/html, application/json;q=0.9', false],
  ])('Accept %j wants JSON: %s', (accept, expected) => {
    expect(wantsJson(event(undefined, accept ? { accept } : {}))).toBe(expected);
  });

  it('answers a JSON body with JSON whatever the Accept header', () => {
    expect(wantsJson(event(undefined, { accept: 'text/html' }), { kind: 'json', value: {} })).toBe(true);
  });
});

describe('routePath', () => {
  it('drops trailing slashes but keeps the root', () => {
    expect(routePath(event(undefined, {}, { rawPath: '/confirm/' }))).toBe('/confirm');
    expect(routePath(event(undefined, {}, { rawPath: '/' }))).toBe('/');
  });
});
