import { existsSync, readFileSync } from 'node:fs';
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
  'ok.yaml': `${MINIMAL}name: ok\n`,
  'flat-sum.yaml': `${MINIMAL}parameters:\n  inflow: "${Array.from({ length: 200_000 }, () => '1').join(' + ')}"\n`,
});

describe('sizes a scenario may not exceed', () => {
  it('a flat sum of 200,000 terms: exit 2 with its size and the limits (it overflowed the stack, exit 1)', async () => {
    const r = await cli(['validate', join(dir, 'flat-sum.yaml')]);
    expectInputError(r, `${join(dir, 'flat-sum.yaml')}:4:11 parameters.inflow: the expression is too large: 399,999 parts, 199,999 operations deep; expected at most 10,000 parts and 1,000 deep`);
    expect(r.err.length).toBeLessThan(1000); // the expression is quoted by its start only
  });
});

describe('--seed and --runs are whole numbers in decimal digits only', () => {
  const ok = join(dir, 'ok.yaml');
  // Number() reads "" and " 5" as 0 and 5, 0x10 as 16, 1e3 as 1000: each used to run with a seed or count not typed.
  it.each(['', '0x10', '1e3', ' 5', '5 ', '+5', '-1', '5.0', '4294967296'])('run --seed "%s": exit 2, nothing run', async (raw) => {
    const r = await cli(['run', ok, '--seed', raw, '--runs', '2', '--out', join(dir, 'never')]);
    expectInputError(r, `--seed: expected a whole number from 0 to 4294967295 in decimal digits, found "${raw}"`);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it.each(['', '0x10', '1e3', ' 5', '0', '5.5'])('run --runs "%s": exit 2', async (raw) => {
    expectInputError(await cli(['run', ok, '--runs', raw, '--out', join(dir, 'never')]), `--runs: expected a whole number from 1 to`);
  });

  it.each([
    ['batch', ['batch', ok, '--out', join(dir, 'never')]],
    ['compare', ['compare', ok, ok, '--out', join(dir, 'never')]],
    ['sensitivity', ['sensitivity', ok, '--metric', 'registered_rate', '--year', '2020', '--out', join(dir, 'never')]],
    ['calibrate', ['calibrate', ok, '--observed', 'data/observed/observed.csv', '--out', join(dir, 'never')]],
  ])('%s --runs 0x10: exit 2', async (_, args) => {
    expectInputError(await cli([...args, '--runs', '0x10']), '--runs: expected a whole number from 1 to');
  });

  it('sensitivity --year "" and --year 2e3: exit 2', async () => {
    for (const y of ['', '2e3'])
      expectInputError(await cli(['sensitivity', ok, '--metric', 'registered_rate', '--year', y, '--out', join(dir, 'never')]), `--year: expected a year such as 2020, found "${y}"`);
  });

  it('decimal digits are read as they are, leading zeros too', async () => {
    const r = await cli(['run', ok, '--seed', '0042', '--runs', '03', '--out', join(dir, 'seeded')]);
    expect(r.code, r.err).toBe(0);
    const meta = JSON.parse(readFileSync(join(dir, 'seeded', 'meta.json'), 'utf8'));
    expect([meta.seed ?? meta.scenario?.monte_carlo?.seed, meta.runs]).toEqual([42, 3]);
  });
});
