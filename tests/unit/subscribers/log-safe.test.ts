// Error text for logs and stored results: one line, capped, email addresses masked.
import { describe, expect, it } from 'vitest';
import { describeError, maskEmailsIn } from '../../../functions/subscribers/log-safe.js';

describe('maskEmailsIn', () => {
  it('masks every address in a provider message and leaves the rest alone', () => {
    const text = 'failed the check in region US-EAST-1: jane.doe@example.com, <bob+news@mail.example.org>';
    expect(maskEmailsIn(text)).toBe('failed the check in region US-EAST-1: j***@e***.com, <b***@m***.org>');
  });

  it('leaves an already masked address as it is', () => {
    expect(maskEmailsIn('to a***@e***.com')).toBe('to a***@e***.com');
  });
});

describe('describeError', () => {
  it('gives the name and message on one line, addresses masked', () => {
    const error = Object.assign(new Error('Address\nrejected:\r\n jane@example.com'), {
      name: 'MessageRejected',
    });
    expect(describeError(error)).toBe('MessageRejected: Address rejected: j***@e***.com');
  });

  it('caps the text and describes a thrown non-error', () => {
    expect(describeError(new Error('x'.repeat(1000)))).toHaveLength(300);
    expect(describeError('plain jane@example.com', 40)).toBe('plain j***@e***.com');
  });
});
