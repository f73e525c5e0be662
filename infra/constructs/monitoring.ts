// What the operator is told about: one encrypted alarm topic (mailed to alarmEmail when given) and the alarms
// on it: function errors, deliver throttles, permanently failed sends, a stuck delivery backlog, both
// dead-letter queues and the SES account's bounce and complaint rates.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { Capability } from './capability.js';

/** Metrics the deliver function publishes through Powertools (namespace from POWERTOOLS_METRICS_NAMESPACE). */
export const DELIVERY_METRICS = {
  /** Count of recipients whose send failed permanently (not retried): alarmed on. */
  sendFailed: 'EmailsFailed',
} as const;

export interface MonitoringProps {
  /**
   * Customer-managed key of the alarm topic. The key's policy gains a statement for CloudWatch, which
   * publishes the alarms (an AWS-managed SNS key refuses it).
   */
  readonly encryptionKey: kms.Key;
  /** CloudWatch namespace of the functions' Powertools metrics. */
  readonly metricsNamespace: string;
  /** The functions to alarm on when they fail, by the name the alarm uses (`Digest` gives DigestErrorsAlarm). */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /** The delivery pipeline: deliver's throttles, the queue's backlog, the dead-letter queue's messages. */
  readonly delivery: {
    readonly deliver: lambda.IFunction;
    readonly queue: sqs.IQueue;
    readonly deadLetterQueue: sqs.IQueue;
  };
  /** Bounce and complaint notifications ses-events could not process. */
  readonly sesEventsDeadLetterQueue: sqs.IQueue;
  /**
   * Address subscribed to the alarm topic (SNS mails it a confirmation link first).
   * @default - nobody: subscribe to `alarmTopic` by other means to hear of the alarms
   */
  readonly alarmEmail?: string;
}

const FIVE_MINUTES = Duration.minutes(5);

export class Monitoring extends Capability {
  readonly alarmTopic: sns.Topic;
  private readonly alarmAction: SnsAction;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    // CloudWatch publishes to the encrypted topic and needs the data key.
    props.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchPublishesEncryptedAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'], // in a key policy, `*` means this key
      }),
    );
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Digest mailer alarms',
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    if (props.alarmEmail)
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    this.alarmAction = new SnsAction(this.alarmTopic);

    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(
        `${name}ErrorsAlarm`,
        `The ${name} function failed`,
        fn.metricErrors({ period: FIVE_MINUTES }),
      );
    }
    this.alarm(
      'DeliverThrottlesAlarm',
      'Lambda throttled the deliver function: raise the account concurrency or lower maxSendRate',
      props.delivery.deliver.metricThrottles({ period: FIVE_MINUTES }),
    );
    this.alarm(
      'DeliverySendFailuresAlarm',
      'Emails failed permanently (see the issue summary and the deliver logs)',
      new cloudwatch.Metric({
        namespace: props.metricsNamespace,
        metricName: DELIVERY_METRICS.sendFailed,
        dimensionsMap: { service: 'deliver' },
        statistic: cloudwatch.Stats.SUM,
        period: FIVE_MINUTES,
      }),
    );
    this.alarm(
      'DeliveryDeadLetterAlarm',
      'Delivery batches gave up after 10 tries and wait in the dead-letter queue',
      props.delivery.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: FIVE_MINUTES,
        statistic: 'Maximum',
      }),
    );
    this.alarm(
      'DeliveryBacklogAlarm',
      'A delivery batch has waited 12 hours: deliver is failing or maxSendRate is too low for the list',
      props.delivery.queue.metricApproximateAgeOfOldestMessage({
        period: FIVE_MINUTES,
        statistic: 'Maximum',
      }),
      Duration.hours(12).toSeconds(),
    );
    this.alarm(
      'SesEventsDeadLetterAlarm',
      'Bounce or complaint notifications could not be processed: the subscribers are not suppressed yet',
      props.sesEventsDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: FIVE_MINUTES,
        statistic: 'Maximum',
      }),
    );
    // SES reviews an account at a 5% bounce or 0.1% complaint rate: warn before that.
    this.alarm(
      'SesBounceRateAlarm',
      'SES account bounce rate reached 4% (SES reviews the account at 5%)',
      sesReputation('Reputation.BounceRate'),
      0.04,
    );
    this.alarm(
      'SesComplaintRateAlarm',
      'SES account complaint rate reached 0.08% (SES reviews the account at 0.1%)',
      sesReputation('Reputation.ComplaintRate'),
      0.0008,
    );
  }

  /** An alarm on the topic when `metric` reaches `threshold` in one period; no data counts as fine. */
  alarm(id: string, description: string, metric: cloudwatch.IMetric, threshold = 1): cloudwatch.Alarm {
    const created = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    created.addAlarmAction(this.alarmAction);
    return created;
  }
}

/** An account-wide SES reputation metric, sampled hourly. */
function sesReputation(metricName: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/SES',
    metricName,
    statistic: 'Maximum',
    period: Duration.hours(1),
  });
}
