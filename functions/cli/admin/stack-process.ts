// The local stack in a process of its own, for the admin command: `node functions/cli/launch.mjs
// functions/cli/admin/stack-process.ts DATA_DIR` starts dynalite (on DATA_DIR/dynamo) and aws-ses-v2-local on free
// ports, prints one JSON line with their endpoints (or with an error), and stops when its standard input closes,
// which happens when the command ends, however it ends. In a process of its own, the stand-ins work on the second
// core while the command works on the first: an import of 10,000 rows takes half the time.
import { join } from 'node:path';
import { startLocalStack } from '../local-stack.js';

export interface StackProcessLine {
  readonly dynamoEndpoint?: string;
  readonly sesEndpoint?: string;
  readonly tableName?: string;
  readonly error?: string;
}

const dataDir = process.argv[2];
if (!dataDir) {
  process.stdout.write(`${JSON.stringify({ error: 'usage: stack-process.ts DATA_DIR' })}\n`);
  process.exit(2);
}
// dynalite throws from a callback when its store cannot be opened (another process holds its lock): that reaches
// us as an uncaught exception, reported like any failure to start.
process.on('uncaughtException', (error) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stdout.write(`${JSON.stringify({ error: message.replace(/\s+/g, ' ') })}\n`);
  process.exit(1);
});
try {
  const stack = await startLocalStack({ dataDir: join(dataDir, 'dynamo'), dynamoPort: 0, sesPort: 0 });
  const line: StackProcessLine = {
    dynamoEndpoint: stack.dynamoEndpoint,
    sesEndpoint: stack.sesEndpoint,
    tableName: stack.tableName,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  const stop = () => {
    void stack.stop().finally(() => process.exit(0));
  };
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.once('SIGTERM', stop);
  // Ctrl+C reaches this process too; the command lets the rows in flight finish, then closes our input.
  process.on('SIGINT', () => undefined);
  process.stdin.resume();
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stdout.write(`${JSON.stringify({ error: message.replace(/\s+/g, ' ') })}\n`);
  process.exit(1);
}
