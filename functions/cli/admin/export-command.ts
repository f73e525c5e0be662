// `subscribers export [--format csv|json]`: everyone, in every state, with their dates, streamed to standard output
// as the table is scanned (nothing is held in memory, so a list of any size exports). The CSV is written by
// csv-stringify and imports back as it is (`email`, `name`, `subscribed_at` are the import's columns); a cell a
// spreadsheet would run as a formula (starting with =, +, -, @) is prefixed with ' there. JSON is exact.
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import { DynamoSubscriberAdmin } from '../../adapters/dynamo/subscriber-admin.js';
import type { Subscriber } from '../../subscribers/subscriber.js';
import type { OutStream } from './io.js';
import type { AdminTarget } from './target.js';

export type ExportFormat = 'csv' | 'json';

/** The columns of an export, in order: the import's three first, then the state and its dates. */
export const EXPORT_COLUMNS = [
  'email',
  'name',
  'subscribed_at',
  'status',
  'confirmed_at',
  'unsubscribed_at',
  'bounced_at',
  'complained_at',
  'updated_at',
  'consent_source',
  'imported_at',
  'imported_from',
] as const;

export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string>;

export function exportRow(s: Subscriber): ExportRow {
  return {
    email: s.email,
    name: s.name ?? '',
    subscribed_at: s.createdAt,
    status: s.status,
    confirmed_at: s.confirmedAt ?? '',
    unsubscribed_at: s.unsubscribedAt ?? '',
    bounced_at: s.bouncedAt ?? '',
    complained_at: s.complainedAt ?? '',
    updated_at: s.updatedAt,
    consent_source: s.consentSource ?? '',
    imported_at: s.importedAt ?? '',
    imported_from: s.importedFrom ?? '',
  };
}

/** Writes, waiting when the stream asks us to (a slow pipe must not make us buffer the whole list). */
async function write(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

export async function runExport(target: AdminTarget, format: ExportFormat, out: OutStream): Promise<number> {
  const admin = new DynamoSubscriberAdmin(target.doc, target.tableName);
  let count = 0;
  if (format === 'json') {
    await write(out, '[');
    for await (const s of admin.all()) {
      await write(out, `${count === 0 ? '\n' : ',\n'}${JSON.stringify(exportRow(s))}`);
      count++;
    }
    await write(out, count === 0 ? ']\n' : '\n]\n');
    return count;
  }
  const csv = stringify({ header: true, columns: [...EXPORT_COLUMNS], escape_formulas: true });
  const piped = (async () => {
    for await (const chunk of csv) await write(out, String(chunk));
  })();
  try {
    for await (const s of admin.all()) {
      if (!csv.write(exportRow(s))) await once(csv, 'drain');
      count++;
    }
  } finally {
    csv.end();
    await piped;
  }
  return count;
}
