import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

/** Exit code 2, the message, and none of what an unexpected failure prints. */
function expectInputError(r: { code: number; err: string }, message: RegExp | string): void {
  expect(r.code, r.err).toBe(2);
  if (typeof message === 'string') expect(r.err).toContain(message);
  else expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/internal error|\n\s+at /);
}

const dir = writeScenarios({
  'flat-sum.yaml': `${MINIMAL}parameters:\n  inflow: "${Array.from({ length: 200_000 }, () => '1').join(' + ')}"\n`,
});

describe('sizes a scenario may not exceed', () => {
  it('a flat sum of 200,000 terms: exit 2 with its size and the limits (it overflowed the stack, exit 1)', async () => {
    const r = await cli(['validate', join(dir, 'flat-sum.yaml')]);
    expectInputError(r, `${join(dir, 'flat-sum.yaml')}:4:11 parameters.inflow: the expression is too large: 399,999 parts, 199,999 operations deep; expected at most 10,000 parts and 1,000 deep`);
    expect(r.err.length).toBeLessThan(1000); // the expression is quoted by its start only
  });
});
