// `npm run admin -- subscribers import` against dynalite and aws-ses-v2-local: rows checked by the sign-up rules,
// new addresses pending with a confirmation that works (or active with --confirmed), known and suppressed
// addresses left alone, a second run importing nothing, and every bad file refused whole in one line.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoSubscriberAdmin } from '../../functions/adapters/dynamo/subscriber-admin.js';
import {
  createDocumentClient,
  DynamoSubscriberStore,
} from '../../functions/adapters/dynamo/subscriber-store.js';
import { SesMailer } from '../../functions/adapters/ses-mailer.js';
import { createSendingSesClient } from '../../functions/adapters/ses-send-client.js';
import { fileTemplates } from '../../functions/adapters/templates.js';
import { runAdmin } from '../../functions/cli/admin/program.js';
import { createConfirmationComposer } from '../../functions/email/confirmation-email.js';
import { PermanentSendError, ThrottledError } from '../../functions/email/mail.js';
import { normaliseAddress } from '../../functions/subscribers/address.js';
import { type ImportStore, importSubscribers } from '../../functions/subscribers/import.js';
import { parseImportText } from '../../functions/subscribers/import-file.js';
import { planImport } from '../../functions/subscribers/import-rules.js';
import { confirmSubscription, requestSubscription } from '../../functions/subscribers/sign-up.js';
import { refFor, type Subscriber, type SubscriberStatus } from '../../functions/subscribers/subscriber.js';
import { suppressionKeyFor } from '../../functions/subscribers/suppression.js';
import { ADMIN_SECRET, ADMIN_SITE, admin, collector, scanTable, testTarget } from '../helpers/admin.js';
import { freshTable } from '../helpers/delivery-fixtures.js';
import { type LocalAws, useLocalAws } from '../helpers/local-aws.js';

let aws: LocalAws;
useLocalAws((started) => {
  aws = started;
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'admin-import-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

let table: string;
beforeEach(async () => {
  table = await freshTable();
  await aws.clearMail();
});

let files = 0;
function csv(text: string, name?: string): string {
  const path = join(dir, name ?? `list-${files++}.csv`);
  writeFileSync(path, text);
  return path;
}

const idOf = (email: string) => refFor(normaliseAddress(email)).id;
const store = () => new DynamoSubscriberStore(createDocumentClient(), table);

async function seed(
  email: string,
  status: SubscriberStatus,
  extra: Partial<Subscriber> = {},
): Promise<Subscriber> {
  const at = '2025-01-01T00:00:00.000Z';
  const s: Subscriber = {
    id: idOf(email),
    email,
    status,
    createdAt: at,
    updatedAt: at,
    version: 2,
    ...extra,
  };
  await store().putSubscriber(s);
  return s;
}

const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown> & { imported: number };

describe('an import of a CSV file', () => {
  it('imports good rows as pending, mails each a confirmation that works, and reports every bad row by line', async () => {
    // prepare
    const file = csv(
      [
        'email,name,subscribed_at',
        'ann@example.com,Ann,2024-01-02',
        'not-an-address,Nobody,',
        'bob@example.com,"Bob\r\nBcc: eve@example.com",',
        'carol@example.com,<b>Carol</b>,',
        'dave@example.com,Dave,2024-02-31',
        'ANN@example.com,Ann again,',
        'erin@example.com,,',
        '',
      ].join('\n'),
    );

    // act
    const run = await admin(table, ['subscribers', 'import', file]);

    // assess
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Imported: 2 as pending, each sent a confirmation email');
    expect(run.stdout).toContain('  line 3: an email address needs an @ sign');
    expect(run.stdout).toContain('  line 4: the name contains a line break or other control character');
    expect(run.stdout).toContain('  line 6: the name contains < or > (markup is not accepted in a name)');
    expect(run.stdout).toMatch(/ {2}line 7: subscribed_at must be a date .*not a day of the calendar/);
    expect(run.stdout).toContain('  line 8: the same address as line 2');
    expect(run.stdout).not.toMatch(/bob@|carol@|eve@/);
    const ann = await store().get(idOf('ann@example.com'));
    expect(ann).toMatchObject({
      status: 'pending',
      name: 'Ann',
      createdAt: '2024-01-02T00:00:00.000Z',
      importedFrom: `import:${file.split('/').at(-1)}`,
    });
    expect(ann).not.toHaveProperty('consentSource');
    const mail = await aws.sentMail();
    expect(mail.map((m) => m.destination.to[0]).sort()).toEqual(['ann@example.com', 'erin@example.com']);
    const link = /https:\/\/news\.example\.com\/confirm\?token=([A-Za-z0-9._%-]+)/.exec(
      mail.find((m) => m.destination.to[0] === 'ann@example.com')?.body.text ?? '',
    );
    expect(link?.[1]).toBeDefined();
    const confirmed = await confirmSubscription(
      { store: store(), tokenSecret: async () => ADMIN_SECRET },
      decodeURIComponent(link?.[1] ?? ''),
      new Date(),
    );
    expect(confirmed.result).toBe('confirmed');
    expect((await store().get(idOf('ann@example.com')))?.status).toBe('active');
  });

  it('makes them active with --confirmed, recording the file as the consent source, and mails nobody', async () => {
    const file = csv('Email;Name\nann@example.com;Ann\n', 'consented.csv');

    const run = await admin(table, ['subscribers', 'import', file, '--confirmed']);

    expect(run.code).toBe(0);
    expect(await store().get(idOf('ann@example.com'))).toMatchObject({
      status: 'active',
      consentSource: 'import:consented.csv',
    });
    expect(await aws.sentMail()).toEqual([]);
    const active = await store().listActive(
      (await import('../../functions/adapters/dynamo/subscriber-store.js')).shardOf(idOf('ann@example.com')),
    );
    expect(active.subscribers.map((s) => s.email)).toContain('ann@example.com');
  });

  it('never changes a known address, in any state, and a second run imports nothing', async () => {
    // prepare
    const states: SubscriberStatus[] = ['active', 'pending', 'unsubscribed', 'bounced', 'complained'];
    const seeded = await Promise.all(states.map((s) => seed(`${s}@example.com`, s)));
    const file = csv(
      `email\n${states.map((s) => `${s.toUpperCase()}@example.com`).join('\n')}\nnew@example.com\n`,
    );

    // act
    const first = json((await admin(table, ['subscribers', 'import', file, '--confirmed', '--json'])).stdout);
    const before = await scanTable(table);
    const second = json(
      (await admin(table, ['subscribers', 'import', file, '--confirmed', '--json'])).stdout,
    );

    // assess
    expect(first).toMatchObject({
      imported: 1,
      knownTotal: 5,
      known: { active: 1, pending: 1, unsubscribed: 1, bounced: 1, complained: 1 },
    });
    for (const s of seeded) expect(await store().get(s.id)).toEqual(s);
    expect(second).toMatchObject({ imported: 0, knownTotal: 6, rejected: [], failed: [] });
    expect(await scanTable(table)).toEqual(before);
  });

  it('leaves alone an address whose erasure kept a suppression, even with --confirmed', async () => {
    const admins = new DynamoSubscriberAdmin(createDocumentClient(), table);
    await admins.putSuppression({
      key: suppressionKeyFor(ADMIN_SECRET, 'gone@example.com'),
      reason: 'complained',
      since: '2025-01-01T00:00:00.000Z',
      erasedAt: '2025-02-01T00:00:00.000Z',
    });
    const file = csv('email\nGone@example.com\n');

    const run = await admin(table, ['subscribers', 'import', file, '--confirmed']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Suppressed (erased after a complaint or bounce), left alone: 1 (lines 2)');
    expect(await store().get(idOf('gone@example.com'))).toBeUndefined();
  });

  it('never overwrites a sign-up that lands between its read and its write', async () => {
    // prepare: the store signs the person up through the real sign-up path just before the import's write
    const admins = new DynamoSubscriberAdmin(createDocumentClient(), table);
    const ses = createSendingSesClient();
    const mailer = new SesMailer(ses);
    const signUpFirst = {
      async create(next: Subscriber, expected: Subscriber | undefined) {
        await requestSubscription(
          {
            store: store(),
            mailer,
            from: 'Test <digest@example.com>',
            siteUrl: ADMIN_SITE.siteUrl,
            tokenSecret: async () => ADMIN_SECRET,
            composeConfirmation: createConfirmationComposer(fileTemplates(), ADMIN_SITE, 48),
          },
          { email: next.email },
          new Date(),
        );
        return admins.create(next, expected);
      },
    };
    const racing: ImportStore = Object.assign(Object.create(admins) as DynamoSubscriberAdmin, signUpFirst);
    const parsed = parseImportText('email,name\nrace@example.com,Imported Name\n', 'f');

    // act
    const report = await importSubscribers(
      { store: racing, tokenSecret: ADMIN_SECRET },
      planImport(parsed.rows, parsed.header, new Date()),
      { mode: 'confirmed', source: 'import:f' },
      new Date(),
    );
    ses.destroy();

    // assess: the sign-up's pending record stands, untouched by the import
    expect(report).toMatchObject({ imported: 0, knownTotal: 1 });
    const record = await store().get(idOf('race@example.com'));
    expect(record).toMatchObject({ status: 'pending', version: 1 });
    expect(record).not.toHaveProperty('name');
  });

  it('retries a throttled confirmation, and withdraws a row whose email SES refuses, so a re-run retries it', async () => {
    // prepare
    const file = csv('email\nslow@example.com\nrefused@example.com\nfine@example.com\n');
    let throttled = 0;
    let refuse = true;
    const wrapMailer = (inner: SesMailer | { send: SesMailer['send'] }) => ({
      async send(message: Parameters<SesMailer['send']>[0]) {
        if (message.to === 'slow@example.com' && throttled < 2) {
          throttled++;
          throw new ThrottledError('Maximum sending rate exceeded.');
        }
        if (message.to === 'refused@example.com' && refuse) {
          throw new PermanentSendError('Email address is not verified: refused@example.com');
        }
        return inner.send(message);
      },
    });

    // act
    const first = await admin(table, ['subscribers', 'import', file, '--json'], { wrapMailer });
    refuse = false;
    const second = await admin(table, ['subscribers', 'import', file, '--json'], { wrapMailer });

    // assess
    expect(first.code).toBe(3);
    expect(json(first.stdout)).toMatchObject({
      imported: 2,
      failed: [
        {
          line: 3,
          reason: expect.stringMatching(
            /^confirmation email not sent: PermanentSendError: .*r\*\*\*@e\*\*\*\.com/,
          ),
        },
      ],
    });
    expect(throttled).toBe(2);
    expect(json(second.stdout)).toMatchObject({ imported: 1, knownTotal: 2, failed: [] });
    expect((await store().get(idOf('refused@example.com')))?.status).toBe('pending');
    expect((await aws.sentMail()).map((m) => m.destination.to[0]).sort()).toEqual([
      'fine@example.com',
      'refused@example.com',
      'slow@example.com',
    ]);
  });

  it('holds back what the mailbox quota would not send now, as a sign-up would be, for a later run', async () => {
    const file = csv('email\njane+news@gmail.com\nJane.Doe+other@googlemail.com\njanedoe@gmail.com\n');

    const run = await admin(table, ['subscribers', 'import', file, '--json']);

    // assess: one of the two rows for the mailbox janedoe@gmail.com (lines 3 and 4, written in parallel) waits
    expect(run.code).toBe(3);
    const report = json(run.stdout) as unknown as {
      imported: number;
      deferred: Array<{ line: number; reason: string }>;
    };
    expect(report.imported).toBe(2);
    expect(report.deferred).toEqual([{ line: expect.any(Number), reason: 'backoff' }]);
    const held = report.deferred[0]?.line === 3 ? 'Jane.Doe+other@googlemail.com' : 'janedoe@gmail.com';
    expect([3, 4]).toContain(report.deferred[0]?.line);
    expect(await store().get(idOf(held))).toBeUndefined();
    expect(await aws.sentMail()).toHaveLength(2);
  });

  it('dates each row by its own write, so a long paced import gives every link its full lifetime', async () => {
    // prepare: a clock that moves an hour per row
    const admins = new DynamoSubscriberAdmin(createDocumentClient(), table);
    const ses = createSendingSesClient();
    const start = new Date('2026-03-01T00:00:00.000Z');
    let ticks = 0;
    const parsed = parseImportText('email\nfirst@example.com\nsecond@example.com\n', 'f');

    // act
    await importSubscribers(
      {
        store: admins,
        tokenSecret: ADMIN_SECRET,
        mailer: new SesMailer(ses),
        from: 'Test <digest@example.com>',
        siteUrl: ADMIN_SITE.siteUrl,
        composeConfirmation: createConfirmationComposer(fileTemplates(), ADMIN_SITE, 48),
        concurrency: 1,
        clock: () => new Date(start.getTime() + 3600_000 * ticks++),
      },
      planImport(parsed.rows, parsed.header, start),
      { mode: 'pending', source: 'import:f' },
      start,
    );
    ses.destroy();

    // assess
    const sentAt = await Promise.all(
      ['first@example.com', 'second@example.com'].map(
        async (e) => (await store().get(idOf(e)))?.confirmationSentAt,
      ),
    );
    expect(sentAt.sort()).toEqual(['2026-03-01T00:00:00.000Z', '2026-03-01T01:00:00.000Z']);
  });

  it('shows a progress bar on a terminal, and keeps the report on standard output', async () => {
    const file = csv(`email\n${Array.from({ length: 120 }, (_, i) => `p${i}@example.com`).join('\n')}\n`);
    const stdout = collector();
    const stderr = collector(true);

    const code = await runAdmin(
      ['--local', 'subscribers', 'import', file, '--confirmed'],
      { stdout, stderr },
      {
        openTarget: async () => testTarget(table),
      },
    );

    expect(code).toBe(0);
    expect(stderr.text).toMatch(/Importing .* 120\/120 rows \| imported 120/);
    expect(stdout.text).toContain('Imported: 120 as active');
  });

  it('stops on Ctrl+C: rows in flight finish, and the report says what was imported', async () => {
    // prepare: interrupted once the first confirmation is on its way
    const file = csv(`email\n${Array.from({ length: 200 }, (_, i) => `i${i}@example.com`).join('\n')}\n`);
    const interrupt = new AbortController();
    const wrapMailer = (inner: { send: SesMailer['send'] }) => ({
      async send(message: Parameters<SesMailer['send']>[0]) {
        interrupt.abort();
        return inner.send(message);
      },
    });

    // act
    const run = await admin(table, ['subscribers', 'import', file], {
      wrapMailer,
      deps: { signal: interrupt.signal },
    });

    // assess: everything written is reported imported and was mailed; the rest is untouched
    expect(run.code).toBe(1);
    const imported = Number(/Imported: (\d+) /.exec(run.stdout)?.[1]);
    expect(imported).toBeGreaterThan(0);
    expect(imported).toBeLessThan(200);
    expect(run.stdout).toContain(`Not tried (the import stopped): ${200 - imported}`);
    expect(run.stderr).toBe(
      `error: import interrupted after ${imported} imported; ${200 - imported} rows not tried: run it again to import the rest\n`,
    );
    expect((await scanTable(table)).filter((i) => String(i.pk).startsWith('SUB#'))).toHaveLength(imported);
    expect(await aws.sentMail()).toHaveLength(imported);
  });

  it('stops when the table keeps failing, and says how far it got', async () => {
    const file = csv(`email\n${Array.from({ length: 30 }, (_, i) => `r${i}@example.com`).join('\n')}\n`);

    const run = await admin('no-such-table', ['subscribers', 'import', file]);

    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^error: import stopped after 0 imported: .*ResourceNotFoundException.*run it again/,
    );
    expect(run.stdout).toMatch(/Failed \(nothing kept; run the import again to retry them\): \d+/);
  });
});

describe('a file that cannot be imported', () => {
  const refused = async (path: string) => {
    const run = await admin(table, ['subscribers', 'import', path]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(await scanTable(table)).toEqual([]);
    return run.stderr.trim();
  };

  it('is refused in one line, with nothing written: missing, a directory, no email column, binary, malformed', async () => {
    expect(await refused(join(dir, 'missing.csv'))).toBe(
      `error: cannot read ${join(dir, 'missing.csv')}: no such file`,
    );
    expect(await refused(dir)).toBe(`error: cannot read ${dir}: it is a directory`);
    expect(await refused(csv('name,mail\nAnn,ann@example.com\n'))).toMatch(/has no email column/);
    expect(await refused(csv('\u0000PK\u0003\u0004binary'))).toMatch(
      /is not a CSV text file \(it holds binary data\)$/,
    );
    expect(await refused(csv('email\nann@example.com\n"bob@example.com\ncarol@example.com\n'))).toMatch(
      /is not valid CSV: line 3: a quoted field opened there never closes; nothing was imported$/,
    );
  });

  it('is refused above 50 MB before it is read', async () => {
    const path = join(dir, 'huge.csv');
    writeFileSync(path, 'email\n');
    truncateSync(path, 100 * 1024 * 1024); // sparse: takes no disk space

    expect(await refused(path)).toBe(
      `error: ${path} is 100 MB; an import takes at most 50 MB (split the file)`,
    );
  });
});
