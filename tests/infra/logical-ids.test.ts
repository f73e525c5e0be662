// Logical ids a deploy must not change: the resources that hold data (a new id means CloudFormation creates a
// new, empty one and deletes or orphans the old), and the few others whose replacement breaks something. The
// stack is built from capability constructs; these tests prove the grouping left the ids as they were.
import type { Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import type { SettingsInput } from '../../infra/config.js';
import { Capability } from '../../infra/constructs/capability.js';
import { buildStack } from './harness.js';

/** The stateful resources, by the logical id they were first deployed with. */
const STATEFUL: readonly [string, string][] = [
  ['TableCD117FA1', 'AWS::DynamoDB::Table'],
  ['ArticleBucket38F6CD07', 'AWS::S3::Bucket'],
  ['TokenSecret75569B26', 'AWS::SecretsManager::Secret'],
  ['DeliveryQueueA11633D0', 'AWS::SQS::Queue'],
  ['DeliveryDeadLetterQueue0C72DD8D', 'AWS::SQS::Queue'],
  ['SesEventsDeadLetterQueueA25A86A6', 'AWS::SQS::Queue'],
  ['SenderIdentity5AECAF6F', 'AWS::SES::EmailIdentity'],
  ['ConfigurationSet3DD38186', 'AWS::SES::ConfigurationSet'],
  ['TopicKeyB2E0C9CB', 'AWS::KMS::Key'],
];

/** Not data, but a new id would break a deploy or the links in mail already sent. */
const MUST_STAY: readonly [string, string, string][] = [
  [
    'DeliverFunctionSqsEventSourceDigestMailerDeliveryQueueE1F13696C31E2FCB',
    'AWS::Lambda::EventSourceMapping',
    'Lambda refuses a second mapping of the same queue and function: a renamed mapping fails the deploy',
  ],
  ['HttpApiF5A9A8A7', 'AWS::ApiGatewayV2::Api', 'a new API gets a new URL, the base of every sent link'],
  ['AlarmTopicD01E77F9', 'AWS::SNS::Topic', 'a new topic loses its confirmed email subscription'],
];

const resourcesOf = (template: Template) =>
  template.toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string }>;

let defaultTemplate: Template | undefined;
const defaults = () => {
  defaultTemplate ??= buildStack().template;
  return defaultTemplate;
};

describe('logical ids', () => {
  it('keeps the nine stateful resources under their first ids with the defaults', () => {
    for (const [id, type] of STATEFUL) expect(resourcesOf(defaults())[id]?.Type, id).toBe(type);
  });

  it.each<[string, SettingsInput]>([
    ['an address identity', { senderIdentity: 'address', siteUrl: 'https://news.example.com' }],
    ['a hosted zone, tracing and an alarm email', { hostedZoneId: 'Z0123456789ABC', tracing: 'true' }],
  ])('keeps the nine stateful resources under their first ids with %s', (_name, settings) => {
    const resources = resourcesOf(buildStack({ settings }).template);

    for (const [id, type] of STATEFUL) expect(resources[id]?.Type, id).toBe(type);
  });

  it.each(MUST_STAY)('keeps %s (%s): %s', (id, type) => {
    expect(resourcesOf(defaults())[id]?.Type).toBe(type);
  });

  it('does not depend on the stack name', () => {
    const resources = resourcesOf(buildStack({ stackId: 'OtherCopy' }).template);

    for (const [id, type] of STATEFUL) expect(resources[id]?.Type, id).toBe(type);
  });
});

describe('capability constructs', () => {
  class Probe extends Capability {}

  it('leave no trace in the logical ids of their resources', () => {
    const grouped = buildStack();
    new sqs.Queue(new Probe(grouped.stack, 'Probe'), 'ProbeQueue', { enforceSSL: true });
    const flat = buildStack();
    new sqs.Queue(flat.stack, 'ProbeQueue', { enforceSSL: true });

    const ids = (t: Template) => Object.keys(t.findResources('AWS::SQS::Queue')).sort();
    expect(ids(grouped.template)).toEqual(ids(flat.template));
    expect(ids(grouped.template)).toContainEqual(expect.stringMatching(/^ProbeQueue[0-9A-F]{8}$/));
    expect(grouped.stack.node.findChild('Probe').node.tryFindChild('ProbeQueue')).toBeDefined();
  });

  it('make synth fail when two resources would share an id, instead of one silently replacing the other', () => {
    const built = buildStack();
    // The stack's table is `Table` at stack scope: a `Table` in a capability gets the same id.
    new sqs.Queue(new Probe(built.stack, 'Probe'), 'Table', { enforceSSL: true });

    expect(() => built.template).toThrow(/already contains 'TableCD117FA1'/);
  });

  it('group every function with the capability it serves', () => {
    const { stack } = buildStack();
    const paths = Object.fromEntries(
      Object.entries(stack.functions).map(([name, fn]) => [name, fn.node.path]),
    );

    expect(paths).toEqual({
      digest: 'DigestMailer/Delivery/Digest',
      deliver: 'DigestMailer/Delivery/Deliver',
      subscriptions: 'DigestMailer/SubscriptionApi/Subscriptions',
      sesEvents: 'DigestMailer/Feedback/SesEvents',
    });
  });
});
