// Runs the admin command in process against a test file's local stack (dynalite and aws-ses-v2-local): a target
// over the given table, streams that collect what it writes, and a full scan of the table to look for traces.
import { Writable } from 'node:stream';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamo/subscriber-store.js';
import { SesMailer } from '../../functions/adapters/ses-mailer.js';
import { createSendingSesClient } from '../../functions/adapters/ses-send-client.js';
import type { AdminIo } from '../../functions/cli/admin/io.js';
import { type AdminDeps, runAdmin } from '../../functions/cli/admin/program.js';
import type { AdminTarget } from '../../functions/cli/admin/target.js';
import type { Mailer } from '../../functions/email/mail.js';

export const ADMIN_SECRET = 'admin-test-secret-0123456789';
export const ADMIN_SITE = {
  siteName: 'Test Digest',
  siteUrl: 'https://news.example.com',
  postalAddress: '1 Test Street, Testville',
};

export interface AdminRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A stream that keeps what is written to it. */
export function collector(isTTY = false): Writable & { isTTY: boolean; readonly text: string } {
  let text = '';
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      done();
    },
  });
  Object.defineProperty(stream, 'text', { get: () => text });
  return Object.assign(stream, { isTTY }) as Writable & { isTTY: boolean; readonly text: string };
}

export interface TargetOptions {
  /** Wraps every mailer the target makes (tests inject SES faults here). */
  readonly wrapMailer?: (mailer: Mailer) => Mailer;
  readonly label?: string;
}

/** A target over `tableName` in the local stack the SDK's endpoint variables point at. */
export function testTarget(tableName: string, options: TargetOptions = {}): AdminTarget {
  const doc = createDocumentClient();
  const clients: Array<{ destroy(): void }> = [];
  return {
    label: options.label ?? 'the test stack',
    doc,
    tableName,
    tokenSecret: async () => ADMIN_SECRET,
    site: ADMIN_SITE,
    sender: 'Test Digest <digest@example.com>',
    sendRate: Number.POSITIVE_INFINITY,
    mailer(rate) {
      const client = createSendingSesClient(Number.isFinite(rate) ? { maxPerSecond: rate } : undefined);
      clients.push(client);
      const mailer = new SesMailer(client);
      return options.wrapMailer ? options.wrapMailer(mailer) : mailer;
    },
    async close() {
      for (const c of clients) c.destroy();
    },
  };
}

/** Runs `npm run admin -- --local <args>` in process, on a test target over `tableName`. */
export async function admin(
  tableName: string,
  args: readonly string[],
  options: TargetOptions & { deps?: AdminDeps; confirm?: AdminIo['confirm'] } = {},
): Promise<AdminRun> {
  const stdout = collector();
  const stderr = collector();
  const code = await runAdmin(
    ['--local', ...args],
    { stdout, stderr, ...(options.confirm ? { confirm: options.confirm } : {}) },
    { openTarget: async () => testTarget(tableName, options), ...options.deps },
  );
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Every item of the table, as DynamoDB returns it. */
export async function scanTable(tableName: string): Promise<Array<Record<string, unknown>>> {
  const doc = createDocumentClient();
  const items: Array<Record<string, unknown>> = [];
  try {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await doc.send(
        new ScanCommand({ TableName: tableName, ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
  } finally {
    doc.destroy();
  }
  return items;
}
