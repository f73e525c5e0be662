// Builds RFC 5322 / MIME messages with nodemailer's composer, so that encoding and folding are a library's job.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { OutgoingMessage } from '../email/mail.js';

const CRLF = /[\r\n]/;

export async function buildMime(message: OutgoingMessage): Promise<Buffer> {
  for (const [name, value] of Object.entries({ subject: message.subject, ...message.headers })) {
    if (CRLF.test(value)) throw new Error(`header ${name} contains a line break`);
  }
  const composer = new MailComposer({
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: message.headers ? { ...message.headers } : {},
  });
  return composer.compile().build();
}
