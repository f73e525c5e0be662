// The digest function's event: the schedule's or a manual one, strictly validated, and where the article may come from.
import { describe, expect, it } from 'vitest';
import {
  InvalidEventError,
  parseDigestEvent,
  resolveArticle,
} from '../../../../functions/handlers/digest/event.js';

const lambda = { defaultArticle: 'daily/today.txt', bucket: 'articles-bucket', allowFiles: false };

describe('digest events', () => {
  it('accept the EventBridge schedule event as a run of the default article', () => {
    const event = {
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      time: 'x',
      detail: {},
    };

    expect(parseDigestEvent(event)).toEqual({
      dryRun: false,
      testRecipients: [],
      force: false,
      trigger: 'schedule',
    });
  });

  it("accept the Lambda console's EventBridge test template, envelope fields and all", () => {
    const template = {
      id: 'cdc73f9d-aea9-11e3-9d5a-835b769c0d9c',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      time: '1970-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:123456789012:rule/ExampleRule'],
      detail: {},
    };

    expect(parseDigestEvent(template)).toMatchObject({ dryRun: false, trigger: 'schedule' });
  });

  it.each([
    ['dryRun', { dryRun: true }],
    ['testRecipients', { testRecipients: ['me@example.com'] }],
    ['article', { article: 's3://b/k.txt' }],
    ['force', { force: true }],
    ['articles', { articles: ['s3://b/k.txt'] }],
  ])('refuse a scheduled event that carries the manual field %s, in one line naming it', (field, extra) => {
    const event = { 'detail-type': 'Scheduled Event', source: 'aws.scheduler', ...extra };

    expect(() => parseDigestEvent(event)).toThrow(InvalidEventError);
    try {
      parseDigestEvent(event);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain(`"${field}"`);
      expect(message).toMatch(/manual event/);
      expect(message).not.toContain('\n');
    }
  });

  it.each([
    ['an unknown field', { unexpected: 1 }, /"unexpected"/],
    ['manual fields inside detail', { detail: { dryRun: true } }, /detail/],
    ['an envelope field of the wrong type', { resources: 'arn' }, /resources/],
  ])('refuse a scheduled event with %s', (_, extra, reason) => {
    const event = { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {}, ...extra };

    expect(() => parseDigestEvent(event)).toThrow(InvalidEventError);
    expect(() => parseDigestEvent(event)).toThrow(reason);
  });

  it('accept a manual event with every field, and an empty one', () => {
    expect(parseDigestEvent({ article: 's3://b/k.txt', dryRun: true, force: true })).toMatchObject({
      article: 's3://b/k.txt',
      dryRun: true,
      force: true,
      trigger: 'manual',
    });
    expect(parseDigestEvent({ testRecipients: ['A@Example.com', 'a@example.com'] }).testRecipients).toEqual([
      'a@example.com',
    ]);
    expect(parseDigestEvent({})).toMatchObject({ dryRun: false, force: false, trigger: 'manual' });
  });

  it.each([
    ['a misspelt flag', { dryrun: true }, /dryrun/],
    ['a non-boolean flag', { dryRun: 'yes' }, /dryRun/],
    ['a display-name address', { testRecipients: ['Me <me@example.com>'] }, /testRecipients\.0/],
    [
      'too many test recipients',
      { testRecipients: Array.from({ length: 11 }, (_, i) => `r${i}@example.com`) },
      /testRecipients/,
    ],
    ['a test send with force', { testRecipients: ['me@example.com'], force: true }, /cannot be combined/],
    ['a list', [], /JSON object/],
    ['a malformed schedule event', { 'detail-type': 'Other' }, /scheduled event/],
  ])('refuse %s in one line', (_, event, reason) => {
    expect(() => parseDigestEvent(event)).toThrow(InvalidEventError);
    expect(() => parseDigestEvent(event)).toThrow(reason);
  });
});

describe('article locations', () => {
  it('in Lambda: S3 objects, http(s) URLs and bucket keys; never local files', () => {
    expect(resolveArticle(undefined, lambda)).toBe('s3://articles-bucket/daily/today.txt');
    expect(resolveArticle('s3://other-bucket/a/b.txt', lambda)).toBe('s3://other-bucket/a/b.txt');
    expect(resolveArticle('https://news.example.com/a', lambda)).toBe('https://news.example.com/a');
    expect(resolveArticle('/proc/self/environ', lambda)).toBe('s3://articles-bucket/proc/self/environ');
    expect(() => resolveArticle('/etc/passwd', { ...lambda, bucket: undefined })).toThrow(InvalidEventError);
    expect(() => resolveArticle('file:///etc/passwd', lambda)).toThrow(/unsupported scheme/);
    expect(() => resolveArticle('s3://x', lambda)).toThrow(/not s3:\/\/bucket\/key/);
  });

  it('"sample" only where the sample is installed', () => {
    expect(() => resolveArticle('sample', lambda)).toThrow(/only available/);
    expect(resolveArticle('sample', { ...lambda, samplePath: '/opt/sample.txt' })).toBe('/opt/sample.txt');
  });

  it('locally, plain paths are files', () => {
    expect(resolveArticle('notes/today.txt', { defaultArticle: 'sample', allowFiles: true })).toBe(
      'notes/today.txt',
    );
  });
});

describe('a list of articles', () => {
  it('is taken as given, in its order', () => {
    expect(parseDigestEvent({ articles: ['https://n.example/a', 'stories/b.html'] })).toMatchObject({
      articles: ['https://n.example/a', 'stories/b.html'],
      trigger: 'manual',
    });
  });

  it.each([
    [
      'beside "article"',
      { article: 'a.txt', articles: ['b.txt'] },
      /give either "article" or "articles", not both/,
    ],
    ['empty', { articles: [] }, /articles/],
    ['with an empty entry', { articles: ['a.txt', ' '] }, /articles/],
    ['too long', { articles: Array.from({ length: 51 }, (_, i) => `s3://b/${i}.txt`) }, /articles/],
  ])('is refused %s, in one line', (_name, event, message) => {
    expect(() => parseDigestEvent(event)).toThrow(message);
    expect(() => parseDigestEvent(event)).toThrow(InvalidEventError);
  });
});
