// The synthesised stack: every resource the service needs with its key properties, the environment contract
// with the handlers, least-privilege IAM, the schedule, the alarms, and a normalised snapshot.
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { envVars } from '../../functions/adapters/config.js';
import { createTableInput } from '../../functions/adapters/dynamo/table-schema.js';
import { DELIVERY_METRICS } from '../../infra/constructs/monitoring.js';
import {
  actionsOf,
  buildStack,
  functionEnv,
  type Resource,
  resourceByPrefix,
  roleStatements,
  type Statement,
} from './harness.js';

const { template } = buildStack();

/** The logical id of the one resource whose construct path makes the id `<prefix><8 hex digits>`. */
function idOf(t: Template, prefix: string): string {
  const all = Object.keys(t.toJSON().Resources as Record<string, unknown>);
  const found = all.filter((id) => new RegExp(`^${prefix}[0-9A-F]{8}$`).test(id));
  if (found.length !== 1)
    throw new Error(`expected one resource named ${prefix}*, found ${found.join(', ') || 'none'}`);
  return found[0] as string;
}
const ref = (prefix: string, t: Template = template) => ({ Ref: idOf(t, prefix) });
const getAtt = (prefix: string, attribute: string, t: Template = template) => ({
  'Fn::GetAtt': [idOf(t, prefix), attribute],
});

describe('data', () => {
  it('builds the table from the shared schema: keys, sparse index and TTL as the local bootstrap has them', () => {
    const [, table] = resourceByPrefix(template, 'AWS::DynamoDB::Table', 'Table');
    const local = createTableInput('any');

    expect(table.Properties.KeySchema).toEqual(local.KeySchema);
    expect(table.Properties.AttributeDefinitions).toEqual(local.AttributeDefinitions);
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });

  it('keeps the table safe: on demand, point-in-time recovery, KMS encryption, deletion protection, retained', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
      },
    });
  });

  it('keeps articles in a private, encrypted, versioned, TLS-only bucket that outlives the stack', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('generates the token secret, keeps it, and never rotates it (sent unsubscribe links must keep working)', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: { GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true } },
    });
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
  });
});

describe('functions', () => {
  it('runs all four on Node.js 22, arm64, with their own log group kept 30 days', () => {
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' },
      4,
    );
    for (const name of ['Digest', 'Deliver', 'Subscriptions', 'SesEvents']) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Role: getAtt(`${name}Role`, 'Arn'),
        LoggingConfig: { LogGroup: ref(`${name}Logs`) },
      });
    }
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 5);
  });

  it('gives every function the common variables the handlers read', () => {
    for (const name of ['digest', 'deliver', 'subscriptions', 'sesEvents']) {
      expect(functionEnv(template, name)).toMatchObject({
        TABLE_NAME: ref('Table'),
        POWERTOOLS_SERVICE_NAME: name === 'sesEvents' ? 'ses-events' : name,
        POWERTOOLS_METRICS_NAMESPACE: 'DigestMailer',
        LOG_LEVEL: 'INFO',
        TEMPLATES_DIR: '/var/task/templates',
      });
    }
  });

  it('gives each function the variables of its own contract', () => {
    const mail = {
      SENDER_EMAIL: 'Daily Digest <digest@example.com>',
      SITE_URL: getAtt('HttpApi', 'ApiEndpoint'),
      SITE_NAME: 'Daily Digest',
      POSTAL_ADDRESS: '1 Example Street, Springfield',
      TOKEN_SECRET_ARN: ref('TokenSecret'),
      CONFIGURATION_SET: ref('ConfigurationSet'),
    };

    expect(functionEnv(template, 'digest')).toMatchObject({
      ...mail,
      QUEUE_URL: ref('DeliveryQueue'),
      ARTICLE_BUCKET: ref('ArticleBucket'),
      DEFAULT_ARTICLE: 'articles/latest.txt',
      MAX_STORIES: '5',
      PUBLIC_ARCHIVE: 'true',
    });
    expect(functionEnv(template, 'deliver')).toMatchObject({
      ...mail,
      MAX_SEND_RATE: '1',
      DELIVER_CONCURRENCY: '2',
    });
    expect(functionEnv(template, 'subscriptions')).toMatchObject({ ...mail, PUBLIC_ARCHIVE: 'true' });
    expect(Object.keys(functionEnv(template, 'sesEvents')).sort()).toEqual([
      'LOG_LEVEL',
      'NODE_OPTIONS',
      'POWERTOOLS_METRICS_NAMESPACE',
      'POWERTOOLS_SERVICE_NAME',
      'TABLE_NAME',
      'TEMPLATES_DIR',
    ]);
  });

  it('sets only variables the handlers know, with values their config schema accepts', () => {
    const runtimeOnly = new Set([
      'POWERTOOLS_SERVICE_NAME',
      'POWERTOOLS_METRICS_NAMESPACE',
      'LOG_LEVEL',
      'TEMPLATES_DIR',
      'NODE_OPTIONS',
    ]);
    for (const name of ['digest', 'deliver', 'subscriptions', 'sesEvents']) {
      for (const [key, value] of Object.entries(functionEnv(template, name))) {
        if (runtimeOnly.has(key)) continue;
        expect(Object.keys(envVars), `${name}: ${key}`).toContain(key);
        if (typeof value === 'string') {
          const parsed = envVars[key as keyof typeof envVars].safeParse(value);
          expect(parsed.success, `${name}: ${key}=${value}`).toBe(true);
        }
      }
    }
  });

  it('uses the configured site URL instead of the API URL when siteUrl is given', () => {
    const { template: custom } = buildStack({ settings: { siteUrl: 'https://news.example.com/' } });

    for (const name of ['digest', 'deliver', 'subscriptions']) {
      expect(functionEnv(custom, name).SITE_URL).toBe('https://news.example.com');
    }
  });

  it('turns the public archive off for the pages and the digest function with archive=false', () => {
    const { template: private_ } = buildStack({ settings: { archive: 'false' } });

    expect(functionEnv(private_, 'digest').PUBLIC_ARCHIVE).toBe('false');
    expect(functionEnv(private_, 'subscriptions').PUBLIC_ARCHIVE).toBe('false');
    expect(functionEnv(private_, 'deliver').PUBLIC_ARCHIVE).toBeUndefined();
  });

  it('passes log level, retention, tracing and the default article through from the settings', () => {
    const { template: custom } = buildStack({
      settings: {
        logLevel: 'debug',
        logRetentionDays: '7',
        tracing: 'true',
        defaultArticle: 'https://example.com/a',
        maxStories: '8',
      },
    });

    custom.resourcePropertiesCountIs('AWS::Lambda::Function', { TracingConfig: { Mode: 'Active' } }, 4);
    custom.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 7 }, 5);
    expect(functionEnv(custom, 'deliver').LOG_LEVEL).toBe('DEBUG');
    expect(functionEnv(custom, 'digest').DEFAULT_ARTICLE).toBe('https://example.com/a');
    expect(functionEnv(custom, 'digest').MAX_STORIES).toBe('8');
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { TracingConfig: Match.anyValue() }, 0);
  });
});

describe('delivery queue', () => {
  it('feeds deliver in batches of 10 with partial batch failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: getAtt('DeliveryQueue', 'Arn'),
      FunctionName: ref('DeliverFunction'),
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it.each([
    ['1', 2],
    ['14', 2],
    ['15', 3],
    ['100', 15],
    ['10000', 1000],
  ])(
    'follows maxSendRate=%s with %d concurrent deliver instances, told to the function too',
    (rate, expected) => {
      const { template: custom } = buildStack({ settings: { maxSendRate: rate } });

      custom.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        ScalingConfig: { MaximumConcurrency: expected },
      });
      expect(functionEnv(custom, 'deliver')).toMatchObject({
        MAX_SEND_RATE: rate,
        DELIVER_CONCURRENCY: String(expected),
      });
    },
  );

  it('hides a message for six deliver timeouts, keeps it 14 days, and moves it to the DLQ after 10 tries', () => {
    const [, deliver] = resourceByPrefix(template, 'AWS::Lambda::Function', 'DeliverFunction');
    const [, queue] = resourceByPrefix(template, 'AWS::SQS::Queue', 'DeliveryQueue');

    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(
      6 * (deliver.Properties.Timeout as number),
    );
    expect(queue.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    expect(queue.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: getAtt('DeliveryDeadLetterQueue', 'Arn'),
      maxReceiveCount: 10,
    });
  });

  it('encrypts every queue and refuses plain-HTTP access to it', () => {
    template.resourcePropertiesCountIs('AWS::SQS::Queue', { SqsManagedSseEnabled: true }, 3);
    template.resourcePropertiesCountIs(
      'AWS::SQS::QueuePolicy',
      {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      },
      3,
    );
  });
});

describe('schedule', () => {
  it('invokes digest daily at 06:00 UTC with the empty manual event by default', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 * * ? *)',
      ScheduleExpressionTimezone: 'UTC',
      State: 'ENABLED',
      Target: {
        Arn: getAtt('DigestFunction', 'Arn'),
        Input: '{}',
        RoleArn: getAtt('DigestScheduleRole', 'Arn'),
      },
    });
  });

  it('takes the cron expression and time zone from the settings', () => {
    const { template: custom } = buildStack({
      settings: { schedule: 'cron(30 7 ? * MON-FRI *)', scheduleTimezone: 'Europe/Berlin' },
    });

    custom.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 7 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
    });
  });

  it('lets the scheduler invoke the digest function and nothing else', () => {
    const statements = roleStatements(template, 'DigestScheduleRole');

    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: [
          getAtt('DigestFunction', 'Arn'),
          { 'Fn::Join': ['', [getAtt('DigestFunction', 'Arn'), ':*']] },
        ],
      },
    ]);
  });
});

describe('subscription API', () => {
  it('routes the six subscription endpoints and the archive to the subscriptions function', () => {
    const routes = Object.values(
      template.findResources('AWS::ApiGatewayV2::Route') as Record<string, Resource>,
    )
      .map((r) => r.Properties.RouteKey)
      .sort();

    expect(routes).toEqual([
      'GET /',
      'GET /archive',
      'GET /confirm',
      'GET /feed.xml',
      'GET /issues/{id}',
      'GET /unsubscribe',
      'POST /confirm',
      'POST /subscribe',
      'POST /unsubscribe',
    ]);
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: getAtt('SubscriptionsFunction', 'Arn'),
      PayloadFormatVersion: '2.0',
    });
  });

  it('throttles the default stage and logs each request without query strings', () => {
    const [, stage] = resourceByPrefix(template, 'AWS::ApiGatewayV2::Stage', 'HttpApiDefaultStage');

    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
    });
    const format = (stage.Properties.AccessLogSettings as { Format: string }).Format;
    expect(JSON.parse(format)).toMatchObject({ requestId: '$context.requestId', route: '$context.routeKey' });
    expect(format).not.toContain('$context.path');
  });

  it('takes other throttling limits from the stack props', () => {
    const { template: custom } = buildStack({ props: { apiRateLimit: 50, apiBurstLimit: 100 } });

    custom.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });
});

describe('SES', () => {
  it('verifies the sender domain with the configuration set attached by default', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'example.com',
      ConfigurationSetAttributes: { ConfigurationSetName: ref('ConfigurationSet') },
    });
    template.hasOutput('DkimRecord1', {});
  });

  it('verifies just the address when senderIdentity=address', () => {
    const { template: custom } = buildStack({ settings: { senderIdentity: 'address' } });

    custom.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'digest@example.com' });
    expect(Object.keys(custom.findOutputs('DkimRecord*'))).toEqual([]);
  });

  it('creates the DKIM records itself when given the hosted zone', () => {
    const { template: custom } = buildStack({ settings: { hostedZoneId: 'Z0123456789ABC' } });

    custom.resourcePropertiesCountIs(
      'AWS::Route53::RecordSet',
      { Type: 'CNAME', HostedZoneId: 'Z0123456789ABC' },
      3,
    );
  });

  it('sends bounces and complaints through an encrypted SNS topic to ses-events, with a dead-letter queue', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: ref('ConfigurationSet'),
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: ref('SesEventsTopic') },
      },
    });
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: Match.stringLikeRegexp('bounces'),
      KmsMasterKeyId: getAtt('TopicKey', 'Arn'),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: ref('SesEventsTopic'),
      Endpoint: getAtt('SesEventsFunction', 'Arn'),
      RedrivePolicy: { deadLetterTargetArn: getAtt('SesEventsDeadLetterQueue', 'Arn') },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: ref('SesEventsFunction'),
      DestinationConfig: { OnFailure: { Destination: getAtt('SesEventsDeadLetterQueue', 'Arn') } },
    });
  });

  it('lets SES publish to the encrypted topic (key policy and topic policy, both for this account only)', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'ses.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [ref('SesEventsTopic')],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sns:Publish',
            Principal: { Service: 'ses.amazonaws.com' },
            Condition: { StringEquals: Match.objectLike({ 'AWS:SourceAccount': { Ref: 'AWS::AccountId' } }) },
          }),
        ]),
      },
    });
  });
});

describe('IAM', () => {
  const allStatements = (t: Template): Statement[] =>
    Object.values(t.findResources('AWS::IAM::Policy') as Record<string, Resource>).flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );
  const resources = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

  it('has no statement on Resource "*"', () => {
    const wildcard = allStatements(template).filter((s) => resources(s).includes('*'));

    expect(wildcard).toEqual([]);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    template.resourcePropertiesCountIs('AWS::IAM::Role', { ManagedPolicyArns: Match.anyValue() }, 0);
  });

  it('uses "*" with tracing on only for the X-Ray actions, which have no resource-level permissions', () => {
    const { template: traced } = buildStack({ settings: { tracing: 'true' } });
    const wildcard = allStatements(traced).filter((s) => resources(s).includes('*'));

    expect(wildcard.length).toBe(4);
    expect(new Set(actionsOf(wildcard))).toEqual(
      new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']),
    );
  });

  it('lets the functions send mail only as the sender identity and through the configuration set', () => {
    const send = roleStatements(template, 'DeliverRole').find((s) =>
      actionsOf([s]).includes('ses:SendRawEmail'),
    );
    const sesArn = (...tail: unknown[]) => ({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':ses:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ...tail,
        ],
      ],
    });

    expect(send?.Action).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
    expect(send?.Resource).toEqual([
      sesArn(':configuration-set/', ref('ConfigurationSet')),
      sesArn(':identity/', ref('SenderIdentity')),
      sesArn(':identity/digest@example.com'),
    ]);
  });

  it('adds the sandbox recipients to the send permission when given', () => {
    const { template: custom } = buildStack({ settings: { sandboxRecipients: 'me@example.org' } });
    const send = roleStatements(custom, 'DigestRole').find((s) =>
      actionsOf([s]).includes('ses:SendRawEmail'),
    );

    expect(JSON.stringify(send?.Resource)).toContain(':identity/me@example.org');
  });

  it.each([
    [
      'DigestRole',
      ['s3:GetObject*', 'sqs:SendMessage', 'ses:SendRawEmail', 'secretsmanager:GetSecretValue'],
      [],
    ],
    [
      'DeliverRole',
      ['sqs:ReceiveMessage', 'ses:SendRawEmail', 'secretsmanager:GetSecretValue'],
      ['s3:GetObject*', 'sqs:SendMessage'],
    ],
    [
      'SubscriptionsRole',
      ['ses:SendRawEmail', 'secretsmanager:GetSecretValue'],
      ['s3:GetObject*', 'sqs:SendMessage', 'sqs:ReceiveMessage'],
    ],
    [
      'SesEventsRole',
      [],
      ['ses:SendRawEmail', 'secretsmanager:GetSecretValue', 's3:GetObject*', 'sqs:ReceiveMessage'],
    ],
  ])('gives %s what it needs and not more', (role, granted, withheld) => {
    const actions = actionsOf(roleStatements(template, role));

    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query', ...granted]));
    for (const action of withheld) expect(actions).not.toContain(action);
  });

  it('lets each function write to its own log group only', () => {
    for (const name of ['Digest', 'Deliver', 'Subscriptions', 'SesEvents']) {
      const logs = roleStatements(template, `${name}Role`).filter((s) =>
        actionsOf([s]).some((a) => a.startsWith('logs:')),
      );

      expect(logs).toEqual([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: getAtt(`${name}Logs`, 'Arn'),
        },
      ]);
    }
  });
});

describe('alarms', () => {
  it('alarms on function errors, deliver throttles, failed sends, a stuck backlog, both DLQs and SES reputation', () => {
    const alarms = Object.values(
      template.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>,
    );
    const watched = alarms.map((a) => `${a.Properties.Namespace}/${a.Properties.MetricName}`).sort();

    expect(watched).toEqual([
      'AWS/Lambda/Errors',
      'AWS/Lambda/Errors',
      'AWS/Lambda/Errors',
      'AWS/Lambda/Errors',
      'AWS/Lambda/Throttles',
      'AWS/SES/Reputation.BounceRate',
      'AWS/SES/Reputation.ComplaintRate',
      'AWS/SQS/ApproximateAgeOfOldestMessage',
      'AWS/SQS/ApproximateNumberOfMessagesVisible',
      'AWS/SQS/ApproximateNumberOfMessagesVisible',
      `DigestMailer/${DELIVERY_METRICS.sendFailed}`,
    ]);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([ref('AlarmTopic')]);
    for (const name of ['Digest', 'Deliver', 'Subscriptions', 'SesEvents']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: ref(`${name}Function`) }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt('DeliveryDeadLetterQueue', 'QueueName') }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: getAtt('DeliveryQueue', 'QueueName') }],
      Threshold: 12 * 3600,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'DigestMailer',
      MetricName: DELIVERY_METRICS.sendFailed,
      Dimensions: [{ Name: 'service', Value: 'deliver' }],
      Statistic: 'Sum',
    });
  });

  it('mails the alarms to alarmEmail when given, and to nobody otherwise', () => {
    const { template: custom } = buildStack({ settings: { alarmEmail: 'ops@example.com' } });

    custom.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: ref('AlarmTopic'),
    });
    template.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email' }, 0);
  });
});

describe('snapshot', () => {
  it('matches the reviewed template (asset hashes masked)', () => {
    const normalised = JSON.parse(
      JSON.stringify(template.toJSON()).replace(/[0-9a-f]{64}(\.zip)?/g, '[asset-hash]'),
    );

    expect(normalised).toMatchSnapshot();
  });
});
