// The rules of an import: which rows are accepted (the sign-up page's address rules, plus the name and the date),
// which repeat an earlier one, and what record an accepted row becomes, given what the store already holds.
import { describe, expect, it } from 'vitest';
import { normaliseAddress } from '../../../functions/subscribers/address.js';
import type { ImportHeader } from '../../../functions/subscribers/import-file.js';
import {
  checkName,
  checkRow,
  checkSubscribedAt,
  decideImport,
  type ImportCandidate,
  planImport,
} from '../../../functions/subscribers/import-rules.js';
import {
  DEFAULT_POLICY,
  refFor,
  type Subscriber,
  type SubscriberStatus,
} from '../../../functions/subscribers/subscriber.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const HEADER: ImportHeader = {
  columns: { email: 0, name: 1, subscribed_at: 2 },
  ignored: [],
  width: 3,
  delimiter: ',',
};
const row = (line: number, ...fields: string[]) => ({ line, fields });

describe('names', () => {
  it('keeps plain text, trimmed, with runs of spaces made one', () => {
    expect(checkName('  Zoë   O’Brien & Sons ')).toEqual({ name: 'Zoë O’Brien & Sons' });
    expect(checkName('   ')).toEqual({});
    expect(checkName(undefined)).toEqual({});
  });

  it('rejects line breaks, other control characters and bidirectional overrides', () => {
    for (const raw of ['Ann\r\nBcc: x@example.com', 'Ann\nB', 'Ann\tB', 'Ann\u0000', 'evil\u202egnp.exe']) {
      expect(checkName(raw)).toEqual({ reason: 'the name contains a line break or other control character' });
    }
  });

  it('rejects markup and overlong names', () => {
    expect(checkName('<img src=x onerror=alert(1)>')).toEqual({
      reason: 'the name contains < or > (markup is not accepted in a name)',
    });
    expect(checkName('x'.repeat(201))).toEqual({ reason: 'the name is longer than 200 characters' });
    expect(checkName('x'.repeat(200))).toEqual({ name: 'x'.repeat(200) });
  });
});

describe('subscribed_at', () => {
  it('accepts a date, or a date and time with a zone, as UTC', () => {
    expect(checkSubscribedAt('2024-05-01', NOW)).toEqual({ at: '2024-05-01T00:00:00.000Z' });
    expect(checkSubscribedAt('2024-05-01T08:30:00+02:00', NOW)).toEqual({ at: '2024-05-01T06:30:00.000Z' });
    expect(checkSubscribedAt('2024-05-01 08:30Z', NOW)).toEqual({ at: '2024-05-01T08:30:00.000Z' });
    expect(checkSubscribedAt(' ', NOW)).toEqual({});
  });

  it('rejects dates without a zone, off the calendar, in the future or in another format', () => {
    for (const raw of ['2024-05-01T08:30:00', '05/01/2024', 'yesterday', '1969-12-31']) {
      expect(checkSubscribedAt(raw, NOW)).toEqual({
        reason: expect.stringMatching(/^subscribed_at must be/),
      });
    }
    expect(checkSubscribedAt('2024-02-30', NOW)).toEqual({ reason: expect.stringContaining('not a day') });
    expect(checkSubscribedAt('2026-03-05', NOW)).toEqual({ reason: 'subscribed_at is in the future' });
  });
});

describe('a row', () => {
  it('becomes a candidate under the normalised address and its subscriber id', () => {
    const checked = checkRow(row(7, ' Ann@Bücher.example ', 'Ann', '2024-01-01'), HEADER, NOW);
    expect(checked).toEqual({
      line: 7,
      address: normaliseAddress('Ann@Bücher.example'),
      ref: refFor(normaliseAddress('Ann@Bücher.example')),
      name: 'Ann',
      subscribedAt: '2024-01-01T00:00:00.000Z',
    });
  });

  it('is rejected with the reason the sign-up page would give for its address', () => {
    for (const raw of ['ann', 'ann@@example.com', '"a b"@example.com', 'ann@[127.0.0.1]', 'ann@pаypal.com']) {
      let reason = '';
      try {
        normaliseAddress(raw);
      } catch (error) {
        reason = (error as Error).message;
      }
      expect(reason).not.toBe('');
      expect(checkRow(row(3, raw, '', ''), HEADER, NOW)).toEqual({ line: 3, reason });
    }
    expect(checkRow(row(3, ' ', 'Ann', ''), HEADER, NOW)).toEqual({ line: 3, reason: 'no email address' });
  });

  it('is rejected when its fields do not line up with the header', () => {
    expect(checkRow(row(4, 'a@example.com'), HEADER, NOW)).toEqual({
      line: 4,
      reason: 'the row has 1 field where the header has 3',
    });
    expect(checkRow(row(4, 'a@example.com', 'Doe', ' John', ''), HEADER, NOW)).toEqual({
      line: 4,
      reason: 'the row has 4 fields where the header has 3',
    });
  });
});

describe('planning an import', () => {
  it('keeps the first row of each address, however cased, and reports the rest as duplicates', () => {
    const plan = planImport(
      [
        row(2, 'ann@example.com', 'Ann', ''),
        row(3, 'bad', '', ''),
        row(4, 'ANN@example.com', 'Ann again', ''),
        row(5, 'bob@example.com', '', ''),
      ],
      HEADER,
      NOW,
    );
    expect(plan.candidates.map((c) => c.line)).toEqual([2, 5]);
    expect(plan.rejected).toEqual([{ line: 3, reason: 'an email address needs an @ sign' }]);
    expect(plan.duplicates).toEqual([{ line: 4, firstLine: 2 }]);
  });
});

describe('deciding an import', () => {
  const address = normaliseAddress('ann@example.com');
  const candidate: ImportCandidate = {
    line: 2,
    address,
    ref: refFor(address),
    name: 'Ann',
    subscribedAt: '2024-01-01T00:00:00.000Z',
  };
  const existing = (status: SubscriberStatus, extra: Partial<Subscriber> = {}): Subscriber => ({
    id: candidate.ref.id,
    email: address.address,
    status,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    version: 3,
    ...extra,
  });
  const confirmed = { mode: 'confirmed' as const, source: 'import:list.csv' };
  const pending = { mode: 'pending' as const, source: 'import:list.csv' };

  it('leaves every known address alone, whatever its state and the mode', () => {
    for (const status of ['active', 'pending', 'unsubscribed', 'bounced', 'complained'] as const) {
      for (const options of [confirmed, pending]) {
        expect(decideImport(existing(status), undefined, candidate, NOW, options)).toEqual({
          result: 'known',
        });
      }
    }
  });

  it('leaves an address alone that an erasure suppressed, even with consent', () => {
    for (const reason of ['complained', 'bounced'] as const) {
      const mark = { reason, since: '2025-06-01T00:00:00.000Z' };
      expect(decideImport(undefined, mark, candidate, NOW, confirmed)).toEqual({ result: 'suppressed' });
    }
  });

  it('makes a new address active with --confirmed, naming the consent source', () => {
    expect(decideImport(undefined, undefined, candidate, NOW, confirmed)).toEqual({
      result: 'imported',
      next: {
        id: candidate.ref.id,
        email: 'ann@example.com',
        name: 'Ann',
        status: 'active',
        createdAt: '2024-01-01T00:00:00.000Z',
        confirmedAt: '2024-01-01T00:00:00.000Z',
        updatedAt: NOW.toISOString(),
        version: 1,
        importedAt: NOW.toISOString(),
        importedFrom: 'import:list.csv',
        consentSource: 'import:list.csv',
      },
    });
  });

  it('makes a new address pending otherwise, with the fields of a sign-up awaiting its confirmation', () => {
    const { result, next } = decideImport(
      undefined,
      undefined,
      { ...candidate, subscribedAt: undefined } as ImportCandidate,
      NOW,
      pending,
    );
    expect(result).toBe('imported');
    expect(next).toMatchObject({
      status: 'pending',
      createdAt: NOW.toISOString(),
      confirmationSentAt: NOW.toISOString(),
    });
    expect(next?.expiresAt).toBe(
      NOW.getTime() / 1000 + DEFAULT_POLICY.confirmTokenSeconds + DEFAULT_POLICY.pendingGraceSeconds,
    );
    expect(next).not.toHaveProperty('consentSource');
    expect(next).not.toHaveProperty('confirmedAt');
  });

  it('replaces a pending record whose sign-up lapsed, moving its version on', () => {
    const lapsed = existing('pending', { expiresAt: NOW.getTime() / 1000 - 1 });
    expect(decideImport(lapsed, undefined, candidate, NOW, confirmed)).toMatchObject({
      result: 'imported',
      next: { status: 'active', version: 4 },
    });
  });
});
