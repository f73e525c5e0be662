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
  // Zod 4 still runs a field's size checks after its type check failed, so a string given for a list of at most
  // 10 also reports "expected string to have <=10 characters": only the wrong type is worth naming.
  const mistyped = new Set(
    error.issues.filter((i) => i.code === 'invalid_type').map((i) => i.path.map(String).join('.')),
  );
  const relevant = error.issues.filter(
    (i) => i.code === 'invalid_type' || !mistyped.has(i.path.map(String).join('.')),
  );
  const parts = relevant.slice(0, options.max ?? 1).map((issue) => {
    const path = issue.path.map(String).join('.') || options.root;
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  return parts.length > 0 ? parts.join('; ') : 'invalid';
}
