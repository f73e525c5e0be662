// One-line descriptions of zod validation failures, for error messages and log fields: "path: message" for the
// first few issues, so an operator sees which field is wrong without a multi-line dump of the schema's verdict.
import type { z } from 'zod';

export interface DescribeOptions {
  /** How many issues to name; 1 when left out. */
  readonly max?: number;
  /** The name shown for an issue about the value as a whole (empty path); no prefix when left out. */
  readonly root?: string;
}

/** "field.0: message; other: message", or "invalid" when zod reported no issue. */
export function describeZodError(error: z.ZodError, options: DescribeOptions = {}): string {
  const parts = error.issues.slice(0, options.max ?? 1).map((issue) => {
    const path = issue.path.map(String).join('.') || options.root;
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  return parts.length > 0 ? parts.join('; ') : 'invalid';
}
