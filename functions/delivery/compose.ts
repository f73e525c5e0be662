// Personalisation of one recipient's copy: their signed unsubscribe link (made by subscribers/signed-links.ts; visible
// in the body, and in the RFC 2369 List-Unsubscribe header with RFC 8058 one-click), composed into the outgoing
// message with the newsletter's RFC 2919 List-Id, which mail filters and providers use to recognise the list.
import { domainToASCII } from 'node:url';
import emailAddresses from 'email-addresses';
import type { ListId, OutgoingMessage } from '../email/mail.js';
import { oneLine } from '../email/plain-text.js';
import { personalise, type RenderedEmail } from '../email/render.js';

/** The RFC 8058 pair: mailbox providers POST `List-Unsubscribe=One-Click` to the https URL. */
export function oneClickHeaders(url: string): Record<string, string> {
  if (/[\r\n<>\s]/.test(url))
    throw new Error('unsubscribe URL must not contain spaces, line breaks or angle brackets');
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

const LDH_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** RFC 2919: the list-id (label, dot, namespace) is at most 255 octets. */
const MAX_LIST_ID = 255;
const MAX_LIST_NAME = 100;

/**
 * The List-Id of the newsletter sent from `from` ("Daily Digest <digest@example.com>" gives
 * `Daily Digest <digest.example.com>`): the same for every issue and recipient while the sender stays the same.
 * The label is the sender's local part and the namespace its domain (in ASCII), both cut down to letters, digits
 * and hyphens, so the id is always valid dot-atom-text; the description is the sender's display name on one line.
 * A sender whose domain cannot be read gets RFC 2919's unmanaged namespace, `localhost`.
 */
export function listIdFor(from: string): ListId {
  const parsed = emailAddresses.parseOneAddress({ input: from, rfc6532: true });
  const mailbox = parsed?.type === 'mailbox' ? parsed : null;
  const ascii = domainToASCII((mailbox?.domain ?? '').toLowerCase());
  const labels = ascii.split('.');
  const namespace =
    ascii.length <= 253 && labels.length >= 2 && labels.every((l) => LDH_LABEL.test(l)) ? ascii : 'localhost';
  // The namespace is kept whole (it is the part that says whose list it is); the label gives way to stay in 255.
  const room = Math.min(63, MAX_LIST_ID - namespace.length - 1);
  const label =
    (mailbox?.local ?? '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, room)
      .replace(/^-+|-+$/g, '') || 'newsletter'.slice(0, room);
  const name = Array.from(oneLine(mailbox?.name ?? ''))
    .slice(0, MAX_LIST_NAME)
    .join('')
    .trim();
  const id = `${label}.${namespace}`;
  return name === '' ? { id } : { name, id };
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
    listId: listIdFor(recipient.from),
  };
}
