// Where the admin command works: the local stack that `npm start` keeps in `.local/` (started here on demand, or the
// one a running `npm start -- --serve` holds open), or a deployed stack read from its CloudFormation outputs.
// Either way the commands get the same things: a DynamoDB client and table, the link-signing secret, the site, the
// sender, and a mailer paced at the SES rate.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { SESClient } from '@aws-sdk/client-ses';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { connectDeployedStack, type DeployedStackClients } from '../../adapters/deployed-stack.js';
import { createDocumentClient } from '../../adapters/dynamo/subscriber-store.js';
import { SesMailer } from '../../adapters/ses-mailer.js';
import { createSendingSesClient } from '../../adapters/ses-send-client.js';
import type { Mailer } from '../../email/mail.js';
import type { Branding } from '../../email/render.js';
import {
  claimLocalDir,
  LOCAL_BRANDING,
  LOCAL_SENDER,
  localTokenSecret,
  useLocalEndpoints,
} from '../local-stack.js';
import { findRunningServe } from '../serve.js';
import { AdminError } from './errors.js';
import type { StackProcessLine } from './stack-process.js';

export interface AdminTarget {
  /** For messages: "the local stack (.local)" or "stack NAME". */
  readonly label: string;
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  tokenSecret(): Promise<string>;
  /** The newsletter's name, its pages' URL and its postal address (the confirmation email's branding). */
  readonly site: Branding;
  /** The From header of mail the command sends. */
  readonly sender: string;
  /** Emails per second the service may send (Infinity locally). */
  readonly sendRate: number;
  /** A mailer whose sends leave at most `rate` per second. */
  mailer(rate: number): Mailer;
  /** Where the mail it sends can be looked at, if anywhere. */
  readonly mailNote?: string;
  close(): Promise<void>;
}

/** SES clients made for mailers, destroyed on close (their keep-alive sockets would hold the process open). */
function sesClients() {
  const made: SESClient[] = [];
  return {
    make(rate: number): SESClient {
      const client = createSendingSesClient(Number.isFinite(rate) ? { maxPerSecond: rate } : undefined);
      made.push(client);
      return client;
    },
    destroy() {
      for (const client of made.splice(0)) client.destroy();
    },
  };
}

/**
 * The local stack on `dataDir`: the one a running `npm start -- --serve` holds (its data is locked while it runs),
 * or one started for as long as the command runs, in a child process on free ports.
 */
export async function openLocalTarget(dataDir: string): Promise<AdminTarget> {
  const label = `the local stack (${dataDir})`;
  const serving = await findRunningServe(dataDir);
  // Marked as npm start's, so that npm start -- --fresh may later wipe what this command wrote there.
  claimLocalDir(dataDir, 'data');
  const secret = localTokenSecret(dataDir);
  const ses = sesClients();
  const common = {
    label,
    tokenSecret: async () => secret,
    sender: LOCAL_SENDER,
    sendRate: Number.POSITIVE_INFINITY,
    mailer: (rate: number): Mailer => new SesMailer(ses.make(rate)),
  };
  if (serving) {
    useLocalEndpoints(serving);
    const doc = createDocumentClient();
    return {
      ...common,
      doc,
      tableName: serving.tableName,
      site: { ...LOCAL_BRANDING, siteUrl: serving.siteUrl },
      mailNote: `the mail viewer of npm start -- --serve at ${serving.sesEndpoint}`,
      async close() {
        ses.destroy();
        doc.destroy();
      },
    };
  }
  const stack = await startStackProcess(dataDir);
  useLocalEndpoints(stack);
  const doc = createDocumentClient();
  return {
    ...common,
    doc,
    tableName: stack.tableName,
    site: LOCAL_BRANDING,
    mailNote:
      'the local SES stand-in of this command, which keeps nothing (run npm start -- --serve first to see them)',
    async close() {
      ses.destroy();
      doc.destroy();
      await stack.stop();
    },
  };
}

const LAUNCHER = fileURLToPath(new URL('../launch.mjs', import.meta.url));
const STACK_PROCESS = fileURLToPath(new URL('./stack-process.ts', import.meta.url));

interface StackProcess {
  readonly dynamoEndpoint: string;
  readonly sesEndpoint: string;
  readonly tableName: string;
  stop(): Promise<void>;
}

/** Starts the local stack in a child process (stack-process.ts) and waits for its endpoints. */
async function startStackProcess(dataDir: string): Promise<StackProcess> {
  const child = spawn(process.execPath, [LAUNCHER, STACK_PROCESS, dataDir], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<StackProcessLine | undefined>((resolve) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (text) => {
      try {
        resolve(JSON.parse(text) as StackProcessLine);
      } catch {
        resolve({ error: text.slice(0, 200) });
      }
    });
    child.once('exit', () => resolve(undefined));
    child.once('error', (error) => resolve({ error: error.message }));
  });
  const stop = async () => {
    child.stdin.end();
    await exited;
  };
  if (!line?.dynamoEndpoint || !line.sesEndpoint || !line.tableName) {
    child.kill();
    const why = line?.error ?? (stderr.trim().split('\n').at(-1) || 'it exited');
    if (/database is (closed|not open)|lock|in use by another/i.test(why)) {
      throw new AdminError(
        `the local state in ${dataDir} is in use by another process (an npm start still running?); try again when it ends`,
      );
    }
    throw new AdminError(`the local stack did not start: ${why}`);
  }
  return {
    dynamoEndpoint: line.dynamoEndpoint,
    sesEndpoint: line.sesEndpoint,
    tableName: line.tableName,
    stop,
  };
}

/** The deployed stack `name`, from its outputs, with the operator's AWS credentials. */
export async function openStackTarget(
  name: string,
  options: { region?: string; clients?: DeployedStackClients } = {},
): Promise<AdminTarget> {
  // The SES client takes its region from the environment, as the functions' clients do in Lambda.
  if (options.region) process.env.AWS_REGION = options.region;
  const connected = await connectDeployedStack(name, options);
  const { stack } = connected;
  const ses = sesClients();
  return {
    label: `stack ${name}`,
    doc: connected.doc,
    tableName: stack.tableName,
    tokenSecret: () => connected.tokenSecret(),
    site: { siteName: stack.siteName, siteUrl: stack.siteUrl, postalAddress: stack.postalAddress },
    sender: stack.senderEmail,
    sendRate: stack.maxSendRate,
    // Through the stack's configuration set, so bounces and complaints of these emails come back like any other.
    mailer: (rate) => new SesMailer(ses.make(rate), { configurationSet: stack.configurationSet }),
    async close() {
      ses.destroy();
      connected.close();
    },
  };
}
