// Loading articles from files and standard input: plain text passes through, HTML goes through the extractor,
// and empty, binary, huge, missing or unreadable input fails with one clear ArticleError.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { htmlToArticle } from '../../../functions/adapters/article-sources/html.js';
import { articleSourceFor, MAX_ARTICLE_BYTES } from '../../../functions/adapters/article-sources/index.js';
import { MAX_HTML_DEPTH, MAX_HTML_ELEMENTS } from '../../../functions/adapters/article-sources/limits.js';
import { ArticleError, MAX_ARTICLE_CHARS } from '../../../functions/engine/article.js';
import { articleFailure } from '../../helpers/article-failure.js';

const dir = mkdtempSync(join(tmpdir(), 'article-sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function* chunks(...parts: Array<string | Uint8Array>): AsyncGenerator<string | Uint8Array> {
  for (const part of parts) yield part;
}

describe('plain-text files', () => {
  it('pass the text through, headline line included, for the cleaner to split', async () => {
    const path = file('story.txt', 'Headline here\r\n\r\nFirst paragraph.\r\n\r\nSecond paragraph.\r\n');

    const article = await articleSourceFor(path).load();

    expect(article.title).toBeUndefined();
    expect(article.text).toBe('Headline here\n\nFirst paragraph.\n\nSecond paragraph.\n');
    expect(article.meta).toEqual({ kind: 'file', location: path });
  });

  it('load the shipped sample article', async () => {
    const article = await articleSourceFor('samples/sample-article.txt').load();

    expect(article.text.startsWith('Putin thanks Xi')).toBe(true);
  });

  it('read legacy 8-bit text as Windows-1252 rather than refusing it', async () => {
    const path = file('latin1.txt', Buffer.from('Caf\xe9 cr\xe8me \x93quoted\x94\n\nMore text.', 'latin1'));

    const article = await articleSourceFor(path).load();

    expect(article.text).toContain('Café crème “quoted”');
  });

  it('keep valid UTF-8 text in any language', async () => {
    const article = await articleSourceFor('tests/fixtures/german-article.txt').load();

    expect(article.text).toContain('„Wir wollen, dass Kinder sicher mit dem Rad zur Schule fahren können“');
  });
});

describe('HTML files', () => {
  it('give the headline, byline, date and site name from the page', async () => {
    const article = await articleSourceFor('tests/fixtures/article-page.html').load();

    expect(article.title).toBe('Harbour town votes to rebuild its sea wall');
    expect(article.meta).toMatchObject({
      kind: 'file',
      byline: 'Maria Lindqvist',
      publishedAt: '2024-03-07T09:15:00Z',
      siteName: 'Coastal Herald',
    });
  });

  it('give the main text as paragraphs separated by blank lines, without scripts, styles, captions or menus', async () => {
    const { text } = await articleSourceFor('tests/fixtures/article-page.html').load();
    const paragraphs = text.split('\n\n');

    expect(paragraphs[0]).toMatch(/^Residents of Port Ellery voted on Tuesday/);
    expect(paragraphs).toContain('What the plan includes');
    expect(paragraphs).toContain('A new concrete core behind the Victorian stone face.');
    expect(paragraphs).toContain(
      '“Nobody wants a wall that fails on the night of the storm,” the mayor, Ruth Okafor, told reporters.',
    );
    for (const clutter of [
      'secret',
      'tracking pixel',
      'Photograph:',
      'Unrelated story',
      'Home',
      'Leave a Comment',
    ]) {
      expect(text).not.toContain(clutter);
    }
    expect(paragraphs[0]).not.toBe('Harbour town votes to rebuild its sea wall');
  });

  it('are decoded in the charset their <meta> declares', async () => {
    const html =
      '<html><head><meta charset="windows-1252"></head><body><p>Caf\xe9 \x93quoted\x94 text.</p></body></html>';
    const path = file('legacy.html', Buffer.from(html, 'latin1'));

    const article = await articleSourceFor(path).load();

    expect(article.text).toBe('Café “quoted” text.');
  });

  it('are recognised by their content when the name does not say so', async () => {
    const path = file(
      'page.data',
      '<!DOCTYPE html><html><body><p>Only paragraph of the page.</p></body></html>',
    );

    const article = await articleSourceFor(path).load();

    expect(article.text).toBe('Only paragraph of the page.');
  });

  it('without any text fail clearly', async () => {
    const path = file('blank.html', '<html><body><script>var a = 1;</script></body></html>');

    expect((await articleFailure(path)).message).toBe(`${path} has no article text`);
  });
});

describe('HTML that would stall the extractor', () => {
  // The DOM library's parser and Readability slow down super-linearly with nesting: unguarded, 2,000 nested
  // <div>s took minutes and a 4 MB page of them far longer. Such pages are refused before the DOM is built.
  const sentence = 'A sentence of the article, long enough to count as text for the extractor. ';
  const nested = (depth: number, inner = sentence) =>
    `<!doctype html><html><head><title>Deep</title></head><body>${'<div>'.repeat(depth)}${inner}${'</div>'.repeat(depth)}</body></html>`;

  it('a page of 2,000 nested elements is refused as nested too deeply', async () => {
    const path = file('nested-2000.html', nested(2000));

    expect((await articleFailure(path)).message).toBe(
      `${path} nests its HTML too deeply to read (more than ${MAX_HTML_DEPTH} levels of elements)`,
    );
  });

  it('a 4 MB page of nested elements, closed or left open, is refused the same way', async () => {
    const depth = Math.floor((4 * 1024 * 1024) / '<div></div>'.length);
    const closed = file('nested-4mb.html', nested(depth));
    const open = file('open-4mb.html', `<html><body>${'<div>'.repeat(depth * 2)}text`);

    expect((await articleFailure(closed)).message).toMatch(/nested-4mb\.html nests its HTML too deeply/);
    expect((await articleFailure(open)).message).toMatch(/open-4mb\.html nests its HTML too deeply/);
  });

  it('a page with more elements than the limit is refused', async () => {
    const path = file('flat.html', `<html><body>${'<i></i>'.repeat(MAX_HTML_ELEMENTS)}text</body></html>`);

    expect((await articleFailure(path)).message).toBe(
      `${path} has too many HTML elements to read (more than ${MAX_HTML_ELEMENTS})`,
    );
  });

  it('a page nested below the limit is still read', async () => {
    const article = await articleSourceFor(file('nested-100.html', nested(100))).load();

    expect(article.title).toBe('Deep');
    expect(article.text).toBe(sentence.trim());
  });

  it('extraction that runs past its time budget is stopped with an ArticleError', () => {
    const html = nested(MAX_HTML_DEPTH - 10, sentence.repeat(20));
    const base = { kind: 'file', location: 'deep.html' } as const;
    const limits = { maxDepth: MAX_HTML_DEPTH, maxElements: MAX_HTML_ELEMENTS, budgetMs: 1 };

    const error = (() => {
      try {
        htmlToArticle(html, base, 'deep.html', limits);
      } catch (e) {
        return e;
      }
      return undefined;
    })();

    expect(error).toBeInstanceOf(ArticleError);
    expect((error as ArticleError).message).toBe(
      'deep.html is too complex to read (extracting its article took over 0.001 s)',
    );
  });
});

describe('bad files', () => {
  it('an empty file', async () => {
    expect((await articleFailure(file('empty.txt', ''))).message).toMatch(/empty\.txt is empty$/);
    expect((await articleFailure(file('spaces.txt', ' \n\n \t\n'))).message).toMatch(/spaces\.txt is empty$/);
  });

  it('a binary file: an executable, random bytes, a PDF', async () => {
    const junk = Buffer.alloc(4096);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 256;

    expect((await articleFailure('/bin/ls')).message).toBe(
      '/bin/ls is not text (it looks like an executable)',
    );
    expect((await articleFailure(file('junk.bin', junk))).message).toMatch(/junk\.bin is not text/);
    expect((await articleFailure('tests/fixtures/tiny.pdf')).message).toBe(
      'tests/fixtures/tiny.pdf is not text (it looks like a PDF document)',
    );
  });

  it('a 20 MB file is refused from its size, before reading', async () => {
    const path = join(dir, 'huge.txt');
    writeFileSync(path, '');
    truncateSync(path, 20 * 1024 * 1024);
    const started = performance.now();

    const error = await articleFailure(path);

    expect(error.message).toBe(`${path} is too large (20 MB; the limit is 5 MB)`);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('text over the character limit is refused after decoding', async () => {
    const path = file('long.txt', 'word '.repeat(MAX_ARTICLE_CHARS / 5 + 1));

    expect((await articleFailure(path)).message).toMatch(
      /long\.txt is too large \(\d+ characters; the limit is 1000000\)/,
    );
  });

  it('a missing file, a directory', async () => {
    expect((await articleFailure(join(dir, 'nope.txt'))).message).toBe(
      `cannot read ${join(dir, 'nope.txt')}: no such file`,
    );
    expect((await articleFailure(dir)).message).toBe(`cannot read ${dir}: it is a directory`);
  });

  it.skipIf(process.getuid?.() === 0)('a file without read permission', async () => {
    const path = file('secret.txt', 'text');
    const { chmodSync } = await import('node:fs');
    chmodSync(path, 0o000);

    expect((await articleFailure(path)).message).toBe(`cannot read ${path}: permission denied`);
  });
});

describe('standard input', () => {
  it('reads text from the given stream', async () => {
    const article = await articleSourceFor('-', {
      stdin: chunks('Title\n\n', Buffer.from('Body text.')),
    }).load();

    expect(article.text).toBe('Title\n\nBody text.');
    expect(article.meta).toEqual({ kind: 'stdin', location: '-' });
  });

  it('reads HTML from the stream', async () => {
    const html = await import('node:fs').then((fs) => fs.readFileSync('tests/fixtures/article-page.html'));

    const article = await articleSourceFor('-', { stdin: chunks(html) }).load();

    expect(article.title).toBe('Harbour town votes to rebuild its sea wall');
  });

  it('reads an HTML fragment copied out of a page as HTML', async () => {
    const fragment =
      '<p>First paragraph of the story.</p>\n<p>Second <em>paragraph</em>.</p><script>x()</script>';

    const article = await articleSourceFor('-', { stdin: chunks(fragment) }).load();

    expect(article.text).toBe('First paragraph of the story.\n\nSecond paragraph.');
  });

  it('stops reading as soon as the input passes the size cap', async () => {
    let produced = 0;
    async function* endless() {
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      for (;;) {
        produced += chunk.length;
        yield chunk;
      }
    }

    const error = await articleFailure('-', { stdin: endless() });

    expect(error.message).toBe('standard input is too large (more than 5 MB)');
    expect(produced).toBeLessThanOrEqual(MAX_ARTICLE_BYTES + 64 * 1024);
  });

  it('empty input fails clearly', async () => {
    expect((await articleFailure('-', { stdin: chunks() })).message).toBe('standard input is empty');
  });
});

describe('locations', () => {
  it('an unknown scheme, a malformed S3 location, nothing at all', async () => {
    expect((await articleFailure('ftp://example.com/a.txt')).message).toMatch(/unsupported scheme ftp:\/\//);
    expect((await articleFailure('s3://bucket-only')).message).toBe(
      's3://bucket-only is not a valid S3 location (s3://bucket/key)',
    );
    expect((await articleFailure('')).message).toBe('no article given');
  });
});
