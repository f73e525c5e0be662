// cdk-nag's AWS Solutions checks on the stack in every shape the settings can give it: no finding is left that
// is neither fixed nor acknowledged with a reason.
import { Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import type { SettingsInput } from '../../infra/config.js';
import { buildStack } from './harness.js';

function unacknowledgedFindings(settings: SettingsInput) {
  const { app } = buildStack({ settings });
  const report = new AwsSolutionsChecks().validateScope(app);
  return report.violations.map(
    (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
  );
}

describe('cdk-nag AwsSolutionsChecks', () => {
  it.each<[string, SettingsInput]>([
    ['the defaults', {}],
    ['tracing and an alarm email', { tracing: 'true', alarmEmail: 'ops@example.com' }],
    [
      'an address identity and a site URL',
      { senderIdentity: 'address', siteUrl: 'https://news.example.com' },
    ],
    [
      'a hosted zone and sandbox recipients',
      { hostedZoneId: 'Z0123456789ABC', sandboxRecipients: 'me@example.org' },
    ],
  ])('reports nothing unacknowledged with %s', (_name, settings) => {
    expect(unacknowledgedFindings(settings)).toEqual([]);
  });

  it('still catches what is not acknowledged (the check is live)', () => {
    const { app, stack } = buildStack();
    // A queue with neither a dead-letter queue nor TLS enforced, added on purpose: nag must see it.
    new Queue(stack, 'Unchecked');

    const report = new AwsSolutionsChecks().validateScope(app);

    expect(report.violations.map((v) => v.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']),
    );
  });

  it('gives every acknowledgement a reason of substance', () => {
    const { stack } = buildStack({ settings: { tracing: 'true' } });
    const acknowledged = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.values(m.data as Record<string, string>));

    expect(acknowledged.length).toBeGreaterThanOrEqual(8);
    for (const reason of acknowledged) expect(reason.length).toBeGreaterThan(60);
  });
});
