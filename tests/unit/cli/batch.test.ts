// The batch core: line splitting that holds one line at a time (CRLF, BOM, chunk boundaries, over-long lines),
// and the per-line contract: a digest line or an {"id","error"} line, never a thrown error.
import { describe, expect, it } from 'vitest';
import { htmlToArticle } from '../../../functions/adapters/article-sources/html.js';
import { digestBatchLine, runBatch, splitLines } from '../../../functions/cli/batch.js';
import { MAX_ARTICLE_CHARS } from '../../../functions/engine/article.js';

async function* chunks(...parts: string[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield Buffer.from(part, 'utf8');
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

describe('splitLines', () => {
  it('splits on LF and CRLF across chunk boundaries, dropping a BOM and the empty tail', async () => {
    const lines = await collect(splitLines(chunks('\uFEFFone\r', '\ntw', 'o\n\nthr', 'ee\n')));

    expect(lines).toEqual([{ text: 'one' }, { text: 'two' }, { text: '' }, { text: 'three' }]);
  });

  it('keeps a last line that has no newline', async () => {
    expect(await collect(splitLines(chunks('a\nb')))).toEqual([{ text: 'a' }, { text: 'b' }]);
  });

  it('keeps multi-byte characters split between chunks', async () => {
    const bytes = Buffer.from('“quoted”\n', 'utf8');
    async function* split() {
      yield bytes.subarray(0, 2);
      yield bytes.subarray(2);
    }

    expect(await collect(splitLines(split()))).toEqual([{ text: '“quoted”' }]);
  });

  it('reports a line over the cap without holding it, and goes on with the next', async () => {
    const long = `{"id":"big","text":"${'x'.repeat(100)}"}`;

    const lines = await collect(
      splitLines(chunks(`${long.slice(0, 50)}`, `${long.slice(50)}\n{"id":"next"}\n`), 64),
    );

    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ tooLong: long.length });
    expect(lines[1]).toEqual({ text: '{"id":"next"}' });
  });
});

describe('digestBatchLine', () => {
  const options = { points: 3 };

  it('gives the title, key points and every quote with its speaker or null', () => {
    const out = digestBatchLine(
      JSON.stringify({
        id: 'x1',
        title: 'Given',
        text: 'The storm reached the coast on Monday night.\n\nPower was cut to thousands of homes across the region.',
      }),
      options,
    );

    expect(out).toEqual({
      id: 'x1',
      title: 'Given',
      body: 'The storm reached the coast on Monday night.\n\nPower was cut to thousands of homes across the region.',
      keyPoints: [
        'The storm reached the coast on Monday night.',
        'Power was cut to thousands of homes across the region.',
      ],
      keyPointSources: [
        { start: 0, end: 44, edits: [] },
        { start: 46, end: 100, edits: [] },
      ],
      quotes: [],
    });
  });

  it('keeps key points a list of strings and gives their offsets and edits in a field of their own', () => {
    const text = [
      'The storm reached the coast on Monday night after days of warnings.',
      'But the sea wall held along the whole of the promenade in the town.',
    ].join('\n\n');

    const out = digestBatchLine(JSON.stringify({ id: 'x2', text }), options);

    if (!('keyPoints' in out)) throw new Error(out.error);
    expect(out.keyPoints).toEqual([
      'The storm reached the coast on Monday night after days of warnings.',
      'The sea wall held along the whole of the promenade in the town.',
    ]);
    const second = out.keyPointSources[1];
    expect(out.body.slice(second?.start, second?.end)).toBe(
      'But the sea wall held along the whole of the promenade in the town.',
    );
    expect(second?.edits).toEqual([
      { kind: 'dropped', start: 69, end: 72, original: 'But', shown: '' },
      { kind: 'capitalised', start: 73, end: 74, original: 't', shown: 'T' },
    ]);
  });

  it.each([
    ['[1,2]', { id: null, error: 'line is not a JSON object' }],
    ['"text"', { id: null, error: 'line is not a JSON object' }],
    ['null', { id: null, error: 'line is not a JSON object' }],
    ['{"id":"a"}', { id: 'a', error: 'missing "text" (or "html")' }],
    ['{"id":"a","text":"t","html":"<p>t</p>"}', { id: 'a', error: 'give "text" or "html", not both' }],
    ['{"id":"a","html":7}', { id: 'a', error: '"html" must be a string' }],
    ['{"id":"a","html":" "}', { id: 'a', error: '"html" is empty' }],
    ['{"id":"a","text":42}', { id: 'a', error: '"text" must be a string' }],
    ['{"id":"a","text":"  \\n "}', { id: 'a', error: '"text" is empty' }],
    ['{"id":{"x":1},"text":"t"}', { id: null, error: '"id" must be a string or a number' }],
    ['{"id":"a","title":5,"text":"t"}', { id: 'a', error: '"title" must be a string' }],
    ['{"id": "broken", "text": "unterminated', { id: 'broken', error: 'line is not valid JSON' }],
    ['', { id: null, error: 'empty line' }],
  ])('%s gives an error line', (line, expected) => {
    expect(digestBatchLine(line, options)).toEqual(expected);
  });

  it('accepts a null title as no title', () => {
    const out = digestBatchLine(JSON.stringify({ id: 'n', title: null, text: 'Head\n\nBody.' }), options);

    expect(out).toMatchObject({ id: 'n', title: 'Head' });
  });

  it('refuses an article over the size limit', () => {
    const out = digestBatchLine(
      JSON.stringify({ id: 'huge', text: 'a'.repeat(MAX_ARTICLE_CHARS + 1) }),
      options,
    );

    expect(out).toEqual({ id: 'huge', error: expect.stringMatching(/^article is too large/) });
  });
});

describe('digestBatchLine with saved web pages', () => {
  const page = `<html><head><title>Storm hits the coast | Example News</title></head><body>
    <nav><a href="/">Home</a></nav>
    <article><h1>Storm hits the coast</h1>
      <p>The storm reached the coast on Monday night, bringing winds of more than 100 miles an hour.</p>
      <p>Power was cut to thousands of homes across the region, and roads were closed by fallen trees.</p>
    </article></body></html>`;
  const html = (source: string, location: string) => htmlToArticle(source, { kind: 'inline', location });

  it('gives the cleaned body of an {"id","html","url"} line, without the title', () => {
    const out = digestBatchLine(JSON.stringify({ id: 'p', html: page, url: 'https://example.com/s' }), {
      points: 3,
      html,
    });

    expect(out).toMatchObject({
      id: 'p',
      title: 'Storm hits the coast',
      body: 'The storm reached the coast on Monday night, bringing winds of more than 100 miles an hour.\n\nPower was cut to thousands of homes across the region, and roads were closed by fallen trees.',
    });
  });

  it('loads the extractor itself in runBatch', async () => {
    const written: string[] = [];

    await runBatch(
      chunks(`${JSON.stringify({ id: 'p', html: page })}\n`),
      (line) => {
        written.push(line);
      },
      { points: 3 },
    );

    expect(JSON.parse(written[0] as string)).toMatchObject({ id: 'p', title: 'Storm hits the coast' });
  });
});

describe('runBatch', () => {
  it('writes one line per input line in order and counts the errors', async () => {
    const written: string[] = [];

    const summary = await runBatch(
      chunks('{"id":1,"text":"A\\n\\nB."}\n', 'garbage\n', '{"id":3,"text":"C\\n\\nD."}'),
      (line) => {
        written.push(line);
      },
      { points: 3 },
    );

    expect(summary).toEqual({ lines: 3, errors: 1 });
    expect(written.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
    expect(written.map((l) => JSON.parse(l).id)).toEqual([1, null, 3]);
  });
});
