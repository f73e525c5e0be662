// Error text made safe for logs and stored send results: one line, capped, and with any email address in it masked.
// Provider messages quote addresses (SES in the sandbox: "…failed the check in region US-EAST-1: jane@example.com"),
// and DESIGN.md keeps subscriber addresses out of logs in clear.
import { maskEmail } from './subscriber.js';

const EMAIL_IN_TEXT = /[^\s<>()[\]\\,;:"'@]+@[^\s<>()[\]\\,;:"'@]+\.[A-Za-z0-9-]+/g;

/** The text with every email-like substring masked as maskEmail does. */
export function maskEmailsIn(text: string): string {
  return text.replace(EMAIL_IN_TEXT, (address) => maskEmail(address));
}

/** "Name: message" of an error (or its string form) on one line, at most `maxChars`, addresses masked. */
export function describeError(error: unknown, maxChars = 300): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return maskEmailsIn(text.replace(/\s+/g, ' ')).slice(0, maxChars);
}
