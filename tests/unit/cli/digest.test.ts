// The digest CLI, run in-process through main() with captured output: the text digest, --json, --html/--text,
// --points validation, exit codes, and bad input (each a digest or one line on stderr, never a stack trace).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliIo, EXIT_ARTICLE, EXIT_OK, EXIT_USAGE, main } from '../../../functions/cli/digest.js';

const dir = mkdtempSync(join(tmpdir(), 'digest-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(
  args: string[],
  stdin: Array<string | Buffer> = [],
  env: NodeJS.ProcessEnv = {},
  progress = false,
): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  async function* input() {
    for (const chunk of stdin) yield chunk;
  }
  const io: CliIo = { stdout, stderr, stdin: input(), env, columns: 80, progress };
  const code = await main(args, io);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

function expectOneErrorLine(result: Run, code: number, message: RegExp): void {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^error: .+\n/);
  expect(result.stderr.split('\n')[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('digest of one article', () => {
  it('prints the title, numbered key points and the quotes section for a terminal', async () => {
    const result = await run(['samples/sample-article.txt']);

    expect(result.code).toBe(EXIT_OK);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Putin thanks Xi/);
    expect(result.stdout).toContain('\nKey points\n');
    expect(result.stdout).toMatch(/\n 1\. \S/);
    expect(result.stdout).toMatch(/\n 4\. \S/);
    expect(result.stdout).not.toMatch(/\n 5\. /);
    for (const line of result.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('--json prints the whole digest: source, key points, quotes, word count, reading time', async () => {
    const result = await run(['--json', '--points', '2', 'tests/fixtures/article-page.html']);
    const digest = JSON.parse(result.stdout);

    expect(result.code).toBe(EXIT_OK);
    expect(digest.title).toBe('Harbour town votes to rebuild its sea wall');
    expect(digest.source).toEqual({
      kind: 'file',
      location: 'tests/fixtures/article-page.html',
      byline: 'Maria Lindqvist',
      publishedAt: '2024-03-07T09:15:00Z',
      siteName: 'Coastal Herald',
    });
    expect(digest.keyPoints).toHaveLength(2);
    expect(Array.isArray(digest.quotes)).toBe(true);
    expect(digest.wordCount).toBeGreaterThan(150);
    expect(digest.readingMinutes).toBe(1);
  });

  it('reads the article from standard input with -', async () => {
    const result = await run(
      ['--json', '-'],
      ['Council opens new library\n\n', 'The library opens on Monday.'],
    );

    expect(result.code).toBe(EXIT_OK);
    expect(JSON.parse(result.stdout).source).toEqual({ kind: 'stdin', location: '-' });
  });

  it('--html and --text write the rendered email with the configured branding', async () => {
    const html = join(dir, 'email.html');
    const text = join(dir, 'email.txt');

    const result = await run(['--html', html, '--text', text, 'samples/sample-article.txt'], [], {
      SITE_NAME: 'Samarkand Weekly',
      SITE_URL: 'https://weekly.example.org',
      POSTAL_ADDRESS: '1 Registan Square, Samarkand',
    });

    expect(result.code).toBe(EXIT_OK);
    expect(result.stderr).toBe(`wrote ${html}\nwrote ${text}\n`);
    expect(result.stdout).toContain('Key points');
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('Samarkand Weekly');
    expect(page).toContain('1 Registan Square, Samarkand');
    expect(page).toMatch(/<h1 class="title" style="/);
    expect(readFileSync(text, 'utf8')).toContain('KEY POINTS');
  });

  it('--html previews without configuration, with placeholders that say what to set', async () => {
    const html = join(dir, 'preview.html');

    await run(['--html', html, 'samples/sample-article.txt']);

    expect(readFileSync(html, 'utf8')).toContain('Postal address not configured (set POSTAL_ADDRESS)');
  });

  it('an HTML page with scripts gives a digest without script text', async () => {
    const result = await run(['--json', 'tests/fixtures/article-page.html']);

    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).not.toContain('secret');
    expect(result.stdout).not.toContain('<p>');
  });

  it('a text with no quotes says so', async () => {
    const result = await run(['tests/fixtures/no-quotes.txt']);

    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toContain('No direct quotations found.');
  });

  it('a text in another language gives a digest', async () => {
    const result = await run(['--json', 'tests/fixtures/german-article.txt']);
    const digest = JSON.parse(result.stdout);

    expect(result.code).toBe(EXIT_OK);
    expect(digest.title).toBe('Stadtrat beschließt neue Radwege für die Innenstadt');
    expect(digest.keyPoints.length).toBeGreaterThan(0);
  });
});

describe('usage errors exit with 2', () => {
  it.each([['0'], ['21'], ['2.5'], ['abc'], ['-1'], ['']])('--points %j', async (value) => {
    const result = await run(['--points', value, 'samples/sample-article.txt']);

    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain('It must be a whole number from 1 to 20.');
    expect(result.stdout).toBe('');
  });

  it('no article', async () => {
    expectOneErrorLine(await run([]), EXIT_USAGE, /missing the article/);
  });

  it('an unknown option', async () => {
    expectOneErrorLine(await run(['--nope', 'x.txt']), EXIT_USAGE, /unknown option '--nope'/);
  });

  it('an article and --batch together, or --batch with --html', async () => {
    expectOneErrorLine(
      await run(['--batch', 'in.jsonl', 'x.txt']),
      EXIT_USAGE,
      /either an article or --batch/,
    );
    expectOneErrorLine(
      await run(['--batch', 'in.jsonl', '--html', 'x.html']),
      EXIT_USAGE,
      /cannot be combined/,
    );
  });

  it('--help prints usage and exits 0', async () => {
    const result = await run(['--help']);

    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toContain('--points <k>');
    expect(result.stdout).toContain('--batch <in.jsonl>');
  });
});

describe('bad input exits with 1 and one line on stderr', () => {
  it('an empty file', async () => {
    const path = join(dir, 'empty.txt');
    writeFileSync(path, '');

    expectOneErrorLine(await run([path]), EXIT_ARTICLE, /^error: .*empty\.txt is empty$/);
  });

  it('a binary file', async () => {
    expectOneErrorLine(await run(['/bin/ls']), EXIT_ARTICLE, /^error: \/bin\/ls is not text/);
  });

  it('a missing file', async () => {
    expectOneErrorLine(
      await run(['no/such/article.txt']),
      EXIT_ARTICLE,
      /^error: cannot read no\/such\/article\.txt: no such file$/,
    );
  });

  it('a PDF', async () => {
    expectOneErrorLine(
      await run(['tests/fixtures/tiny.pdf']),
      EXIT_ARTICLE,
      /is not text \(it looks like a PDF document\)$/,
    );
  });

  it('an output file that cannot be written', async () => {
    const result = await run(['--html', join(dir, 'missing-dir', 'x.html'), 'samples/sample-article.txt']);

    expectOneErrorLine(result, EXIT_ARTICLE, /^error: cannot write .*x\.html: no such directory$/);
  });

  it('branding from the environment that cannot be used', async () => {
    const result = await run(['--html', join(dir, 'bad.html'), 'samples/sample-article.txt'], [], {
      SITE_URL: 'not a url',
    });

    expectOneErrorLine(result, EXIT_ARTICLE, /^error: branding: the site URL must be http\(s\)$/);
  });

  it('a URL that cannot be fetched', async () => {
    const result = await run(['--timeout', '2', 'http://127.0.0.1:1/article']);

    expectOneErrorLine(result, EXIT_ARTICLE, /^error: cannot fetch http:\/\/127\.0\.0\.1:1\/article/);
  });
});

describe('batch mode', () => {
  it('writes one JSON line per input line, in order, with an error line for each bad one', async () => {
    const input = join(dir, 'in.jsonl');
    writeFileSync(
      input,
      [
        JSON.stringify({ id: 'a', text: 'First story headline\n\nIt rained all day in the city.' }),
        '{"id": "b", "text": ',
        JSON.stringify({ id: 'c', title: 'Given title', text: 'Body of the third story.' }),
        JSON.stringify({ id: 'd', text: '' }),
        JSON.stringify({ text: 'No id here\n\nStill a story.' }),
      ].join('\n'),
    );

    const result = await run(['--batch', input, '--points', '3']);
    const lines = result.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));

    expect(result.code).toBe(EXIT_OK);
    expect(lines.map((l) => l.id)).toEqual(['a', 'b', 'c', 'd', null]);
    expect(lines[0]).toEqual({
      id: 'a',
      title: 'First story headline',
      body: 'It rained all day in the city.',
      keyPoints: ['It rained all day in the city.'],
      keyPointSources: [{ start: 0, end: 30, edits: [] }],
      quotes: [],
    });
    expect(lines[1]).toEqual({ id: 'b', error: 'line is not valid JSON' });
    expect(lines[2].title).toBe('Given title');
    expect(lines[3]).toEqual({ id: 'd', error: '"text" is empty' });
    expect(lines[4].title).toBe('No id here');
    expect(result.stderr).toBe('batch: 2 of 5 lines could not be digested (see their "error")\n');
  });

  it('reads standard input with --batch -', async () => {
    const text = 'Storm hits the coast\n\nThe storm reached the coast on Monday night.';
    const result = await run(['--batch', '-'], [`${JSON.stringify({ id: 7, text })}\n`]);

    expect(result.code).toBe(EXIT_OK);
    expect(JSON.parse(result.stdout)).toMatchObject({
      id: 7,
      title: 'Storm hits the coast',
      keyPoints: ['The storm reached the coast on Monday night.'],
    });
    expect(result.stderr).toBe('');
  });

  it('shows a progress bar on a terminal, on stderr only', async () => {
    const input = join(dir, 'progress.jsonl');
    writeFileSync(input, `${JSON.stringify({ id: 'p', text: 'A\n\nB.' })}\n`.repeat(20));

    const result = await run(['--batch', input], [], {}, true);

    expect(result.stderr).toContain('digesting');
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(20);
    for (const line of result.stdout.trimEnd().split('\n')) expect(JSON.parse(line).id).toBe('p');
  });

  it('fails with exit code 1 when no line could be digested, after writing every error line', async () => {
    const binary = join(dir, 'binary.jsonl');
    writeFileSync(binary, Buffer.from([0x00, 0xff, 0x89, 0x50, 0x4e, 0x47, 0x0a, 0x00, 0x01, 0x02, 0x0a]));
    const result = await run(['--batch', binary]);
    expect(result.code).toBe(EXIT_ARTICLE);
    expect(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { id: null, error: 'line is not valid JSON' },
      { id: null, error: 'line is not valid JSON' },
    ]);
    expect(result.stderr).toBe(
      `error: none of the 2 lines of ${binary} could be digested (see their "error")\n`,
    );
  });

  it('fails with exit code 1 on an empty input', async () => {
    const result = await run(['--batch', '-'], ['']);
    expect(result.code).toBe(EXIT_ARTICLE);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('error: standard input has no lines to digest\n');
  });

  it('a missing input file is one error line', async () => {
    expectOneErrorLine(
      await run(['--batch', join(dir, 'none.jsonl')]),
      EXIT_ARTICLE,
      /cannot read .*none\.jsonl: no such file/,
    );
  });
});

describe('digest of a feed', () => {
  it('prints the newest stories, each with its key points and quotes, in the feed’s order', async () => {
    const result = await run(['samples/feed.xml', '--stories', '2']);

    expect(result.code).toBe(EXIT_OK);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Millbrook Gazette: 2 stories \(samples\/feed\.xml\)\n/);
    expect(result.stdout).toMatch(/\n1\. Millbrook library opens until midnight during exam season\n/);
    expect(result.stdout).toMatch(/\n2\. Volunteers pull two tonnes of rubbish from the River Alder\n/);
    expect(result.stdout).not.toContain('Family bakery');
    expect(result.stdout.match(/\nKey points\n/g)).toHaveLength(2);
  });

  it('gives JSON of the feed, its stories and what was left out, and writes the issue’s email', async () => {
    const feed = join(dir, 'feed.xml');
    writeFileSync(
      feed,
      readFileSync('samples/feed.xml', 'utf8')
        .replaceAll('stories/', `${join(process.cwd(), 'samples/stories')}/`)
        .replace('bakery-award.html', 'no-such-story.html'),
    );
    const html = join(dir, 'feed-email.html');

    const result = await run([feed, '--json', '--html', html]);

    expect(result.code).toBe(EXIT_OK);
    const json = JSON.parse(result.stdout) as {
      feed: { title: string; format: string };
      stories: Array<{ title: string; keyPoints: string[] }>;
      leftOut: Array<{ location: string; reason: string }>;
    };
    expect(json.feed).toMatchObject({ title: 'Millbrook Gazette', format: 'rss' });
    expect(json.stories.map((s) => s.title)).toHaveLength(3);
    expect(json.leftOut).toEqual([
      {
        location: join(process.cwd(), 'samples/stories/no-such-story.html'),
        reason: expect.stringMatching(/no such file/),
      },
    ]);
    expect(readFileSync(html, 'utf8')).toContain('In this issue');
  });

  it('fails in one line when no story of the feed can be loaded', async () => {
    const feed = join(dir, 'broken-feed.xml');
    writeFileSync(
      feed,
      '<rss version="2.0"><channel><title>T</title><item><title>Gone</title><link>gone.html</link></item></channel></rss>',
    );

    const result = await run([feed]);

    expectOneErrorLine(
      result,
      EXIT_ARTICLE,
      /^error: no story of .*broken-feed\.xml could be loaded \(.*gone\.html: .*no such file\)$/,
    );
  });

  it('refuses a malformed feed in one line', async () => {
    const feed = join(dir, 'cut.xml');
    writeFileSync(feed, '<rss version="2.0"><channel><item><title>Cut');

    expectOneErrorLine(
      await run([feed]),
      EXIT_ARTICLE,
      /is not a feed we can read \(RSS 2\.0, Atom or JSON Feed\)/,
    );
  });
});
