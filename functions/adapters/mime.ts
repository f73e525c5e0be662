// Builds RFC 5322 / MIME messages with nodemailer's composer, so that encoding and folding are a library's job.
// On top of the composer's defaults, checked on the bytes by tests/unit/mime.test.ts:
// - CRLF line endings throughout (`newline: 'windows'`): without it the composer keeps the LF of our templates
//   inside the parts, and RFC 5322 allows no bare LF (nor a bare CR).
// - A subject is literal text: nodemailer passes a well-formed encoded word (`=?UTF-8?B?4oCu?=`) through as it is,
//   and mail clients would decode an article title's "=?...?=" into whatever it encodes (a bidi override, say). A
//   subject holding "=?" is therefore encoded whole by us, so clients decode it back to the very characters written.

import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { encodeWord } from 'nodemailer/lib/mime-funcs/index.js';
import type { OutgoingMessage } from '../core/mail.js';

const CRLF = /[\r\n]/;
/** What nodemailer's own header encoding uses: encoded words short enough to fold within 76 columns. */
const WORD_LENGTH = 52;

/** Unstructured header text that no client can read as an encoded word it did not come from. */
export function literalHeaderText(value: string): string {
  return value.includes('=?') ? encodeWord(value, 'Q', WORD_LENGTH) : value;
}

export async function buildMime(message: OutgoingMessage): Promise<Buffer> {
  for (const [name, value] of Object.entries({ subject: message.subject, ...message.headers })) {
    if (CRLF.test(value)) throw new Error(`header ${name} contains a line break`);
  }
  // `newline` is a composer option that @types/nodemailer leaves out of Mail.Options.
  const options: Mail.Options & { newline: 'windows' } = {
    from: message.from,
    to: message.to,
    subject: literalHeaderText(message.subject),
    // A lone CR would pass the composer's LF-to-CRLF step untouched: every line break is made one LF first.
    text: message.text.replace(/\r\n?/g, '\n'),
    html: message.html.replace(/\r\n?/g, '\n'),
    headers: message.headers ? { ...message.headers } : {},
    newline: 'windows',
  };
  return new MailComposer(options).compile().build();
}
