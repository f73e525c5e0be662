// Loading articles from s3://bucket/key with the real S3 client, pointed (AWS_ENDPOINT_URL_S3) at a small local
// server that answers GetObject as S3 does: the object's bytes with their Content-Type, or an XML error.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleSourceFor } from '../../functions/adapters/article-sources/index.js';
import { ArticleError } from '../../functions/engine/article.js';

const objects: Record<string, { type: string; body: Buffer }> = {
  '/articles/today.txt': { type: 'text/plain', body: Buffer.from('Headline\n\nThe body of the article.') },
  '/articles/page': {
    type: 'text/html; charset=utf-8',
    body: readFileSync('tests/fixtures/article-page.html'),
  },
  '/articles/upload.bin': { type: 'binary/octet-stream', body: readFileSync('tests/fixtures/tiny.pdf') },
  '/articles/big.txt': { type: 'text/plain', body: Buffer.alloc(300 * 1024, 0x61) },
};
const requests: string[] = [];

let server: Server;
beforeAll(async () => {
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(`${req.method} ${path}`);
    const object = objects[path];
    if (req.method !== 'GET' || object === undefined) {
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
      );
      return;
    }
    res.writeHead(200, { 'content-type': object.type, 'content-length': String(object.body.length) });
    res.end(object.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.AWS_ENDPOINT_URL_S3 = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('article from S3', () => {
  it('loads a text object with GetObject and passes the text through', async () => {
    const article = await articleSourceFor('s3://articles/today.txt').load();

    expect(article.text).toBe('Headline\n\nThe body of the article.');
    expect(article.meta).toEqual({ kind: 's3', location: 's3://articles/today.txt' });
    expect(requests).toContain('GET /articles/today.txt');
  });

  it('extracts an HTML object by its content type', async () => {
    const article = await articleSourceFor('s3://articles/page').load();

    expect(article.title).toBe('Harbour town votes to rebuild its sea wall');
    expect(article.meta.byline).toBe('Maria Lindqvist');
  });

  it('sniffs an object uploaded without a useful type and refuses binary content', async () => {
    const error = await articleSourceFor('s3://articles/upload.bin')
      .load()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ArticleError);
    expect((error as Error).message).toBe(
      's3://articles/upload.bin is not text (it looks like a PDF document)',
    );
  });

  it('refuses an object over the size cap', async () => {
    const error = await articleSourceFor('s3://articles/big.txt', { maxBytes: 64 * 1024 })
      .load()
      .catch((e: unknown) => e);

    expect((error as Error).message).toBe('s3://articles/big.txt is too large (300 KB; the limit is 64 KB)');
  });

  it('says when the object does not exist', async () => {
    const error = await articleSourceFor('s3://articles/missing.txt')
      .load()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ArticleError);
    expect((error as Error).message).toBe('s3://articles/missing.txt does not exist');
  });
});
