// The deployment's settings: every CDK context key the app reads (`-c key=value`), its default, and its rule.
// Validated once at synth with zod, so a wrong or missing value stops `cdk synth`/`cdk deploy` with one message
// that names each `-c` flag to fix, before anything reaches CloudFormation.
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import emailAddresses from 'email-addresses';
import { z } from 'zod';

export class InfraConfigError extends Error {
  override readonly name = 'InfraConfigError';
}

/** How the sender is verified in SES: the whole domain (DKIM records in DNS) or the one address (a link). */
export type SenderIdentityKind = 'domain' | 'address';
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** Settings after validation and defaults: what the stack builds from. */
export interface ServiceSettings {
  /** The From header as given, e.g. `Daily Digest <digest@example.com>`. */
  readonly senderEmail: string;
  /** The bare address of the sender, lower-cased domain. */
  readonly senderAddress: string;
  readonly senderDomain: string;
  readonly senderIdentity: SenderIdentityKind;
  readonly hostedZoneId: string | undefined;
  readonly postalAddress: string;
  /** https base URL of the subscription pages, no trailing slash; undefined means the HTTP API's own URL. */
  readonly siteUrl: string | undefined;
  readonly siteName: string;
  /** Issues get a public web page, an archive and an Atom feed, and emails link to them; false for a private list. */
  readonly archive: boolean;
  readonly schedule: string;
  readonly scheduleTimezone: string;
  readonly maxSendRate: number;
  readonly alarmEmail: string | undefined;
  readonly defaultArticle: string;
  /** Most stories in an issue made from a feed or a list of articles. */
  readonly maxStories: number;
  readonly logLevel: LogLevel;
  readonly logRetentionDays: RetentionDays;
  readonly tracing: boolean;
  readonly sandboxRecipients: readonly string[];
  readonly stackName: string;
}

/** One row per context key: the README's configuration table and the error messages are built from these. */
export const CONTEXT_KEYS = {
  senderEmail: {
    required: true,
    example: 'Daily Digest <digest@example.com>',
    doc: 'From address of every email; its domain (or the address) is verified in SES.',
  },
  postalAddress: {
    required: true,
    example: '1 Example Street, Springfield',
    doc: 'Postal address printed in the footer of every digest (required of bulk mail by CAN-SPAM).',
  },
  siteUrl: {
    default: 'the HTTP API URL',
    doc: 'https base URL of the subscription pages, used in confirm and unsubscribe links.',
  },
  siteName: { default: 'Daily Digest', doc: 'Name shown in emails and on the subscription pages.' },
  archive: {
    default: 'true',
    doc: '`false` for a private newsletter: no public issue pages, archive or feed (they answer 404), and no "View in browser" link.',
  },
  senderIdentity: {
    default: 'domain',
    doc: '`domain` verifies the sender domain with DKIM (needed for DMARC alignment); `address` verifies just the address.',
  },
  hostedZoneId: {
    default: 'none',
    doc: 'Route 53 public hosted zone of the sender domain: the DKIM records are then created for you.',
  },
  schedule: { default: 'cron(0 6 * * ? *)', doc: 'EventBridge Scheduler expression for the digest run.' },
  scheduleTimezone: { default: 'UTC', doc: 'IANA time zone the schedule is read in, e.g. Europe/Berlin.' },
  maxSendRate: {
    default: '1',
    doc: "Emails per second across all senders: your SES account's maximum send rate (1 in the sandbox).",
  },
  defaultArticle: {
    default: 'articles/latest.txt',
    doc: 'What a scheduled run digests: a key in the articles bucket, or an https URL (an article, or a feed).',
  },
  maxStories: {
    default: '5',
    doc: 'Most stories in an issue made from a feed or a list of articles (1 to 20).',
  },
  alarmEmail: {
    default: 'none',
    doc: 'Address subscribed to the alarm topic (confirm the email SNS sends).',
  },
  logLevel: { default: 'INFO', doc: 'DEBUG, INFO, WARN or ERROR for every function.' },
  logRetentionDays: { default: '30', doc: 'Days CloudWatch keeps function and API access logs.' },
  tracing: { default: 'false', doc: '`true` turns on AWS X-Ray active tracing for every function.' },
  sandboxRecipients: {
    default: 'none',
    doc: 'Comma-separated verified recipients: in the SES sandbox, SES may also check send permission on them.',
  },
  stackName: {
    default: 'DigestMailer',
    doc: 'CloudFormation stack name, to deploy more than one copy per account.',
  },
} as const satisfies Record<string, { required?: true; example?: string; default?: string; doc: string }>;

export type ContextKey = keyof typeof CONTEXT_KEYS;

/** The documented example values of the required settings: `npm run synth` uses them (example.com is reserved). */
export const EXAMPLE_SETTINGS = {
  senderEmail: CONTEXT_KEYS.senderEmail.example,
  postalAddress: CONTEXT_KEYS.postalAddress.example,
} as const;

const RETENTION_DAYS = new Set<number>(
  Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'),
);

// Control characters would end up in mail headers and footers; refuse them at the door.
const hasControl = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

const text = (max: number) =>
  z
    .string({ error: 'must be text' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })
    .refine((s) => !hasControl(s), { error: 'must not contain line breaks or control characters' });

// Context from the command line arrives as strings, from cdk.json or tests as JSON values: accept both.
const numberLike = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
  z.number({ error: 'must be a number' }),
);
const booleanLike = z.preprocess(
  (v) => (v === 'true' ? true : v === 'false' ? false : v),
  z.boolean({ error: 'must be true or false' }),
);

function parseMailbox(input: string) {
  const parsed = emailAddresses.parseOneAddress({ input, rfc6532: true, rejectTLD: true });
  return parsed && parsed.type === 'mailbox' ? parsed : null;
}

const mailbox = text(320).transform((value, ctx) => {
  const parsed = parseMailbox(value);
  if (!parsed) {
    ctx.addIssue({
      code: 'custom',
      message: 'is not an email address (name@domain.tld or "Name <name@domain.tld>")',
    });
    return z.NEVER;
  }
  return {
    value,
    address: `${parsed.local}@${parsed.domain.toLowerCase()}`,
    domain: parsed.domain.toLowerCase(),
  };
});

const bareAddress = text(254).refine((v) => parseMailbox(v)?.address === v, {
  error: 'must be a bare email address such as me@example.com',
});

const httpsUrl = text(2048).transform((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not a URL' });
    return z.NEVER;
  }
  if (url.protocol !== 'https:' || url.search || url.hash || url.username || url.password) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a plain https URL (no query, fragment or credentials)',
    });
    return z.NEVER;
  }
  return url.href.replace(/\/+$/, '');
});

// EventBridge Scheduler cron has six fields; rate takes a positive whole number of minutes, hours or days.
const SCHEDULE_RE = /^(cron\(\S+( \S+){5}\)|rate\([1-9]\d* (minute|minutes|hour|hours|day|days)\))$/;

const schema = z
  .object({
    senderEmail: mailbox,
    postalAddress: text(300),
    siteUrl: httpsUrl.optional(),
    siteName: text(100).default('Daily Digest'),
    archive: booleanLike.default(true),
    senderIdentity: z.enum(['domain', 'address'], { error: 'must be domain or address' }).default('domain'),
    hostedZoneId: text(40)
      .refine((v) => /^Z[A-Z0-9]+$/.test(v), {
        error: 'must be a Route 53 hosted zone id such as Z0123456789ABC',
      })
      .optional(),
    schedule: text(256)
      .refine((v) => SCHEDULE_RE.test(v), {
        error: 'must be an EventBridge Scheduler expression such as "cron(0 6 * * ? *)" or "rate(1 day)"',
      })
      .default('cron(0 6 * * ? *)'),
    scheduleTimezone: text(64)
      .transform((v, ctx) => {
        try {
          return new Intl.DateTimeFormat('en-US', { timeZone: v }).resolvedOptions().timeZone;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'is not an IANA time zone such as Europe/Berlin' });
          return z.NEVER;
        }
      })
      .default('UTC'),
    maxSendRate: numberLike
      .pipe(
        z.number().positive({ error: 'must be more than 0' }).max(10_000, { error: 'must be at most 10000' }),
      )
      .default(1),
    defaultArticle: text(1024)
      .refine((v) => (/^[a-z][a-z0-9+.-]*:/i.test(v) ? v.startsWith('https://') : !v.startsWith('/')), {
        error: 'must be a key in the articles bucket (no leading /) or an https URL',
      })
      .default('articles/latest.txt'),
    maxStories: numberLike
      .pipe(
        z
          .number()
          .int({ error: 'must be a whole number' })
          .min(1, { error: 'must be at least 1' })
          .max(20, { error: 'must be at most 20' }),
      )
      .default(5),
    alarmEmail: bareAddress.optional(),
    logLevel: z
      .preprocess(
        (v) => (typeof v === 'string' ? v.toUpperCase() : v),
        z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR'], { error: 'must be DEBUG, INFO, WARN or ERROR' }),
      )
      .default('INFO'),
    logRetentionDays: numberLike
      .pipe(
        z.number().refine((n) => RETENTION_DAYS.has(n), {
          error: `must be one of ${[...RETENTION_DAYS].join(', ')}`,
        }),
      )
      .default(30),
    tracing: booleanLike.default(false),
    sandboxRecipients: z
      .preprocess(
        (v) =>
          typeof v === 'string'
            ? v
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean)
            : v,
        z.array(bareAddress, { error: 'must be a comma-separated list of email addresses' }).max(50),
      )
      .default([]),
    stackName: text(128)
      .refine((v) => /^[A-Za-z][A-Za-z0-9-]*$/.test(v), {
        error: 'must start with a letter and hold only letters, digits and hyphens',
      })
      .default('DigestMailer'),
  })
  .superRefine((s, ctx) => {
    if (s.hostedZoneId && s.senderIdentity !== 'domain') {
      ctx.addIssue({
        code: 'custom',
        path: ['hostedZoneId'],
        message: 'only applies with -c senderIdentity=domain',
      });
    }
  });

/** Input of `resolveSettings`: context values as strings (command line) or JSON values (cdk.json, tests). */
export type SettingsInput = { readonly [K in ContextKey]?: unknown };

/** Validates the settings and fills in defaults; throws one InfraConfigError naming every bad `-c` flag. */
export function resolveSettings(input: SettingsInput): ServiceSettings {
  const present = Object.fromEntries(
    Object.entries(input).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '') as ContextKey;
      const row = CONTEXT_KEYS[key] as { example?: string; doc: string } | undefined;
      if (present[key] === undefined && row) {
        return `missing -c ${key}=${JSON.stringify(row.example ?? '...')} (${row.doc})`;
      }
      return `-c ${key}: ${issue.message}`;
    });
    throw new InfraConfigError(`Invalid deployment settings:\n  - ${[...new Set(problems)].join('\n  - ')}`);
  }
  const s = parsed.data;
  return {
    senderEmail: s.senderEmail.value,
    senderAddress: s.senderEmail.address,
    senderDomain: s.senderEmail.domain,
    senderIdentity: s.senderIdentity,
    hostedZoneId: s.hostedZoneId,
    postalAddress: s.postalAddress,
    siteUrl: s.siteUrl,
    siteName: s.siteName,
    archive: s.archive,
    schedule: s.schedule,
    scheduleTimezone: s.scheduleTimezone,
    maxSendRate: s.maxSendRate,
    alarmEmail: s.alarmEmail,
    defaultArticle: s.defaultArticle,
    maxStories: s.maxStories,
    logLevel: s.logLevel,
    logRetentionDays: s.logRetentionDays as RetentionDays,
    tracing: s.tracing,
    sandboxRecipients: s.sandboxRecipients,
    stackName: s.stackName,
  };
}

/** Reads every known key from CDK context (`-c`, cdk.json, cdk.context.json) and resolves the settings. */
export function settingsFromContext(scope: IConstruct): ServiceSettings {
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(CONTEXT_KEYS)) input[key] = scope.node.tryGetContext(key);
  return resolveSettings(input);
}

/**
 * The deliver function's maximum concurrency for a send rate: enough instances that each sends at most about
 * PER_INSTANCE_RATE emails a second, never fewer than 2 (the SQS event source minimum) nor more than 1000.
 */
export const PER_INSTANCE_RATE = 7;
export function deliverConcurrency(maxSendRate: number): number {
  return Math.min(Math.max(2, Math.ceil(maxSendRate / PER_INSTANCE_RATE)), 1000);
}
