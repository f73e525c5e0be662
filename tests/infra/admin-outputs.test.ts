// The stack exports every output the admin command reads (functions/adapters/stack-outputs.ts), with the values
// the deployment was built with, so `npm run admin -- --stack NAME` works on any stack deployed from this version.
import { describe, expect, it } from 'vitest';
import { STACK_OUTPUTS } from '../../functions/adapters/stack-outputs.js';
import { buildStack, EXAMPLE_SETTINGS } from './harness.js';

const { template } = buildStack({ settings: { maxSendRate: '14' } });
const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;

describe('outputs for the admin command', () => {
  it('exports every output the admin command reads', () => {
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(Object.values(STACK_OUTPUTS)));
  });

  it('exports the settings as deployed and the token secret by reference', () => {
    expect(outputs[STACK_OUTPUTS.senderEmail]?.Value).toBe(EXAMPLE_SETTINGS.senderEmail);
    expect(outputs[STACK_OUTPUTS.postalAddress]?.Value).toBe(EXAMPLE_SETTINGS.postalAddress);
    expect(outputs[STACK_OUTPUTS.maxSendRate]?.Value).toBe('14');
    expect(outputs[STACK_OUTPUTS.tokenSecretArn]?.Value).toEqual({
      Ref: expect.stringMatching(/^TokenSecret[0-9A-F]{8}$/),
    });
    expect(outputs[STACK_OUTPUTS.configurationSet]?.Value).toEqual({
      Ref: expect.stringMatching(/^ConfigurationSet[0-9A-F]{8}$/),
    });
  });
});
