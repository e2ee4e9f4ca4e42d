import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { writeScenarios } from '../scenario/tempScenarios.ts';

// `urbsim batch my-dalian.yaml --out …`, the command `urbsim run` suggests for weighing a pilot's targets, ended with
// "batch of 1 scenarios: 1 run, 0 skipped".
it('a batch of one scenario says "1 scenario"', async () => {
  const dir = writeScenarios({
    'a.yaml': 'name: a\ncity: dalian\nyears: { start: 2013, end: 2015 }\nuncertainty: { hukou_conversion: none }\ntargets: []\nmonte_carlo: { runs: 10, seed: 3 }\n',
  });
  const r = await cli(['batch', join(dir, 'a.yaml'), '--out', join(dir, 'b')]);
  expect(r.code, r.err).toBe(0);
  expect(r.out).toMatch(/^batch of 1 scenario: 1 run, 0 skipped, wall time /m);
}, 60_000);
