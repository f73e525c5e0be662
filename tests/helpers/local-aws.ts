// Starts the local AWS stand-ins for one test file (in memory, free loopback ports, a table of its own).
// A thin wrapper over the same local stack that `npm start` uses.
import { afterAll, beforeAll } from 'vitest';
import { type LocalStack, startLocalStack } from '../../functions/cli/local-stack.js';

export type LocalAws = LocalStack;
export type { StoredMail } from '../../functions/cli/local-stack.js';

export function startLocalAws(options: { tableName?: string } = {}): Promise<LocalAws> {
  return startLocalStack({ tableName: options.tableName ?? `test-${process.pid}-${Date.now()}` });
}

/**
 * Starts the local stand-ins before this file's tests and stops them after all of them; `onStart` receives the
 * stack (to keep it and build the file's clients on it).
 */
export function useLocalAws(
  onStart: (aws: LocalAws) => void | Promise<void>,
  options: { tableName?: string } = {},
): void {
  let started: LocalAws | undefined;
  beforeAll(async () => {
    started = await startLocalAws(options);
    await onStart(started);
  });
  afterAll(async () => {
    await started?.stop();
  });
}
