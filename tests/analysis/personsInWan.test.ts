import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareVariants, comparisonTable } from '../../src/analysis/compareVariants.ts';
import { inputSwing, type SensitivityResult } from '../../src/analysis/sensitivity.ts';
import { sensitivityTable } from '../../src/analysis/sensitivityTable.ts';
import { runMonteCarlo } from '../../src/montecarlo/runMonteCarlo.ts';
import { METRICS, METRIC_COUNT } from '../../src/model/indicators.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

// Persons are written in 万 across urbsim (solve's settled column, the reports, README, the scenario files); compare's
// and sensitivity's tables printed a person metric with every digit (registered_pop 2,008,835 over a report of 200.9万).
// Expected texts from the figures by hand: 万 is 10⁴, one decimal from 1万 up, two from 1,000 (0.42万).
const wan = (v: number) => `${(v / 1e4).toFixed(Math.abs(v) >= 1e4 ? 1 : 2)}万`;
/** Terminal columns: 万 takes two. */
const columns = (s: string) => s.length + (s.match(/万/g)?.length ?? 0);

describe('a person metric in the terminal tables', () => {
  it('compare: levels and paired differences in 万, the columns under their headers', async () => {
    const dir = writeScenarios({
      'base.yaml': `${MINIMAL}name: base\nmonte_carlo: { runs: 6, seed: 5 }\nparameters:\n  migrant_settle_rate: { dist: uniform, min: 2%, max: 4% }\n`,
      'lever.yaml': `${MINIMAL}name: lever\nmonte_carlo: { runs: 6, seed: 5 }\nparameters:\n  migrant_settle_rate: { dist: uniform, min: 2%, max: 4% }\n  local_settle_rate: 20%\n`,
    });
    const [base, lever] = await Promise.all(['base.yaml', 'lever.yaml'].map((f) => runMonteCarlo(loadScenario(join(dir, f)))));
    const c = compareVariants([base, lever]);
    const lines = comparisonTable(c, 'registered_pop', [2017, 2020]).split('\n');
    const s = c.summaries[0].summary;
    const at = (year: number) => s.years.indexOf(year) * METRIC_COUNT + METRICS.indexOf('registered_pop');
    const cell = (y: number) => `${wan(s.stats.p50[at(y)])} (${wan(s.stats.p10[at(y)])}–${wan(s.stats.p90[at(y)])})`;
    const header = lines.find((l) => l.startsWith('variant') && l.includes('2017'))!;
    const row = lines.find((l) => l.startsWith('base ') && l.includes('万'))!;
    expect(row).toContain(cell(2017));
    expect(row).toContain(cell(2020));
    // The 2020 cell starts in the column its header does.
    expect(columns(row.slice(0, row.indexOf(cell(2020))))).toBe(header.indexOf('2020'));
    const d = c.variants[0].diff;
    const j = d.years.indexOf(2020) * METRIC_COUNT + METRICS.indexOf('registered_pop');
    const sign = (v: number) => (v >= 0 ? '+' : '');
    const diff = lines.find((l) => l.startsWith('lever ') && l.includes(' 2020 '))!;
    expect(diff).toContain(`${sign(d.stats.p50[j])}${wan(d.stats.p50[j])}`);
    expect(diff).not.toMatch(/\d,\d{3}/);
  });

  it('sensitivity: the swing of each input in 万', () => {
    // 20 runs of one input: the lowest tenth (runs 0–1) at 600万 persons, the highest (runs 18–19) at 612.5万.
    const x = Float64Array.from({ length: 20 }, (_, r) => r / 20);
    const y = Float64Array.from({ length: 20 }, (_, r) => (r < 2 ? 6_000_000 : r >= 18 ? 6_125_000 : 6_050_000));
    const nan = () => Float64Array.of(NaN);
    const r = {
      scenario: { name: 'x', monteCarlo: { sampler: 'lhs' }, settlementMode: 'plain' },
      metric: 'registered_pop', year: 2020, seed: 1, runs: 20, designRuns: 60, bootstrap: 100, level: 0.95,
      parameters: ['migrant_settle_rate'], prcc: nan(), prccLower: nan(), prccUpper: nan(), first: nan(), firstLower: nan(), firstUpper: nan(),
      total: nan(), totalLower: nan(), totalUpper: nan(), excessLower: nan(), excessUpper: nan(),
      mean: 6_050_000, sd: 30_000, levers: [], swing: [inputSwing('migrant_settle_rate', x, 1, 0, y)], elapsedMs: 0,
    } as unknown as SensitivityResult;
    const line = sensitivityTable(r).split('\n').find((l) => l.startsWith('migrant_settle_rate') && l.includes('tenth') === false && l.includes('万'))!;
    expect(line).toMatch(/: 600\.0万 +.*: 612\.5万 +\+12\.5万$/);
  });
});
