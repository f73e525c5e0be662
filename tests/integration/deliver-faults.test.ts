// The faults delivery must survive, each against dynalite and aws-ses-v2-local with the real SDK clients (faults
// injected on the SES client only where the stand-in cannot produce them): SES throttling, a run killed between
// sends and resumed, a claim left without a result, the same queue message delivered twice, a subscriber who
// leaves during the run, permanent and unknown send errors. Always: nothing sent twice, nobody confirmed missed,
// every failure visible in the summary.
import { describe, expect, it } from 'vitest';
import { lambdaContext, sqsEvent } from '../../functions/adapters/queue/in-process.js';
import type { LocalDelivery, LocalDeliveryOptions } from '../../functions/cli/local-delivery.js';
import { summariseIssue } from '../../functions/delivery/summary.js';
import type { Subscriber } from '../../functions/subscribers/subscriber.js';
import {
  countBy,
  freshTable,
  injectSesFaults,
  issued,
  recipientsOf,
  seed,
  subscriber,
  throttling,
  useLocalDeliveries,
} from '../helpers/delivery-fixtures.js';

const local = useLocalDeliveries();

type Options = Partial<LocalDeliveryOptions>;

async function setUp(count: number, options: Options = {}) {
  const tableName = await freshTable();
  const open = (more: Options = {}) =>
    local.open({ tableName, recipientsPerMessage: 5, ...options, ...more });
  const delivery = open();
  const subscribers = Array.from({ length: count }, (_, i) => subscriber(i));
  await seed(delivery, subscribers);
  return { delivery, subscribers, open, tableName };
}

async function startIssue(delivery: LocalDelivery): Promise<string> {
  const run = issued(await delivery.digest({ article: 'sample' }));
  expect(run.status).toBe('enqueued');
  return run.issueId;
}

function emails(subscribers: readonly Subscriber[]): string[] {
  return subscribers.map((s) => s.email).sort();
}

async function expectEachOnce(expected: readonly string[]) {
  const got = countBy(await recipientsOf(local.aws));
  expect([...got.keys()].sort()).toEqual([...expected].sort());
  expect([...got.entries()].filter(([, n]) => n > 1)).toEqual([]);
}

describe('delivery under SES throttling', () => {
  it('retries throttled sends with backoff and sends each recipient once', async () => {
    const { delivery, subscribers } = await setUp(12);
    let throttles = 0;
    injectSesFaults(delivery.ses, (_to, call) => {
      if (call % 3 !== 0) return undefined;
      throttles++;
      return throttling();
    });
    const issueId = await startIssue(delivery);

    const drained = await delivery.queue.drain(delivery.deliver);

    expect(throttles).toBeGreaterThan(0);
    expect(drained.deadLettered).toEqual([]);
    await expectEachOnce(emails(subscribers));
    const summary = await summariseIssue(issueId, delivery, Date.now());
    expect(summary).toMatchObject({ sent: 12, failed: 0, ambiguous: 0, pending: 0, state: 'complete' });
  });

  it('releases the claim and lets the queue redeliver when SES keeps throttling', async () => {
    // Every send is throttled for a while: more than the two tries each recipient gets in one delivery.
    const { delivery, subscribers } = await setUp(6, { backoff: { attempts: 2, baseMs: 1, capMs: 2 } });
    injectSesFaults(delivery.ses, (_to, call) => (call <= 8 ? throttling() : undefined));
    const issueId = await startIssue(delivery);

    const drained = await delivery.queue.drain(delivery.deliver);

    expect(drained.redelivered).toBeGreaterThan(0);
    expect(drained.deadLettered).toEqual([]);
    await expectEachOnce(emails(subscribers));
    const summary = await summariseIssue(issueId, delivery, Date.now());
    expect(summary).toMatchObject({ sent: 6, failed: 0, ambiguous: 0, pending: 0 });
  });
});

describe('a run killed part way and resumed', () => {
  it('sends everyone not yet sent, never resends, and reports the email caught mid-send as ambiguous', async () => {
    const { delivery, subscribers, open } = await setUp(40, { recipientsPerMessage: 50 });
    const issueId = await startIssue(delivery);
    const messages = delivery.queue.peek();
    const largest = [...messages].sort((a, b) => b.body.length - a.body.length)[0] as (typeof messages)[0];
    const k = 2;
    // The process dies during send k+1 of its one message, after SES accepted it and before the result was recorded;
    // a dead process sends nothing more.
    injectSesFaults(delivery.ses, (_to, call) =>
      call === k + 1 ? 'hang-after-send' : call > k + 1 ? 'hang' : undefined,
    );
    void delivery.deliver(sqsEvent([largest]), lambdaContext());
    await expect.poll(async () => (await local.aws.sentMail()).length, { timeout: 10_000 }).toBe(k + 1);

    // A new process resumes with every queue message; the dead process's claim is now orphaned.
    const resumed = open({ orphanedBefore: () => Date.now() });
    await resumed.queue.send(messages.map((m) => JSON.parse(m.body)));
    const drained = await resumed.queue.drain(resumed.deliver);

    expect(drained.deadLettered).toEqual([]);
    await expectEachOnce(emails(subscribers));
    const summary = await summariseIssue(issueId, resumed, Date.now());
    expect(summary).toMatchObject({ sent: 39, ambiguous: 1, failed: 0, pending: 0, inFlight: 0 });
    expect(summary?.ambiguousRecipients[0]?.reason).toMatch(/not resent/);
  });

  it('reports a claim without a result as ambiguous and does not send it', async () => {
    const { delivery, subscribers } = await setUp(3);
    const issueId = await startIssue(delivery);
    const victim = subscribers[1] as Subscriber;
    // A sender claimed this recipient an hour ago and never recorded a result.
    await delivery.sends.claim(issueId, victim.id, 'dead-sender', Date.now() - 3_600_000);

    await delivery.queue.drain(delivery.deliver);

    await expectEachOnce(emails(subscribers.filter((s) => s !== victim)));
    const summary = await summariseIssue(issueId, delivery, Date.now());
    expect(summary).toMatchObject({ sent: 2, ambiguous: 1, pending: 0 });
    expect(summary?.ambiguousRecipients.map((r) => r.subscriberId)).toEqual([victim.id]);
  });

  it('leaves a recipient claimed moments ago by a running sender alone, and retries the message later', async () => {
    const { delivery, subscribers } = await setUp(12);
    const issueId = await startIssue(delivery);
    const busy = subscribers[0] as Subscriber;
    await delivery.sends.claim(issueId, busy.id, 'running-sender', Date.now());
    const message = delivery.queue.peek().find((m) => m.body.includes(busy.id));

    const event = sqsEvent([message as { messageId: string; body: string }]);

    // Its only message fails (a whole batch failing is a Lambda error), so the queue will deliver it again.
    await expect(delivery.deliver(event, lambdaContext())).rejects.toThrow(/failed processing/);
    // The running sender finishes; the redelivery then finds everyone done or sends the rest.
    await delivery.sends.finish(
      issueId,
      busy.id,
      'running-sender',
      { result: 'sent', messageId: 'm-1' },
      Date.now(),
    );
    const second = await delivery.deliver(event, lambdaContext());

    expect(second.batchItemFailures).toHaveLength(0);
    const inMessage = subscribers.filter((s) => s !== busy && message?.body.includes(`"${s.id}"`));
    await expectEachOnce(emails(inMessage));
  });
});

describe('an invocation running out of time', () => {
  it('claims and sends nothing it may not finish, and leaves the message for redelivery', async () => {
    const { delivery, subscribers } = await setUp(4, { recipientsPerMessage: 50 });
    const issueId = await startIssue(delivery);
    const event = sqsEvent(delivery.queue.peek());

    // Less time left than a send and its record may take.
    await expect(delivery.deliver(event, lambdaContext(5_000))).rejects.toThrow(/failed processing/);

    expect(await local.aws.sentMail()).toEqual([]);
    expect(await summariseIssue(issueId, delivery, Date.now())).toMatchObject({ pending: 4, inFlight: 0 });
    await delivery.deliver(event, lambdaContext());
    await expectEachOnce(emails(subscribers));
  });
});

describe('duplicate queue deliveries', () => {
  it('sends nothing more when the same message is delivered again', async () => {
    const { delivery, subscribers } = await setUp(5);
    await startIssue(delivery);
    const event = sqsEvent(delivery.queue.peek());

    await delivery.deliver(event, lambdaContext());
    const again = await delivery.deliver(event, lambdaContext());

    expect(again.batchItemFailures).toEqual([]);
    await expectEachOnce(emails(subscribers));
  });

  it('sends once when two deliveries of the same message run at the same time', async () => {
    const { delivery, subscribers } = await setUp(10, { recipientsPerMessage: 10 });
    await startIssue(delivery);
    const event = sqsEvent(delivery.queue.peek());

    // Where one delivery meets a claim the other holds, it fails that message (a whole batch failing throws, as a
    // Lambda error) so the queue redelivers it, instead of sending.
    const results = await Promise.allSettled([
      delivery.deliver(event, lambdaContext()),
      delivery.deliver(event, lambdaContext()),
    ]);
    await delivery.queue.drain(delivery.deliver);

    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    await expectEachOnce(emails(subscribers));
  });
});

describe('subscribers who leave during the run', () => {
  it('are skipped, and listed as skipped in the summary', async () => {
    const { delivery, subscribers } = await setUp(6);
    const issueId = await startIssue(delivery);
    const leaving = [subscribers[2], subscribers[4]] as Subscriber[];
    await seed(
      delivery,
      leaving.map((s) => ({
        ...s,
        status: 'unsubscribed' as const,
        unsubscribedAt: new Date().toISOString(),
      })),
    );

    await delivery.queue.drain(delivery.deliver);

    await expectEachOnce(emails(subscribers.filter((s) => !leaving.includes(s))));
    const summary = await summariseIssue(issueId, delivery, Date.now());
    expect(summary).toMatchObject({ sent: 4, skipped: 2, pending: 0, state: 'complete' });
    expect(summary?.skippedRecipients.map((r) => r.subscriberId).sort()).toEqual(
      leaving.map((s) => s.id).sort(),
    );
    expect(summary?.skippedRecipients.every((r) => r.reason === 'unsubscribed')).toBe(true);
  });
});

describe('send errors', () => {
  it('records a permanent refusal as failed, with the reason, and does not retry it', async () => {
    const { delivery, subscribers } = await setUp(4);
    const refused = subscribers[3] as Subscriber;
    let refusals = 0;
    injectSesFaults(delivery.ses, (to) => {
      if (to !== refused.email) return undefined;
      refusals++;
      // SES's sandbox wording, which quotes the address: it must reach neither the logs nor the records in clear.
      const text = `Email address is not verified. The following identities failed the check in region US-EAST-1: ${to}`;
      return Object.assign(new Error(text), {
        name: 'MessageRejected',
        $fault: 'client',
      });
    });
    const issueId = await startIssue(delivery);

    await delivery.queue.drain(delivery.deliver);

    expect(refusals).toBe(1);
    await expectEachOnce(emails(subscribers.filter((s) => s !== refused)));
    const summary = await summariseIssue(issueId, delivery, Date.now());
    expect(summary).toMatchObject({ sent: 3, failed: 1, pending: 0, state: 'complete' });
    expect(summary?.failedRecipients[0]).toMatchObject({ subscriberId: refused.id });
    expect(summary?.failedRecipients[0]?.reason).toMatch(/not verified/);
    expect(summary?.failedRecipients[0]?.reason).not.toContain(refused.email);
    const issue = await delivery.issues.get(issueId);
    expect(issue?.summary?.failedRecipients.map((r) => r.subscriberId)).toEqual([refused.id]);
  });

  it('records an error after which SES may have accepted the email as ambiguous, and never resends it', async () => {
    const { delivery, subscribers } = await setUp(4);
    const unknown = subscribers[0] as Subscriber;
    let attempts = 0;
    injectSesFaults(delivery.ses, (to) => {
      if (to !== unknown.email) return undefined;
      attempts++;
      return Object.assign(new Error('socket hang up'), { name: 'Error', code: 'ECONNRESET' });
    });
    const issueId = await startIssue(delivery);

    await delivery.queue.drain(delivery.deliver);

    expect(attempts).toBe(1);
    const summary = await summariseIssue(issueId, delivery, Date.now());
    expect(summary).toMatchObject({ sent: 3, ambiguous: 1, pending: 0 });
    expect(summary?.ambiguousRecipients[0]).toMatchObject({ subscriberId: unknown.id });
  });
});
