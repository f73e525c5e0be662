// Starts the local AWS stand-ins for a test file: dynalite (DynamoDB) and aws-ses-v2-local (SES), on free
// loopback ports, and points the unchanged AWS SDK clients at them through the SDK's own endpoint variables.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import sesLocalModule from 'aws-ses-v2-local';
import dynalite from 'dynalite';
import { createTableInput } from '../../functions/adapters/dynamo/table-schema.js';

// aws-ses-v2-local is CommonJS with an ES default export: Node hands us module.exports (default on `.default`),
// Vite's interop hands us the function itself.
type SesLocalFactory = typeof sesLocalModule.default;
const sesLocal: SesLocalFactory =
  typeof sesLocalModule === 'function'
    ? (sesLocalModule as unknown as SesLocalFactory)
    : (sesLocalModule as unknown as { default: SesLocalFactory }).default;

export interface LocalAws {
  readonly dynamoEndpoint: string;
  readonly sesEndpoint: string;
  readonly tableName: string;
  /** Mail captured by aws-ses-v2-local since it started or was last cleared. */
  sentMail(): Promise<StoredMail[]>;
  clearMail(): Promise<void>;
  stop(): Promise<void>;
}

export interface StoredMail {
  readonly messageId: string;
  readonly subject: string;
  readonly destination: { to: string[]; cc: string[]; bcc: string[] };
  readonly body: { html?: string; text?: string };
  readonly at: number;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function startLocalAws(options: { tableName?: string } = {}): Promise<LocalAws> {
  const tableName = options.tableName ?? `test-${process.pid}-${Date.now()}`;
  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const dynamoPort = await listen(dynamo);
  // aws-ses-v2-local listens by itself; port 0 asks the OS for a free one.
  const ses = await sesLocal({ host: '127.0.0.1', port: 0 });
  const sesPort = (ses.address() as AddressInfo).port;
  const dynamoEndpoint = `http://127.0.0.1:${dynamoPort}`;
  const sesEndpoint = `http://127.0.0.1:${sesPort}`;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_SES: sesEndpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: 'us-east-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    TABLE_NAME: tableName,
  });
  const ddb = new DynamoDBClient({});
  await ddb.send(new CreateTableCommand(createTableInput(tableName)));
  ddb.destroy();
  return {
    dynamoEndpoint,
    sesEndpoint,
    tableName,
    async sentMail() {
      const res = await fetch(`${sesEndpoint}/store`);
      const body = (await res.json()) as { emails: StoredMail[] };
      return body.emails;
    },
    async clearMail() {
      await fetch(`${sesEndpoint}/clear-store`, { method: 'POST' });
    },
    async stop() {
      await Promise.all([close(dynamo), close(ses)]);
    },
  };
}
