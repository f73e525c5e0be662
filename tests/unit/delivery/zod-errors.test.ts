// One-line zod failure descriptions shared by the handlers' error messages and logs.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeZodError } from '../../../functions/delivery/zod-errors.js';

const schema = z.strictObject({ name: z.string(), tags: z.array(z.string()), count: z.number() });

function errorOf(value: unknown): z.ZodError {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected a failure');
  return parsed.error;
}

describe('describeZodError', () => {
  it('names the first issue by its dotted path, on one line', () => {
    const text = describeZodError(errorOf({ name: 'a', tags: ['x', 5], count: 1 }));
    expect(text).toMatch(/^tags\.1: /);
    expect(text).not.toContain('\n');
  });

  it('lists up to max issues, separated by semicolons', () => {
    const text = describeZodError(errorOf({ name: 1, tags: 'x', count: 'y' }), { max: 2 });
    expect(text.split('; ')).toHaveLength(2);
    expect(text).toMatch(/^name: .*; tags: /);
  });

  it('names a problem with the whole value by the root name when one is given', () => {
    expect(describeZodError(errorOf('not an object'), { root: 'body' })).toMatch(/^body: /);
    expect(describeZodError(errorOf('not an object'))).not.toMatch(/^: /);
  });

  it("names a field of the wrong type once, without its size checks' verdicts on the wrong value", () => {
    const list = z.strictObject({ to: z.array(z.string()).min(1).max(10) });
    const parsed = list.safeParse({ to: 'someone@example.com' });
    if (parsed.success) throw new Error('expected a failure');

    expect(describeZodError(parsed.error, { max: 3 })).toBe(
      'to: Invalid input: expected array, received string',
    );
  });
});
