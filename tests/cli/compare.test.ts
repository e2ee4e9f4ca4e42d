import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { compareVariants } from '../../src/analysis/compareVariants.ts';
import { runMonteCarlo } from '../../src/montecarlo/runMonteCarlo.ts';
import { M, METRIC_COUNT } from '../../src/model/indicators.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

describe('compare', () => {
  it('a variant identical to the reference differs by exactly 0 in every run (common random numbers)', async () => {
    const a = await runMonteCarlo(dalianResolved({ runs: 30 }));
    const b = await runMonteCarlo(dalianResolved({ runs: 30, name: 'same-again' }));
    const c = compareVariants([a, b]);
    const d = c.variants[0].diff;
    const cell = (a.years.length - 1) * METRIC_COUNT + M.registered_rate;
    expect(d.stats.p10[cell]).toBe(0);
    expect(d.stats.p90[cell]).toBe(0);
    expect(d.stats.pBeats[cell]).toBe(0.5); // ties count half
  });

  it('prints the Dongguan lever table and writes compare.arrow', async () => {
    let out = '';
    const dir = join(mkdtempSync(join(tmpdir(), 'urbsim-cmp-')), 'out');
    const code = await main(['compare', 'scenarios/dongguan.yaml', 'scenarios/dongguan-cutoff100.yaml', 'scenarios/dongguan-schools2x.yaml', '--runs', '60', '--out', dir], {
      out: (s) => { out += s; }, err: () => {},
    });
    expect(code).toBe(0);
    expect(out).toMatch(/dongguan-cutoff100\s+2020\s+\+/); // lowering the cut-off raises the registered rate
    expect(existsSync(join(dir, 'compare.arrow'))).toBe(true);
  }, 60_000);
});
