// The archive's HTTP rules: which paths are archive routes (and which issue ids reach the table), and caching: the
// ETag of the bytes, Cache-Control, 304 for a matching If-None-Match, no body for HEAD.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  archiveRoute,
  CACHE_CONTROL,
  cacheable,
} from '../../../../functions/handlers/subscriptions/archive.js';
import { htmlResponse } from '../../../../functions/handlers/subscriptions/http.js';

function event(method: string, headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  return {
    rawPath: '/archive',
    headers,
    requestContext: { http: { method } },
  } as unknown as APIGatewayProxyEventV2;
}

const page = () => htmlResponse(200, '<!doctype html><p>Past issues</p>', "default-src 'none'");

describe('archive routes', () => {
  it('knows its three paths', () => {
    expect(archiveRoute('/archive')).toEqual({ kind: 'archive' });
    expect(archiveRoute('/feed.xml')).toEqual({ kind: 'feed' });
    expect(archiveRoute('/issues/harbour-wall-0123456789ab')).toEqual({
      kind: 'issue',
      issueId: 'harbour-wall-0123456789ab',
    });
  });

  it('leaves other paths to the subscription routes', () => {
    for (const path of ['/', '/subscribe', '/confirm', '/unsubscribe', '/archives', '/issuesx', '/feed'])
      expect(archiveRoute(path)).toBeUndefined();
  });

  it('answers anything else under /issues without reading the table', () => {
    for (const path of [
      '/issues',
      '/issues/',
      '/issues/Harbour',
      '/issues/a/b',
      '/issues/../archive',
      '/issues/%3Cscript%3E',
      '/issues/-leading-hyphen',
      `/issues/${'a'.repeat(201)}`,
    ]) {
      expect(archiveRoute(path), path).toEqual({ kind: 'no-issue' });
    }
  });
});

describe('caching', () => {
  it('sets an ETag of the body and the given Cache-Control', () => {
    const response = cacheable(event('GET'), page(), CACHE_CONTROL.list);

    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toMatch(/^"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.body).toContain('Past issues');
  });

  it('gives the same ETag to the same bytes and another to other bytes', () => {
    const a = cacheable(event('GET'), page(), CACHE_CONTROL.list).headers.etag;
    const b = cacheable(event('GET'), page(), CACHE_CONTROL.list).headers.etag;
    const other = cacheable(
      event('GET'),
      htmlResponse(200, '<!doctype html><p>Past issue</p>', "default-src 'none'"),
      CACHE_CONTROL.list,
    ).headers.etag;

    expect(a).toBe(b);
    expect(other).not.toBe(a);
  });

  it('answers 304 without a body when If-None-Match names the ETag, in a list, weakly, or as *', () => {
    const tag = cacheable(event('GET'), page(), CACHE_CONTROL.issue).headers.etag ?? '';

    for (const value of [tag, `"other", ${tag}`, `W/${tag}`, '*']) {
      const response = cacheable(event('GET', { 'If-None-Match': value }), page(), CACHE_CONTROL.issue);
      expect(response.statusCode, value).toBe(304);
      expect(response.body).toBe('');
      expect(response.headers.etag).toBe(tag);
      expect(response.headers['cache-control']).toBe(CACHE_CONTROL.issue);
    }
  });

  it('answers in full when the ETag does not match, or the client asks past its cache', () => {
    const tag = cacheable(event('GET'), page(), CACHE_CONTROL.issue).headers.etag ?? '';

    const stale = cacheable(event('GET', { 'if-none-match': '"0-stale"' }), page(), CACHE_CONTROL.issue);
    const reload = cacheable(
      event('GET', { 'if-none-match': tag, 'cache-control': 'no-cache' }),
      page(),
      CACHE_CONTROL.issue,
    );

    expect(stale.statusCode).toBe(200);
    expect(stale.body).toContain('Past issues');
    expect(reload.statusCode).toBe(200);
  });

  it('sends the headers of GET and no body for HEAD', () => {
    const get = cacheable(event('GET'), page(), CACHE_CONTROL.list);
    const head = cacheable(event('HEAD'), page(), CACHE_CONTROL.list);

    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers.etag).toBe(get.headers.etag);
  });
});
