// Where the admin command writes and asks: the process's streams, or a test's.

export type OutStream = NodeJS.WritableStream & { isTTY?: boolean };

export interface AdminIo {
  /** Results: reports, exports, records. */
  readonly stdout: OutStream;
  /** Errors (one line each) and the progress bar. */
  readonly stderr: OutStream;
  /** Asks a yes/no question on a terminal; undefined when there is none to ask on. */
  readonly confirm?: (question: string) => Promise<boolean>;
}
