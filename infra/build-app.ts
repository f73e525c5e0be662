// Assembles the CDK app: the deployment settings from context, the stack, and cdk-nag's AWS Solutions checks,
// which make synth fail on any finding not fixed or acknowledged. Shared by app.ts and the tests.
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { settingsFromContext } from './config.js';
import { DigestMailerStack } from './digest-mailer-stack.js';

/** Builds the stack into `app`; throws InfraConfigError when a `-c` setting is missing or wrong. */
export function buildApp(app: App): DigestMailerStack {
  const settings = settingsFromContext(app);
  const stackName: unknown = app.node.tryGetContext('stackName');
  const stack = new DigestMailerStack(
    app,
    typeof stackName === 'string' && stackName ? stackName : 'DigestMailer',
    {
      settings,
      description:
        'Digest mailer: article digests by email to double-opt-in subscribers (SES, Lambda, DynamoDB)',
      // Account and region of the deploying credentials; unset (an environment-agnostic template) without them.
      env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    },
  );
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}
