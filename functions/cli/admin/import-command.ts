// `subscribers import FILE.csv`: reads the file (refusing it whole, in one line, when it is missing, too large,
// binary or not a subscriber CSV), checks every row, writes the new addresses (pending with a confirmation email,
// or active with --confirmed), and prints what happened to every row that was not imported, by line number.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import { DynamoSubscriberAdmin } from '../../adapters/dynamo/subscriber-admin.js';
import { fileTemplates } from '../../adapters/templates.js';
import { createConfirmationComposer } from '../../email/confirmation-email.js';
import { type ImportReport, importSubscribers } from '../../subscribers/import.js';
import { ImportFileError, MAX_IMPORT_BYTES, parseImportFile } from '../../subscribers/import-file.js';
import { type ImportMode, planImport } from '../../subscribers/import-rules.js';
import { DEFAULT_POLICY } from '../../subscribers/subscriber.js';
import { AdminError, EXIT } from './errors.js';
import type { AdminIo } from './io.js';
import type { AdminTarget } from './target.js';

export interface ImportCommandOptions {
  readonly file: string;
  readonly confirmed: boolean;
  /** Confirmation emails per second; the target's send rate when left out. */
  readonly sendRate?: number;
  readonly concurrency?: number;
  readonly json: boolean;
  /** Stops the import (rows in flight finish); Ctrl+C when left out. */
  readonly signal?: AbortSignal;
}

const MB = 1024 * 1024;

function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return code ?? String((error as Error)?.message ?? error);
  }
}

/** The file's bytes, or ImportFileError: missing, a directory, or over the cap (checked before reading it). */
export async function readImportFile(path: string, maxBytes: number = MAX_IMPORT_BYTES): Promise<Buffer> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw new ImportFileError(`cannot read ${path}: ${fsReason(error)}`);
  }
  if (info.isDirectory()) throw new ImportFileError(`cannot read ${path}: it is a directory`);
  const tooLarge = () =>
    new ImportFileError(
      `${path} is ${info.isFile() ? `${Math.ceil(info.size / MB)} MB` : 'too large'}; an import takes at most ${maxBytes / MB} MB (split the file)`,
    );
  if (info.isFile() && info.size > maxBytes) throw tooLarge();
  // Read at most one byte past the cap: a file that grew since, or a pipe, is refused without reading it all.
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of createReadStream(path, { start: 0, end: maxBytes })) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
    }
  } catch (error) {
    throw new ImportFileError(`cannot read ${path}: ${fsReason(error)}`);
  }
  if (total > maxBytes) throw tooLarge();
  return Buffer.concat(chunks, total);
}

export async function runImport(
  target: AdminTarget,
  options: ImportCommandOptions,
  io: AdminIo,
  now: Date,
): Promise<number> {
  const bytes = await readImportFile(options.file);
  const parsed = parseImportFile(bytes, options.file);
  const plan = planImport(parsed.rows, parsed.header, now);
  const mode: ImportMode = options.confirmed ? 'confirmed' : 'pending';
  const source = `import:${basename(options.file)}`;
  const rate = options.sendRate ?? target.sendRate;
  const secret = await target.tokenSecret();

  const bar =
    io.stderr.isTTY && !options.json && plan.candidates.length > 0
      ? new cliProgress.SingleBar(
          {
            format:
              'Importing {bar} {value}/{total} rows | imported {imported} · known {known} · failed {failed}',
            stream: io.stderr,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  const tally = { imported: 0, known: 0, failed: 0 };
  bar?.start(plan.candidates.length, 0, tally);

  const pending = mode === 'pending';
  // Ctrl+C stops starting rows; those in flight finish, and the report says what was imported.
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  if (!options.signal) process.once('SIGINT', onSigint);
  const signal = options.signal ?? interrupt.signal;
  let report: ImportReport;
  try {
    report = await importSubscribers(
      {
        store: new DynamoSubscriberAdmin(target.doc, target.tableName),
        tokenSecret: secret,
        ...(pending
          ? {
              mailer: target.mailer(rate),
              from: target.sender,
              siteUrl: target.site.siteUrl,
              composeConfirmation: createConfirmationComposer(
                fileTemplates(),
                target.site,
                DEFAULT_POLICY.confirmTokenSeconds / 3600,
              ),
            }
          : {}),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        signal,
        clock: () => new Date(),
        onRow: (o) => {
          if (o.kind === 'imported') tally.imported++;
          else if (o.kind === 'known' || o.kind === 'suppressed' || o.kind === 'deferred') tally.known++;
          else tally.failed++;
          bar?.increment(1, tally);
        },
      },
      plan,
      { mode, source },
      now,
    );
  } finally {
    process.removeListener('SIGINT', onSigint);
    bar?.stop();
  }

  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({ file: options.file, rows: parsed.rows.length, ...report }, null, 2)}\n`,
    );
  } else {
    for (const line of describeReport(report, {
      file: options.file,
      rows: parsed.rows.length,
      target,
      ignored: parsed.header.ignored,
    })) {
      io.stdout.write(`${line}\n`);
    }
  }
  if (report.stoppedBy === 'interrupted') {
    throw new AdminError(
      `import interrupted after ${report.imported} imported; ${report.notTried} rows not tried: run it again to import the rest`,
    );
  }
  if (report.stoppedBy !== undefined) {
    throw new AdminError(
      `import stopped after ${report.imported} imported: ${report.stoppedBy}; run it again to import the rest`,
    );
  }
  const notImported = report.rejected.length + report.failed.length + report.deferred.length;
  return notImported > 0 ? EXIT.someRowsNotImported : EXIT.ok;
}

const n = (count: number) => count.toLocaleString('en-US');

/** The report for people: counts first, then every row not imported, by line. */
export function describeReport(
  r: ImportReport,
  context: {
    file: string;
    rows: number;
    target: Pick<AdminTarget, 'label' | 'mailNote'>;
    ignored: readonly string[];
  },
): string[] {
  const lines: string[] = [];
  const what =
    r.mode === 'confirmed'
      ? 'as active (you hold their consent; recorded as its source)'
      : 'as pending, each sent a confirmation email';
  lines.push(`Read ${n(context.rows)} rows from ${context.file} into ${context.target.label}.`);
  if (context.ignored.length > 0) lines.push(`Ignored columns: ${context.ignored.join(', ')}.`);
  lines.push(`Imported: ${n(r.imported)} ${what}`);
  if (r.mode === 'pending' && r.imported > 0 && context.target.mailNote) {
    lines.push(`           the emails went to ${context.target.mailNote}`);
  }
  const known = Object.entries(r.known)
    .map(([status, count]) => `${n(count ?? 0)} ${status}`)
    .join(', ');
  lines.push(`Already known, left as they are: ${n(r.knownTotal)}${known ? ` (${known})` : ''}`);
  if (r.suppressed.length > 0) {
    lines.push(
      `Suppressed (erased after a complaint or bounce), left alone: ${n(r.suppressed.length)} (lines ${r.suppressed.join(', ')})`,
    );
  }
  if (r.duplicates.length > 0) {
    lines.push(`Repeated in the file, imported once: ${n(r.duplicates.length)}`);
    for (const d of r.duplicates) lines.push(`  line ${d.line}: the same address as line ${d.firstLine}`);
  }
  lines.push(`Rejected: ${n(r.rejected.length)}`);
  for (const row of r.rejected) lines.push(`  line ${row.line}: ${row.reason}`);
  if (r.deferred.length > 0) {
    lines.push(
      `Held back by the mailbox's confirmation quota (plus-address variants share one mailbox); run the import again later: ${n(r.deferred.length)}`,
    );
    for (const row of r.deferred) {
      const why =
        row.reason === 'daily-cap'
          ? 'its confirmations for today are used up'
          : 'it was sent one moments ago';
      lines.push(`  line ${row.line}: ${why}`);
    }
  }
  if (r.failed.length > 0) {
    lines.push(`Failed (nothing kept; run the import again to retry them): ${n(r.failed.length)}`);
    for (const row of r.failed) lines.push(`  line ${row.line}: ${row.reason}`);
  }
  if (r.notTried > 0) lines.push(`Not tried (the import stopped): ${n(r.notTried)}`);
  return lines;
}
