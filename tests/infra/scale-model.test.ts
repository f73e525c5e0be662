// The scale model (npm run model:scale) computes with the stack's function settings: they must be the stack's.
import { describe, expect, it } from 'vitest';
import { STACK } from '../../functions/cli/model-scale.js';
import { buildStack, resourceByPrefix } from './harness.js';

describe('the scale model', () => {
  it('assumes the memory, timeouts and batch size the stack gives the functions', () => {
    const { template } = buildStack();
    const [, deliver] = resourceByPrefix(template, 'AWS::Lambda::Function', 'DeliverFunction');
    const [, digest] = resourceByPrefix(template, 'AWS::Lambda::Function', 'DigestFunction');
    const [, mapping] = resourceByPrefix(template, 'AWS::Lambda::EventSourceMapping', 'DeliverFunction');

    expect([deliver.Properties.MemorySize, deliver.Properties.Timeout]).toEqual([
      STACK.deliverMemoryMb,
      STACK.deliverTimeoutS,
    ]);
    expect([digest.Properties.MemorySize, digest.Properties.Timeout]).toEqual([
      STACK.digestMemoryMb,
      STACK.digestTimeoutS,
    ]);
    expect(mapping.Properties.BatchSize).toBe(STACK.batchSize);
  });
});
