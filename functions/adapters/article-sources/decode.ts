// Bytes to text for every article source: refuses binary input (PDF, images, executables) with a clear message,
// honours a declared charset, and falls back to Windows-1252 for legacy 8-bit text that is not valid UTF-8.
import { ArticleError } from '../../engine/index.js';

const SAMPLE_BYTES = 64 * 1024;

const SIGNATURES: ReadonlyArray<readonly [string, number[]]> = [
  ['a PDF document', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a ZIP archive (or a Word/OpenDocument file)', [0x50, 0x4b, 0x03, 0x04]],
  ['a gzip archive', [0x1f, 0x8b]],
  ['an executable', [0x7f, 0x45, 0x4c, 0x46]],
];

/** Names a well-known binary format from its first bytes, or undefined. */
export function binaryKind(bytes: Uint8Array): string | undefined {
  for (const [name, magic] of SIGNATURES) {
    if (magic.every((b, i) => bytes[i] === b)) return name;
  }
  return undefined;
}

/** True when the bytes hold NULs or many control characters: data, not text. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SAMPLE_BYTES);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b === 0) return true;
    // Tab, LF, VT, FF, CR and ESC occur in real text files; other C0 controls do not.
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b)
      controls++;
  }
  return n > 0 && controls / n > 0.01;
}

function decoderFor(
  charset: string | undefined,
): { encoding: string; decode(b: Uint8Array): string } | undefined {
  if (charset === undefined) return undefined;
  try {
    return new TextDecoder(charset.trim().toLowerCase());
  } catch {
    return undefined; // an unknown label: decode as if none were declared
  }
}

/**
 * Decodes an article's bytes. `what` names the input in messages ("notes.pdf", "https://…").
 * Throws ArticleError("<what> is not text …") for binary input.
 */
export function decodeArticleBytes(bytes: Uint8Array, what: string, declaredCharset?: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const kind = binaryKind(bytes);
  if (kind !== undefined) throw new ArticleError(`${what} is not text (it looks like ${kind})`);
  if (looksBinary(bytes)) throw new ArticleError(`${what} is not text (it holds binary data)`);

  const declared = decoderFor(declaredCharset ?? sniffHtmlCharset(bytes));
  if (declared?.encoding === 'windows-1252') return decodeWindows1252(bytes);
  if (declared !== undefined && declared.encoding !== 'utf-8') return declared.decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not valid UTF-8: a few broken sequences in UTF-8 text, legacy 8-bit text, or data.
  }
  const lenient = new TextDecoder('utf-8').decode(bytes);
  let invalid = 0;
  let validMultibyte = 0;
  for (const ch of lenient) {
    if (ch === '\uFFFD') invalid++;
    else if (ch.charCodeAt(0) > 0x7f) validMultibyte++;
  }
  if (invalid / Math.max(1, lenient.length) > 0.3) {
    throw new ArticleError(`${what} is not text (it is mostly invalid UTF-8)`);
  }
  return validMultibyte > 0 ? lenient : decodeWindows1252(bytes);
}

// Windows-1252's 0x80-0x9F (curly quotes, dashes, €). Node 20's TextDecoder('windows-1252') decodes these bytes
// as Latin-1 control characters, so they are mapped by hand.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

/** The charset an HTML document declares in a <meta> near its start, if any. */
export function sniffHtmlCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 2048)).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
}

/** True when a text looks like an HTML document rather than plain text. */
export function looksLikeHtml(text: string): boolean {
  // A whole document, or a fragment that opens with a block element (an article copied out of a page).
  return /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|(?:html|head|body|article|main|section|div|p|h[1-6]|meta|title)[\s>])/i.test(
    text.slice(0, 4096),
  );
}
