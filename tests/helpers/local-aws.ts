// Starts the local AWS stand-ins for one test file (in memory, free loopback ports, a table of its own).
// A thin wrapper over the same local stack that `npm start` uses.
import { type LocalStack, startLocalStack } from '../../functions/cli/local-stack.js';

export type LocalAws = LocalStack;
export type { StoredMail } from '../../functions/cli/local-stack.js';

export function startLocalAws(options: { tableName?: string } = {}): Promise<LocalAws> {
  return startLocalStack({ tableName: options.tableName ?? `test-${process.pid}-${Date.now()}` });
}
