// `npm start -- --serve`: the subscription pages and API on this machine. Starts the embedded stack (dynalite
// keeping its data under .local/, aws-ses-v2-local with its mail viewer) and serves the subscriptions Lambda
// handler through the HTTP adapter, until SIGINT or SIGTERM. While it runs, `serve.json` in the data folder says
// where, so an `npm start` job on the same folder uses this stack and mails links to this server.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createHttpApiServer, type HttpApiHandler, serverUrl } from './http-adapter.js';
import {
  claimLocalDir,
  close,
  LOCAL_BRANDING,
  LOCAL_SENDER,
  type LocalStack,
  listen,
  localTokenSecret,
  startLocalStack,
} from './local-stack.js';

/** The server cannot start; the message is one line. */
export class ServeError extends Error {
  override readonly name = 'ServeError';
}

export interface ServeOptions {
  /** Loopback address for all three servers; 127.0.0.1 when left out. */
  readonly host?: string;
  /** The pages and API; 3000 when left out, 0 for any free port. */
  readonly port?: number;
  /** dynalite; 8000 when left out. */
  readonly dynamoPort?: number;
  /** aws-ses-v2-local and its mail viewer; 8005 when left out. */
  readonly sesPort?: number;
  /** Where local state lives (dynalite's data in `dynamo/`, the token secret); `.local` when left out. */
  readonly dataDir?: string;
}

export interface RunningServe {
  readonly siteUrl: string;
  readonly dynamoEndpoint: string;
  readonly sesEndpoint: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** What a running `--serve` records in its data folder (`serve.json`) for a job to find it. */
const runningServeSchema = z.strictObject({
  pid: z.number().int().positive(),
  /** Where its pages are, and so where mailed links must point. */
  siteUrl: z.string().url(),
  dynamoEndpoint: z.string().url(),
  sesEndpoint: z.string().url(),
  tableName: z.string().min(1),
});

export type RunningServeRecord = z.infer<typeof runningServeSchema>;

const SERVE_RECORD = 'serve.json';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The `--serve` running on `dataDir`, if any: its record, when its process is alive and its DynamoDB answers (a
 * record left by a server that was killed is ignored).
 */
export async function findRunningServe(dataDir: string): Promise<RunningServeRecord | undefined> {
  let record: RunningServeRecord;
  try {
    record = runningServeSchema.parse(JSON.parse(readFileSync(join(dataDir, SERVE_RECORD), 'utf8')));
  } catch {
    return undefined;
  }
  if (!isAlive(record.pid)) return undefined;
  try {
    await fetch(record.dynamoEndpoint, { signal: AbortSignal.timeout(2_000) });
  } catch {
    return undefined;
  }
  return record;
}

/** Sets the local defaults of the variables the handler reads at cold start, keeping any already set. */
function setLocalConfig(siteUrl: string, secret: string): void {
  const defaults: Record<string, string> = {
    SITE_URL: siteUrl,
    SENDER_EMAIL: LOCAL_SENDER,
    SITE_NAME: LOCAL_BRANDING.siteName,
    POSTAL_ADDRESS: LOCAL_BRANDING.postalAddress,
    TOKEN_SECRET: secret,
    // As the stack's default: issues sent by `npm start` get their web page, the archive and the feed.
    PUBLIC_ARCHIVE: 'true',
  };
  for (const [name, value] of Object.entries(defaults)) process.env[name] ??= value;
}

export async function serve(options: ServeOptions = {}): Promise<RunningServe> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.dataDir ?? '.local';
  const other = await findRunningServe(dataDir);
  if (other) {
    throw new ServeError(
      `npm start -- --serve (pid ${other.pid}, ${other.siteUrl}) is already using ${dataDir}; stop it or pick another --data-dir`,
    );
  }
  claimLocalDir(dataDir, 'data');
  let handler: HttpApiHandler | undefined;
  const server = createHttpApiServer(() => handler, {
    onError: (error) => process.stderr.write(`handler failed: ${(error as Error).stack ?? String(error)}\n`),
  });
  // The HTTP port first: it fixes SITE_URL, and a clash is found before anything else starts.
  await listen(server, host, options.port ?? 3000, 'HTTP');
  const siteUrl = serverUrl(server, host);
  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      host,
      dynamoPort: options.dynamoPort ?? 8000,
      sesPort: options.sesPort ?? 8005,
      dataDir: join(dataDir, 'dynamo'),
    });
  } catch (error) {
    await close(server);
    throw error;
  }
  setLocalConfig(siteUrl, localTokenSecret(dataDir));
  // Imported only now: the handler parses its configuration at load, as a Lambda does at cold start.
  handler = (await import('../handlers/subscriptions/handler.js')).handler as HttpApiHandler;
  const record: RunningServeRecord = {
    pid: process.pid,
    // The URL the handler puts in its links (SITE_URL when set), which a job's links must match.
    siteUrl: process.env.SITE_URL ?? siteUrl,
    dynamoEndpoint: stack.dynamoEndpoint,
    sesEndpoint: stack.sesEndpoint,
    tableName: stack.tableName,
  };
  const recordPath = join(dataDir, SERVE_RECORD);
  writeFileSync(recordPath, `${JSON.stringify(record)}\n`);
  return {
    siteUrl,
    dynamoEndpoint: stack.dynamoEndpoint,
    sesEndpoint: stack.sesEndpoint,
    dataDir,
    async stop() {
      rmSync(recordPath, { force: true });
      await close(server);
      await stack.stop();
    },
  };
}

/** Serves until SIGINT or SIGTERM, printing where everything is. */
export async function serveUntilStopped(options: ServeOptions = {}): Promise<void> {
  const running = await serve(options);
  process.stdout.write(
    [
      `Subscription pages and API  ${running.siteUrl}/`,
      ...(process.env.PUBLIC_ARCHIVE === 'true'
        ? [`Archive and feed            ${running.siteUrl}/archive, ${running.siteUrl}/feed.xml`]
        : []),
      `DynamoDB (dynalite)         ${running.dynamoEndpoint}  (data in ${join(running.dataDir, 'dynamo')})`,
      `SES (aws-ses-v2-local)      ${running.sesEndpoint}  (mail viewer; JSON at /store)`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.stdout.write(`\n${signal}: stopping\n`);
      running.stop().then(resolve, resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
