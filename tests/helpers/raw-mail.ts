// Reading raw messages as the receiving side does: the exact bytes handed to SES SendRawEmail (captured by an SDK
// middleware, since aws-ses-v2-local keeps only a few parsed fields), their line endings, their headers unfolded,
// and RFC 2047 encoded words decoded the way mail clients decode them.
import type { SESClient } from '@aws-sdk/client-ses';

/** Keeps a copy of the RawMessage bytes of every SendRawEmail call the client makes, in order. */
export function captureRawSends(client: SESClient): Buffer[] {
  const sent: Buffer[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const data = (args.input as { RawMessage?: { Data?: Uint8Array } }).RawMessage?.Data;
      if (context.commandName === 'SendRawEmailCommand' && data) sent.push(Buffer.from(data));
      return next(args);
    },
    { step: 'initialize', name: 'captureRawSends' },
  );
  return sent;
}

/** Line breaks that are not CRLF: an LF without a CR before it, or a CR without an LF after it. */
export function bareLineBreaks(raw: Buffer | string): number {
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  return (text.match(/(?<!\r)\n|\r(?!\n)/g) ?? []).length;
}

/** The header section, each field unfolded onto one line. */
export function headerLines(raw: Buffer | string): string[] {
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  return text
    .slice(0, end < 0 ? text.length : end)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n');
}

/** Every value of the named header field (case-insensitive), unfolded, still encoded. */
export function headerValues(raw: Buffer | string, name: string): string[] {
  const prefix = `${name.toLowerCase()}:`;
  return headerLines(raw)
    .filter((line) => line.toLowerCase().startsWith(prefix))
    .map((line) => line.slice(prefix.length).trim());
}

/**
 * Decodes RFC 2047 encoded words as mail clients do (B and Q, any case, whitespace between adjacent words dropped),
 * so a test sees the text a reader would see.
 */
export function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?\s]+)\?([bq])\?([^?\s]*)\?=/gi, (_m, _charset: string, kind: string, data: string) =>
      kind.toLowerCase() === 'b'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(
            data
              .replace(/_/g, ' ')
              .replace(/=([0-9a-f]{2})/gi, (_q, hex: string) =>
                String.fromCharCode(Number.parseInt(hex, 16)),
              ),
            'latin1',
          ).toString('utf8'),
    );
}
