// The whole service as one CloudFormation stack, composed of capabilities: the mail sender (SES identity and
// configuration set), the delivery pipeline (article bucket, schedule, digest, queue, deliver), the
// subscription API, mail feedback (bounces and complaints) and monitoring. The stack itself holds what several
// capabilities share (the subscriber table, the link-signing secret, the topics' key) and the delivery queues
// (see deliveryQueues). Every permission is granted by the capability that needs it, on the resource it needs,
// through L2 grants.
import { type CfnElement, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { ServiceSettings } from './config.js';
import { withoutCapabilityScopes } from './constructs/capability.js';
import { DeliveryPipeline, deliveryQueues } from './constructs/delivery-pipeline.js';
import { MailFeedback } from './constructs/mail-feedback.js';
import { MailSender } from './constructs/mail-sender.js';
import { Monitoring } from './constructs/monitoring.js';
import { SubscriptionApi } from './constructs/subscription-api.js';
import { STACK_OUTPUTS, TABLE_SCHEMA } from './handlers.js';
import { acknowledge } from './nag.js';
import type { ServiceFunction, ServiceFunctionDefaults } from './service-function.js';

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
  readonly tokenSecret: secretsmanager.Secret;
  readonly sender: MailSender;
  readonly delivery: DeliveryPipeline;
  readonly subscriptionApi: SubscriptionApi;
  readonly feedback: MailFeedback;
  readonly monitoring: Monitoring;
  readonly functions: Readonly<Record<'digest' | 'deliver' | 'subscriptions' | 'sesEvents', ServiceFunction>>;

  constructor(scope: Construct, id: string, props: DigestMailerStackProps) {
    super(scope, id, props);
    const s = props.settings;
    const functionDefaults: ServiceFunctionDefaults = {
      metricsNamespace: props.metricsNamespace ?? 'DigestMailer',
      logLevel: s.logLevel,
      logRetention: s.logRetentionDays,
      tracing: s.tracing,
      templatesDir: props.templatesDir,
    };

    this.table = subscriberTable(this);
    this.tokenSecret = linkSigningSecret(this);
    const topicKey = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the SES event and alarm topics of the digest mailer',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });

    this.sender = new MailSender(this, 'Sender', {
      senderAddress: s.senderAddress,
      senderDomain: s.senderDomain,
      identityKind: s.senderIdentity,
      hostedZoneId: s.hostedZoneId,
      sandboxRecipients: s.sandboxRecipients,
    });
    const mailEnvironment = {
      TABLE_NAME: this.table.tableName,
      SENDER_EMAIL: s.senderEmail,
      SITE_NAME: s.siteName,
      POSTAL_ADDRESS: s.postalAddress,
      TOKEN_SECRET_ARN: this.tokenSecret.secretArn,
      CONFIGURATION_SET: this.sender.configurationSet.configurationSetName,
    };
    const shared = {
      table: this.table,
      tokenSecret: this.tokenSecret,
      sender: this.sender,
      functionDefaults,
    };

    // The API comes first: its URL stands in for siteUrl in the links the delivery pipeline mails.
    this.subscriptionApi = new SubscriptionApi(this, 'SubscriptionApi', {
      ...shared,
      mailEnvironment,
      siteUrl: s.siteUrl,
      publicArchive: s.archive,
      rateLimit: props.apiRateLimit,
      burstLimit: props.apiBurstLimit,
    });
    this.delivery = new DeliveryPipeline(this, 'Delivery', {
      ...shared,
      queues: deliveryQueues(this),
      mailEnvironment: { ...mailEnvironment, SITE_URL: this.subscriptionApi.siteUrl },
      maxSendRate: s.maxSendRate,
      defaultArticle: s.defaultArticle,
      maxStories: s.maxStories,
      schedule: s.schedule,
      scheduleTimezone: s.scheduleTimezone,
      publicArchive: s.archive,
    });
    this.feedback = new MailFeedback(this, 'Feedback', {
      configurationSet: this.sender.configurationSet,
      table: this.table,
      encryptionKey: topicKey,
      functionDefaults,
    });
    this.functions = {
      digest: this.delivery.digest,
      deliver: this.delivery.deliver,
      subscriptions: this.subscriptionApi.handler,
      sesEvents: this.feedback.handler,
    };

    this.monitoring = new Monitoring(this, 'Monitoring', {
      encryptionKey: topicKey,
      metricsNamespace: functionDefaults.metricsNamespace,
      functions: {
        Digest: this.delivery.digest.function,
        Deliver: this.delivery.deliver.function,
        Subscriptions: this.subscriptionApi.handler.function,
        SesEvents: this.feedback.handler.function,
      },
      delivery: {
        deliver: this.delivery.deliver.function,
        queue: this.delivery.queue,
        deadLetterQueue: this.delivery.deadLetterQueue,
      },
      sesEventsDeadLetterQueue: this.feedback.deadLetterQueue,
      alarmEmail: s.alarmEmail,
    });

    this.addOutputs();
    this.addAdminOutputs(s);
  }

  /**
   * Logical ids leave out the capability constructs (see capability.ts): the resources keep the ids they had
   * when the stack was one flat constructor, so regrouping them replaces nothing (tests/infra/logical-ids).
   */
  protected override allocateLogicalId(element: CfnElement): string {
    return super.allocateLogicalId(withoutCapabilityScopes(element));
  }

  /** What `npm run admin -- --stack NAME` reads to work on this deployment (functions/adapters/deployed-stack.ts). */
  private addAdminOutputs(s: ServiceSettings): void {
    const outputs: ReadonlyArray<[string, string]> = [
      [STACK_OUTPUTS.tokenSecretArn, this.tokenSecret.secretArn],
      [STACK_OUTPUTS.senderEmail, s.senderEmail],
      [STACK_OUTPUTS.siteName, s.siteName],
      [STACK_OUTPUTS.postalAddress, s.postalAddress],
      [STACK_OUTPUTS.maxSendRate, String(s.maxSendRate)],
      [STACK_OUTPUTS.configurationSet, this.sender.configurationSet.configurationSetName],
    ];
    for (const [name, value] of outputs) new CfnOutput(this, name, { value });
  }

  private addOutputs(): void {
    const api = this.subscriptionApi.httpApi;
    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint, description: 'Subscription API' });
    new CfnOutput(this, 'SiteUrl', {
      value: this.subscriptionApi.siteUrl,
      description: 'Base URL used in confirm and unsubscribe links',
    });
    new CfnOutput(this, 'DigestFunctionName', {
      value: this.delivery.digest.function.functionName,
      description: 'Invoke by hand with aws lambda invoke',
    });
    new CfnOutput(this, 'ArticleBucketName', { value: this.delivery.articleBucket.bucketName });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'DeliveryDeadLetterQueueUrl', { value: this.delivery.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn });
    new CfnOutput(this, 'SenderIdentityName', { value: this.sender.identity.emailIdentityName });
    this.sender.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `DkimRecord${i + 1}`, {
        value: record,
        description: 'Add this CNAME record to the sender domain to verify it in SES',
      });
    });
  }
}

/** The subscriber list, issues and send claims: the one thing that cannot be rebuilt, so it outlives the stack. */
function subscriberTable(scope: Construct): dynamodb.Table {
  const table = new dynamodb.Table(scope, 'Table', {
    partitionKey: { name: TABLE_SCHEMA.partitionKey, type: dynamodb.AttributeType.STRING },
    sortKey: { name: TABLE_SCHEMA.sortKey, type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    timeToLiveAttribute: TABLE_SCHEMA.ttlAttribute,
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  table.addGlobalSecondaryIndex({
    indexName: TABLE_SCHEMA.activeIndex.name,
    partitionKey: { name: TABLE_SCHEMA.activeIndex.partitionKey, type: dynamodb.AttributeType.STRING },
    sortKey: { name: TABLE_SCHEMA.activeIndex.sortKey, type: dynamodb.AttributeType.STRING },
    projectionType: dynamodb.ProjectionType.INCLUDE,
    nonKeyAttributes: [...TABLE_SCHEMA.activeIndex.nonKeyAttributes],
  });
  return table;
}

/**
 * Signs confirm and unsubscribe links. Retained, and never rotated: links in mail already sent must keep
 * working (one-click unsubscribe is a legal duty), and a new secret would void every one of them.
 */
function linkSigningSecret(scope: Construct): secretsmanager.Secret {
  const secret = new secretsmanager.Secret(scope, 'TokenSecret', {
    description: 'HMAC key of the confirm and unsubscribe links of the digest mailer',
    generateSecretString: { passwordLength: 64, excludePunctuation: true },
    removalPolicy: RemovalPolicy.RETAIN,
  });
  acknowledge(
    secret,
    'AwsSolutions-SMG4',
    'Rotating the link-signing key would void the unsubscribe links in every email already sent, which must keep working; it is rotated by hand if it ever leaks.',
  );
  return secret;
}
