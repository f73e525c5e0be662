// Bounces and complaints back from SES: the configuration set publishes them to an encrypted SNS topic, the
// ses-events function marks the subscribers bounced or complained, and whatever it cannot process waits in a
// dead-letter queue (losing one means mailing someone who complained).
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { HANDLER_ENTRIES } from '../handlers.js';
import { acknowledge } from '../nag.js';
import { ServiceFunction, type ServiceFunctionDefaults } from '../service-function.js';
import { Capability } from './capability.js';
import { grantTableData } from './grants.js';

export interface MailFeedbackProps {
  /** The configuration set whose bounce and complaint events are processed. */
  readonly configurationSet: ses.ConfigurationSet;
  /** The subscriber table the function updates. */
  readonly table: dynamodb.Table;
  /**
   * Customer-managed key of the events topic; SES is allowed to use it (an AWS-managed SNS key refuses SES).
   * The key's policy gains a statement for SES, limited to this account.
   */
  readonly encryptionKey: kms.Key;
  /** Settings every function shares. */
  readonly functionDefaults: ServiceFunctionDefaults;
  /**
   * Times Lambda retries a failed asynchronous invocation before the event goes to the dead-letter queue.
   * @default 2
   */
  readonly retryAttempts?: number;
}

export class MailFeedback extends Capability {
  readonly topic: sns.Topic;
  readonly deadLetterQueue: sqs.Queue;
  readonly handler: ServiceFunction;

  constructor(scope: Construct, id: string, props: MailFeedbackProps) {
    super(scope, id);

    this.deadLetterQueue = new sqs.Queue(this, 'SesEventsDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is itself a dead-letter queue: of the SNS subscription and of the ses-events function (nag only recognises SQS redrive policies).',
    );

    // SES publishes to the encrypted topic and needs the data key.
    props.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SesPublishesEncryptedEvents',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'], // in a key policy, `*` means this key
        conditions: { StringEquals: { 'aws:SourceAccount': props.encryptionKey.stack.account } },
      }),
    );
    this.topic = new sns.Topic(this, 'SesEventsTopic', {
      displayName: 'Digest mailer SES bounces and complaints',
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    props.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(this.topic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });

    this.handler = new ServiceFunction(this, 'SesEvents', {
      ...props.functionDefaults,
      entry: HANDLER_ENTRIES.sesEvents,
      serviceName: 'ses-events',
      description: 'Marks subscribers bounced or complained from SES notifications',
      memorySize: 256,
      timeout: Duration.seconds(30),
      environment: { TABLE_NAME: props.table.tableName },
    });
    grantTableData(props.table, this.handler);

    this.topic.addSubscription(
      new subscriptions.LambdaSubscription(this.handler.function, { deadLetterQueue: this.deadLetterQueue }),
    );
    this.handler.function.configureAsyncInvoke({
      retryAttempts: props.retryAttempts ?? 2,
      onFailure: new SqsDestination(this.deadLetterQueue),
    });
  }
}
