// A whole issue through the real digest and deliver functions, dynalite and aws-ses-v2-local: every active
// subscriber gets exactly one email, nobody else gets any, and running it again sends nothing. Each test has a
// table of its own, so that none depends on what another left.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LocalDelivery } from '../../functions/cli/local-delivery.js';
import { RenderedEmailTooLargeError } from '../../functions/delivery/ports.js';
import type { SubscriberStatus } from '../../functions/subscribers/subscriber.js';
import {
  countBy,
  freshTable,
  recipientsOf,
  seed,
  subscriber,
  useLocalDeliveries,
} from '../helpers/delivery-fixtures.js';

const local = useLocalDeliveries();

const statuses: SubscriberStatus[] = [
  'active',
  'pending',
  'active',
  'unsubscribed',
  'bounced',
  'complained',
  'active',
];

/** A delivery over a new table holding 70 subscribers in every state; `active` are the active ones' addresses. */
async function setUp(): Promise<{ delivery: LocalDelivery; active: string[] }> {
  const delivery = local.open({ tableName: await freshTable(), recipientsPerMessage: 7 });
  const all = Array.from({ length: 70 }, (_, i) => subscriber(i, statuses[i % statuses.length]));
  await seed(delivery, all);
  return { delivery, active: all.filter((s) => s.status === 'active').map((s) => s.email) };
}

describe('a digest run', () => {
  it('sends one email to each active subscriber and none to anyone else', async () => {
    // prepare
    const { delivery, active } = await setUp();

    // act
    const run = await delivery.digest({ article: 'sample' });
    const drained = await delivery.queue.drain(delivery.deliver);

    // assess
    expect(run.status).toBe('enqueued');
    if (run.status !== 'enqueued') return;
    expect(run.recipients).toBe(active.length);
    expect(run.messages).toBeGreaterThan(1);
    expect(drained.deadLettered).toEqual([]);
    const got = countBy(await recipientsOf(local.aws));
    expect([...got.keys()].sort()).toEqual([...active].sort());
    expect([...got.values()].every((n) => n === 1)).toBe(true);
    const issue = await delivery.issues.get(run.issueId);
    expect(issue?.state).toBe('complete');
    expect(issue?.summary).toMatchObject({
      recipients: active.length,
      sent: active.length,
      failed: 0,
      ambiguous: 0,
    });
  });

  it('finds the issue already started when run again, and sends nothing', async () => {
    const { delivery, active } = await setUp();
    const first = await delivery.digest({ article: 'sample' });
    await delivery.queue.drain(delivery.deliver);
    expect(first.status).toBe('enqueued');
    const before = (await local.aws.sentMail()).length;

    const again = await delivery.digest({ article: 'sample' });
    await delivery.queue.drain(delivery.deliver);

    expect(again.status).toBe('already-started');
    if (again.status !== 'already-started') return;
    expect(again.summary.state).toBe('complete');
    expect(again.summary.sent).toBe(active.length);
    expect((await local.aws.sentMail()).length).toBe(before);
  });
});

describe('the issue log', () => {
  it('refuses an issue whose rendered email would not fit, and records nothing of it', async () => {
    const delivery = local.open({ tableName: await freshTable() });
    const huge = randomBytes(600_000).toString('base64');
    const issue = {
      issueId: 'huge-1',
      subject: 'Huge',
      article: 'x',
      forced: false,
      createdAt: new Date().toISOString(),
    };

    const begin = delivery.issues.begin(
      issue,
      { subject: 'Huge', preheader: '', html: huge, text: huge, unsubscribeSlot: '' },
      {
        owner: 'me',
        until: Date.now() + 60_000,
      },
    );

    await expect(begin).rejects.toThrow(RenderedEmailTooLargeError);
    expect(await delivery.issues.get('huge-1')).toBeUndefined();
    expect(await delivery.issues.getEmail('huge-1')).toBeUndefined();
  });

  it('keeps the first rendering of an issue when a later run renders it differently', async () => {
    const delivery = local.open({ tableName: await freshTable() });
    const issue = {
      issueId: 'twice-1',
      subject: 'Twice',
      article: 'x',
      forced: false,
      createdAt: new Date().toISOString(),
    };
    const lease = { owner: 'me', until: Date.now() + 60_000 };

    await delivery.issues.begin(
      issue,
      { subject: 'Twice', preheader: '', html: '<p>first</p>', text: 'first', unsubscribeSlot: '' },
      lease,
    );
    const again = await delivery.issues.begin(
      issue,
      { subject: 'Twice', preheader: '', html: '<p>second</p>', text: 'second', unsubscribeSlot: '' },
      lease,
    );

    expect(again.created).toBe(false);
    expect((await delivery.issues.getEmail('twice-1'))?.text).toBe('first');
  });
});
