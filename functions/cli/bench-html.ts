// `npm run bench:html [-- --write DIR]`: how long hostile HTML pages (deep nesting, many elements, a huge text deep
// in the tree) take to be extracted or refused, in process, through the same path as an HTML file. Every page
// must end, digested or refused with one line, well within 30 s; real pages take well under a second. --write
// also saves the pages, to time `npm run digest -- DIR/PAGE.html` end to end.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { bytesToArticle } from '../adapters/article-sources/to-article.js';
import { ArticleError } from '../engine/index.js';

const SENTENCE = 'A sentence of the article, long enough to count as text for the extractor. ';

function page(body: string): string {
  return `<!doctype html><html><head><title>Hostile page</title></head><body>${body}</body></html>`;
}

/** `depth` nested elements (an opening and a closing tag each) around `inner`. */
function nest(depth: number, inner = SENTENCE, open = '<div>', close = '</div>'): string {
  return `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
}

/** As many copies of `unit` as fit in `bytes`. */
function fill(unit: string, bytes: number): string {
  return unit.repeat(Math.floor(bytes / unit.length));
}

const MB = 1024 * 1024;

/** The shapes, each near or past a limit: nesting depth, element count, text under deep nesting. */
const PAGES: ReadonlyArray<readonly [string, () => string]> = [
  ['nested-2000', () => page(nest(2000))],
  ['nested-4mb', () => page(nest(Math.floor((4 * MB) / '<div></div>'.length)))],
  ['open-4mb', () => page(fill('<div>', 4 * MB))],
  ['nested-250', () => page(nest(250))],
  ['chains-250x390', () => page(nest(250).repeat(390))],
  ['tables-80', () => page(nest(80, SENTENCE, '<table><tr><td>', '</td></tr></table>'))],
  ['flat-99990', () => page(fill('<i></i>', 99_990 * '<i></i>'.length))],
  ['paragraphs-4.5mb', () => page(nest(100, fill(`<p>${SENTENCE}</p>`, 4.5 * MB)))],
  ['deep-text-4mb', () => page(nest(250, fill('word ', 4 * MB)))],
];

async function cli(argv: string[]): Promise<number> {
  const program = new Command()
    .name('npm run bench:html --')
    .description('Seconds to extract or refuse hostile HTML pages')
    .option('--write <dir>', 'also save the pages there, to time `npm run digest -- PAGE.html`')
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const { write } = program.opts<{ write?: string }>();
  if (write !== undefined) mkdirSync(write, { recursive: true });
  let slowest = 0;
  for (const [name, make] of PAGES) {
    const html = make();
    if (write !== undefined) writeFileSync(join(write, `${name}.html`), html);
    const bytes = Buffer.from(html, 'utf8');
    const started = performance.now();
    let outcome: string;
    try {
      const article = await bytesToArticle(bytes, { kind: 'file', location: name }, { html: true });
      outcome = `read: ${article.text.length} characters`;
    } catch (error) {
      if (!(error instanceof ArticleError)) throw error;
      outcome = `refused: ${error.message}`;
    }
    const seconds = (performance.now() - started) / 1000;
    slowest = Math.max(slowest, seconds);
    const size = `${(bytes.length / MB).toFixed(2)} MB`;
    process.stdout.write(
      `${name.padEnd(18)} ${size.padStart(8)} ${seconds.toFixed(2).padStart(7)} s   ${outcome}\n`,
    );
  }
  process.stdout.write(`slowest            ${slowest.toFixed(2)} s (the bar: well within 30 s)\n`);
  return 0;
}

cli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
