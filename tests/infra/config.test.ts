// Deployment settings: defaults, coercion of command-line strings, and the one clear error a wrong or missing
// `-c` flag gets, both from resolveSettings and from the CDK app itself.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CONTEXT_KEYS,
  deliverConcurrency,
  EXAMPLE_SETTINGS,
  InfraConfigError,
  resolveSettings,
} from '../../infra/config.js';
import { buildStack, functionEnv } from './harness.js';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function errorOf(fn: () => unknown): InfraConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InfraConfigError) return error;
    throw error;
  }
  throw new Error('expected an InfraConfigError');
}

describe('resolveSettings', () => {
  it('fills in every documented default when only the required settings are given', () => {
    const settings = resolveSettings(EXAMPLE_SETTINGS);

    expect(settings).toEqual({
      senderEmail: 'Daily Digest <digest@example.com>',
      senderAddress: 'digest@example.com',
      senderDomain: 'example.com',
      senderIdentity: 'domain',
      hostedZoneId: undefined,
      postalAddress: '1 Example Street, Springfield',
      siteUrl: undefined,
      siteName: 'Daily Digest',
      archive: true,
      schedule: 'cron(0 6 * * ? *)',
      scheduleTimezone: 'UTC',
      maxSendRate: 1,
      alarmEmail: undefined,
      defaultArticle: 'articles/latest.txt',
      maxStories: 5,
      logLevel: 'INFO',
      logRetentionDays: 30,
      tracing: false,
      sandboxRecipients: [],
      stackName: 'DigestMailer',
    });
  });

  it('reads command-line strings as numbers, booleans and lists', () => {
    const settings = resolveSettings({
      ...EXAMPLE_SETTINGS,
      maxSendRate: '14',
      tracing: 'true',
      logRetentionDays: '90',
      logLevel: 'debug',
      sandboxRecipients: ' me@example.org, you@example.net ',
      archive: 'false',
    });

    expect(settings.archive).toBe(false);
    expect(settings.maxSendRate).toBe(14);
    expect(settings.tracing).toBe(true);
    expect(settings.logRetentionDays).toBe(90);
    expect(settings.logLevel).toBe('DEBUG');
    expect(settings.sandboxRecipients).toEqual(['me@example.org', 'you@example.net']);
  });

  it('takes a bare sender address, lower-cases its domain, and strips the trailing slash of siteUrl', () => {
    const settings = resolveSettings({
      ...EXAMPLE_SETTINGS,
      senderEmail: 'news@Example.ORG',
      siteUrl: 'https://news.example.org/digest/',
      scheduleTimezone: 'Europe/Berlin',
    });

    expect(settings.senderAddress).toBe('news@example.org');
    expect(settings.senderDomain).toBe('example.org');
    expect(settings.siteUrl).toBe('https://news.example.org/digest');
    expect(settings.scheduleTimezone).toBe('Europe/Berlin');
  });

  it('names both -c flags, with an example, when senderEmail and postalAddress are missing', () => {
    const error = errorOf(() => resolveSettings({}));

    expect(error.message).toContain('missing -c senderEmail="Daily Digest <digest@example.com>"');
    expect(error.message).toContain('missing -c postalAddress="1 Example Street, Springfield"');
    expect(error.message.split('\n')).toHaveLength(3);
  });

  it('treats an empty value like a missing one', () => {
    const error = errorOf(() => resolveSettings({ ...EXAMPLE_SETTINGS, senderEmail: '' }));

    expect(error.message).toContain('missing -c senderEmail=');
  });

  it.each([
    ['senderEmail', '-c senderEmail: is not an email address', 'not an address'],
    ['senderEmail', '-c senderEmail: must not contain line breaks', 'a@b.com\r\nBcc: victim@example.com'],
    ['postalAddress', '-c postalAddress: must not contain line breaks', 'Street\nInjected: header'],
    ['postalAddress', '-c postalAddress: must be at most 300 characters', 'x'.repeat(301)],
    ['siteUrl', '-c siteUrl: must be a plain https URL', 'http://example.com'],
    ['siteUrl', '-c siteUrl: must be a plain https URL', 'https://example.com/?a=1'],
    ['siteUrl', '-c siteUrl: is not a URL', 'example.com'],
    ['schedule', '-c schedule: must be an EventBridge Scheduler expression', 'every day'],
    ['schedule', '-c schedule: must be an EventBridge Scheduler expression', 'cron(0 6 * * *)'],
    ['scheduleTimezone', '-c scheduleTimezone: is not an IANA time zone', 'Mars/Olympus'],
    ['maxSendRate', '-c maxSendRate: must be more than 0', '0'],
    ['maxSendRate', '-c maxSendRate: must be a number', 'fast'],
    ['maxSendRate', '-c maxSendRate: must be at most 10000', '20000'],
    ['senderIdentity', '-c senderIdentity: must be domain or address', 'account'],
    ['defaultArticle', '-c defaultArticle: must be a key in the articles bucket', 'http://example.com/a.txt'],
    ['defaultArticle', '-c defaultArticle: must be a key in the articles bucket', 's3://other-bucket/a.txt'],
    ['defaultArticle', '-c defaultArticle: must be a key in the articles bucket', '/articles/a.txt'],
    ['maxStories', '-c maxStories: must be at most 20', '21'],
    ['maxStories', '-c maxStories: must be a whole number', '2.5'],
    ['maxStories', '-c maxStories: must be at least 1', '0'],
    ['alarmEmail', '-c alarmEmail: must be a bare email address', 'Ops <ops@example.com>'],
    ['logLevel', '-c logLevel: must be DEBUG, INFO, WARN or ERROR', 'loud'],
    ['logRetentionDays', '-c logRetentionDays: must be one of 1, 3, 5', '31'],
    ['tracing', '-c tracing: must be true or false', 'yes'],
    ['hostedZoneId', '-c hostedZoneId: must be a Route 53 hosted zone id', 'example.com'],
    ['stackName', '-c stackName: must start with a letter', 'digest mailer'],
    ['sandboxRecipients', '-c sandboxRecipients: must be a bare email address', 'me@example.com, nobody'],
  ])('refuses a bad %s with "%s"', (key, expected, value) => {
    const error = errorOf(() => resolveSettings({ ...EXAMPLE_SETTINGS, [key]: value }));

    expect(error.message).toContain(expected);
  });

  it('refuses a hosted zone for an address identity', () => {
    const error = errorOf(() =>
      resolveSettings({ ...EXAMPLE_SETTINGS, senderIdentity: 'address', hostedZoneId: 'Z0123456789ABC' }),
    );

    expect(error.message).toContain('-c hostedZoneId: only applies with -c senderIdentity=domain');
  });

  it('lists every problem at once', () => {
    const error = errorOf(() =>
      resolveSettings({ senderEmail: 'nope', maxSendRate: '-1', schedule: 'daily' }),
    );

    expect(error.message).toContain('-c senderEmail:');
    expect(error.message).toContain('-c maxSendRate:');
    expect(error.message).toContain('-c schedule:');
    expect(error.message).toContain('missing -c postalAddress=');
  });
});

describe('deliverConcurrency', () => {
  it.each([
    [0.5, 2],
    [1, 2],
    [14, 2],
    [15, 3],
    [50, 8],
    [100, 15],
    [7000, 1000],
    [10000, 1000],
  ])('gives %d emails/s %d concurrent deliver instances', (rate, expected) => {
    expect(deliverConcurrency(rate)).toBe(expected);
  });
});

describe('the CDK app', () => {
  // The app's cloud assembly and tsx's compile cache go to a temp dir of this test, removed afterwards.
  const scratch = mkdtempSync(join(tmpdir(), 'digest-mailer-app-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('stops with one message naming the missing -c flags and exit code 1, without a stack trace', async () => {
    const run = promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(PROJECT_ROOT, 'infra', 'app.ts')],
      {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          CDK_CONTEXT_JSON: '{}',
          CDK_OUTDIR: join(scratch, 'cdk.out'),
          TMPDIR: scratch,
        },
      },
    );

    const failure = await run.then(
      () => {
        throw new Error('the app should have failed');
      },
      (error: { code: number; stderr: string }) => error,
    );

    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain('missing -c senderEmail=');
    expect(failure.stderr).toContain('missing -c postalAddress=');
    expect(failure.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the deploy documentation', () => {
  it('synthesises `npm run synth` with the documented example settings', () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      scripts: { synth: string };
    };

    expect(pkg.scripts.synth).toContain(`-c senderEmail="${EXAMPLE_SETTINGS.senderEmail}"`);
    expect(pkg.scripts.synth).toContain(`-c postalAddress="${EXAMPLE_SETTINGS.postalAddress}"`);
  });

  it('documents every context key with its default in docs/configuration.md', () => {
    const docs = readFileSync(join(PROJECT_ROOT, 'docs/configuration.md'), 'utf8');

    for (const [key, row] of Object.entries(CONTEXT_KEYS)) {
      const line = docs.split('\n').find((l) => new RegExp(`^\\|\\s*\`${key}\`\\s*\\|`).test(l));
      expect(line, key).toBeDefined();
      if ('default' in row && !row.default.startsWith('the ') && row.default !== 'none') {
        expect(line, key).toContain(`\`${row.default}\``);
      }
    }
  });

  it('lists in docs/configuration.md exactly the variables the stack gives each function', () => {
    const docs = readFileSync(join(PROJECT_ROOT, 'docs/configuration.md'), 'utf8');
    const section = docs.slice(docs.indexOf('## Environment the stack gives the functions'));
    const rows = section
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) => l.split(' | ').map((cell) => cell.replace(/^\|\s*|\s*\|$/g, '').trim()));
    const { template } = buildStack();

    const functions = ['digest', 'deliver', 'subscriptions', 'sesEvents'];
    functions.forEach((name, column) => {
      const documented: Record<string, string | undefined> = {};
      for (const [variables = '', ...marks] of rows) {
        if (marks[column] !== '✓') continue;
        // `NAME` or `NAME` (`fixed value`)
        for (const [, variable = '', value] of variables.matchAll(/`([A-Z_]+)`(?: \(`([^`]+)`\))?/g)) {
          documented[variable] = value;
        }
      }
      const env = functionEnv(template, name);

      expect(Object.keys(documented).sort(), name).toEqual(Object.keys(env).sort());
      for (const [variable, value] of Object.entries(documented)) {
        if (value !== undefined) expect(env[variable], `${name}: ${variable}`).toBe(value);
      }
    });
  });
});
