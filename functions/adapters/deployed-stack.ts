// A deployed stack, as the operator's command sees it: its CloudFormation outputs (table, token secret, site,
// sender, send rate), read with the operator's own AWS credentials, and the clients built from them. The output
// names are defined here and the stack (infra/) declares them from this list, so the two cannot drift apart.
import {
  CloudFormationClient,
  DescribeStacksCommand,
  type DescribeStacksCommandOutput,
} from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { STACK_OUTPUTS } from './stack-outputs.js';

export { STACK_OUTPUTS };

type OutputName = keyof typeof STACK_OUTPUTS;

export interface DeployedStack {
  readonly name: string;
  readonly tableName: string;
  readonly tokenSecretArn: string;
  readonly siteUrl: string;
  readonly senderEmail: string;
  readonly siteName: string;
  readonly postalAddress: string;
  /** Emails per second across all senders (the account's SES maximum send rate, as deployed). */
  readonly maxSendRate: number;
  readonly configurationSet: string;
}

/** The stack cannot be used; one line, no stack trace. */
export class StackError extends Error {
  override readonly name = 'StackError';
}

/** What the admin command needs of an AWS client: `send`. Tests pass stand-ins for CloudFormation and Secrets Manager. */
export interface SendsCommands {
  // biome-ignore lint/suspicious/noExplicitAny: the SDK's commands share no narrower public type
  send(command: any): Promise<any>;
}

/** Turns an SDK failure into one line that says what to do. */
export function describeAwsFailure(error: unknown, what: string): StackError {
  const e = error as { name?: string; message?: string };
  const name = e?.name ?? '';
  const message = (e?.message ?? String(error)).replace(/\s+/g, ' ').slice(0, 200);
  if (name === 'CredentialsProviderError' || /credential/i.test(message)) {
    return new StackError(`${what}: no AWS credentials (set AWS_PROFILE, or sign in with aws sso login)`);
  }
  if (/region is missing/i.test(message)) {
    return new StackError(`${what}: no AWS region (pass --region or set AWS_REGION)`);
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || /not authorized/i.test(message)) {
    return new StackError(`${what}: access denied (${message})`);
  }
  return new StackError(`${what}: ${name ? `${name}: ` : ''}${message}`);
}

/** Reads the stack's outputs. StackError when it does not exist or lacks one the admin command needs. */
export async function describeDeployedStack(
  cloudFormation: SendsCommands,
  name: string,
): Promise<DeployedStack> {
  let out: DescribeStacksCommandOutput;
  try {
    out = await cloudFormation.send(new DescribeStacksCommand({ StackName: name }));
  } catch (error) {
    if (/does not exist/i.test((error as Error)?.message ?? '')) {
      throw new StackError(`no stack named ${name} in this account and region (check --stack and --region)`);
    }
    throw describeAwsFailure(error, `cannot read stack ${name}`);
  }
  const stack = out.Stacks?.[0];
  if (!stack)
    throw new StackError(`no stack named ${name} in this account and region (check --stack and --region)`);
  const outputs = new Map((stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  const missing = (Object.keys(STACK_OUTPUTS) as OutputName[]).filter((k) => !outputs.get(STACK_OUTPUTS[k]));
  if (missing.length > 0) {
    const names = missing.map((k) => STACK_OUTPUTS[k]).join(', ');
    throw new StackError(
      `stack ${name} has no output ${names}: deploy this version of the stack first (see docs/admin.md)`,
    );
  }
  const value = (k: OutputName) => outputs.get(STACK_OUTPUTS[k]) as string;
  const maxSendRate = Number(value('maxSendRate'));
  if (!(maxSendRate > 0)) throw new StackError(`stack ${name} has a malformed MaxSendRate output`);
  return {
    name,
    tableName: value('tableName'),
    tokenSecretArn: value('tokenSecretArn'),
    siteUrl: value('siteUrl').replace(/\/+$/, ''),
    senderEmail: value('senderEmail'),
    siteName: value('siteName'),
    postalAddress: value('postalAddress'),
    maxSendRate,
    configurationSet: value('configurationSet'),
  };
}

/** The link-signing secret, from Secrets Manager. */
export async function readTokenSecret(secrets: SendsCommands, arn: string): Promise<string> {
  let value: unknown;
  try {
    value = (await secrets.send(new GetSecretValueCommand({ SecretId: arn })))?.SecretString;
  } catch (error) {
    throw describeAwsFailure(error, 'cannot read the token secret');
  }
  if (typeof value !== 'string' || value.length < 16) {
    throw new StackError('the token secret is missing or shorter than 16 characters');
  }
  return value;
}

export interface DeployedStackClients {
  readonly cloudFormation?: SendsCommands;
  readonly secrets?: SendsCommands;
}

export interface ConnectedStack {
  readonly stack: DeployedStack;
  readonly doc: DynamoDBDocumentClient;
  /** Read once, on first use. */
  tokenSecret(): Promise<string>;
  close(): void;
}

/**
 * Reads the stack `name` and builds the DynamoDB client for its table. `region` falls back to the SDK's own
 * (AWS_REGION, the profile); clients may be given (tests), otherwise they are created here.
 */
export async function connectDeployedStack(
  name: string,
  options: { region?: string; clients?: DeployedStackClients } = {},
): Promise<ConnectedStack> {
  const config = options.region ? { region: options.region } : {};
  const owned: Array<{ destroy(): void }> = [];
  const make = <T extends { destroy(): void }>(client: T): T => {
    owned.push(client);
    return client;
  };
  const cloudFormation = options.clients?.cloudFormation ?? make(new CloudFormationClient(config));
  const secrets = options.clients?.secrets ?? make(new SecretsManagerClient(config));
  const close = () => {
    for (const client of owned) client.destroy();
  };
  let stack: DeployedStack;
  try {
    stack = await describeDeployedStack(cloudFormation, name);
  } catch (error) {
    close();
    throw error;
  }
  const dynamo = make(new DynamoDBClient(config));
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  let secret: Promise<string> | undefined;
  return {
    stack,
    doc,
    tokenSecret() {
      secret ??= readTokenSecret(secrets, stack.tokenSecretArn);
      return secret;
    },
    close,
  };
}
