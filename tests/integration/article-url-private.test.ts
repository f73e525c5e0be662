// Article URLs and private networks (SSRF): with privateNetwork 'block' (the default, and the digest Lambda's) a
// fetch never connects to loopback, private, link-local or other non-public addresses, whether the URL names them
// literally (in any spelling), by a name that resolves to one, or by a redirect; with 'allow' (the CLI, npm start)
// localhost is fetched. Pages come from node:http servers on this machine; names resolve through an injected
// lookup, never real DNS. No test here lets a connection reach a non-loopback address, even if the guard failed.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { nonPublicKind, publicOnlyLookup } from '../../functions/adapters/article-sources/address-guard.js';
import { articleSourceFor } from '../../functions/adapters/article-sources/index.js';
import { type CliIo, EXIT_ARTICLE, EXIT_OK, main } from '../../functions/cli/digest.js';
import { articleFailure } from '../helpers/article-failure.js';

// 127.0.0.2 stands in for a public web server: the only way to have one without a network. Everything else about
// address classification is ipaddr.js's own; 127.0.0.1 stays loopback and so blocked.
const STAND_IN_PUBLIC = '127.0.0.2';
vi.mock('ipaddr.js', async (importOriginal) => {
  const real = (await importOriginal<{ default: typeof import('ipaddr.js') }>()).default;
  const process = (address: string) => {
    const parsed = real.process(address);
    return address === STAND_IN_PUBLIC ? Object.assign(parsed, { range: () => 'unicast' }) : parsed;
  };
  return { default: { ...real, process } };
});

const ONLY_PUBLIC = 'only public addresses are fetched here';
const STORY = '<html><head><title>Harbour wall</title></head><body><article><h1>Harbour wall</h1>'
  .concat('<p>The town voted on Tuesday to rebuild the sea wall that failed in the winter storms.</p>')
  .concat('<p>Work starts in spring and should end before the autumn tides.</p></article></body></html>');

/** A lookup like dns.lookup's for made-up names: each resolves to the given address. */
function fakeDns(names: Readonly<Record<string, string>>): LookupFunction {
  return (hostname, options, callback) => {
    const address = names[hostname];
    if (address === undefined) {
      const error: NodeJS.ErrnoException = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
        code: 'ENOTFOUND',
      });
      return callback(error, '', 0);
    }
    const family = address.includes(':') ? 6 : 4;
    if (options.all) return callback(null, [{ address, family }]);
    callback(null, address, family);
  };
}

let local: Server;
let standIn: Server;
let localPort: number;
let publicBase: string;
/** Requests the servers answered, and TCP connections the private one accepted (blocking must make none). */
const hits: string[] = [];
let localConnections = 0;

function serve(req: IncomingMessage, res: ServerResponse, redirects: Readonly<Record<string, string>>): void {
  hits.push(`${req.socket.localAddress} ${req.url}`);
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const target = redirects[path];
  if (target !== undefined) {
    res.writeHead(302, { location: target });
    res.end();
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(STORY);
}

async function listen(server: Server, host: string): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  local = createServer((req, res) => serve(req, res, {}));
  local.on('connection', () => localConnections++);
  localPort = await listen(local, '127.0.0.1');
  standIn = createServer((req, res) =>
    serve(req, res, {
      '/to-loopback': `http://127.0.0.1:${localPort}/story.html`,
      '/to-intranet': `http://intranet.example:${localPort}/story.html`,
      '/to-mapped': `http://[::ffff:127.0.0.1]:${localPort}/story.html`,
      '/to-itself': '/story.html',
    }),
  );
  publicBase = `http://${STAND_IN_PUBLIC}:${await listen(standIn, STAND_IN_PUBLIC)}`;
});
afterAll(async () => {
  for (const server of [local, standIn]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('address classification (ipaddr.js ranges)', () => {
  it('passes public unicast and names every other kind', () => {
    expect(nonPublicKind('93.184.215.14')).toBeUndefined();
    expect(nonPublicKind('2606:4700::6810:84e5')).toBeUndefined();
    expect(nonPublicKind('10.0.0.5')).toBe('a private');
    expect(nonPublicKind('172.16.3.4')).toBe('a private');
    expect(nonPublicKind('192.168.1.1')).toBe('a private');
    expect(nonPublicKind('127.8.9.10')).toBe('a loopback');
    expect(nonPublicKind('169.254.169.254')).toBe('a link-local');
    expect(nonPublicKind('100.64.0.1')).toBe('a carrier-grade NAT');
    expect(nonPublicKind('0.0.0.0')).toBe('an unspecified');
    expect(nonPublicKind('224.0.0.1')).toBe('a multicast');
    expect(nonPublicKind('255.255.255.255')).toBe('a broadcast');
    expect(nonPublicKind('198.18.0.1')).toBe('a reserved');
    expect(nonPublicKind('::1')).toBe('a loopback');
    expect(nonPublicKind('::')).toBe('an unspecified');
    expect(nonPublicKind('fe80::1%eth0')).toBe('a link-local');
    expect(nonPublicKind('fd00:ec2::254')).toBe('a unique-local');
    expect(nonPublicKind('::ffff:169.254.169.254')).toBe('a link-local');
    expect(nonPublicKind('::ffff:a00:5')).toBe('a private');
    expect(nonPublicKind('64:ff9b::a00:5')).toBe('a reserved');
    expect(nonPublicKind('2002:a00:5::')).toBe('a reserved');
    expect(nonPublicKind('not an address')).toBe('an unrecognised');
  });

  it('fails a lookup when any address a name resolves to is not public', async () => {
    const resolve = (lookup: LookupFunction, all: boolean) =>
      new Promise<unknown>((done) => {
        lookup('news.example.com', { all }, (error, address) => done(error ?? address));
      });
    const mixed: LookupFunction = (_hostname, options, callback) =>
      options.all
        ? callback(null, [
            { address: '93.184.215.14', family: 4 },
            { address: '10.0.0.5', family: 4 },
          ])
        : callback(null, '10.0.0.5', 4);

    for (const all of [true, false]) {
      const error = (await resolve(publicOnlyLookup(mixed), all)) as Error;
      expect(error.message).toBe(`news.example.com resolves to 10.0.0.5, a private address; ${ONLY_PUBLIC}`);
    }
    expect(await resolve(publicOnlyLookup(fakeDns({ 'news.example.com': '93.184.215.14' })), false)).toBe(
      '93.184.215.14',
    );
  });
});

describe('blocking private addresses (the default)', () => {
  it('refuses localhost by name, as a one-line ArticleError, and never connects', async () => {
    hits.length = 0;
    localConnections = 0;
    const error = await articleFailure(`http://localhost:${localPort}/story.html`);

    expect(error.message).toMatch(
      new RegExp(
        `^cannot fetch http://localhost:${localPort}/story\\.html: localhost resolves to (127\\.0\\.0\\.1|::1), a loopback address; ${ONLY_PUBLIC}$`,
      ),
    );
    expect(hits).toEqual([]);
    expect(localConnections).toBe(0);
  });

  it('refuses loopback IPs in every spelling a URL allows', async () => {
    hits.length = 0;
    localConnections = 0;
    const spellings: Array<[string, string]> = [
      ['127.0.0.1', '127.0.0.1'],
      ['2130706433', '127.0.0.1'],
      ['0x7f.1', '127.0.0.1'],
      ['0177.0.0.1', '127.0.0.1'],
      ['127.1', '127.0.0.1'],
      ['[::1]', '::1'],
      ['[::ffff:127.0.0.1]', '::ffff:7f00:1'],
      ['[0:0:0:0:0:0:0:1]', '::1'],
    ];
    for (const [host, address] of spellings) {
      const error = await articleFailure(`http://${host}:${localPort}/story.html`);
      expect(error.message).toMatch(
        new RegExp(
          `^cannot fetch \\S+: ${address.replaceAll('.', '\\.')} is a loopback address; ${ONLY_PUBLIC}$`,
        ),
      );
    }
    expect(hits).toEqual([]);
    expect(localConnections).toBe(0);
  });

  it('refuses a public-looking name that resolves to a private address, at connect time', async () => {
    hits.length = 0;
    localConnections = 0;
    const lookup = fakeDns({ 'news.example.com': '127.0.0.1' });

    const error = await articleFailure(`http://news.example.com:${localPort}/story.html`, { lookup });

    expect(error.message).toBe(
      `cannot fetch http://news.example.com:${localPort}/story.html: news.example.com resolves to 127.0.0.1, a loopback address; ${ONLY_PUBLIC}`,
    );
    expect(hits).toEqual([]);
    expect(localConnections).toBe(0);
  });

  it('fetches a public server, and refuses its redirects to private addresses', async () => {
    const lookup = fakeDns({ 'intranet.example': '127.0.0.1' });
    const page = await articleSourceFor(`${publicBase}/to-itself`, { lookup }).load();
    expect(page.title).toBe('Harbour wall');
    expect(page.meta.location).toBe(`${publicBase}/story.html`);
    hits.length = 0;
    localConnections = 0;

    const literal = await articleFailure(`${publicBase}/to-loopback`, { lookup });
    const named = await articleFailure(`${publicBase}/to-intranet`, { lookup });
    const mapped = await articleFailure(`${publicBase}/to-mapped`, { lookup });

    expect(literal.message).toBe(
      `cannot fetch ${publicBase}/to-loopback (it redirects to http://127.0.0.1:${localPort}/story.html): 127.0.0.1 is a loopback address; ${ONLY_PUBLIC}`,
    );
    expect(named.message).toBe(
      `cannot fetch ${publicBase}/to-intranet (it redirects to http://intranet.example:${localPort}/story.html): intranet.example resolves to 127.0.0.1, a loopback address; ${ONLY_PUBLIC}`,
    );
    expect(mapped.message).toMatch(/: ::ffff:7f00:1 is a loopback address; only public addresses/);
    // The stand-in public server answered each first request; the private one was never reached.
    expect(hits.every((hit) => hit.startsWith(`${STAND_IN_PUBLIC} `))).toBe(true);
    expect(hits).toHaveLength(3);
    expect(localConnections).toBe(0);
  });
});

describe('allowing private addresses', () => {
  it('fetches localhost, a literal loopback IP, and a name resolving to loopback', async () => {
    const allow = { privateNetwork: 'allow' } as const;
    const lookup = fakeDns({ 'intranet.example': '127.0.0.1' });

    const byName = await articleSourceFor(`http://localhost:${localPort}/story.html`, allow).load();
    const byIp = await articleSourceFor(`http://2130706433:${localPort}/story.html`, allow).load();
    const byLookup = await articleSourceFor(`http://intranet.example:${localPort}/a`, {
      ...allow,
      lookup,
    }).load();
    const redirected = await articleSourceFor(`${publicBase}/to-loopback`, allow).load();

    for (const article of [byName, byIp, byLookup, redirected]) expect(article.title).toBe('Harbour wall');
  });

  it('is what the digest CLI does', async () => {
    const out: Buffer[] = [];
    const stdout = new PassThrough().on('data', (c: Buffer) => out.push(c));
    const stderr = new PassThrough();
    async function* none() {}
    const io: CliIo = { stdout, stderr, stdin: none(), env: {}, columns: 80, progress: false };

    const ok = await main([`http://localhost:${localPort}/story.html`], io);

    expect(ok).toBe(EXIT_OK);
    expect(Buffer.concat(out).toString('utf8')).toMatch(/^Harbour wall\n/);
    expect(EXIT_ARTICLE).not.toBe(EXIT_OK);
  });
});

describe('the digest Lambda (functions/handlers/digest/handler.ts)', () => {
  it('refuses an event whose article URL is a private address, in one line, before anything is recorded', async () => {
    for (const [name, value] of Object.entries({
      TABLE_NAME: 'never-used',
      QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/never-used',
      DEFAULT_ARTICLE: 'articles/latest.txt',
      SENDER_EMAIL: 'digest@example.com',
      SITE_URL: 'https://digest.example.com',
      SITE_NAME: 'Daily Digest',
      POSTAL_ADDRESS: '1 Example Street, Springfield',
      AWS_REGION: 'eu-west-1',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    })) {
      vi.stubEnv(name, value);
    }
    try {
      const { handler } = await import('../../functions/handlers/digest/handler.js');
      hits.length = 0;
      localConnections = 0;

      const run = (article: string) =>
        handler({ article, dryRun: true }).then(
          () => new Error('the article was loaded'),
          (e: unknown) => e as Error,
        );
      const loopback = await run(`http://127.0.0.1:${localPort}/story.html`);
      const byName = await run(`http://localhost:${localPort}/latest/meta-data/`);

      expect(loopback).toMatchObject({
        name: 'ArticleError',
        message: `cannot fetch http://127.0.0.1:${localPort}/story.html: 127.0.0.1 is a loopback address; ${ONLY_PUBLIC}`,
      });
      expect(byName).toMatchObject({ name: 'ArticleError' });
      expect(byName.message).toMatch(
        /: localhost resolves to (127\.0\.0\.1|::1), a loopback address; only public/,
      );
      expect(hits).toEqual([]);
      expect(localConnections).toBe(0);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
