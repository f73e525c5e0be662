// The README and docs/ stay usable: every relative link points to a file that exists (and, for a link into a
// Markdown file, to a heading it has), the README fits on a screen, and its set-up commands are the ones CI runs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import GithubSlugger from 'github-slugger';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const README = join(PROJECT_ROOT, 'README.md');
const DOCS = join(PROJECT_ROOT, 'docs');

const markdown = new MarkdownIt();

/** Every link and image target in a Markdown text, as written (inline, reference-style and autolinks). */
function linkTargets(source: string): string[] {
  const targets: string[] = [];
  for (const block of markdown.parse(source, {})) {
    for (const token of block.children ?? []) {
      const target =
        token.type === 'link_open'
          ? token.attrGet('href')
          : token.type === 'image'
            ? token.attrGet('src')
            : null;
      if (target !== null) targets.push(String(target));
    }
  }
  return targets;
}

/** The anchors GitHub gives a Markdown file's headings (lowercased, punctuation dropped, repeats numbered). */
function headingAnchors(source: string): Set<string> {
  const slugger = new GithubSlugger();
  const tokens = markdown.parse(source, {});
  const anchors = new Set<string>();
  tokens.forEach((token, i) => {
    if (token.type !== 'heading_open') return;
    const text = (tokens[i + 1]?.children ?? [])
      .filter((child) => child.type === 'text' || child.type === 'code_inline')
      .map((child) => child.content)
      .join('');
    anchors.add(slugger.slug(text));
  });
  return anchors;
}

/** The relative links of `source` (read as the file `from`) that lead nowhere, each with the reason. */
function brokenLinks(source: string, from: string): string[] {
  const broken: string[] = [];
  for (const target of linkTargets(source)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: and the like are not checked offline
    const hash = target.indexOf('#');
    const path = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
    const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const file = path === '' ? from : resolve(dirname(from), path);
    if (!existsSync(file)) {
      broken.push(`${target}: no such file`);
      continue;
    }
    if (anchor === undefined || !file.endsWith('.md')) continue;
    const headings = headingAnchors(path === '' ? source : readFileSync(file, 'utf8'));
    if (!headings.has(anchor)) {
      broken.push(`${target}: no heading #${anchor} in ${relative(PROJECT_ROOT, file)}`);
    }
  }
  return broken;
}

const documents = [
  README,
  ...readdirSync(DOCS)
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(DOCS, name)),
];

describe('links in the README and docs/', () => {
  it.each(documents.map((file) => [relative(PROJECT_ROOT, file), file]))(
    '%s: every relative link resolves',
    (_name, file) => {
      expect(brokenLinks(readFileSync(file, 'utf8'), file)).toEqual([]);
    },
  );

  it('links the README to every page of docs/', () => {
    const targets = linkTargets(readFileSync(README, 'utf8'));

    for (const file of documents.slice(1)) {
      expect(targets, relative(PROJECT_ROOT, file)).toContain(relative(PROJECT_ROOT, file));
    }
  });

  it('reports a missing file and a missing heading, and passes good links and external ones', () => {
    const source = [
      '[gone](docs/no-such-page.md)',
      '[bad anchor](docs/operations.md#no-such-heading)',
      '[good anchor](docs/operations.md#invoke-by-hand)',
      '[heading with code](#what-npm-start-does)',
      '[heading of another text](#deploy-to-aws)',
      '[folder](templates/)',
      '[web](https://example.com/missing)',
      '',
      '## What `npm start` does',
    ].join('\n');

    expect(brokenLinks(source, README)).toEqual([
      'docs/no-such-page.md: no such file',
      'docs/operations.md#no-such-heading: no heading #no-such-heading in docs/operations.md',
      '#deploy-to-aws: no heading #deploy-to-aws in README.md',
    ]);
  });
});

describe('the README', () => {
  const readme = readFileSync(README, 'utf8');

  it('fits on a screen or two: under 150 lines, the rest in docs/', () => {
    expect(readme.split('\n').length).toBeLessThan(150);
  });

  it('gives the set-up commands that CI runs', () => {
    const ci = readFileSync(join(PROJECT_ROOT, '.ci/run'), 'utf8').split('\n');

    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
    expect(ci.some((line) => /^npm ci\b/.test(line))).toBe(true);
    expect(ci).toContain('npm test');
  });
});
