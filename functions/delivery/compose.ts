// Personalisation of one recipient's copy: their signed unsubscribe link (made by subscribers/signed-links.ts; visible in the body,
// and in the RFC 2369 List-Unsubscribe header with RFC 8058 one-click), composed into the outgoing message.
import type { OutgoingMessage } from '../email/mail.js';
import { personalise, type RenderedEmail } from '../email/render.js';

/** The RFC 8058 pair: mailbox providers POST `List-Unsubscribe=One-Click` to the https URL. */
export function oneClickHeaders(url: string): Record<string, string> {
  if (/[\r\n<>\s]/.test(url))
    throw new Error('unsubscribe URL must not contain spaces, line breaks or angle brackets');
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

export interface Recipient {
  readonly from: string;
  readonly to: string;
  readonly unsubscribeUrl: string;
  /** E.g. `[TEST] ` for test sends. */
  readonly subjectPrefix?: string;
}

/** One recipient's message from the rendered email. */
export function composeMessage(email: RenderedEmail, recipient: Recipient): OutgoingMessage {
  const own = personalise(email, recipient.unsubscribeUrl);
  return {
    from: recipient.from,
    to: recipient.to,
    subject: `${recipient.subjectPrefix ?? ''}${own.subject}`,
    html: own.html,
    text: own.text,
    headers: oneClickHeaders(recipient.unsubscribeUrl),
  };
}
