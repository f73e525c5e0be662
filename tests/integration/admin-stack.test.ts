// `npm run admin -- --stack NAME ...`: the deployed stack is read from its CloudFormation outputs and its token
// secret from Secrets Manager. Neither service exists here, so both are stand-ins answering as AWS does (or
// failing as it can); DynamoDB and SES are the local stand-ins, reached through the SDK's endpoint variables
// exactly as the real services would be.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SendsCommands } from '../../functions/adapters/deployed-stack.js';
import {
  createDocumentClient,
  DynamoSubscriberStore,
} from '../../functions/adapters/dynamo/subscriber-store.js';
import { STACK_OUTPUTS } from '../../functions/adapters/stack-outputs.js';
import { runAdmin } from '../../functions/cli/admin/program.js';
import { verifyToken } from '../../functions/subscribers/signed-tokens.js';
import { collector } from '../helpers/admin.js';
import { idOf } from '../helpers/admin-issue.js';
import { freshTable } from '../helpers/delivery-fixtures.js';
import { type LocalAws, useLocalAws } from '../helpers/local-aws.js';

let aws: LocalAws;
useLocalAws((started) => {
  aws = started;
});

const SECRET = 'the-deployed-stacks-secret-0123456789';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:TokenSecret-AbCdEf';
let table: string;
let dir: string;

function outputs(overrides: Partial<Record<keyof typeof STACK_OUTPUTS, string | undefined>> = {}) {
  const values: Record<keyof typeof STACK_OUTPUTS, string | undefined> = {
    tableName: table,
    tokenSecretArn: SECRET_ARN,
    siteUrl: 'https://news.example.org/',
    senderEmail: 'Prod Digest <digest@news.example.org>',
    siteName: 'Prod Digest',
    postalAddress: '2 Prod Road, Springfield',
    maxSendRate: '50',
    configurationSet: 'DigestConfigurationSet',
    ...overrides,
  };
  return (Object.keys(values) as Array<keyof typeof STACK_OUTPUTS>)
    .filter((k) => values[k] !== undefined)
    .map((k) => ({ OutputKey: STACK_OUTPUTS[k], OutputValue: values[k] }));
}

/** CloudFormation as it answers DescribeStacks: the stack `digest-prod`, or the error for any other name. */
function cloudFormation(stackOutputs = outputs()): SendsCommands & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async send(command: unknown) {
      if (!(command instanceof DescribeStacksCommand)) throw new Error('unexpected command');
      asked.push(String(command.input.StackName));
      if (command.input.StackName !== 'digest-prod') {
        throw Object.assign(new Error(`Stack with id ${command.input.StackName} does not exist`), {
          name: 'ValidationError',
        });
      }
      return { Stacks: [{ StackName: 'digest-prod', Outputs: stackOutputs }] };
    },
  };
}

function secrets(fail?: Error): SendsCommands {
  return {
    async send(command: unknown) {
      if (!(command instanceof GetSecretValueCommand)) throw new Error('unexpected command');
      if (fail) throw fail;
      if (command.input.SecretId !== SECRET_ARN)
        throw new Error(`unexpected secret ${command.input.SecretId}`);
      return { SecretString: SECRET };
    },
  };
}

async function run(
  args: string[],
  clients: { cloudFormation: SendsCommands; secrets: SendsCommands } = {
    cloudFormation: cloudFormation(),
    secrets: secrets(),
  },
) {
  const stdout = collector();
  const stderr = collector();
  const code = await runAdmin(args, { stdout, stderr }, { stackClients: clients });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'admin-stack-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  table = await freshTable();
  await aws.clearMail();
});

describe('a deployed stack', () => {
  it('is worked on through its outputs: its table, its secret, its site and sender', async () => {
    // prepare
    const file = join(dir, 'list.csv');
    writeFileSync(file, 'email\nann@example.com\n');
    const cfn = cloudFormation();

    // act
    const imported = await run(['--stack', 'digest-prod', 'subscribers', 'import', file], {
      cloudFormation: cfn,
      secrets: secrets(),
    });

    // assess
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toContain('into stack digest-prod.');
    expect(cfn.asked).toEqual(['digest-prod']);
    const record = await new DynamoSubscriberStore(createDocumentClient(), table).get(
      idOf('ann@example.com'),
    );
    expect(record?.status).toBe('pending');
    const [mail, ...more] = await aws.sentMail();
    expect(more).toEqual([]);
    expect(mail?.subject).toBe('Confirm your subscription to Prod Digest');
    const token = /https:\/\/news\.example\.org\/confirm\?token=([A-Za-z0-9._%-]+)/.exec(
      mail?.body.text ?? '',
    )?.[1];
    expect(
      verifyToken(SECRET, decodeURIComponent(token ?? ''), 'confirm', Date.now() / 1000).subscriberId,
    ).toBe(idOf('ann@example.com'));
    expect(mail?.body.text).toContain('2 Prod Road, Springfield');
  });

  it('lists its subscribers with the same outputs', async () => {
    const result = await run(['--stack', 'digest-prod', 'subscribers', 'export', '--format', 'json']);

    expect(result).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });
});

describe('a stack that cannot be used', () => {
  const oneLine = (r: { code: number; stdout: string; stderr: string }) => {
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    return r.stderr.trim();
  };

  it('is named in one line when it does not exist', async () => {
    const result = await run(['--stack', 'digest-test', 'issues', 'list']);

    expect(result.code).toBe(1);
    expect(oneLine(result)).toBe(
      'error: no stack named digest-test in this account and region (check --stack and --region)',
    );
  });

  it('names the outputs an older deployment lacks', async () => {
    const old = outputs({ tokenSecretArn: undefined, maxSendRate: undefined });

    const result = await run(['--stack', 'digest-prod', 'issues', 'list'], {
      cloudFormation: cloudFormation(old),
      secrets: secrets(),
    });

    expect(oneLine(result)).toBe(
      'error: stack digest-prod has no output TokenSecretArn, MaxSendRate: deploy this version of the stack first (see docs/admin.md)',
    );
  });

  it('says what is missing when there are no credentials or no access to the secret', async () => {
    const noCredentials = {
      async send() {
        throw Object.assign(new Error('Could not load credentials from any providers'), {
          name: 'CredentialsProviderError',
        });
      },
    };
    const denied = Object.assign(
      new Error(
        'User: arn:aws:iam::123:user/ops is not authorized to perform: secretsmanager:GetSecretValue',
      ),
      {
        name: 'AccessDeniedException',
      },
    );

    const a = await run(['--stack', 'digest-prod', 'issues', 'list'], {
      cloudFormation: noCredentials,
      secrets: secrets(),
    });
    const b = await run(['--stack', 'digest-prod', 'subscribers', 'show', 'ann@example.com'], {
      cloudFormation: cloudFormation(),
      secrets: secrets(denied),
    });

    expect(oneLine(a)).toBe(
      'error: cannot read stack digest-prod: no AWS credentials (set AWS_PROFILE, or sign in with aws sso login)',
    );
    expect(oneLine(b)).toMatch(
      /^error: cannot read the token secret: access denied \(User: .* is not authorized/,
    );
  });

  it('must be named, once', async () => {
    expect(oneLine(await run(['issues', 'list']))).toBe(
      'error: say where: --local (the stack npm start keeps in .local/) or --stack NAME',
    );
    expect((await run(['--local', '--stack', 'digest-prod', 'issues', 'list'])).code).toBe(2);
    expect(oneLine(await run(['--stack', 'bad name!', 'issues', 'list']))).toBe(
      'error: not a stack name: "bad name!"',
    );
  });
});
