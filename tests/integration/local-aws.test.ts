// Proves the local stand-ins work with the real SDK clients: a table is created in dynalite and a raw
// message sent through our SES mailer arrives in aws-ses-v2-local's store.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createSesClient, SesMailer } from '../../functions/adapters/ses-mailer.js';
import {
  isDataLocked,
  LocalDirError,
  PortInUseError,
  startLocalStack,
} from '../../functions/cli/local-stack.js';
import { type LocalAws, useLocalAws } from '../helpers/local-aws.js';

let aws: LocalAws;
useLocalAws((started) => {
  aws = started;
});

describe('local AWS stand-ins', () => {
  it('create the table with its sparse active index', async () => {
    const ddb = new DynamoDBClient({});
    const out = await ddb.send(new DescribeTableCommand({ TableName: aws.tableName }));
    expect(out.Table?.GlobalSecondaryIndexes?.[0]?.IndexName).toBe('active');
    ddb.destroy();
  });

  it('deliver a raw MIME message sent through the SES mailer', async () => {
    const mailer = new SesMailer(createSesClient());
    const result = await mailer.send({
      from: 'Digest <digest@example.com>',
      to: 'reader@example.org',
      subject: 'Hello from the test',
      html: '<p>Hello <b>reader</b></p>',
      text: 'Hello reader',
      headers: { 'List-Unsubscribe': '<https://example.com/unsubscribe?token=abc>' },
    });
    expect(result.messageId).not.toBe('');
    const mail = await aws.sentMail();
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe('Hello from the test');
    expect(mail[0]?.destination.to).toContain('reader@example.org');
    expect(mail[0]?.body.text).toContain('Hello reader');
  });

  it('refuse a header value with a line break before anything is sent', async () => {
    const mailer = new SesMailer(createSesClient());
    await expect(
      mailer.send({
        from: 'a@example.com',
        to: 'b@example.com',
        subject: 'x\r\nBcc: evil@example.com',
        html: '',
        text: '',
      }),
    ).rejects.toThrow(/line break/);
  });

  it('report a taken SES port as PortInUseError instead of starting half a stack', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      await expect(startLocalStack({ sesPort: port })).rejects.toBeInstanceOf(PortInUseError);
    } finally {
      blocker.close();
    }
  });

  it('keep a data folder to one process: a second stack on it is refused in one line, and may start once the first stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-stack-'));
    const dataDir = join(dir, 'dynamo');
    const first = await startLocalStack({ dataDir, tableName: 'lock-test' });
    try {
      expect(isDataLocked(dataDir)).toBe(true);
      const second = startLocalStack({ dataDir, tableName: 'lock-test' });
      await expect(second).rejects.toBeInstanceOf(LocalDirError);
      await expect(second).rejects.toThrow(/in use by another npm start or admin command/);
    } finally {
      await first.stop();
    }
    expect(isDataLocked(dataDir)).toBe(false);
    const again = await startLocalStack({ dataDir, tableName: 'lock-test' });
    await again.stop();
    rmSync(dir, { recursive: true, force: true });
  });
});
