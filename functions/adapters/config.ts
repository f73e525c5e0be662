// Configuration from environment variables, parsed once at cold start with a zod schema: a missing or malformed
// variable fails loudly with its name, never silently as an empty string.
import { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The variables the service knows, each with its rule. Entry points pick the ones they need. */
export const envVars = {
  TABLE_NAME: z.string().min(1),
  QUEUE_URL: z.string().url(),
  ARTICLE_BUCKET: z.string().min(1),
  /** What the schedule digests when its event names no article: an S3 key in ARTICLE_BUCKET or an http(s) URL. */
  DEFAULT_ARTICLE: z.string().min(1),
  /** The From address, e.g. `Morning Digest <digest@example.com>`; its identity must be verified in SES. */
  SENDER_EMAIL: z.string().min(3),
  /** Public base URL of the subscription pages (confirm and unsubscribe links), without a trailing slash. */
  SITE_URL: z
    .string()
    .url()
    .transform((u) => u.replace(/\/+$/, '')),
  SITE_NAME: z.string().min(1),
  /** The sender's postal address, required in the footer of bulk mail (CAN-SPAM). */
  POSTAL_ADDRESS: z.string().min(1),
  /** Secrets Manager ARN or name of the token signing secret (in AWS). */
  TOKEN_SECRET_ARN: z.string().min(1),
  /** The token signing secret itself (local runs only). */
  TOKEN_SECRET: z.string().min(16),
  /** SES maximum send rate (messages per second) shared by all deliver instances. */
  MAX_SEND_RATE: z.coerce.number().positive(),
  /** The deliver event source's maximum concurrency; each instance sends at MAX_SEND_RATE / this. */
  DELIVER_CONCURRENCY: z.coerce.number().int().positive(),
  CONFIGURATION_SET: z.string().min(1),
  /**
   * `true`: every issue gets a public web page, the archive and the feed list it, its email links to it. Absent or
   * `false`: none of that (a private newsletter); the stack always sets it, from its `archive` setting.
   */
  PUBLIC_ARCHIVE: z.enum(['true', 'false']).transform((v) => v === 'true'),
  /** Path of a bundled copy of the sample article; when unset, the digest function refuses `"article": "sample"`. */
  SAMPLE_ARTICLE: z.string().min(1),
  /** Most stories in an issue made from a feed or a list of articles (1 to 20). */
  MAX_STORIES: z.coerce.number().int().min(1).max(20),
} as const;

type EnvVars = typeof envVars;

/** Parses the named variables; names in `optional` may be absent. Throws one ConfigError naming every problem. */
export function loadConfig<R extends keyof EnvVars, O extends keyof EnvVars = never>(
  required: readonly R[],
  optional: readonly O[] = [],
  env: NodeJS.ProcessEnv = process.env,
): { [K in R]: z.output<EnvVars[K]> } & { [K in O]?: z.output<EnvVars[K]> } {
  const shape: Record<string, z.ZodType> = {};
  for (const name of required) shape[name] = envVars[name];
  for (const name of optional) shape[name] = envVars[name].optional();
  const parsed = z.object(shape).safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.')}: ${env[String(i.path[0])] === undefined ? 'missing' : i.message}`,
    );
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data as { [K in R]: z.output<EnvVars[K]> } & { [K in O]?: z.output<EnvVars[K]> };
}
