// `npm run admin -- subscribers export [--format csv|json]`: everyone in every state with their dates, as CSV
// (csv-stringify) that imports back as it is, or as exact JSON.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDocumentClient,
  DynamoSubscriberStore,
} from '../../functions/adapters/dynamo/subscriber-store.js';
import { EXPORT_COLUMNS } from '../../functions/cli/admin/export-command.js';
import type { Subscriber, SubscriberStatus } from '../../functions/subscribers/subscriber.js';
import { admin, scanTable } from '../helpers/admin.js';
import { idOf } from '../helpers/admin-issue.js';
import { freshTable } from '../helpers/delivery-fixtures.js';
import { useLocalAws } from '../helpers/local-aws.js';

useLocalAws(() => undefined);

let dir: string;
let table: string;
const STATES: SubscriberStatus[] = ['active', 'pending', 'unsubscribed', 'bounced', 'complained'];
const people: Subscriber[] = STATES.map((status, i) => ({
  id: idOf(`${status}@example.com`),
  email: `${status}@example.com`,
  status,
  name: i === 0 ? '=HYPERLINK("http://evil.example")' : `Person, ${status}`,
  createdAt: `2024-0${i + 1}-01T00:00:00.000Z`,
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...(status !== 'pending' ? { confirmedAt: '2024-06-01T00:00:00.000Z' } : {}),
  ...(status === 'unsubscribed' ? { unsubscribedAt: '2024-07-01T00:00:00.000Z' } : {}),
  ...(status === 'bounced' ? { bouncedAt: '2024-08-01T00:00:00.000Z' } : {}),
  ...(status === 'complained' ? { complainedAt: '2024-09-01T00:00:00.000Z' } : {}),
}));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'admin-export-'));
  table = await freshTable();
  const store = new DynamoSubscriberStore(createDocumentClient(), table);
  for (const p of people) await store.putSubscriber(p);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('subscribers export', () => {
  it('writes everyone as CSV with their state and dates', async () => {
    const run = await admin(table, ['subscribers', 'export']);

    expect(run.code).toBe(0);
    const rows = parse(run.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0] ?? {})).toEqual([...EXPORT_COLUMNS]);
    expect(rows.map((r) => r.email).sort()).toEqual(people.map((p) => p.email).sort());
    expect(rows.find((r) => r.email === 'complained@example.com')).toMatchObject({
      status: 'complained',
      name: 'Person, complained',
      subscribed_at: '2024-05-01T00:00:00.000Z',
      complained_at: '2024-09-01T00:00:00.000Z',
      unsubscribed_at: '',
    });
  });

  it('defuses a cell a spreadsheet would run as a formula', async () => {
    const run = await admin(table, ['subscribers', 'export']);

    const rows = parse(run.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows.find((r) => r.email === 'active@example.com')?.name).toBe(
      `'=HYPERLINK("http://evil.example")`,
    );
  });

  it('writes exact JSON', async () => {
    const run = await admin(table, ['subscribers', 'export', '--format', 'json']);

    const rows = JSON.parse(run.stdout) as Array<Record<string, string>>;
    expect(rows).toHaveLength(people.length);
    expect(rows.find((r) => r.email === 'active@example.com')?.name).toBe(
      '=HYPERLINK("http://evil.example")',
    );
  });

  it('imports back as it is: every address already known, nothing changed', async () => {
    const file = join(dir, 'export.csv');
    writeFileSync(file, (await admin(table, ['subscribers', 'export'])).stdout);
    const before = await scanTable(table);

    const run = await admin(table, ['subscribers', 'import', file, '--confirmed', '--json']);

    expect(JSON.parse(run.stdout)).toMatchObject({ imported: 0, knownTotal: people.length, rejected: [] });
    expect(await scanTable(table)).toEqual(before);
  });

  it('writes the header alone, or an empty list, when there is nobody', async () => {
    const empty = await freshTable();

    expect((await admin(empty, ['subscribers', 'export'])).stdout).toBe(`${EXPORT_COLUMNS.join(',')}\n`);
    expect((await admin(empty, ['subscribers', 'export', '--format', 'json'])).stdout).toBe('[]\n');
  });

  it('refuses a format it does not know', async () => {
    const run = await admin(table, ['subscribers', 'export', '--format', 'xml']);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^error: option '--format <format>' argument 'xml' is invalid\. Allowed choices are csv, json\.\n$/,
    );
  });
});
