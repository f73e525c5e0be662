// The whole service as one CloudFormation stack: subscriber table, article bucket, token secret, delivery queue,
// SES identity and configuration set (bounces and complaints back through SNS), the four functions, the
// schedule, the subscription HTTP API, and the alarms. Every permission is granted to the function that needs
// it, on the resource it needs, through L2 grants where one exists.
import {
  ArnFormat,
  type CfnElement,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  TimeZone,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct, IConstruct } from 'constructs';
import { TABLE_SCHEMA } from '../functions/adapters/dynamo/table-schema.js';
import { STACK_OUTPUTS } from '../functions/adapters/stack-outputs.js';
import { deliverConcurrency, type ServiceSettings } from './config.js';
import { ServiceFunction } from './service-function.js';

/** Metrics the deliver function publishes through Powertools (namespace from POWERTOOLS_METRICS_NAMESPACE). */
export const DELIVERY_METRICS = {
  /** Count of recipients whose send failed permanently (not retried): alarmed on. */
  sendFailed: 'EmailsFailed',
} as const;

/** Records why a cdk-nag finding does not apply here, on the narrowest construct it concerns. */
function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** Deliver function timeout; the queue's visibility timeout is six times this, as AWS advises for SQS sources. */
const DELIVER_TIMEOUT = Duration.minutes(3);

export interface DigestMailerStackProps extends StackProps {
  /** Validated deployment settings; `settingsFromContext` reads them from the `-c` flags. */
  readonly settings: ServiceSettings;
  /**
   * CloudWatch namespace of the functions' Powertools metrics.
   * @default 'DigestMailer'
   */
  readonly metricsNamespace?: string;
  /**
   * Steady requests per second the subscription API accepts before answering 429.
   * @default 10
   */
  readonly apiRateLimit?: number;
  /**
   * Requests the subscription API accepts in a burst above the steady rate.
   * @default 20
   */
  readonly apiBurstLimit?: number;
  /**
   * Directory copied into every function bundle as `templates/`.
   * @default - the repository's `templates/` directory
   */
  readonly templatesDir?: string;
}

export class DigestMailerStack extends Stack {
  readonly table: dynamodb.Table;
  readonly articleBucket: s3.Bucket;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly httpApi: apigw.HttpApi;
  readonly alarmTopic: sns.Topic;
  readonly functions: Readonly<Record<'digest' | 'deliver' | 'subscriptions' | 'sesEvents', ServiceFunction>>;

  constructor(scope: Construct, id: string, props: DigestMailerStackProps) {
    super(scope, id, props);
    const s = props.settings;
    const namespace = props.metricsNamespace ?? 'DigestMailer';
    const concurrency = deliverConcurrency(s.maxSendRate);

    // ---- Data -------------------------------------------------------------------------------------------
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_SCHEMA.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_SCHEMA.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TABLE_SCHEMA.ttlAttribute,
      deletionProtection: true,
      // The subscriber list is the one thing that cannot be rebuilt: it outlives the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_SCHEMA.activeIndex.name,
      partitionKey: { name: TABLE_SCHEMA.activeIndex.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_SCHEMA.activeIndex.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: [...TABLE_SCHEMA.activeIndex.nonKeyAttributes],
    });

    this.articleBucket = new s3.Bucket(this, 'ArticleBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      lifecycleRules: [
        {
          noncurrentVersionExpiration: Duration.days(90),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.articleBucket,
      'AwsSolutions-S1',
      'Holds only articles the operator uploads; reads are by the digest role alone and CloudTrail records them, so a second bucket of access logs adds cost without an audit gain.',
    );

    // Signs confirm and unsubscribe links. Retained, and never rotated: links in mail already sent must keep
    // working (one-click unsubscribe is a legal duty), and a new secret would void every one of them.
    const tokenSecret = new secretsmanager.Secret(this, 'TokenSecret', {
      description: 'HMAC key of the confirm and unsubscribe links of the digest mailer',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      tokenSecret,
      'AwsSolutions-SMG4',
      'Rotating the link-signing key would void the unsubscribe links in every email already sent, which must keep working; it is rotated by hand if it ever leaks.',
    );

    // ---- Queues -----------------------------------------------------------------------------------------
    this.deadLetterQueue = new sqs.Queue(this, 'DeliveryDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'DeliveryQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(DELIVER_TIMEOUT.toSeconds() * 6),
      // The longest SQS allows: a backlog (SES paused, a bug) must wait for a fix, not expire unsent.
      retentionPeriod: Duration.days(14),
      // Partial batch failures (throttling, the time budget running out) come back; 10 tries before the DLQ.
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 10 },
    });
    // Bounce and complaint notifications that ses-events could not process: losing one means mailing someone
    // who complained, so they are kept here and alarmed on.
    const sesEventsDeadLetterQueue = new sqs.Queue(this, 'SesEventsDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      sesEventsDeadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is itself a dead-letter queue: of the SNS subscription and of the ses-events function (nag only recognises SQS redrive policies).',
    );

    // ---- SES ----------------------------------------------------------------------------------------------
    const topicKey = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the SES event and alarm topics of the digest mailer',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // SES and CloudWatch publish to the encrypted topics and need the data key; AWS-managed SNS keys refuse them.
    topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SesPublishesEncryptedEvents',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'], // in a key policy, `*` means this key
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchPublishesEncryptedAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'], // in a key policy, `*` means this key
      }),
    );

    const sesEventsTopic = new sns.Topic(this, 'SesEventsTopic', {
      displayName: 'Digest mailer SES bounces and complaints',
      masterKey: topicKey,
      enforceSSL: true,
    });
    const configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      // SES itself also stops mail to addresses that bounced or complained, whatever our table says.
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(sesEventsTopic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });

    const hostedZone = s.hostedZoneId
      ? route53.PublicHostedZone.fromPublicHostedZoneAttributes(this, 'SenderZone', {
          hostedZoneId: s.hostedZoneId,
          zoneName: s.senderDomain,
        })
      : undefined;
    const identity = new ses.EmailIdentity(this, 'SenderIdentity', {
      identity:
        s.senderIdentity === 'address'
          ? ses.Identity.email(s.senderAddress)
          : hostedZone
            ? ses.Identity.publicHostedZone(hostedZone)
            : ses.Identity.domain(s.senderDomain),
      configurationSet,
    });
    const identityArn = (name: string) =>
      this.formatArn({
        service: 'ses',
        resource: 'identity',
        resourceName: name,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      });
    // SES authorises a send against the sender's identity (the domain and, when it is verified through its
    // domain, the address too), the configuration set, and, in the sandbox, the recipients' identities.
    const sendResources = [
      identity.emailIdentityArn,
      ...(s.senderIdentity === 'domain' ? [identityArn(s.senderAddress)] : []),
      this.formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: configurationSet.configurationSetName,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
      ...s.sandboxRecipients.map(identityArn),
    ];
    const grantSendEmail = (fn: ServiceFunction) =>
      iam.Grant.addToPrincipal({
        grantee: fn,
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resourceArns: sendResources,
      });

    // ---- Functions --------------------------------------------------------------------------------------
    const common = {
      metricsNamespace: namespace,
      logLevel: s.logLevel,
      logRetention: s.logRetentionDays,
      tracing: s.tracing,
      templatesDir: props.templatesDir,
    };
    const mailEnv = {
      TABLE_NAME: this.table.tableName,
      SENDER_EMAIL: s.senderEmail,
      SITE_NAME: s.siteName,
      POSTAL_ADDRESS: s.postalAddress,
      TOKEN_SECRET_ARN: tokenSecret.secretArn,
      CONFIGURATION_SET: configurationSet.configurationSetName,
    };

    // The API exists before the functions so that its URL can stand in for siteUrl.
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Subscription pages and one-click unsubscribe of the digest mailer',
      createDefaultStage: false,
    });
    const siteUrl = s.siteUrl ?? this.httpApi.apiEndpoint;

    const digest = new ServiceFunction(this, 'Digest', {
      ...common,
      name: 'digest',
      serviceName: 'digest',
      description: 'Builds the digest of an article and queues it for every confirmed subscriber',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      environment: {
        ...mailEnv,
        SITE_URL: siteUrl,
        QUEUE_URL: this.queue.queueUrl,
        ARTICLE_BUCKET: this.articleBucket.bucketName,
        DEFAULT_ARTICLE: s.defaultArticle,
      },
    });
    const deliver = new ServiceFunction(this, 'Deliver', {
      ...common,
      name: 'deliver',
      serviceName: 'deliver',
      description: 'Sends the queued digest to each recipient once, under the SES send rate',
      memorySize: 512,
      timeout: DELIVER_TIMEOUT,
      environment: {
        ...mailEnv,
        SITE_URL: siteUrl,
        MAX_SEND_RATE: String(s.maxSendRate),
        DELIVER_CONCURRENCY: String(concurrency),
      },
    });
    const subscriptionsFn = new ServiceFunction(this, 'Subscriptions', {
      ...common,
      name: 'subscriptions',
      serviceName: 'subscriptions',
      description: 'Subscription pages: subscribe, confirm, unsubscribe (one click)',
      memorySize: 512,
      timeout: Duration.seconds(10),
      environment: { ...mailEnv, SITE_URL: siteUrl },
    });
    const sesEvents = new ServiceFunction(this, 'SesEvents', {
      ...common,
      name: 'ses-events',
      serviceName: 'ses-events',
      description: 'Marks subscribers bounced or complained from SES notifications',
      memorySize: 256,
      timeout: Duration.seconds(30),
      environment: { TABLE_NAME: this.table.tableName },
    });
    this.functions = { digest, deliver, subscriptions: subscriptionsFn, sesEvents };
    for (const fn of Object.values(this.functions)) {
      acknowledge(
        fn,
        'AwsSolutions-L1',
        'Pinned to Node.js 22 LTS, the runtime the bundles are built for (esbuild target node22); moving to a newer runtime is a deliberate, tested upgrade rather than drift.',
      );
      acknowledge(
        fn,
        `AwsSolutions-IAM5[Resource::<${this.logicalIdOf(this.table)}.Arn>/index/*]`,
        "table.grantReadWriteData covers the table's indexes with index/*; the table has one index, the sparse `active` index the functions query.",
      );
      if (s.tracing) {
        acknowledge(
          fn,
          'AwsSolutions-IAM5[Resource::*]',
          'X-Ray PutTraceSegments and PutTelemetryRecords have no resource-level permissions; AWS allows only *.',
        );
      }
    }

    // ---- Permissions ------------------------------------------------------------------------------------
    for (const fn of [digest, deliver, subscriptionsFn, sesEvents]) this.table.grantReadWriteData(fn);
    for (const fn of [digest, deliver, subscriptionsFn]) {
      tokenSecret.grantRead(fn);
      grantSendEmail(fn);
    }
    this.articleBucket.grantRead(digest);
    for (const finding of [
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      `Resource::<${this.logicalIdOf(this.articleBucket)}.Arn>/*`,
    ]) {
      acknowledge(
        digest,
        `AwsSolutions-IAM5[${finding}]`,
        'bucket.grantRead: read-only access to the one articles bucket; the article key is chosen per run (any key in the bucket), so objects cannot be listed in advance.',
      );
    }
    this.queue.grantSendMessages(digest);

    // ---- Wiring -----------------------------------------------------------------------------------------
    deliver.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: concurrency,
      }),
    );

    sesEventsTopic.addSubscription(
      new subscriptions.LambdaSubscription(sesEvents.function, { deadLetterQueue: sesEventsDeadLetterQueue }),
    );
    sesEvents.function.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new SqsDestination(sesEventsDeadLetterQueue),
    });

    const scheduleRole = new iam.Role(this, 'DigestScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'Lets EventBridge Scheduler invoke the digest function',
    });
    acknowledge(
      scheduleRole,
      `AwsSolutions-IAM5[Resource::<${this.logicalIdOf(digest.function)}.Arn>:*]`,
      'The scheduler target grant covers the digest function and its versions (ARN:*); it can invoke nothing else.',
    );
    new scheduler.Schedule(this, 'DigestSchedule', {
      description: 'Runs the digest on the default article',
      schedule: scheduler.ScheduleExpression.expression(s.schedule, TimeZone.of(s.scheduleTimezone)),
      // The same event as a manual run with every field left out: the default article, sent for real.
      target: new LambdaInvoke(digest.function, {
        input: scheduler.ScheduleTargetInput.fromObject({}),
        role: scheduleRole,
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
      }),
    });

    // ---- HTTP API -----------------------------------------------------------------------------------------
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: s.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new apigw.HttpStage(this, 'HttpApiDefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.apiRateLimit ?? 10, burstLimit: props.apiBurstLimit ?? 20 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        // Route and status only: paths carry no tokens ($context.path would include none either, but routeKey
        // keeps the log to the five known routes).
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            time: '$context.requestTime',
            route: '$context.routeKey',
            status: '$context.status',
            length: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    const integration = new HttpLambdaIntegration('Subscriptions', subscriptionsFn.function);
    const routes: [string, apigw.HttpMethod][] = [
      ['/', apigw.HttpMethod.GET],
      ['/subscribe', apigw.HttpMethod.POST],
      ['/confirm', apigw.HttpMethod.GET],
      ['/unsubscribe', apigw.HttpMethod.GET],
      ['/unsubscribe', apigw.HttpMethod.POST],
    ];
    for (const [path, method] of routes) this.httpApi.addRoutes({ path, methods: [method], integration });
    acknowledge(
      this.httpApi,
      'AwsSolutions-APIG4',
      'Public subscription pages by design: anyone may ask to subscribe (double opt-in), and confirm and unsubscribe requests carry their own signed, expiring token.',
    );

    // ---- Alarms -------------------------------------------------------------------------------------------
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Digest mailer alarms',
      masterKey: topicKey,
      enforceSSL: true,
    });
    if (s.alarmEmail) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(s.alarmEmail));
    const alarmAction = new SnsAction(this.alarmTopic);
    const alarm = (id: string, description: string, metric: cloudwatch.IMetric, threshold = 1) => {
      const created = new cloudwatch.Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(alarmAction);
      return created;
    };
    const fiveMinutes = Duration.minutes(5);
    for (const [id, fn] of Object.entries({
      Digest: digest,
      Deliver: deliver,
      Subscriptions: subscriptionsFn,
      SesEvents: sesEvents,
    })) {
      alarm(
        `${id}ErrorsAlarm`,
        `The ${id} function failed`,
        fn.function.metricErrors({ period: fiveMinutes }),
      );
    }
    alarm(
      'DeliverThrottlesAlarm',
      'Lambda throttled the deliver function: raise the account concurrency or lower maxSendRate',
      deliver.function.metricThrottles({ period: fiveMinutes }),
    );
    alarm(
      'DeliverySendFailuresAlarm',
      'Emails failed permanently (see the issue summary and the deliver logs)',
      new cloudwatch.Metric({
        namespace,
        metricName: DELIVERY_METRICS.sendFailed,
        dimensionsMap: { service: 'deliver' },
        statistic: cloudwatch.Stats.SUM,
        period: fiveMinutes,
      }),
    );
    alarm(
      'DeliveryDeadLetterAlarm',
      'Delivery batches gave up after 10 tries and wait in the dead-letter queue',
      this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: fiveMinutes,
        statistic: 'Maximum',
      }),
    );
    alarm(
      'DeliveryBacklogAlarm',
      'A delivery batch has waited 12 hours: deliver is failing or maxSendRate is too low for the list',
      this.queue.metricApproximateAgeOfOldestMessage({ period: fiveMinutes, statistic: 'Maximum' }),
      Duration.hours(12).toSeconds(),
    );
    alarm(
      'SesEventsDeadLetterAlarm',
      'Bounce or complaint notifications could not be processed: the subscribers are not suppressed yet',
      sesEventsDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: fiveMinutes,
        statistic: 'Maximum',
      }),
    );
    // SES reviews an account at a 5% bounce or 0.1% complaint rate: warn before that.
    alarm(
      'SesBounceRateAlarm',
      'SES account bounce rate reached 4% (SES reviews the account at 5%)',
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.BounceRate',
        statistic: 'Maximum',
        period: Duration.hours(1),
      }),
      0.04,
    );
    alarm(
      'SesComplaintRateAlarm',
      'SES account complaint rate reached 0.08% (SES reviews the account at 0.1%)',
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.ComplaintRate',
        statistic: 'Maximum',
        period: Duration.hours(1),
      }),
      0.0008,
    );

    // ---- Outputs ------------------------------------------------------------------------------------------
    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint, description: 'Subscription API' });
    new CfnOutput(this, STACK_OUTPUTS.siteUrl, {
      value: siteUrl,
      description: 'Base URL used in confirm and unsubscribe links',
    });
    new CfnOutput(this, 'DigestFunctionName', {
      value: digest.function.functionName,
      description: 'Invoke by hand with aws lambda invoke',
    });
    new CfnOutput(this, 'ArticleBucketName', { value: this.articleBucket.bucketName });
    new CfnOutput(this, STACK_OUTPUTS.tableName, { value: this.table.tableName });
    new CfnOutput(this, 'DeliveryDeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    new CfnOutput(this, 'SenderIdentityName', { value: identity.emailIdentityName });
    // What `npm run admin -- --stack NAME` reads to work on this deployment (functions/adapters/deployed-stack.ts).
    const adminOutputs: ReadonlyArray<[string, string]> = [
      [STACK_OUTPUTS.tokenSecretArn, tokenSecret.secretArn],
      [STACK_OUTPUTS.senderEmail, s.senderEmail],
      [STACK_OUTPUTS.siteName, s.siteName],
      [STACK_OUTPUTS.postalAddress, s.postalAddress],
      [STACK_OUTPUTS.maxSendRate, String(s.maxSendRate)],
      [STACK_OUTPUTS.configurationSet, configurationSet.configurationSetName],
    ];
    for (const [name, value] of adminOutputs) new CfnOutput(this, name, { value });
    if (s.senderIdentity === 'domain' && !hostedZone) {
      const tokens = [
        [identity.dkimDnsTokenName1, identity.dkimDnsTokenValue1],
        [identity.dkimDnsTokenName2, identity.dkimDnsTokenValue2],
        [identity.dkimDnsTokenName3, identity.dkimDnsTokenValue3],
      ] as const;
      tokens.forEach(([name, value], i) => {
        new CfnOutput(this, `DkimRecord${i + 1}`, {
          value: `${name} CNAME ${value}`,
          description: 'Add this CNAME record to the sender domain to verify it in SES',
        });
      });
    }
  }

  /** The logical id of an L2 construct's CloudFormation resource, as cdk-nag names it in IAM5 findings. */
  private logicalIdOf(construct: IConstruct): string {
    return this.getLogicalId(construct.node.defaultChild as CfnElement);
  }
}
