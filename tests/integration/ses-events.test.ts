// The ses-events Lambda on dynalite: SES bounce and complaint notifications (through SNS) suppress recipients;
// anything else is logged and skipped without a change; a DynamoDB failure is thrown so that the event is retried.
import type { SNSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  createDocumentClient,
  DynamoSubscriberStore,
} from '../../functions/adapters/dynamo/subscriber-store.js';
import { createSesEventsHandler } from '../../functions/handlers/ses-events/app.js';
import { normaliseAddress } from '../../functions/subscribers/address.js';
import { refFor } from '../../functions/subscribers/subscriber.js';
import { type LocalAws, useLocalAws } from '../helpers/local-aws.js';
import { scanTable, silentLogger } from './subscriptions-support.js';

let aws: LocalAws;
let store: DynamoSubscriberStore;
let handle: ReturnType<typeof createSesEventsHandler>;
const NOW = new Date('2026-04-01T08:00:00.000Z');
useLocalAws((started) => {
  aws = started;
  store = new DynamoSubscriberStore(createDocumentClient(), aws.tableName);
  handle = createSesEventsHandler({ store, logger: silentLogger(), clock: () => NOW });
});

function sns(...messages: unknown[]): SNSEvent {
  return {
    Records: messages.map((message, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:ses-events:sub',
      Sns: {
        Type: 'Notification',
        MessageId: `msg-${i}`,
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:ses-events',
        Subject: null as unknown as string,
        Message: typeof message === 'string' ? message : JSON.stringify(message),
        Timestamp: NOW.toISOString(),
        SignatureVersion: '1',
        Signature: 'x',
        SigningCertUrl: 'https://sns.example/cert.pem',
        UnsubscribeUrl: 'https://sns.example/unsubscribe',
        MessageAttributes: {},
      },
    })),
  };
}

const bounce = (type: 'Permanent' | 'Transient', address: string, timestamp = NOW.toISOString()) => ({
  eventType: 'Bounce',
  bounce: {
    bounceType: type,
    bounceSubType: type === 'Permanent' ? 'General' : 'MailboxFull',
    bouncedRecipients: [{ emailAddress: address, action: 'failed', status: '5.1.1' }],
    timestamp,
    feedbackId: 'feedback',
  },
  mail: { messageId: 'ses-message', destination: [address] },
});

const complaint = (address: string, feedbackType = 'abuse') => ({
  notificationType: 'Complaint',
  complaint: {
    complainedRecipients: [{ emailAddress: address }],
    timestamp: NOW.toISOString(),
    complaintFeedbackType: feedbackType,
  },
  mail: { messageId: 'ses-message', destination: [address] },
});

async function active(address: string) {
  const who = refFor(normaliseAddress(address));
  await store.subscribe(who, new Date('2026-03-01T00:00:00Z'));
  await store.confirm(who.id, new Date('2026-03-01T00:01:00Z'));
  return who;
}

describe('ses-events', () => {
  it('a permanent bounce makes an active subscriber bounced and takes them off the send list', async () => {
    const who = await active('hard@example.org');
    expect(await handle(sns(bounce('Permanent', 'hard@example.org')))).toEqual({ applied: 1, ignored: 0 });
    const stored = await store.get(who.id);
    expect(stored).toMatchObject({ status: 'bounced', bouncedAt: NOW.toISOString() });
    expect(stored).not.toHaveProperty('activePk');
  });

  it('a complaint (classic notification form) makes a subscriber complained at once', async () => {
    const who = await active('angry@example.org');
    await handle(sns(complaint('angry@example.org')));
    expect((await store.get(who.id))?.status).toBe('complained');
  });

  it('matches the recipient however SES cases it', async () => {
    const who = await active('cased@example.org');
    await handle(sns(bounce('Permanent', 'Cased@EXAMPLE.org')));
    expect((await store.get(who.id))?.status).toBe('bounced');
  });

  it('transient bounces are counted; the third in the window makes the address bounced', async () => {
    const who = await active('full@example.org');
    const day = (n: number) => new Date(NOW.getTime() + n * 86400_000).toISOString();
    await handle(sns(bounce('Transient', 'full@example.org', day(0))));
    await handle(sns(bounce('Transient', 'full@example.org', day(0)))); // SNS redelivery
    expect(await store.get(who.id)).toMatchObject({ status: 'active', softBounces: 1 });
    await handle(sns(bounce('Transient', 'full@example.org', day(1))));
    await handle(sns(bounce('Transient', 'full@example.org', day(2))));
    expect((await store.get(who.id))?.status).toBe('bounced');
  });

  it('a complaint about an address we do not know records it as complained', async () => {
    await handle(sns(complaint('stranger@example.org')));
    expect((await store.get(refFor(normaliseAddress('stranger@example.org')).id))?.status).toBe('complained');
  });

  it('a permanent bounce for an address we do not know records it as bounced, so a later sign-up is refused mail', async () => {
    await handle(sns(bounce('Permanent', 'ghost@example.org')));
    expect((await store.get(refFor(normaliseAddress('ghost@example.org')).id))?.status).toBe('bounced');
  });

  it('a bounce naming 1000 recipients applies to every one of them', async () => {
    const addresses = Array.from({ length: 1000 }, (_, i) => `crowd${i}@example.org`);
    const message = bounce('Permanent', addresses[0] as string);
    message.bounce.bouncedRecipients = addresses.map((emailAddress) => ({
      emailAddress,
      action: 'failed',
      status: '5.1.1',
    }));
    expect(await handle(sns(message))).toEqual({ applied: 1, ignored: 0 });
    for (const address of [addresses[0], addresses[499], addresses[999]] as string[]) {
      expect((await store.get(refFor(normaliseAddress(address)).id))?.status).toBe('bounced');
    }
  }, 60_000);

  it('a "not-spam" feedback report changes nothing', async () => {
    const who = await active('kind@example.org');
    await handle(sns(complaint('kind@example.org', 'not-spam')));
    expect((await store.get(who.id))?.status).toBe('active');
  });

  it.each([
    ['a delivery notification', { eventType: 'Delivery', delivery: { recipients: ['calm@example.org'] } }],
    ['an open event', { eventType: 'Open', open: {} }],
    ['text that is not JSON', 'Hello from SNS'],
    [
      'a bounce without recipients',
      { eventType: 'Bounce', bounce: { bounceType: 'Permanent', timestamp: 'x' } },
    ],
    [
      'a bounce of an unknown type',
      {
        ...bounce('Permanent', 'calm@example.org'),
        bounce: { ...bounce('Permanent', 'calm@example.org').bounce, bounceType: 'Soft' },
      },
    ],
  ])('%s is ignored and changes nothing', async (_what, message) => {
    await active('calm@example.org');
    const before = await scanTable(aws.tableName);
    expect(await handle(sns(message))).toEqual({ applied: 0, ignored: 1 });
    expect(await scanTable(aws.tableName)).toEqual(before);
  });

  it('an event that is not from SNS at all is ignored, not thrown', async () => {
    const before = await scanTable(aws.tableName);
    await expect(handle({ hello: 'world' } as unknown as SNSEvent)).resolves.toEqual({
      applied: 0,
      ignored: 1,
    });
    expect(await scanTable(aws.tableName)).toEqual(before);
  });

  it('a recipient address that is not valid is skipped; the others in the event still apply', async () => {
    const who = await active('valid@example.org');
    const message = bounce('Permanent', 'valid@example.org');
    message.bounce.bouncedRecipients.unshift({
      emailAddress: 'bad\r\naddress',
      action: 'failed',
      status: '5.1.1',
    });
    await handle(sns(message));
    expect((await store.get(who.id))?.status).toBe('bounced');
  });

  it('a DynamoDB failure is thrown, so that Lambda retries the event', async () => {
    const broken = createSesEventsHandler({
      store: new DynamoSubscriberStore(createDocumentClient(), 'no-such-table'),
      logger: silentLogger(),
    });
    await expect(broken(sns(bounce('Permanent', 'hard@example.org')))).rejects.toThrow();
  });

  it('the Lambda entry point reads TABLE_NAME and applies events', async () => {
    const who = await active('wired@example.org');
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    const { handler } = await import('../../functions/handlers/ses-events/handler.js');
    await handler(sns(complaint('wired@example.org')));
    expect((await store.get(who.id))?.status).toBe('complained');
  });
});
