// From article to inboxes: the scheduled (or manual) digest run reads an article from the bucket or the web,
// builds the digest and queues batches of recipients; deliver drains the queue under the SES send rate, each
// recipient once, and what fails ten times waits in the dead-letter queue.
import { Duration, RemovalPolicy, Stack, TimeZone } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { deliverConcurrency } from '../config.js';
import { HANDLER_ENTRIES } from '../handlers.js';
import { acknowledge, logicalIdOf } from '../nag.js';
import { ServiceFunction, type ServiceFunctionDefaults } from '../service-function.js';
import { Capability } from './capability.js';
import { grantTableData } from './grants.js';
import type { MailSender } from './mail-sender.js';

/** Deliver function timeout; the queue's visibility timeout is six times this, as AWS advises for SQS sources. */
export const DELIVER_TIMEOUT = Duration.minutes(3);

/** The queue of recipient batches deliver drains, and the dead-letter queue of the batches it gave up on. */
export interface DeliveryQueues {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
}

/**
 * The delivery queues, made by the stack at its own scope rather than inside the pipeline: CDK names deliver's
 * SQS event source mapping after the queue's construct path, and Lambda refuses a second mapping of the same
 * queue and function, so a mapping renamed by a move would fail the deploy with a 409 (aws-cdk#18706).
 */
export function deliveryQueues(scope: Construct): DeliveryQueues {
  const deadLetterQueue = new sqs.Queue(scope, 'DeliveryDeadLetterQueue', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const queue = new sqs.Queue(scope, 'DeliveryQueue', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    visibilityTimeout: Duration.seconds(DELIVER_TIMEOUT.toSeconds() * 6),
    // The longest SQS allows: a backlog (SES paused, a bug) must wait for a fix, not expire unsent.
    retentionPeriod: Duration.days(14),
    // Partial batch failures (throttling, the time budget running out) come back; 10 tries before the DLQ.
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 10 },
  });
  return { queue, deadLetterQueue };
}

export interface DeliveryPipelineProps {
  /** The queues between digest and deliver (see `deliveryQueues`). */
  readonly queues: DeliveryQueues;
  /** The subscriber table: recipients, issues and send claims. */
  readonly table: dynamodb.Table;
  /** Signs the unsubscribe link of each email. */
  readonly tokenSecret: secretsmanager.ISecret;
  /** The identity and configuration set the emails are sent as and through. */
  readonly sender: MailSender;
  /** Environment both functions need to render and send mail (sender, site name, postal address, ...). */
  readonly mailEnvironment: Readonly<Record<string, string>>;
  /** Emails per second across all deliver instances (the SES account's maximum send rate). */
  readonly maxSendRate: number;
  /** What a scheduled run digests: a key in the article bucket or an https URL (an article, or a feed). */
  readonly defaultArticle: string;
  /**
   * Most stories in an issue made from a feed or a list of articles.
   * @default 5
   */
  readonly maxStories?: number;
  /** EventBridge Scheduler expression of the digest run, e.g. `cron(0 6 * * ? *)`. */
  readonly schedule: string;
  /**
   * IANA time zone the schedule is read in.
   * @default 'UTC'
   */
  readonly scheduleTimezone?: string;
  /** Settings every function shares. */
  readonly functionDefaults: ServiceFunctionDefaults;
  /** Whether the digest function publishes issues in the public archive and links emails to them (PUBLIC_ARCHIVE). */
  readonly publicArchive: boolean;
}

export class DeliveryPipeline extends Capability {
  readonly articleBucket: s3.Bucket;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly digest: ServiceFunction;
  readonly deliver: ServiceFunction;

  constructor(scope: Construct, id: string, props: DeliveryPipelineProps) {
    super(scope, id);
    const concurrency = deliverConcurrency(props.maxSendRate);

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

    this.queue = props.queues.queue;
    this.deadLetterQueue = props.queues.deadLetterQueue;

    this.digest = new ServiceFunction(this, 'Digest', {
      ...props.functionDefaults,
      entry: HANDLER_ENTRIES.digest,
      serviceName: 'digest',
      description: 'Builds the digest of an article and queues it for every confirmed subscriber',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      environment: {
        ...props.mailEnvironment,
        QUEUE_URL: this.queue.queueUrl,
        ARTICLE_BUCKET: this.articleBucket.bucketName,
        DEFAULT_ARTICLE: props.defaultArticle,
        MAX_STORIES: String(props.maxStories ?? 5),
        PUBLIC_ARCHIVE: String(props.publicArchive),
      },
    });
    this.deliver = new ServiceFunction(this, 'Deliver', {
      ...props.functionDefaults,
      entry: HANDLER_ENTRIES.deliver,
      serviceName: 'deliver',
      description: 'Sends the queued digest to each recipient once, under the SES send rate',
      memorySize: 512,
      timeout: DELIVER_TIMEOUT,
      environment: {
        ...props.mailEnvironment,
        MAX_SEND_RATE: String(props.maxSendRate),
        DELIVER_CONCURRENCY: String(concurrency),
      },
    });

    for (const fn of [this.digest, this.deliver]) {
      grantTableData(props.table, fn);
      props.tokenSecret.grantRead(fn);
      props.sender.grantSendEmail(fn);
    }
    this.articleBucket.grantRead(this.digest);
    for (const finding of [
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      `Resource::<${logicalIdOf(this.articleBucket)}.Arn>/*`,
    ]) {
      acknowledge(
        this.digest,
        `AwsSolutions-IAM5[${finding}]`,
        'bucket.grantRead: read-only access to the one articles bucket; the article key is chosen per run (any key in the bucket), so objects cannot be listed in advance.',
      );
    }
    this.queue.grantSendMessages(this.digest);

    this.deliver.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: concurrency,
      }),
    );

    this.scheduleDigest(props.schedule, props.scheduleTimezone ?? 'UTC');
  }

  /** Runs the digest on the default article at the scheduled times, through a role that can invoke only it. */
  private scheduleDigest(expression: string, timezone: string): void {
    const role = new iam.Role(this, 'DigestScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Lets EventBridge Scheduler invoke the digest function',
    });
    acknowledge(
      role,
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(this.digest.function)}.Arn>:*]`,
      'The scheduler target grant covers the digest function and its versions (ARN:*); it can invoke nothing else.',
    );
    new scheduler.Schedule(this, 'DigestSchedule', {
      description: 'Runs the digest on the default article',
      schedule: scheduler.ScheduleExpression.expression(expression, TimeZone.of(timezone)),
      // The same event as a manual run with every field left out: the default article, sent for real.
      target: new LambdaInvoke(this.digest.function, {
        input: scheduler.ScheduleTargetInput.fromObject({}),
        role,
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
      }),
    });
  }
}
