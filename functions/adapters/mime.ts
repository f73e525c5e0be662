// Builds RFC 5322 / MIME messages with nodemailer's composer, so that encoding and folding are a library's job.
// On top of the composer's defaults, checked on the bytes by tests/unit/mime.test.ts:
// - CRLF line endings throughout (`newline: 'windows'`): without it the composer keeps the LF of our templates
//   inside the parts, and RFC 5322 allows no bare LF (nor a bare CR).

import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { OutgoingMessage } from '../core/mail.js';

const CRLF = /[\r\n]/;

export async function buildMime(message: OutgoingMessage): Promise<Buffer> {
  for (const [name, value] of Object.entries({ subject: message.subject, ...message.headers })) {
    if (CRLF.test(value)) throw new Error(`header ${name} contains a line break`);
  }
  // `newline` is a composer option that @types/nodemailer leaves out of Mail.Options.
  const options: Mail.Options & { newline: 'windows' } = {
    from: message.from,
    to: message.to,
    subject: message.subject,
    // A lone CR would pass the composer's LF-to-CRLF step untouched: every line break is made one LF first.
    text: message.text.replace(/\r\n?/g, '\n'),
    html: message.html.replace(/\r\n?/g, '\n'),
    headers: message.headers ? { ...message.headers } : {},
    newline: 'windows',
  };
  return new MailComposer(options).compile().build();
}
