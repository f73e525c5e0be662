// `npm start` (default mode): the main job on the sample article.
// PREVIEW until the delivery work lands: builds and renders the digest and writes it to outbox/, sending nothing.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { articleSourceFor } from '../adapters/article-sources/index.js';
import { fileTemplates } from '../adapters/templates.js';
import { buildDigest } from '../core/digest.js';
import { createDigestRenderer } from '../core/render.js';

export interface RunJobOptions {
  readonly article: string;
  readonly outbox: string;
}

export async function runJob(options: RunJobOptions): Promise<void> {
  const raw = await articleSourceFor(options.article).load();
  const digest = buildDigest(raw);
  const render = createDigestRenderer(fileTemplates(), {
    siteName: 'Local Digest',
    siteUrl: 'http://127.0.0.1:3000',
    postalAddress: '1 Example Street, Springfield',
  });
  const email = render(digest);
  await mkdir(options.outbox, { recursive: true });
  await writeFile(join(options.outbox, 'digest.html'), email.html);
  await writeFile(join(options.outbox, 'digest.txt'), email.text);
  process.stdout.write(
    `${email.subject}\n${digest.keyPoints.length} key points, ${digest.quotes.length} quotes\n`,
  );
  process.stdout.write(`preview written to ${join(options.outbox, 'digest.html')} and digest.txt\n`);
}
