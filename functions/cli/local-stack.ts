// The embedded local stack: dynalite (DynamoDB protocol) and aws-ses-v2-local (SES protocol) in this process, the
// service's table created when missing, and the AWS SDK pointed at them through its own endpoint variables.
// Used by `npm start`, the benchmarks and the tests, so every local run exercises the real AWS clients.
import { randomBytes } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import sesLocalModule from 'aws-ses-v2-local';
import dynalite from 'dynalite';
import lockfile from 'proper-lockfile';
import { createTableInput } from '../adapters/dynamo/table-schema.js';
import type { Branding } from '../email/render.js';

// aws-ses-v2-local is CommonJS with an ES default export: Node hands us module.exports (default on `.default`),
// Vite's interop hands us the function itself.
type SesLocalFactory = typeof sesLocalModule.default;
const sesLocal: SesLocalFactory =
  typeof sesLocalModule === 'function'
    ? (sesLocalModule as unknown as SesLocalFactory)
    : (sesLocalModule as unknown as { default: SesLocalFactory }).default;

export interface LocalStackOptions {
  /** Loopback address to listen on; 127.0.0.1 when left out. */
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly dynamoPort?: number;
  readonly sesPort?: number;
  /** Where dynalite keeps its data; in memory when left out. */
  readonly dataDir?: string;
  /** The table to create when missing; `digest-local` when left out. */
  readonly tableName?: string;
}

export interface StoredMail {
  readonly messageId: string;
  readonly subject: string;
  readonly destination: { to: string[]; cc: string[]; bcc: string[] };
  readonly body: { html?: string; text?: string };
  readonly at: number;
}

export interface LocalStack {
  readonly dynamoEndpoint: string;
  readonly sesEndpoint: string;
  readonly tableName: string;
  /** Mail captured by aws-ses-v2-local since it started or was last cleared. */
  sentMail(): Promise<StoredMail[]>;
  clearMail(): Promise<void>;
  stop(): Promise<void>;
}

export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

/** Listens on host:port (0 for any free port) and resolves the port; PortInUseError when it is taken. */
export function listen(server: Server, host: string, port: number, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' ? new PortInUseError(`${what} port ${port} is already in use`) : error,
      ),
    );
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Stops accepting connections and drops the open ones (keep-alive sockets would otherwise hold it open). */
export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}

/** The newsletter identity of every local run (`npm start`, `--serve`, the tests): one place, so they agree. */
export const LOCAL_BRANDING: Branding = {
  siteName: 'Local Digest',
  siteUrl: 'http://127.0.0.1:3000',
  postalAddress: '1 Example Street, Springfield',
};
export const LOCAL_SENDER = `${LOCAL_BRANDING.siteName} <digest@example.com>`;

/** Shortest signing secret accepted from TOKEN_SECRET or the saved file; anything shorter is replaced. */
const MIN_LOCAL_SECRET_CHARS = 16;

/**
 * The local signing secret shared by `npm start` and `npm start -- --serve` (so a link mailed by one opens in the
 * other): TOKEN_SECRET when set and long enough, else one generated once and kept in `dataDir/token-secret`.
 * An empty or truncated file is replaced rather than trusted.
 */
export function localTokenSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.TOKEN_SECRET;
  if (fromEnv && fromEnv.length >= MIN_LOCAL_SECRET_CHARS) return fromEnv;
  const file = join(dataDir, 'token-secret');
  try {
    const saved = readFileSync(file, 'utf8').trim();
    if (saved.length >= MIN_LOCAL_SECRET_CHARS) return saved;
  } catch {
    // first run: created below
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * The folders local runs write: the state (`--data-dir`) and the outbox. Each is marked by a file when the tool
 * creates it (or finds it empty), and holds a known set of names, so `--fresh` can delete what the tool made and
 * nothing else: a folder without the marker, or with anything outside the layout in it, is refused.
 */
export type LocalDirKind = 'data' | 'outbox';

interface DirLayout {
  readonly marker: string;
  readonly option: string;
  /** Files the tool writes at the top of the folder. */
  readonly files: RegExp;
  /** Folders the tool writes, each holding only files whose names match. */
  readonly folders: Readonly<Record<string, RegExp>>;
}

const LAYOUTS: Readonly<Record<LocalDirKind, DirLayout>> = {
  data: {
    marker: '.digest-mailer-data',
    option: '--data-dir',
    files: /^(token-secret|queue\.json(\.tmp)?|serve\.json)$/,
    // dynalite's LevelDB store, and the lock that keeps it to one process (empty but while held).
    folders: {
      dynamo: /^(CURRENT|LOCK|LOG(\.old)?|MANIFEST-\d+|\d+\.(log|ldb|sst|dbtmp))$/,
      'dynamo.lock': /^$/,
    },
  },
  outbox: {
    marker: '.digest-mailer-outbox',
    option: '--outbox',
    // digest.html, digest.txt and one .eml per address (outboxFileName).
    files: /^(digest\.(html|txt)|[a-z0-9@._+-]+\.eml)$/,
    folders: {},
  },
};

/** A folder `--fresh` will not wipe; the message is one line that names it and why. */
export class LocalDirError extends Error {
  override readonly name = 'LocalDirError';
}

function entriesOf(dir: string, kind: LocalDirKind): string[] | undefined {
  try {
    return readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    // A file where the folder should be: say so in the option's words, not as a raw ENOTDIR.
    if (code === 'ENOTDIR') throw notAFolder(dir, kind);
    throw error;
  }
}

function notAFolder(dir: string, kind: LocalDirKind): LocalDirError {
  const { option } = LAYOUTS[kind];
  return new LocalDirError(`${option} ${dir} is not a folder (a file is in its way); pick another ${option}`);
}

/**
 * Creates `dir` when missing and marks it as the tool's when it is new or empty. A folder that already holds other
 * things is used as it is, unmarked, so `--fresh` will later refuse it rather than guess what is the user's.
 */
export function claimLocalDir(dir: string, kind: LocalDirKind): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw notAFolder(dir, kind);
    throw error;
  }
  const { marker } = LAYOUTS[kind];
  const entries = entriesOf(dir, kind) ?? [];
  if (entries.includes(marker) || entries.length > 0) return;
  writeFileSync(
    join(dir, marker),
    `Made by npm start (digest-mailer) for its ${kind === 'data' ? 'local state' : 'outbox'}. npm start -- --fresh deletes the files it made here and refuses to touch anything else.\n`,
  );
}

/** What `--fresh` would delete in `dir` (files first, then their folders); LocalDirError when it must not. */
export function planLocalWipe(dir: string, kind: LocalDirKind): string[] {
  const layout = LAYOUTS[kind];
  const what = kind === 'data' ? 'local state folder' : 'outbox';
  const entries = entriesOf(dir, kind);
  if (entries === undefined || entries.length === 0) return [];
  const refuse = (why: string) =>
    new LocalDirError(`refusing to wipe ${what} ${dir}: ${why}, or pick another ${layout.option}`);
  if (!entries.includes(layout.marker)) {
    throw refuse(`npm start did not make it (no ${layout.marker} in it); empty it yourself`);
  }
  const files: string[] = [];
  const folders: string[] = [];
  const foreign: string[] = [];
  for (const name of entries) {
    if (name === layout.marker) continue;
    const path = join(dir, name);
    // lstat: a symbolic link is never the tool's, whatever it points at.
    const stat = lstatSync(path);
    const inFolder = layout.folders[name];
    if (stat.isFile() && layout.files.test(name)) {
      files.push(path);
    } else if (stat.isDirectory() && inFolder) {
      for (const inner of readdirSync(path)) {
        if (lstatSync(join(path, inner)).isFile() && inFolder.test(inner)) files.push(join(path, inner));
        else foreign.push(join(name, inner));
      }
      folders.push(path);
    } else {
      foreign.push(name);
    }
  }
  if (foreign.length > 0) {
    const more = foreign.length > 1 ? ` and ${foreign.length - 1} more` : '';
    throw refuse(`it holds ${JSON.stringify(foreign[0])}${more} that npm start did not make; move that out`);
  }
  return [...files, ...folders];
}

/**
 * Deletes what planLocalWipe listed, one name at a time (never recursively: a folder that gained a file since is
 * left, with an error); the folder and its marker stay, so it remains the tool's.
 */
export function wipeLocalDir(plan: readonly string[]): void {
  for (const path of plan) {
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(path);
    } catch {
      continue; // gone already
    }
    if (stat.isDirectory()) rmdirSync(path);
    else unlinkSync(path);
  }
}

/** Points the AWS SDK at the local endpoints; dummy credentials, since nothing checks them. */
export function useLocalEndpoints(
  stack: Pick<LocalStack, 'dynamoEndpoint' | 'sesEndpoint' | 'tableName'>,
): void {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint,
    AWS_ENDPOINT_URL_SES: stack.sesEndpoint,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    TABLE_NAME: stack.tableName,
  });
}

async function ensureTable(tableName: string): Promise<void> {
  const ddb = new DynamoDBClient({});
  try {
    await ddb.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await ddb.send(new CreateTableCommand(createTableInput(tableName)));
    // dynalite reports the table CREATING until its store has written it (slower with a data directory); a request
    // arriving before then fails with ResourceNotFoundException, so wait until it is ACTIVE.
    for (let tries = 0; tries < 200; tries++) {
      const out = await ddb.send(new DescribeTableCommand({ TableName: tableName }));
      if (out.Table?.TableStatus === 'ACTIVE') break;
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    ddb.destroy();
  }
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const host = options.host ?? '127.0.0.1';
  const tableName = options.tableName ?? 'digest-local';
  const release = options.dataDir === undefined ? undefined : await lockData(options.dataDir);
  try {
    return await openLocalStack(options, host, tableName, release);
  } catch (error) {
    await release?.();
    throw error;
  }
}

/**
 * Holds the store for this process: dynalite's store is one process's, and a second process opening it breaks the
 * first mid-run ("Database is closed"). The lock goes stale when its process dies without releasing it.
 */
async function lockData(dataDir: string): Promise<() => Promise<void>> {
  mkdirSync(dataDir, { recursive: true });
  try {
    return await lockfile.lock(dataDir, { ...lockOf(dataDir), retries: 0 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    throw new LocalDirError(
      `the local state in ${dirname(dataDir)} is in use by another npm start or admin command; wait for it to finish, or pick another --data-dir`,
    );
  }
}

/** Where the store's lock lives (beside it, so the layout knows it), and when a dead holder's lock goes stale. */
function lockOf(dataDir: string): { lockfilePath: string; stale: number } {
  return { lockfilePath: `${dataDir}.lock`, stale: 10_000 };
}

/** Whether a live process holds the store in `dataDir` (so `--fresh` must leave it alone). */
export function isDataLocked(dataDir: string): boolean {
  try {
    return lockfile.checkSync(dataDir, lockOf(dataDir));
  } catch {
    return false; // no store yet
  }
}

async function openLocalStack(
  options: LocalStackOptions,
  host: string,
  tableName: string,
  release: (() => Promise<void>) | undefined,
): Promise<LocalStack> {
  const dynamo = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.dataDir ? { path: options.dataDir } : {}),
  });
  const dynamoPort = await listen(dynamo, host, options.dynamoPort ?? 0, 'DynamoDB (dynalite)');
  let ses: Server;
  try {
    ses = await sesLocal({ host, port: options.sesPort ?? 0 });
  } catch (error) {
    await close(dynamo);
    const code = (error as NodeJS.ErrnoException).code;
    throw code === 'EADDRINUSE'
      ? new PortInUseError(`SES (aws-ses-v2-local) port ${options.sesPort} is already in use`)
      : error;
  }
  // aws-ses-v2-local resolves even when its port is taken (the error only reaches its server's listeners), so a
  // server that is not listening means the port was in use.
  if (!ses.listening || ses.address() === null) {
    await close(dynamo);
    throw new PortInUseError(`SES (aws-ses-v2-local) port ${options.sesPort} is already in use`);
  }
  const sesPort = (ses.address() as AddressInfo).port;
  const stack = {
    dynamoEndpoint: `http://${host}:${dynamoPort}`,
    sesEndpoint: `http://${host}:${sesPort}`,
    tableName,
  };
  useLocalEndpoints(stack);
  await ensureTable(tableName);
  return {
    ...stack,
    async sentMail() {
      const res = await fetch(`${stack.sesEndpoint}/store`);
      return ((await res.json()) as { emails: StoredMail[] }).emails;
    },
    async clearMail() {
      await fetch(`${stack.sesEndpoint}/clear-store`, { method: 'POST' });
    },
    async stop() {
      await Promise.all([close(dynamo), close(ses)]);
      await release?.();
    },
  };
}
