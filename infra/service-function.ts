// One Lambda function of the service with the project's defaults: Node.js 22 on arm64, bundled locally by
// esbuild as ESM with source maps (AWS SDK included, so the code runs on the SDK version we test with), the
// `templates/` directory copied into the bundle, its own log group with a retention, and a role that may write
// to that log group and nothing else until a construct grants more. The cdk-nag findings these defaults raise
// are acknowledged here, beside the defaults that raise them.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { LogLevel } from './config.js';
import { acknowledge } from './nag.js';

/** The repository root: where package-lock.json, functions/ and templates/ live. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the bundle's copy of `templates/` is in Lambda; the functions read it through TEMPLATES_DIR. */
export const LAMBDA_TEMPLATES_DIR = '/var/task/templates';

/** The settings every function of the service shares; the stack passes them to each construct as one object. */
export interface ServiceFunctionDefaults {
  /** Powertools metrics namespace. */
  readonly metricsNamespace: string;
  /**
   * Level of the Powertools logger (LOG_LEVEL).
   * @default 'INFO'
   */
  readonly logLevel?: LogLevel;
  /**
   * How long the function's log group keeps events.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Turns on AWS X-Ray active tracing.
   * @default false - no tracing, and no X-Ray permission in the role
   */
  readonly tracing?: boolean;
  /**
   * The directory copied into the bundle as `templates/`.
   * @default - the repository's `templates/` directory
   */
  readonly templatesDir?: string;
}

export interface ServiceFunctionProps extends ServiceFunctionDefaults {
  /** The handler file, relative to the repository root (see HANDLER_ENTRIES); it exports `handler`. */
  readonly entry: string;
  /** Shown in the Lambda console. */
  readonly description: string;
  /** Powertools service name (logs and metric dimension). */
  readonly serviceName: string;
  /**
   * Memory in MB (CPU grows with it).
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * Maximum run time of one invocation.
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
  /**
   * Environment besides the common variables (POWERTOOLS_*, LOG_LEVEL, TEMPLATES_DIR, NODE_OPTIONS).
   * @default - only the common variables
   */
  readonly environment?: Readonly<Record<string, string>>;
}

/** A project Lambda function; grant to it like to any IGrantable (`table.grantReadWriteData(fn)`). */
export class ServiceFunction extends Construct implements iam.IGrantable {
  readonly function: NodejsFunction;
  /** Absolute path of the handler file the bundle is built from. */
  readonly entry: string;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;
  readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const templatesDir = props.templatesDir ?? join(PROJECT_ROOT, 'templates');
    this.entry = join(PROJECT_ROOT, props.entry);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      // Logs belong to the deployment; the data worth keeping is in the retained table and bucket.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Our own role instead of the AWSLambdaBasicExecutionRole managed policy, which may write to any log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (function role)`,
    });
    this.grantPrincipal = this.role;
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: this.entry,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup: this.logGroup,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
        LOG_LEVEL: props.logLevel ?? 'INFO',
        TEMPLATES_DIR: LAMBDA_TEMPLATES_DIR,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // Prefer packages' ESM builds; CommonJS ones still `require` Node built-ins, hence the banner.
        mainFields: ['module', 'main'],
        banner:
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        bundleAwsSDK: true,
        externalModules: [],
        forceDockerBundling: false,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => [copyDirCommand(templatesDir, outputDir)],
        },
      },
    });

    acknowledge(
      this,
      'AwsSolutions-L1',
      'Pinned to Node.js 22 LTS, the runtime the bundles are built for (esbuild target node22); moving to a newer runtime is a deliberate, tested upgrade rather than drift.',
    );
    if (props.tracing) {
      acknowledge(
        this,
        'AwsSolutions-IAM5[Resource::*]',
        'X-Ray PutTraceSegments and PutTelemetryRecords have no resource-level permissions; AWS allows only *.',
      );
    }
  }
}

/**
 * A shell command that copies the templates into `<outputDir>/templates`, through node so that it runs the same
 * on Linux, macOS and Windows. NodejsFunction renders hook commands even when bundling is skipped (the tests),
 * so a missing directory is reported when the command runs, with one line, not when the stack is built.
 */
function copyDirCommand(sourceDir: string, outputDir: string): string {
  const script = [
    'const fs = require("node:fs");',
    'const [src, dest] = process.argv.slice(1);',
    'if (!fs.statSync(src, { throwIfNoEntry: false })?.isDirectory()) {',
    '  console.error("templates directory not found: " + src + " (the functions read their templates from it)");',
    '  process.exit(1);',
    '}',
    'fs.cpSync(src, dest, { recursive: true });',
  ].join(' ');
  const args = [script, sourceDir, join(outputDir, 'templates')].map((a) => JSON.stringify(a));
  return `node -e ${args.join(' ')}`;
}
