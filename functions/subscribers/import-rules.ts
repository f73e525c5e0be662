// The rules of a subscriber import, as pure functions: which rows are accepted (the sign-up page's address rules,
// plus rules for the name and the date), which repeat an earlier row, and what record an accepted row becomes.
//
// - An address is checked by normaliseAddress, exactly as the sign-up page checks it; the reason it gives is the
//   reason reported for the row.
// - A name is plain text of at most 200 characters: a line break, any other control character, a bidirectional
//   override, or < and > (markup) reject the row. Names are shown in pages and may one day greet people in mail,
//   so nothing that could break a header or a page gets in.
// - subscribed_at is a date (2024-05-01) or a date and time with a zone (2024-05-01T08:00:00Z), not in the future.
// - An address repeated in the file (however its letters are cased) is imported once, from its first row; the
//   later rows are reported as duplicates.
// - An import never changes a known address: whatever its state (active, pending, unsubscribed, bounced,
//   complained), the row is left alone. Nor one an erasure suppressed (subscribers/suppression.ts), even with
//   --confirmed. A pending record whose sign-up lapsed counts as unknown, as it does for the sign-up page.
// - A new address becomes `pending` (and is sent a confirmation, like a sign-up), or `active` with --confirmed,
//   when the operator already holds the person's consent; the record then names the consent's source.
import { InvalidAddressError, type NormalisedAddress, normaliseAddress } from './address.js';
import type { CsvRow, ImportHeader } from './import-file.js';
import {
  DEFAULT_POLICY,
  type Decision,
  isExpiredPending,
  pendingFields,
  refFor,
  type Subscriber,
  type SubscriberRef,
  type SubscriptionPolicy,
  type SuppressionMark,
} from './subscriber.js';

export const MAX_NAME_LENGTH = 200;

/** A row that can be imported. */
export interface ImportCandidate {
  readonly line: number;
  readonly address: NormalisedAddress;
  readonly ref: SubscriberRef;
  readonly name?: string;
  /** ISO 8601. */
  readonly subscribedAt?: string;
}

export interface RejectedRow {
  readonly line: number;
  readonly reason: string;
}

export interface DuplicateRow {
  readonly line: number;
  /** The row that is imported instead. */
  readonly firstLine: number;
}

export interface ImportPlan {
  readonly candidates: readonly ImportCandidate[];
  readonly rejected: readonly RejectedRow[];
  readonly duplicates: readonly DuplicateRow[];
}

// Control characters, line and paragraph separators, and the bidirectional embeddings, overrides and isolates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const NAME_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** A cleaned name, undefined for none, or the reason the row is rejected. */
export function checkName(raw: string | undefined): { name?: string } | { reason: string } {
  if (raw === undefined) return {};
  if (NAME_FORBIDDEN.test(raw))
    return { reason: 'the name contains a line break or other control character' };
  const name = raw.normalize('NFC').trim().replace(/ {2,}/g, ' ');
  if (name === '') return {};
  if (/[<>]/.test(name)) return { reason: 'the name contains < or > (markup is not accepted in a name)' };
  if ([...name].length > MAX_NAME_LENGTH)
    return { reason: `the name is longer than ${MAX_NAME_LENGTH} characters` };
  return { name };
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
/** A clock a little ahead of ours is not "the future". */
const FUTURE_SLACK_MS = 24 * 3600 * 1000;

/** The date as ISO 8601 (UTC), undefined for none, or the reason the row is rejected. */
export function checkSubscribedAt(raw: string | undefined, now: Date): { at?: string } | { reason: string } {
  const text = raw?.trim() ?? '';
  if (text === '') return {};
  const hint = 'subscribed_at must be a date such as 2024-05-01 or 2024-05-01T08:00:00Z';
  const date = DATE_ONLY.exec(text);
  const time = date ? undefined : DATE_TIME.exec(text);
  const parts = date ?? time;
  if (!parts) return { reason: hint };
  const [, y, m, d] = parts.map(Number) as [number, number, number, number];
  // Date.parse rolls 2024-02-31 over to March; a date that is not on the calendar is refused instead.
  const calendar = new Date(Date.UTC(y, m - 1, d));
  if (calendar.getUTCFullYear() !== y || calendar.getUTCMonth() !== m - 1 || calendar.getUTCDate() !== d) {
    return { reason: `${hint} (${JSON.stringify(text.slice(0, 40))} is not a day of the calendar)` };
  }
  const ms = date ? calendar.getTime() : Date.parse(text.replace(' ', 'T'));
  if (Number.isNaN(ms) || y < 1970) return { reason: hint };
  if (ms > now.getTime() + FUTURE_SLACK_MS) return { reason: 'subscribed_at is in the future' };
  return { at: new Date(ms).toISOString() };
}

/** One row: a candidate, or why it is rejected. */
export function checkRow(row: CsvRow, header: ImportHeader, now: Date): ImportCandidate | RejectedRow {
  const reject = (reason: string): RejectedRow => ({ line: row.line, reason });
  if (row.fields.length !== header.width) {
    const n = row.fields.length;
    return reject(`the row has ${n} field${n === 1 ? '' : 's'} where the header has ${header.width}`);
  }
  const field = (index: number | undefined) => (index === undefined ? undefined : row.fields[index]);
  const rawEmail = field(header.columns.email) ?? '';
  if (rawEmail.trim() === '') return reject('no email address');
  let address: NormalisedAddress;
  try {
    address = normaliseAddress(rawEmail);
  } catch (error) {
    if (error instanceof InvalidAddressError) return reject(error.message);
    throw error;
  }
  const name = checkName(field(header.columns.name));
  if ('reason' in name) return reject(name.reason);
  const at = checkSubscribedAt(field(header.columns.subscribed_at), now);
  if ('reason' in at) return reject(at.reason);
  return {
    line: row.line,
    address,
    ref: refFor(address),
    ...(name.name !== undefined ? { name: name.name } : {}),
    ...(at.at !== undefined ? { subscribedAt: at.at } : {}),
  };
}

/** Checks every row and keeps the first of each address. */
export function planImport(rows: readonly CsvRow[], header: ImportHeader, now: Date): ImportPlan {
  const candidates: ImportCandidate[] = [];
  const rejected: RejectedRow[] = [];
  const duplicates: DuplicateRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of rows) {
    const checked = checkRow(row, header, now);
    if ('reason' in checked) {
      rejected.push(checked);
      continue;
    }
    const firstLine = firstLineOf.get(checked.ref.id);
    if (firstLine !== undefined) {
      duplicates.push({ line: checked.line, firstLine });
      continue;
    }
    firstLineOf.set(checked.ref.id, checked.line);
    candidates.push(checked);
  }
  return { candidates, rejected, duplicates };
}

export type ImportMode = 'pending' | 'confirmed';

export interface ImportOptions {
  readonly mode: ImportMode;
  /** Where the rows came from, e.g. `import:subscribers.csv`; recorded on each record. */
  readonly source: string;
  readonly policy?: SubscriptionPolicy;
}

/** `imported`: `next` is the new record. `known`: the address has a record. `suppressed`: an erasure forbids it. */
export type ImportResult = 'imported' | 'known' | 'suppressed';

/** What to write for one candidate, given its current record and the suppression an erasure kept, if any. */
export function decideImport(
  current: Subscriber | undefined,
  suppression: SuppressionMark | undefined,
  candidate: ImportCandidate,
  now: Date,
  options: ImportOptions,
): Decision<ImportResult> {
  if (current && !isExpiredPending(current, now)) return { result: 'known' };
  if (suppression) return { result: 'suppressed' };
  const at = now.toISOString();
  const base = {
    id: candidate.ref.id,
    email: candidate.ref.email,
    createdAt: candidate.subscribedAt ?? at,
    updatedAt: at,
    // A lapsed pending record is replaced; its version moves on, so a writer that still holds it fails.
    version: (current?.version ?? 0) + 1,
    importedAt: at,
    importedFrom: options.source,
    ...(candidate.name !== undefined ? { name: candidate.name } : {}),
  };
  const next: Subscriber =
    options.mode === 'confirmed'
      ? {
          ...base,
          status: 'active',
          confirmedAt: candidate.subscribedAt ?? at,
          consentSource: options.source,
        }
      : { ...base, status: 'pending', ...pendingFields(now, options.policy ?? DEFAULT_POLICY) };
  return { result: 'imported', next };
}
