import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { cli, expectInputError } from '../helpers/cli.ts';
import { writeScenarios } from '../scenario/tempScenarios.ts';

// A 4 GB machine (3 GB usable, 75 %), and a disk with 1 GB free: set here, not the machine's that runs the tests.
vi.mock('node:os', async (original) => ({ ...(await original<typeof import('node:os')>()), totalmem: () => 4e9 }));
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  return { ...fs, statfsSync: (...args: Parameters<typeof fs.statfsSync>) => ({ ...fs.statfsSync(...args), bavail: 1e9, bsize: 1 }) };
});

const body = (name: string) =>
  `name: ${name}\ncity: dalian\nyears: { start: 2013, end: 2016 }\n` +
  'parameters: { inflow: { dist: uniform, min: 10万, max: 30万 }, migrant_settle_rate: { dist: uniform, min: 2%, max: 8% } }\n' +
  'uncertainty: { hukou_conversion: none }\ntargets: []\nmonte_carlo: { runs: 20, seed: 3 }\n';

it('compare holds every variant\'s runs until it compares them: memory is checked for all of them together, before any run', async () => {
  const dir = writeScenarios({ 'a.yaml': body('a'), 'b.yaml': body('b') });
  const out = join(dir, 'cmp');
  // By hand: a run of 4 years holds 4 · 43 · 8 = 1,376 bytes of indicators and 6 sampled values, 48 bytes (no bounds
  // checks): 1,424 a variant, 2.14 GB for 1,500,000 runs, which fits 3 GB alone; both, 2,848 bytes a run (2.8 kB of
  // 1,024 bytes), 4.27 GB, do not. 3e9 / 2,848 = 1,053,370 runs fit.
  const r = await cli(['compare', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--runs', '1500000', '--out', out]);
  expectInputError(r, 'urbsim: compare (2 variants, held together): 1,500,000 runs of 4 years need about 4.3 GB of memory (2.8 kB a run: every indicator of every run), ' +
    'more than 75% of the 4.0 GB this machine has; run at most about 1,053,370 runs (--runs): the variants\' runs are held together until they are compared\n');
  expect(r.err).not.toMatch(/ runs \(\d+%\)/); // nothing ran
  expect(existsSync(out)).toBe(false);
}, 60_000);
