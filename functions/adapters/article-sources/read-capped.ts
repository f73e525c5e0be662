// Reads a byte stream to the end, refusing it as soon as it passes the size cap, so a huge or endless input
// costs at most the cap in memory and stops being read at once.
import { ArticleError } from '../../engine/index.js';
import { formatBytes } from './limits.js';

export async function readCapped(
  stream: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
  what: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  // Leaving the for-await early (by the throw) calls the iterator's return(), which destroys a Node stream.
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    total += buf.length;
    if (total > maxBytes) {
      throw new ArticleError(`${what} is too large (more than ${formatBytes(maxBytes)})`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, total);
}
