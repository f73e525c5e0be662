// The subscriber CSV an operator imports (`npm run admin -- subscribers import FILE.csv`), from bytes to rows:
// decoding, the header, and the records, parsed by csv-parse. Only whole-file problems stop here, with one line
// (ImportFileError): the file is too large, binary, not UTF-8, empty, not CSV at all, or has no email column.
// What is wrong with one row (its address, its name, its date) is for the rules in import-rules.ts to say.
//
// Choices:
// - A header row is required. Its names are matched without regard to case, spaces or hyphens: `email` (also
//   `email address`, `e-mail`), and optionally `name` (also `full name`) and `subscribed_at` (also `subscribed`,
//   `created_at`). Other columns are reported and ignored, so an export from another tool imports as it is.
// - Comma, semicolon (spreadsheets in many locales) and tab separate fields: the first that yields an email column
//   in the header wins.
// - A syntax error (a quote that never closes, text after a closing quote) refuses the whole file: after one, the
//   parser cannot tell where the next record starts, and skipping on would silently drop or merge rows.
// - A row with more or fewer fields than the header is kept and rejected by the rules with its line number.
import { parse } from 'csv-parse/sync';

/** Files above this are refused before they are read: 50 MB holds about a million subscribers. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** The file as a whole cannot be imported; the message is one line and names no subscriber. */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
}

export type ImportColumn = 'email' | 'name' | 'subscribed_at';

export interface ImportHeader {
  /** Index of each known column in a record. */
  readonly columns: Readonly<Partial<Record<ImportColumn, number>>> & { readonly email: number };
  /** Header names we do not use, as written. */
  readonly ignored: readonly string[];
  /** Fields in the header row. */
  readonly width: number;
  readonly delimiter: string;
}

export interface CsvRow {
  /** Line of the file on which the record starts (1 is the header). */
  readonly line: number;
  readonly fields: readonly string[];
}

export interface ParsedImport {
  readonly header: ImportHeader;
  readonly rows: readonly CsvRow[];
}

const ALIASES: Readonly<Record<string, ImportColumn>> = {
  email: 'email',
  email_address: 'email',
  e_mail: 'email',
  e_mail_address: 'email',
  name: 'name',
  full_name: 'name',
  subscribed_at: 'subscribed_at',
  subscribed: 'subscribed_at',
  created_at: 'subscribed_at',
};

const DELIMITERS = [',', ';', '\t'] as const;

/** How far into the file we look for NUL bytes (binary files have them early). */
const BINARY_PROBE_BYTES = 64 * 1024;

/** The header name as matched: trimmed, lower-cased, spaces and hyphens as underscores. */
export function headerKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** The text of an import file, or ImportFileError: empty, UTF-16, binary, or not UTF-8. A UTF-8 BOM is dropped. */
export function decodeImportBytes(bytes: Uint8Array, what: string): string {
  if (bytes.length === 0) throw new ImportFileError(`${what} is empty`);
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new ImportFileError(
      `${what} is larger than the ${MAX_IMPORT_BYTES / 1024 / 1024} MB an import accepts`,
    );
  }
  const [b0, b1] = bytes;
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    throw new ImportFileError(`${what} is UTF-16 text; save it as CSV in UTF-8 and import that`);
  }
  if (bytes.subarray(0, BINARY_PROBE_BYTES).includes(0)) {
    throw new ImportFileError(`${what} is not a CSV text file (it holds binary data)`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ImportFileError(`${what} is not UTF-8 text; save it as CSV in UTF-8 and import that`);
  }
  // Control characters other than tab and line breaks do not occur in a CSV someone exported.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text.slice(0, BINARY_PROBE_BYTES))) {
    throw new ImportFileError(`${what} is not a CSV text file (it holds control characters)`);
  }
  return text;
}

/** Reads the header: which field holds what. ImportFileError without an email column or with one named twice. */
export function readHeader(
  fields: readonly string[],
  delimiter: string,
  what: string,
): ImportHeader | undefined {
  const columns: Partial<Record<ImportColumn, number>> = {};
  const ignored: string[] = [];
  fields.forEach((raw, index) => {
    const column = ALIASES[headerKey(raw)];
    if (!column) {
      ignored.push(raw.trim());
      return;
    }
    if (columns[column] !== undefined) {
      throw new ImportFileError(`${what} has two ${column} columns in its header; keep one`);
    }
    columns[column] = index;
  });
  const email = columns.email;
  if (email === undefined) return undefined;
  return { columns: { ...columns, email }, ignored, width: fields.length, delimiter };
}

/** The first line, for choosing the delimiter (a header never spans lines). */
function firstLine(text: string): string {
  const end = text.search(/\r?\n|\r/);
  return end < 0 ? text : text.slice(0, end);
}

function findHeader(text: string, what: string): ImportHeader {
  const line = firstLine(text);
  if (line.trim() === '') throw new ImportFileError(`${what} has no header row (its first line is empty)`);
  let shown: string[] = [];
  for (const delimiter of DELIMITERS) {
    let fields: string[];
    try {
      fields = parse(line, { delimiter, relax_quotes: true })[0] ?? [];
    } catch {
      continue;
    }
    if (delimiter === ',') shown = fields;
    const header = readHeader(fields, delimiter, what);
    if (header) return header;
  }
  const names = shown
    .slice(0, 8)
    .map((f) => JSON.stringify(f.trim().slice(0, 40)))
    .join(', ');
  throw new ImportFileError(
    `${what} has no email column: the first line must be a header naming it (found ${names || 'nothing'})`,
  );
}

/** Count of line breaks in a string. */
const breaks = (s: string) => s.split('\n').length - 1;

/** Parses the whole text into the header and the records after it. ImportFileError on a syntax error. */
export function parseImportText(input: string, what: string): ParsedImport {
  // csv-parse counts a CRLF inside a quoted field as two lines; line numbers stay right with LF alone. A CR left
  // inside a field is refused by the rules anyway (control character).
  const text = input.replace(/\r\n/g, '\n');
  const header = findHeader(text, what);
  let records: Array<{ record: string[]; raw: string; info: { lines: number } }>;
  try {
    records = parse(text, {
      delimiter: header.delimiter,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      from_line: 2,
    }) as unknown as typeof records; // with `info` and `raw`, csv-parse returns these objects, not bare arrays
  } catch (error) {
    throw new ImportFileError(
      `${what} is not valid CSV: ${describeCsvError(error, text)}; nothing was imported`,
    );
  }
  const rows = records
    // A line of only delimiters (",,") is an empty row some spreadsheets write: nothing to import, nothing wrong.
    .filter(({ record }) => record.some((field) => field.trim() !== ''))
    .map(({ record, raw, info }) => {
      const body = raw.replace(/^\n+/, '').replace(/\n$/, '');
      // `lines` is where the record ends; the line it starts on is what a person looks for.
      return { line: info.lines - breaks(body), fields: record };
    });
  return { header, rows };
}

/**
 * The line on which the record that failed starts: after the last record parsed (csv-parse counts its bytes) and any
 * blank lines. For a quote that never closes, csv-parse itself names the end of the file.
 */
function failedRecordLine(text: string, bytesParsed: number, records: number): number {
  const lines = text.split('\n');
  let line =
    records === 0
      ? 2
      : Buffer.from(text, 'utf8').subarray(0, bytesParsed).toString('utf8').split('\n').length;
  while (line < lines.length && (lines[line - 1] ?? '').trim() === '') line++;
  return line;
}

function describeCsvError(error: unknown, text: string): string {
  const e = error as {
    code?: string;
    lines?: number;
    message?: string;
    bytes_records?: number;
    records?: number;
  };
  const at = typeof e.lines === 'number' ? `line ${e.lines}: ` : '';
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `line ${failedRecordLine(text, e.bytes_records ?? 0, e.records ?? 0)}: a quoted field opened there never closes`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `${at}text follows a closing quote`;
    case 'CSV_MAX_RECORD_SIZE':
      return `${at}a record is longer than 128,000 characters`;
    default:
      return `${at}${(e.message ?? String(error)).replace(/\s+/g, ' ').slice(0, 200)}`;
  }
}

/** Bytes to rows in one go (what the command line calls). */
export function parseImportFile(bytes: Uint8Array, what: string): ParsedImport {
  return parseImportText(decodeImportBytes(bytes, what), what);
}
