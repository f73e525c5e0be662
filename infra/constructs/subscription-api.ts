// The public subscription pages: an HTTP API (throttled, access-logged) routing the endpoints to the
// subscriptions function, which signs people up by double opt-in, confirms them and unsubscribes them in one
// click, and serves the public archive (issue pages, the archive, the Atom feed) unless it is off. Its URL is the
// default base of every confirm and unsubscribe link.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { HANDLER_ENTRIES } from '../handlers.js';
import { acknowledge } from '../nag.js';
import { ServiceFunction, type ServiceFunctionDefaults } from '../service-function.js';
import { Capability } from './capability.js';
import { grantTableData } from './grants.js';
import type { MailSender } from './mail-sender.js';

/** The routes of the subscription pages, all served by the one function. */
export const SUBSCRIPTION_ROUTES: readonly (readonly [string, apigw.HttpMethod])[] = [
  ['/', apigw.HttpMethod.GET],
  ['/subscribe', apigw.HttpMethod.POST],
  ['/confirm', apigw.HttpMethod.GET],
  ['/confirm', apigw.HttpMethod.POST],
  ['/unsubscribe', apigw.HttpMethod.GET],
  ['/unsubscribe', apigw.HttpMethod.POST],
  // The public archive: with it off the function answers these 404.
  ['/issues/{id}', apigw.HttpMethod.GET],
  ['/archive', apigw.HttpMethod.GET],
  ['/feed.xml', apigw.HttpMethod.GET],
];

export interface SubscriptionApiProps {
  /** The subscriber table. */
  readonly table: dynamodb.Table;
  /** Signs and checks the confirm and unsubscribe tokens. */
  readonly tokenSecret: secretsmanager.ISecret;
  /** Sends the confirmation emails. */
  readonly sender: MailSender;
  /** Environment to render and send mail (sender, site name, postal address, ...); SITE_URL is added here. */
  readonly mailEnvironment: Readonly<Record<string, string>>;
  /** Settings every function shares; the API's access logs are kept as long as the functions' logs. */
  readonly functionDefaults: ServiceFunctionDefaults;
  /** Whether the function serves the public archive (PUBLIC_ARCHIVE); its routes answer 404 when false. */
  readonly publicArchive: boolean;
  /**
   * https base URL the pages are reached at (a custom domain in front of the API), no trailing slash.
   * @default - the API's own execute-api URL
   */
  readonly siteUrl?: string;
  /**
   * Steady requests per second the API accepts before answering 429.
   * @default 10
   */
  readonly rateLimit?: number;
  /**
   * Requests the API accepts in a burst above the steady rate.
   * @default 20
   */
  readonly burstLimit?: number;
}

export class SubscriptionApi extends Capability {
  readonly httpApi: apigw.HttpApi;
  readonly handler: ServiceFunction;
  /** Base URL of the confirm and unsubscribe links: `siteUrl` when given, else the API's URL. */
  readonly siteUrl: string;

  constructor(scope: Construct, id: string, props: SubscriptionApiProps) {
    super(scope, id);

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Subscription pages and one-click unsubscribe of the digest mailer',
      createDefaultStage: false,
    });
    acknowledge(
      this.httpApi,
      'AwsSolutions-APIG4',
      'Public subscription pages by design: anyone may ask to subscribe (double opt-in), and confirm and unsubscribe requests carry their own signed, expiring token.',
    );
    this.siteUrl = props.siteUrl ?? this.httpApi.apiEndpoint;

    this.handler = new ServiceFunction(this, 'Subscriptions', {
      ...props.functionDefaults,
      entry: HANDLER_ENTRIES.subscriptions,
      serviceName: 'subscriptions',
      description: 'Subscription pages: subscribe, confirm, unsubscribe (one click)',
      memorySize: 512,
      timeout: Duration.seconds(10),
      environment: {
        ...props.mailEnvironment,
        SITE_URL: this.siteUrl,
        PUBLIC_ARCHIVE: String(props.publicArchive),
      },
    });
    grantTableData(props.table, this.handler);
    props.tokenSecret.grantRead(this.handler);
    props.sender.grantSendEmail(this.handler);

    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: props.functionDefaults.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new apigw.HttpStage(this, 'HttpApiDefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 10, burstLimit: props.burstLimit ?? 20 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        // Route and status only: paths carry no tokens ($context.path would include none either, but routeKey
        // keeps the log to the known routes, never an issue id).
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

    const integration = new HttpLambdaIntegration('Subscriptions', this.handler.function);
    for (const [path, method] of SUBSCRIPTION_ROUTES) {
      this.httpApi.addRoutes({ path, methods: [method], integration });
    }
  }
}
