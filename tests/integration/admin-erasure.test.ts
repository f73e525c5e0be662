// `npm run admin -- subscribers show | delete EMAIL` after a real issue: show gives everything held about an
// address; delete leaves no item in the table that names the address or its subscriber id (a full scan checks),
// except the keyed hash that keeps a complained or bounced address from being mailed again, which the sign-up
// path honours.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createDocumentClient,
  DynamoSubscriberStore,
} from '../../functions/adapters/dynamo/subscriber-store.js';
import { SesMailer } from '../../functions/adapters/ses-mailer.js';
import { createSendingSesClient } from '../../functions/adapters/ses-send-client.js';
import { fileTemplates } from '../../functions/adapters/templates.js';
import { createConfirmationComposer } from '../../functions/email/confirmation-email.js';
import { mailboxIdFor } from '../../functions/subscribers/confirmation-quota.js';
import { requestSubscription } from '../../functions/subscribers/sign-up.js';
import { DEFAULT_POLICY, refFor } from '../../functions/subscribers/subscriber.js';
import { suppressionKeyFor } from '../../functions/subscribers/suppression.js';
import { ADMIN_SECRET, ADMIN_SITE, admin, scanTable } from '../helpers/admin.js';
import { ISSUE_PEOPLE, idOf, runMixedIssue } from '../helpers/admin-issue.js';
import { freshTable, useLocalDeliveries } from '../helpers/delivery-fixtures.js';

const local = useLocalDeliveries();
let table: string;
let issueId: string;
beforeEach(async () => {
  table = await freshTable();
  issueId = await runMixedIssue(local, table);
  await local.aws.clearMail();
});

const store = () => new DynamoSubscriberStore(createDocumentClient(), table);

/** Items whose text names the address (in any case) or its subscriber id. */
async function itemsNaming(email: string): Promise<Array<Record<string, unknown>>> {
  const id = idOf(email);
  return (await scanTable(table)).filter((item) => {
    const text = JSON.stringify(item).toLowerCase();
    return text.includes(email.toLowerCase()) || text.includes(id);
  });
}

async function signUp(email: string, now: Date) {
  const ses = createSendingSesClient();
  try {
    return await requestSubscription(
      {
        store: store(),
        mailer: new SesMailer(ses),
        from: 'Test Digest <digest@example.com>',
        siteUrl: ADMIN_SITE.siteUrl,
        tokenSecret: async () => ADMIN_SECRET,
        composeConfirmation: createConfirmationComposer(fileTemplates(), ADMIN_SITE, 48),
      },
      { email },
      now,
    );
  } finally {
    ses.destroy();
  }
}

describe('subscribers show', () => {
  it('gives the record and every issue sent to the address', async () => {
    const run = await admin(table, ['subscribers', 'show', 'Refused@Example.com']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^email {17}refused@example\.com\n/);
    expect(run.stdout).toContain(`subscriber id         ${idOf(ISSUE_PEOPLE.failed)}\n`);
    expect(run.stdout).toContain('status                active\n');
    expect(run.stdout).toContain('issues sent to them   1\n');
    expect(run.stdout).toMatch(new RegExp(`  \\S+  ${issueId}  failed \\(PermanentSendError: .*\\)  "`));
  });

  it('gives the same as JSON', async () => {
    const run = await admin(table, ['subscribers', 'show', ISSUE_PEOPLE.skipped, '--json']);

    expect(JSON.parse(run.stdout)).toMatchObject({
      email: ISSUE_PEOPLE.skipped,
      subscriber: { status: 'unsubscribed' },
      suppression: null,
      deliveries: [{ issueId, result: 'skipped', reason: 'unsubscribed' }],
    });
  });

  it('refuses in one line what is not an address, and says when nothing is held', async () => {
    expect(await admin(table, ['subscribers', 'show', 'nobody'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: not an email address: an email address needs an @ sign\n',
    });
    expect(await admin(table, ['subscribers', 'show', 'stranger@example.com'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: the test stack holds nothing about stranger@example.com\n',
    });
  });
});

describe('subscribers delete', () => {
  it('leaves no item naming the address or its id, and forgets someone who merely left', async () => {
    // prepare: they left after the issue, then signed up again (which counts an email in their mailbox's quota)
    expect((await signUp(ISSUE_PEOPLE.skipped, new Date())).result).toBe('send-confirmation');
    const mailbox = `MAILBOX#${mailboxIdFor(ISSUE_PEOPLE.skipped)}`;
    expect((await scanTable(table)).some((item) => item.pk === mailbox)).toBe(true);
    expect((await itemsNaming(ISSUE_PEOPLE.skipped)).length).toBeGreaterThan(1);

    // act
    const run = await admin(table, ['subscribers', 'delete', ISSUE_PEOPLE.skipped, '--yes']);

    // assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('record deleted (it was pending)');
    expect(run.stdout).toContain('send records deleted: 1; issue summaries cleared of their id: 1');
    expect(run.stdout).toContain("its mailbox's confirmation-email count deleted");
    expect(run.stdout).not.toContain('kept:');
    expect(await itemsNaming(ISSUE_PEOPLE.skipped)).toEqual([]);
    expect((await scanTable(table)).some((item) => item.pk === mailbox)).toBe(false);
    expect(await admin(table, ['subscribers', 'show', ISSUE_PEOPLE.skipped])).toMatchObject({ code: 1 });
    const issue = await admin(table, ['issues', 'show', issueId]);
    expect(issue.stdout).toContain('skipped (1):\n  (erased): unsubscribed\n');
    expect((await signUp(ISSUE_PEOPLE.skipped, new Date())).result).toBe('send-confirmation');
  });

  it('keeps only a keyed hash of a complainer, and the sign-up page then mails them nothing', async () => {
    // prepare
    const who = refFor({ address: ISSUE_PEOPLE.failed, local: 'refused', domain: 'example.com' });
    await store().markComplained(who, new Date());

    // act
    const run = await admin(table, ['subscribers', 'delete', ISSUE_PEOPLE.failed, '--yes']);

    // assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('record deleted (it was complained)');
    expect(run.stdout).toMatch(/kept: a keyed hash of the address, not the address, .*\(complained since /);
    expect(await itemsNaming(ISSUE_PEOPLE.failed)).toEqual([]);
    const key = suppressionKeyFor(ADMIN_SECRET, ISSUE_PEOPLE.failed);
    const kept = (await scanTable(table)).filter((item) => String(item.pk).startsWith('SUPPRESS#'));
    expect(kept).toEqual([
      {
        pk: `SUPPRESS#${key}`,
        sk: 'SUPPRESSION',
        key,
        reason: 'complained',
        since: expect.any(String),
        erasedAt: expect.any(String),
      },
    ]);
    const shown = await admin(table, ['subscribers', 'show', ISSUE_PEOPLE.failed]);
    expect(shown.stdout).toContain('record                none (erased, or never subscribed)\n');
    expect(shown.stdout).toMatch(
      new RegExp(`suppressed +complained since .*\\(kept as a keyed hash: item SUPPRESS#${key}\\)\n`),
    );
    expect((await signUp(ISSUE_PEOPLE.failed.toUpperCase(), new Date())).result).toBe('suppressed');
    expect(await local.aws.sentMail()).toEqual([]);
    expect(await store().get(idOf(ISSUE_PEOPLE.failed))).toBeUndefined();
  });

  it('lets an erased bounced address back only by a fresh double opt-in after the bounce cool-down', async () => {
    const who = refFor({ address: ISSUE_PEOPLE.sent, local: 'ann', domain: 'example.com' });
    const bounced = new Date();
    await store().markBounced(who, bounced);

    await admin(table, ['subscribers', 'delete', ISSUE_PEOPLE.sent, '--yes']);

    expect(await itemsNaming(ISSUE_PEOPLE.sent)).toEqual([]);
    expect((await signUp(ISSUE_PEOPLE.sent, bounced)).result).toBe('cooldown');
    const later = new Date(bounced.getTime() + (DEFAULT_POLICY.bouncedResendCooldownSeconds + 1) * 1000);
    expect((await signUp(ISSUE_PEOPLE.sent, later)).result).toBe('send-confirmation');
    expect((await store().get(idOf(ISSUE_PEOPLE.sent)))?.status).toBe('pending');
  });

  it('asks first on a terminal, and without one insists on --yes', async () => {
    const asked: string[] = [];
    const declined = await admin(table, ['subscribers', 'delete', ISSUE_PEOPLE.ambiguous], {
      confirm: async (question) => {
        asked.push(question);
        return false;
      },
    });
    const noTerminal = await admin(table, ['subscribers', 'delete', ISSUE_PEOPLE.ambiguous]);

    expect(asked).toEqual([
      'Erase stuck@example.com from the test stack: the record and every send record naming them? [y/N] ',
    ]);
    expect(declined).toEqual({ code: 1, stdout: '', stderr: 'error: nothing erased\n' });
    expect(noTerminal).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: add --yes to erase stuck@example.com (no terminal to ask on)\n',
    });
    expect((await itemsNaming(ISSUE_PEOPLE.ambiguous)).length).toBeGreaterThan(1);
  });

  it('can run again: nothing left, nothing kept twice', async () => {
    await admin(table, ['subscribers', 'delete', ISSUE_PEOPLE.ambiguous, '--yes']);

    const again = await admin(table, ['subscribers', 'delete', ISSUE_PEOPLE.ambiguous, '--yes', '--json']);

    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ sendRecords: 0, summaries: 0, stillSending: [] });
    expect(JSON.parse(again.stdout)).not.toHaveProperty('deletedStatus');
    expect(await itemsNaming(ISSUE_PEOPLE.ambiguous)).toEqual([]);
  });
});
