// The digest function's input: the schedule's EventBridge event, or a manual event, validated with zod (unknown
// fields are refused in both, so a typo such as "dryrun", or a "dryRun" added to a scheduled event, cannot turn a dry
// run into a real send), and the rules that turn the requested article (or each of a list of articles) into a
// location the article sources load.
import { z } from 'zod';
import { describeZodError } from '../../delivery/zod-errors.js';
import { InvalidAddressError, normaliseAddress } from '../../subscribers/address.js';

/** The event is not one the digest function accepts; the message is one line naming the problem. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

export const MAX_TEST_RECIPIENTS = 10;
/** Longest explicit list of articles: the stories of one issue, with room for some that fail to load. */
export const MAX_LISTED_ARTICLES = 50;

/**
 * An EventBridge scheduled event, recognised by its exact shape: the envelope's fields and nothing else, with an
 * empty `detail`. Strict because a field beside them (the console's test template with `"dryRun": true` added)
 * would otherwise be dropped and the run would send for real.
 */
const scheduledEventSchema = z.strictObject({
  version: z.string().optional(),
  id: z.string().optional(),
  'detail-type': z.literal('Scheduled Event'),
  source: z.string().min(1),
  account: z.string().optional(),
  time: z.string().optional(),
  region: z.string().optional(),
  resources: z.array(z.string()).optional(),
  detail: z.strictObject({}, { error: 'a scheduled event carries nothing in its detail' }).optional(),
});

/** A test address, checked and normalised by the same rules as a sign-up (no CR/LF, no look-alike domains). */
const testAddress = z.string().transform((value, ctx) => {
  try {
    return normaliseAddress(value).address;
  } catch (error) {
    if (!(error instanceof InvalidAddressError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message });
    return z.NEVER;
  }
});

export const manualEventSchema = z
  .strictObject({
    /**
     * `s3://bucket/key`, an http(s) URL, `sample`, or (with ARTICLE_BUCKET set) a key in that bucket. A feed there
     * (RSS, Atom, JSON Feed) makes an issue of its new stories.
     */
    article: z.string().trim().min(1).max(2048).optional(),
    /** An explicit list of articles, each named as `article` is: an issue of these stories, in this order. */
    articles: z.array(z.string().trim().min(1).max(2048)).min(1).max(MAX_LISTED_ARTICLES).optional(),
    /** Render and count the recipients; send nothing, record nothing. */
    dryRun: z.boolean().optional(),
    /** Send only to these addresses, with [TEST] in the subject, outside the issue's records. */
    testRecipients: z.array(testAddress).min(1).max(MAX_TEST_RECIPIENTS).optional(),
    /** Start a new issue even if this article was already sent. */
    force: z.boolean().optional(),
  })
  .refine((e) => !(e.testRecipients && (e.dryRun || e.force)), {
    message: 'testRecipients cannot be combined with dryRun or force',
  })
  .refine((e) => !(e.article && e.articles), {
    message: 'give either "article" or "articles", not both',
  });

export type ManualEvent = z.infer<typeof manualEventSchema>;

export interface DigestRequest {
  /** As given; undefined means the configured default article. */
  readonly article?: string;
  /** An explicit list of articles, as given. */
  readonly articles?: readonly string[];
  readonly dryRun: boolean;
  readonly testRecipients: readonly string[];
  readonly force: boolean;
  readonly trigger: 'schedule' | 'manual';
}

export function parseDigestEvent(event: unknown): DigestRequest {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    throw new InvalidEventError('invalid event: expected a JSON object');
  }
  if ('detail-type' in event) {
    const manual = Object.keys(event).filter((key) => Object.hasOwn(manualEventSchema.shape, key));
    if (manual.length > 0) {
      throw new InvalidEventError(
        `invalid scheduled event: ${manual.map((k) => JSON.stringify(k)).join(', ')} ${manual.length === 1 ? 'belongs' : 'belong'} in a manual event (one without "detail-type"); a scheduled event carries no options`,
      );
    }
    const scheduled = scheduledEventSchema.safeParse(event);
    if (!scheduled.success)
      throw new InvalidEventError(
        `invalid scheduled event: ${describeZodError(scheduled.error, { max: 3 })}`,
      );
    return { dryRun: false, testRecipients: [], force: false, trigger: 'schedule' };
  }
  const parsed = manualEventSchema.safeParse(event);
  if (!parsed.success)
    throw new InvalidEventError(`invalid event: ${describeZodError(parsed.error, { max: 3 })}`);
  const e = parsed.data;
  return {
    ...(e.article ? { article: e.article } : {}),
    ...(e.articles ? { articles: e.articles } : {}),
    dryRun: e.dryRun ?? false,
    testRecipients: [...new Set((e.testRecipients ?? []).map((a) => a.toLowerCase()))],
    force: e.force ?? false,
    trigger: 'manual',
  };
}

export interface ArticlePolicy {
  /** DEFAULT_ARTICLE: used when the event names none. */
  readonly defaultArticle: string;
  /** ARTICLE_BUCKET: a bare key (no scheme) is an object in this bucket. */
  readonly bucket?: string;
  /** Where `sample` points; when unset, `sample` is refused (the Lambda bundle need not carry it). */
  readonly samplePath?: string;
  /** Local runs only: a plain path is a file. Never in Lambda, where it would read the function's own files. */
  readonly allowFiles: boolean;
}

function shown(value: string): string {
  const clean = value.replace(/[\p{Cc}]/gu, ' ');
  return JSON.stringify(clean.length > 80 ? `${clean.slice(0, 77)}...` : clean);
}

/** The location to load: `s3://…`, `http(s)://…`, or a file path (sample, or local runs). */
export function resolveArticle(requested: string | undefined, policy: ArticlePolicy): string {
  const given = requested ?? policy.defaultArticle;
  if (given === 'sample') {
    if (!policy.samplePath) {
      throw new InvalidEventError(
        'invalid event: article "sample" is only available where the sample article is installed (local runs, or SAMPLE_ARTICLE)',
      );
    }
    return policy.samplePath;
  }
  if (/^s3:\/\//i.test(given)) {
    if (!/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/\S.*$/.test(given)) {
      throw new InvalidEventError(`invalid event: article ${shown(given)} is not s3://bucket/key`);
    }
    return given;
  }
  if (/^https?:\/\//i.test(given)) {
    try {
      new URL(given);
    } catch {
      throw new InvalidEventError(`invalid event: article ${shown(given)} is not a valid URL`);
    }
    return given;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(given)) {
    throw new InvalidEventError(`invalid event: article ${shown(given)} uses an unsupported scheme`);
  }
  if (policy.allowFiles) return given;
  if (policy.bucket) return `s3://${policy.bucket}/${given.replace(/^\/+/, '')}`;
  throw new InvalidEventError(
    `invalid event: article ${shown(given)} must be s3://bucket/key, an http(s) URL or "sample"`,
  );
}
