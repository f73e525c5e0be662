// SES notifications as SNS delivers them: both event-publishing and classic forms, and what is ignored.
import { describe, expect, it } from 'vitest';
import { parseSesNotification } from '../../../../functions/handlers/ses-events/notification.js';

const bounce = (bounceType: string, extra: Record<string, unknown> = {}) => ({
  bounce: {
    bounceType,
    bounceSubType: 'General',
    bouncedRecipients: [{ emailAddress: 'reader@example.org', action: 'failed', status: '5.1.1' }],
    timestamp: '2026-01-02T03:04:05.678Z',
    feedbackId: 'f1',
    ...extra,
  },
  mail: { messageId: 'm1', destination: ['reader@example.org'] },
});

describe('parseSesNotification', () => {
  it('reads a permanent bounce published through a configuration set', () => {
    const parsed = parseSesNotification(JSON.stringify({ eventType: 'Bounce', ...bounce('Permanent') }));
    expect(parsed).toEqual({
      kind: 'event',
      event: {
        kind: 'bounce',
        permanent: true,
        subType: 'General',
        recipients: ['reader@example.org'],
        at: new Date('2026-01-02T03:04:05.678Z'),
      },
    });
  });

  it('reads a classic transient bounce notification', () => {
    const parsed = parseSesNotification(
      JSON.stringify({ notificationType: 'Bounce', ...bounce('Transient') }),
    );
    expect(parsed.kind === 'event' && parsed.event.kind === 'bounce' && parsed.event.permanent).toBe(false);
  });

  it('treats an undetermined bounce as transient', () => {
    const parsed = parseSesNotification(JSON.stringify({ eventType: 'Bounce', ...bounce('Undetermined') }));
    expect(parsed.kind === 'event' && parsed.event.kind === 'bounce' && parsed.event.permanent).toBe(false);
  });

  it('reads a complaint and strips a display name from its recipient', () => {
    const message = {
      notificationType: 'Complaint',
      complaint: {
        complainedRecipients: [{ emailAddress: 'Reader <reader@example.org>' }],
        timestamp: '2026-01-02T03:04:05Z',
        complaintFeedbackType: 'abuse',
      },
    };
    expect(parseSesNotification(JSON.stringify(message))).toEqual({
      kind: 'event',
      event: {
        kind: 'complaint',
        feedbackType: 'abuse',
        recipients: ['reader@example.org'],
        at: new Date('2026-01-02T03:04:05Z'),
      },
    });
  });

  it.each([
    ['a delivery', JSON.stringify({ eventType: 'Delivery', delivery: {} }), /not a bounce/],
    ['an open', JSON.stringify({ eventType: 'Open' }), /not a bounce/],
    ['plain text', 'hello', /not JSON/],
    ['a JSON array', '[1,2]', /not a JSON object/],
    [
      'a bounce without recipients',
      JSON.stringify({
        eventType: 'Bounce',
        bounce: { bounceType: 'Permanent', bouncedRecipients: [], timestamp: '2026-01-01T00:00:00Z' },
      }),
      /malformed Bounce/,
    ],
    [
      'an unknown bounce type',
      JSON.stringify({ eventType: 'Bounce', ...bounce('Soft') }),
      /malformed Bounce/,
    ],
    [
      'a bad timestamp',
      JSON.stringify({ eventType: 'Bounce', ...bounce('Permanent', { timestamp: 'yesterday' }) }),
      /malformed Bounce/,
    ],
    [
      'a complaint without its body',
      JSON.stringify({ notificationType: 'Complaint' }),
      /malformed Complaint/,
    ],
  ])('ignores %s with a reason', (_what, message, reason) => {
    const parsed = parseSesNotification(message);
    expect(parsed.kind).toBe('ignored');
    expect(parsed.kind === 'ignored' && parsed.reason).toMatch(reason);
  });
});
