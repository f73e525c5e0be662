// Queue messages: recipients cut into messages, and only well-formed delivery messages accepted from the queue.
import { describe, expect, it } from 'vitest';
import {
  MalformedMessageError,
  messageKey,
  parseDeliveryMessage,
  parseQueueMessage,
  planMessages,
} from '../../../functions/delivery/messages.js';

describe('planning messages', () => {
  it('cuts recipients into messages of at most the given size, keeping everyone once and in order', () => {
    const ids = Array.from({ length: 23 }, (_, i) => `s${i}`);

    const messages = planMessages('issue-1', ids, 10);

    expect(messages.map((m) => m.subscriberIds.length)).toEqual([10, 10, 3]);
    expect(messages.flatMap((m) => m.subscriberIds)).toEqual(ids);
    expect(planMessages('issue-1', [])).toEqual([]);
  });

  it('refuses a message size outside 1..100', () => {
    expect(() => planMessages('issue-1', ['a'], 0)).toThrow(RangeError);
    expect(() => planMessages('issue-1', ['a'], 101)).toThrow(RangeError);
  });
});

describe('reading a queue message', () => {
  it('accepts what planning produces', () => {
    const [message] = planMessages('issue-1', ['a', 'b']);

    expect(parseDeliveryMessage(JSON.stringify(message))).toEqual(message);
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['an unknown version', JSON.stringify({ v: 2, issueId: 'a', subscriberIds: ['x'] }), /v:/],
    ['no recipients', JSON.stringify({ v: 1, issueId: 'a', subscriberIds: [] }), /subscriberIds/],
    ['a hostile issue id', JSON.stringify({ v: 1, issueId: 'a#META', subscriberIds: ['x'] }), /issueId/],
    ['extra fields', JSON.stringify({ v: 1, issueId: 'a', subscriberIds: ['x'], to: 'x@y.z' }), /body/],
  ])('refuses %s with a one-line reason', (_, body, reason) => {
    expect(() => parseDeliveryMessage(body)).toThrow(MalformedMessageError);
    expect(() => parseDeliveryMessage(body)).toThrow(reason);
  });
});

describe('message keys', () => {
  it('are the same for the same recipients however often queued, and differ for any other', () => {
    const [a] = planMessages('issue-1', ['x', 'y']);
    const [again] = planMessages('issue-1', ['x', 'y']);
    const [other] = planMessages('issue-1', ['x', 'z']);
    const [elsewhere] = planMessages('issue-2', ['x', 'y']);

    expect(messageKey(a as never)).toBe(messageKey(again as never));
    expect(new Set([a, other, elsewhere].map((m) => messageKey(m as never))).size).toBe(3);
    expect(messageKey(a as never)).toMatch(/^[\w-]{16}$/);
  });
});

describe('enqueue messages', () => {
  it('are told apart from delivery messages, and checked as strictly', () => {
    const enqueue = { v: 1, kind: 'enqueue', issueId: 'issue-1', shard: 3, perMessage: 50 };

    expect(parseQueueMessage(JSON.stringify(enqueue))).toEqual(enqueue);
    expect(() => parseDeliveryMessage(JSON.stringify(enqueue))).toThrow(MalformedMessageError);
    expect(() => parseQueueMessage(JSON.stringify({ ...enqueue, shard: -1 }))).toThrow(/shard/);
    expect(() => parseQueueMessage(JSON.stringify({ ...enqueue, kind: 'other' }))).toThrow(/kind/);
  });
});
