// What a send error says about the email: not sent (retry), refused for good (failed), or unknown (never resend).
import { describe, expect, it } from 'vitest';
import { classifySendError, isSendableAddress } from '../../../functions/delivery/deliver.js';
import { PermanentSendError, ThrottledError } from '../../../functions/email/mail.js';

describe('send errors', () => {
  it('treat throttling and a refused connection as not sent', () => {
    expect(classifySendError(new ThrottledError('slow down'))).toBe('throttled');
    expect(classifySendError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(
      'throttled',
    );
  });

  it('treat a refusal of the request itself as permanent', () => {
    expect(classifySendError(new PermanentSendError('rejected'))).toBe('permanent');
    expect(
      classifySendError(Object.assign(new Error('bad'), { name: 'InvalidParameterValue', $fault: 'client' })),
    ).toBe('permanent');
  });

  it('treat timeouts, resets and server errors as ambiguous: SES may have accepted', () => {
    expect(classifySendError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe('ambiguous');
    expect(
      classifySendError(Object.assign(new Error('boom'), { name: 'InternalFailure', $fault: 'server' })),
    ).toBe('ambiguous');
    expect(classifySendError('weird')).toBe('ambiguous');
  });
});

describe('sendable addresses', () => {
  it('are one plain address, with nothing that could add recipients or headers', () => {
    expect(isSendableAddress('reader+news@mail.example.org')).toBe(true);
    for (const bad of [
      '',
      'no-at-sign',
      'a@b',
      'a b@example.com',
      'a@example.com, b@example.com',
      'A <a@example.com>',
      'a@example.com\r\nBcc: x@y.z',
    ]) {
      expect(isSendableAddress(bad)).toBe(false);
    }
  });
});
