// Ports for outgoing mail: a message as the domain sees it, and the mailer that sends its raw MIME bytes.

export interface OutgoingMessage {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** Extra headers, e.g. List-Unsubscribe. Values must already be free of CR/LF. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The RFC 2919 List-Id of a newsletter's mail; the mailer encodes the name and writes the header. */
  readonly listId?: ListId;
}

/** `List-Id: name <id>`: `id` is a list-label and a domain joined by a dot (dot-atom-text, at most 255 octets). */
export interface ListId {
  /** A description for people, e.g. the newsletter's name; plain text, any script. */
  readonly name?: string;
  readonly id: string;
}

export interface SendResult {
  readonly messageId: string;
}

/** Port: sends one message (SES SendRawEmail in AWS and locally). */
export interface Mailer {
  send(message: OutgoingMessage): Promise<SendResult>;
}

/** SES (or the local stand-in) refused for now: retry later with backoff. */
export class ThrottledError extends Error {
  override readonly name = 'ThrottledError';
}

/** SES refused this message for good (e.g. rejected address): record it, do not retry. */
export class PermanentSendError extends Error {
  override readonly name = 'PermanentSendError';
}
