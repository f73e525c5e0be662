// The admin command's errors and exit codes. Every failure the operator can cause or fix ends as one line on
// standard error and one of these codes, never a stack trace.

/** A failure to report as it is, in one line. */
export class AdminError extends Error {
  override readonly name = 'AdminError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}

export const EXIT = {
  ok: 0,
  /** Nothing was done, or the run stopped part way (the report says how far it got). */
  failed: 1,
  /** The command line itself is wrong. */
  usage: 2,
  /** An import finished, but some rows were rejected or could not be written: the report lists them by line. */
  someRowsNotImported: 3,
} as const;
