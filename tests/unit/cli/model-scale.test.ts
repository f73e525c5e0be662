// The scale model's figures keep the design's promises at 1M and 10M subscribers and 300/s and 1,000/s: no key near
// DynamoDB's 1,000 writes a second, completion reading the same few items whatever the size, queuing within the
// digest function's time, and the rate reached.
import { describe, expect, it } from 'vitest';
import { modelIssue, report, STACK } from '../../../functions/cli/model-scale.js';

const scenarios = [
  [1_000_000, 300],
  [1_000_000, 1_000],
  [10_000_000, 300],
  [10_000_000, 1_000],
] as const;

describe('the scale model', () => {
  it.each(scenarios)('keeps every key far under 1,000 writes a second (%i at %i/s)', (n, rate) => {
    const m = modelIssue(n, rate);

    expect(Math.max(...Object.values(m.keyWritesPerSecond))).toBeLessThan(100);
    expect(m.hottestShare).toBeLessThan(0.05);
  });

  it.each(scenarios)('reaches the rate and queues within the digest function (%i at %i/s)', (n, rate) => {
    const m = modelIssue(n, rate);

    expect(m.instances * m.instanceCapacity).toBeGreaterThan(rate);
    expect(m.sendSeconds).toBeCloseTo(n / (rate * 0.99), 0);
    expect(m.queueSeconds).toBeLessThan(STACK.digestTimeoutS - 20);
  });

  it('reads the same items at completion, and bills in proportion, whatever the number of recipients', () => {
    const small = modelIssue(1_000_000, 1_000);
    const large = modelIssue(10_000_000, 1_000);

    expect(large.completionReads).toBe(small.completionReads);
    expect(large.writeUnits / small.writeUnits).toBeCloseTo(10, 0);
    expect(large.cost.total / small.cost.total).toBeCloseTo(10, 0);
  });

  it('prints a table with a column per scenario', () => {
    const table = report(scenarios.map(([n, rate]) => modelIssue(n, rate)));

    expect(table.split('\n')[0]).toBe(
      '| per issue | 1M at 300/s | 1M at 1,000/s | 10M at 300/s | 10M at 1,000/s |',
    );
    expect(table).toMatch(/\| Lambda GB-seconds \(deliver \+ digest\) \| [\d,]+ \|/);
  });
});
