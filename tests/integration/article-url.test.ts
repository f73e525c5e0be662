// Loading articles over http(s) against a local node:http server started here: a page, plain text, 404, a PDF,
// a server too slow to answer, an oversized body, redirects (followed, capped, and only to http/https). The server is
// on 127.0.0.1, so every load here allows private addresses (article-url-private.test.ts covers blocking them).
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleSourceFor } from '../../functions/adapters/article-sources/index.js';
import { ArticleError } from '../../functions/engine/article.js';
import { articleFailure } from '../helpers/article-failure.js';

const page = readFileSync('tests/fixtures/article-page.html');
const pendingTimers = new Set<NodeJS.Timeout>();

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/story.html': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  },
  '/notes.txt': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('A headline\n\nA paragraph of plain text.');
  },
  '/legacy.txt': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; charset=windows-1252' });
    res.end(Buffer.from('Legacy \x93quoted\x94 text.', 'latin1'));
  },
  '/report.pdf': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/pdf' });
    res.end(readFileSync('tests/fixtures/tiny.pdf'));
  },
  '/photo.jpg': (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/jpeg' });
    res.end(Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
  },
  '/slow': (_req, res) => {
    // Headers never come within the client's timeout.
    pendingTimers.add(setTimeout(() => res.end('too late'), 5_000));
  },
  '/slow-body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('The start of a body that never ends');
    pendingTimers.add(setTimeout(() => res.end(), 5_000));
  },
  '/huge': (_req, res) => {
    // No Content-Length: the client must count the bytes itself while streaming.
    res.writeHead(200, { 'content-type': 'text/plain' });
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < 10 * 1024 * 1024) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    res.on('close', () => {
      sent = Number.POSITIVE_INFINITY;
    });
    pump();
  },
  '/declared-huge': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(50 * 1024 * 1024) });
    res.write('<html>');
    pendingTimers.add(setTimeout(() => res.destroy(), 2_000));
  },
  '/moved': (_req, res) => {
    res.writeHead(301, { location: '/story.html' });
    res.end();
  },
  '/loop': (_req, res) => {
    res.writeHead(302, { location: '/loop' });
    res.end();
  },
  '/to-file': (_req, res) => {
    res.writeHead(302, { location: 'file:///etc/passwd' });
    res.end();
  },
};

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (route) return route(req, res);
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<h1>Not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const timer of pendingTimers) clearTimeout(timer);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const local = { privateNetwork: 'allow' } as const;
/** The ArticleError a path on the test server fails with. */
const failure = (path: string, options = {}) => articleFailure(`${base}${path}`, { ...local, ...options });

describe('article from an http URL', () => {
  it('extracts an HTML page: headline, paragraphs, byline, date and site name', async () => {
    const article = await articleSourceFor(`${base}/story.html`, local).load();

    expect(article.title).toBe('Harbour town votes to rebuild its sea wall');
    expect(article.text.split('\n\n')[0]).toMatch(/^Residents of Port Ellery/);
    expect(article.text).not.toContain('secret');
    expect(article.meta).toEqual({
      kind: 'url',
      location: `${base}/story.html`,
      byline: 'Maria Lindqvist',
      publishedAt: '2024-03-07T09:15:00Z',
      siteName: 'Coastal Herald',
    });
  });

  it('passes plain text through, in the charset the server declares', async () => {
    const notes = await articleSourceFor(`${base}/notes.txt`, local).load();
    const legacy = await articleSourceFor(`${base}/legacy.txt`, local).load();

    expect(notes.text).toBe('A headline\n\nA paragraph of plain text.');
    expect(legacy.text).toBe('Legacy “quoted” text.');
  });

  it('follows a redirect and names the page it landed on', async () => {
    const article = await articleSourceFor(`${base}/moved`, local).load();

    expect(article.title).toBe('Harbour town votes to rebuild its sea wall');
    expect(article.meta.location).toBe(`${base}/story.html`);
  });

  it('refuses a 404 with the status', async () => {
    expect((await failure('/missing')).message).toBe(`${base}/missing answered 404 Not Found`);
  });

  it('refuses a PDF or an image by its content type', async () => {
    expect((await failure('/report.pdf')).message).toBe(
      `${base}/report.pdf is a PDF document, not an article (expected an HTML page or plain text)`,
    );
    expect((await failure('/photo.jpg')).message).toMatch(/is an image, not an article/);
  });

  it('gives up on a server that does not answer in time', async () => {
    const started = performance.now();

    const error = await failure('/slow', { timeoutMs: 300 });

    expect(error.message).toBe(`${base}/slow did not answer within 0.3 s`);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('gives up on a body that stops arriving', async () => {
    expect((await failure('/slow-body', { timeoutMs: 300 })).message).toBe(
      `${base}/slow-body did not answer within 0.3 s`,
    );
  });

  it('stops reading a body past the size cap', async () => {
    expect((await failure('/huge', { maxBytes: 256 * 1024 })).message).toBe(
      `${base}/huge is too large (more than 256 KB)`,
    );
  });

  it('refuses a declared oversized body before reading it', async () => {
    expect((await failure('/declared-huge')).message).toBe(
      `${base}/declared-huge is too large (50 MB; the limit is 5 MB)`,
    );
  });

  it('caps redirects and follows them only to http or https', async () => {
    expect((await failure('/loop', { maxRedirects: 3 })).message).toBe(
      `${base}/loop redirects more than 3 times`,
    );
    expect((await failure('/to-file')).message).toMatch(
      /redirects to file: URL; only http and https are fetched/,
    );
  });

  it('says so when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const error = await articleSourceFor(`http://127.0.0.1:${port}/none`, local)
      .load()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ArticleError);
    expect((error as Error).message).toBe(`cannot fetch http://127.0.0.1:${port}/none: connection refused`);
  });
});
