// Builds RFC 5322 / MIME messages with nodemailer's composer, so that encoding and folding are a library's job.
// Three things on top of the composer's defaults, each checked on the bytes by tests/unit/mime.test.ts:
// - CRLF line endings throughout (`newline: 'windows'`): without it the composer keeps the LF of our templates
//   inside the parts, and RFC 5322 allows no bare LF (nor a bare CR).
// - A subject is literal text: nodemailer passes a well-formed encoded word (`=?UTF-8?B?4oCu?=`) through as it is,
//   and mail clients would decode an article title's "=?...?=" into whatever it encodes (a bidi override, say). A
//   subject holding "=?" is therefore encoded whole by us, so clients decode it back to the very characters written.
// - The RFC 2919 List-Id header, its description encoded as a phrase may be (RFC 2047 section 5).

import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { encodeWord } from 'nodemailer/lib/mime-funcs/index.js';
import type { ListId, OutgoingMessage } from '../email/mail.js';

const CRLF = /[\r\n]/;
/** RFC 5322 dot-atom-text: the list-id between the angle brackets. */
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** Words of atext only (no specials, no "=?"): a phrase that needs neither quoting nor encoding. */
const PLAIN_PHRASE = /^(?!.*=\?)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?: [A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** What nodemailer's own header encoding uses: encoded words short enough to fold within 76 columns. */
const WORD_LENGTH = 52;

/** Unstructured header text that no client can read as an encoded word it did not come from. */
export function literalHeaderText(value: string): string {
  return value.includes('=?') ? encodeWord(value, 'Q', WORD_LENGTH) : value;
}

/** The List-Id header's value: `Name <label.example.com>`, the name as atoms or RFC 2047 encoded words. */
export function listIdHeader(listId: ListId): string {
  if (!DOT_ATOM.test(listId.id) || listId.id.length > 255)
    throw new Error('List-Id: the id is not dot-atom-text');
  const name = listId.name?.trim() ?? '';
  if (CRLF.test(name)) throw new Error('header List-Id contains a line break');
  if (name === '') return `<${listId.id}>`;
  return `${PLAIN_PHRASE.test(name) ? name : encodeWord(name, 'Q', WORD_LENGTH)} <${listId.id}>`;
}

export async function buildMime(message: OutgoingMessage): Promise<Buffer> {
  for (const [name, value] of Object.entries({ subject: message.subject, ...message.headers })) {
    if (CRLF.test(value)) throw new Error(`header ${name} contains a line break`);
  }
  const headers: Record<string, string> = { ...message.headers };
  if (message.listId) headers['List-Id'] = listIdHeader(message.listId);
  // `newline` is a composer option that @types/nodemailer leaves out of Mail.Options.
  const options: Mail.Options & { newline: 'windows' } = {
    from: message.from,
    to: message.to,
    subject: literalHeaderText(message.subject),
    // A lone CR would pass the composer's LF-to-CRLF step untouched: every line break is made one LF first.
    text: message.text.replace(/\r\n?/g, '\n'),
    html: message.html.replace(/\r\n?/g, '\n'),
    headers,
    newline: 'windows',
  };
  return new MailComposer(options).compile().build();
}
