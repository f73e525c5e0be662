// The queue adapters: the in-process queue feeds a handler SQS-shaped events and honours partial batch failures,
// visibility timeouts, dead-lettering and persistence; the SQS adapter retries entries SendMessageBatch refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it, onTestFinished } from 'vitest';
import { InProcessQueue } from '../../../functions/adapters/queue/in-process.js';
import { QueueSendError, SqsDeliveryQueue } from '../../../functions/adapters/queue/sqs.js';
import { planMessages } from '../../../functions/delivery/messages.js';

const messages = (n: number) =>
  planMessages(
    'issue-1',
    Array.from({ length: n }, (_, i) => `s${i}`),
    1,
  );

describe('the in-process queue', () => {
  it('delivers SQS-shaped batches and redelivers only the messages a handler reports as failed', async () => {
    const queue = new InProcessQueue({ batchSize: 3, visibilityTimeoutMs: 1 });
    await queue.send(messages(5));
    const seen: string[] = [];
    let failedOnce = false;

    const report = await queue.drain(async (event: SQSEvent) => {
      const records = event.Records;
      seen.push(...records.map((r) => JSON.parse(r.body).subscriberIds[0]));
      expect(records.every((r) => r.eventSource === 'aws:sqs' && r.md5OfBody.length === 32)).toBe(true);
      const s3 = records.find((r) => r.body.includes('"s3"'));
      if (s3 && !failedOnce) {
        failedOnce = true;
        return { batchItemFailures: [{ itemIdentifier: s3.messageId }] };
      }
      return { batchItemFailures: [] };
    });

    expect(report).toMatchObject({ delivered: 5, redelivered: 1, deadLettered: [] });
    expect(seen.sort()).toEqual(['s0', 's1', 's2', 's3', 's3', 's4']);
    expect(queue.size).toBe(0);
  });

  it('dead-letters a message that keeps failing, and a throwing handler fails its whole batch', async () => {
    const queue = new InProcessQueue({ maxReceiveCount: 3, visibilityTimeoutMs: 1 });
    await queue.send(messages(2));
    let invocations = 0;

    const report = await queue.drain(async () => {
      invocations++;
      throw new Error('always broken');
    });

    expect(invocations).toBe(3);
    expect(report.deadLettered.map((d) => d.receiveCount)).toEqual([3, 3]);
    expect(queue.deadLetters()).toHaveLength(2);
  });

  it('keeps its messages in a file, so that a new process picks up where the last one stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'queue-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'queue.json');
    await new InProcessQueue({ persistPath: path }).send(messages(4));

    const reopened = new InProcessQueue({ persistPath: path });

    expect(reopened.size).toBe(4);
    expect(reopened.recipientsWaiting()).toBe(4);
    await reopened.drain(async () => ({ batchItemFailures: [] }));
    expect(new InProcessQueue({ persistPath: path }).size).toBe(0);
  });
});

type BatchInput = SendMessageBatchCommand['input'];

/** Stands in for SQS only to produce partial failures, which no local SQS here can. */
function fakeSqs(failures: (entryIds: string[], call: number) => { Id: string; SenderFault: boolean }[]) {
  const calls: BatchInput[] = [];
  return {
    calls,
    client: {
      send: async (command: SendMessageBatchCommand) => {
        calls.push(command.input);
        const ids = (command.input.Entries ?? []).map((e) => e.Id ?? '');
        const failed = failures(ids, calls.length).map((f) => ({
          ...f,
          Code: 'InternalError',
          Message: 'try again',
        }));
        return { Successful: [], Failed: failed, $metadata: {} };
      },
    },
  };
}

describe('the SQS queue', () => {
  it('sends ten messages a call and retries only the entries SQS refused', async () => {
    const sqs = fakeSqs((ids, call) => (call === 1 ? [{ Id: ids[3] ?? '', SenderFault: false }] : []));
    const queue = new SqsDeliveryQueue(sqs.client as never, 'https://sqs.example/q', {
      sleep: async () => {},
    });

    await queue.send(messages(12));

    expect(sqs.calls.map((c) => c.Entries?.length)).toEqual([10, 1, 2]);
    expect(JSON.parse(sqs.calls[1]?.Entries?.[0]?.MessageBody ?? '{}').subscriberIds).toEqual(['s3']);
  });

  it('fails loudly when entries are still refused, or refused for the sender’s fault', async () => {
    const always = fakeSqs((ids) => [{ Id: ids[0] ?? '', SenderFault: false }]);
    const sender = fakeSqs((ids) => [{ Id: ids[0] ?? '', SenderFault: true }]);
    const noWait = { sleep: async () => {} };

    await expect(new SqsDeliveryQueue(always.client as never, 'q', noWait).send(messages(1))).rejects.toThrow(
      QueueSendError,
    );
    await expect(new SqsDeliveryQueue(sender.client as never, 'q', noWait).send(messages(1))).rejects.toThrow(
      /refused a delivery message/,
    );
    expect(sender.calls).toHaveLength(1);
  });
});
