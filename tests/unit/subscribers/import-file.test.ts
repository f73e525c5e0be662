// The subscriber CSV from bytes to rows: what refuses a whole file (one line each), how the header is read, and
// the line numbers rows carry into the report.
import { describe, expect, it } from 'vitest';
import {
  decodeImportBytes,
  ImportFileError,
  MAX_IMPORT_BYTES,
  parseImportFile,
  parseImportText,
} from '../../../functions/subscribers/import-file.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected an ImportFileError');
};

describe('decoding an import file', () => {
  it('drops a UTF-8 byte order mark', () => {
    expect(decodeImportBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('email\n')]), 'f')).toBe(
      'email\n',
    );
  });

  it('refuses an empty file', () => {
    expect(refusal(() => decodeImportBytes(Buffer.alloc(0), 'f.csv'))).toBe('f.csv is empty');
  });

  it('refuses UTF-16 (what spreadsheets call Unicode text) with the way out', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email\n', 'utf16le')]);
    expect(refusal(() => decodeImportBytes(utf16, 'f.csv'))).toMatch(/UTF-16.*UTF-8/);
  });

  it('refuses binary data: NUL bytes or control characters', () => {
    expect(
      refusal(() => decodeImportBytes(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1]), 'f.xlsx')),
    ).toMatch(/not a CSV text file/);
    expect(refusal(() => decodeImportBytes(bytes('email\n\u0001\u0002\n'), 'f'))).toMatch(
      /control characters/,
    );
  });

  it('refuses text that is not UTF-8 (Latin-1 from an old export)', () => {
    expect(
      refusal(() => decodeImportBytes(Buffer.from([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x0a, 0xe9, 0x0a]), 'f')),
    ).toMatch(/not UTF-8/);
  });

  it('refuses more than the cap', () => {
    expect(refusal(() => decodeImportBytes(Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x61), 'big.csv'))).toMatch(
      /larger than the 50 MB/,
    );
  });
});

describe('the header', () => {
  it('finds email, name and subscribed_at whatever their case, spacing or common alias, and lists the rest', () => {
    const { header } = parseImportText('Full Name,E-Mail Address , Created-At,plan\n', 'f');
    expect(header.columns).toEqual({ name: 0, email: 1, subscribed_at: 2 });
    expect(header.ignored).toEqual(['plan']);
    expect(header.width).toBe(4);
  });

  it('reads semicolon- and tab-separated files', () => {
    expect(parseImportText('name;email\nAnn;ann@example.com\n', 'f').rows[0]?.fields).toEqual([
      'Ann',
      'ann@example.com',
    ]);
    expect(parseImportText('email\tname\nann@example.com\tAnn\n', 'f').header.delimiter).toBe('\t');
  });

  it('refuses a file without an email column, naming what it found', () => {
    expect(refusal(() => parseImportText('name,address\nAnn,ann@example.com\n', 'list.csv'))).toBe(
      'list.csv has no email column: the first line must be a header naming it (found "name", "address")',
    );
  });

  it('refuses a header without a header row, or with two email columns', () => {
    expect(refusal(() => parseImportText('\nemail\n', 'f'))).toMatch(/no header row/);
    expect(refusal(() => parseImportText('email,Email\n', 'f'))).toMatch(/two email columns/);
  });
});

describe('rows', () => {
  it('carry the line they start on, past blank lines, CRLF endings and quoted line breaks', () => {
    const text = ['email,name', 'a@example.com,A', '', 'b@example.com,"B', 'b"', 'c@example.com,C', ''].join(
      '\r\n',
    );
    const { rows } = parseImportText(text, 'f');
    expect(rows.map((r) => [r.line, r.fields[0]])).toEqual([
      [2, 'a@example.com'],
      [4, 'b@example.com'],
      [6, 'c@example.com'],
    ]);
  });

  it('skips rows of empty fields, and keeps rows with too many or too few for the rules to reject', () => {
    const { rows } = parseImportText('email,name\n,\na@example.com\nb@example.com,B,extra\n', 'f');
    expect(rows.map((r) => r.fields.length)).toEqual([1, 3]);
  });

  it('refuses the whole file on a syntax error, with its line, rather than guess where rows start', () => {
    expect(
      refusal(() => parseImportText('email,name\na@example.com,"A\nb@example.com,B\n', 'f.csv')),
    ).toMatch(
      /^f\.csv is not valid CSV: line 2: a quoted field opened there never closes; nothing was imported$/,
    );
    expect(refusal(() => parseImportText('email,name\na@example.com,"A"x\n', 'f.csv'))).toMatch(
      /line 2: text follows a closing quote/,
    );
  });

  it('goes from bytes to rows in one call', () => {
    expect(parseImportFile(bytes('email\nann@example.com\n'), 'f').rows).toEqual([
      { line: 2, fields: ['ann@example.com'] },
    ]);
  });
});
