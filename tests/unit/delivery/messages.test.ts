// Queue messages: recipients cut into messages, and only well-formed delivery messages accepted from the queue.
import { describe, expect, it } from 'vitest';
import {
  MalformedMessageError,
  parseDeliveryMessage,
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
