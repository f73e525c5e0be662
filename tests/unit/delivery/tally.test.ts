// Counting a queue message's outcomes once: the tally holds only what the message recorded itself, and the fold's
// steps follow the anchor (claim it, go on with ours, take over one left by a stopped sender, wait for a live one).
import { describe, expect, it } from 'vitest';
import { decideFoldStep, decideTally } from '../../../functions/delivery/tally.js';

describe('a message tally', () => {
  it('counts the results this message recorded and lists those not sent, with their reasons', () => {
    const tally = decideTally('k1', [
      { subscriberId: 'a', result: 'sent', resolvedBy: 'k1' },
      { subscriberId: 'b', result: 'failed', reason: 'MessageRejected', resolvedBy: 'k1' },
      { subscriberId: 'c', result: 'skipped', reason: 'unsubscribed', resolvedBy: 'k1' },
      { subscriberId: 'd', result: 'ambiguous', resolvedBy: 'k1' },
    ]);

    expect(tally.counts).toEqual({ sent: 1, failed: 1, skipped: 1, ambiguous: 1 });
    expect(tally.exceptions).toEqual([
      { kind: 'failed', subscriberId: 'b', reason: 'MessageRejected' },
      { kind: 'skipped', subscriberId: 'c', reason: 'unsubscribed' },
      { kind: 'ambiguous', subscriberId: 'd', reason: 'no result recorded' },
    ]);
  });

  it('leaves results recorded by another message (or by an earlier version) to that message', () => {
    const tally = decideTally('k1', [
      { subscriberId: 'a', result: 'sent', resolvedBy: 'k2' },
      { subscriberId: 'b', result: 'skipped', reason: 'bounced', resolvedBy: 'k2' },
      { subscriberId: 'c', result: 'sent' },
      { subscriberId: 'd', result: 'sent', resolvedBy: 'k1' },
    ]);

    expect(tally).toEqual({
      key: 'k1',
      counts: { sent: 1, failed: 0, skipped: 0, ambiguous: 0 },
      exceptions: [],
    });
  });
});

describe('the steps of a fold', () => {
  const now = 1_000_000;
  const orphanedBefore = now - 60_000;

  it('claims a missing anchor, and stops at one already folded', () => {
    expect(decideFoldStep(undefined, 't1', orphanedBefore)).toBe('claim');
    expect(decideFoldStep({ state: 'folded', token: 't1', at: now }, 't1', orphanedBefore)).toBe('done');
    expect(decideFoldStep({ state: 'folded', token: 't0', at: 0 }, 't1', orphanedBefore)).toBe('done');
  });

  it('goes on with its own anchor, waits on a live holder, and takes over from a stopped one', () => {
    expect(decideFoldStep({ state: 'folding', token: 't1', at: now }, 't1', orphanedBefore)).toBe('continue');
    expect(decideFoldStep({ state: 'folding', token: 't0', at: now - 1_000 }, 't1', orphanedBefore)).toBe(
      'busy',
    );
    expect(decideFoldStep({ state: 'folding', token: 't0', at: now - 120_000 }, 't1', orphanedBefore)).toBe(
      'take-over',
    );
  });
});
