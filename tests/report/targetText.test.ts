import { summarize } from '../../src/analysis/summarize.ts';
import { describe, expect, it } from 'vitest';
import type { TargetResult } from '../../src/analysis/targetProbabilities.ts';
import { reachabilityMarkdown } from '../../src/batch/reachability.ts';
import { resultTable } from '../../src/cli/resultTable.ts';
import { METRIC_COUNT } from '../../src/model/indicators.ts';
import type { MonteCarloResult } from '../../src/montecarlo/runMonteCarlo.ts';
import { targetLine, targetName, targetValueText } from '../../src/report/labels.ts';

const result = (over: Partial<TargetResult>): TargetResult => ({
  id: '1', metric: 'school_shortage', year: 2020, op: '<=', value: 0, met: 40, runs: 100, probability: 0.4, lower: 0.3, upper: 0.5, ...over,
});

describe('target text', () => {
  it('writes a zero count target as 0, not 0万, and the comparison as ≤ / ≥', () => {
    // A fresh user saw `school_shortage <= 0万`: the raw op, and 0 divided into 万.
    expect(targetValueText('school_shortage', 0)).toBe('0');
    expect(targetValueText('migrant_pop', 1_500_000)).toBe('150万');
    expect(targetValueText('resident_pop', 13_000_000)).toBe('1300万');
    expect(targetValueText('settled', 9_999)).toBe('9999');
    expect(targetValueText('registered_rate', 0.725)).toBe('72.5%');
    expect(targetValueText('resident_rate', 0.67)).toBe('67.0%');
    // Danzhou's plan: 48.54 % by 2017 (scenarios/pilots/danzhou.yaml). One decimal read 48.5 %, below the plan's target,
    // which a run at 48.52 % seemed to meet; a mistyped 0.65 % read 0.7 %.
    expect(targetValueText('registered_rate', 0.4854)).toBe('48.54%');
    expect(targetValueText('resident_rate', 0.0065)).toBe('0.65%');
    expect(targetLine({ metric: 'registered_rate', op: '>=', value: 0.4854, year: 2017 })).toBe('registered_rate ≥ 48.54% in 2017');
    expect(targetLine({ metric: 'school_shortage', op: '<=', value: 0, year: 2020 })).toBe('school_shortage ≤ 0 in 2020');
    expect(targetName('zh', { metric: 'migrant_pop', op: '<=', value: 1_500_000, year: 2030 })).toMatch(/≤ 150万$/);
  });

  it('is the same in the run table and the reachability report', () => {
    const r = {
      scenario: { name: 'x', targets: [{ metric: 'school_shortage', year: 2014, op: '<=', value: 0 }], monteCarlo: { seed: 1 }, parameters: {}, variables: {} },
      years: Int32Array.of(2013, 2014),
      runStart: 0,
      runEnd: 1,
      rows: new Float64Array(2 * METRIC_COUNT),
      sampledNames: [],
      sampled: new Float64Array(0),
      elapsedMs: 0,
    } as unknown as MonteCarloResult;
    const table = resultTable(r, summarize(r.rows, r.years), [result({ year: 2014 })]);
    expect(table).toContain('school_shortage ≤ 0 in 2014');
    expect(table).not.toMatch(/<=|0万/);
    // The interval beside P is said to be the runs' sampling error, not the answer's uncertainty (1 run here).
    expect(table.split('\n').at(-1)).toBe("(P(met): share of the 1 run meeting the target; 95% Wilson interval: Monte Carlo error given the model, not the model's error)");
    expect(table.split('\n')[0]).toBe('x: 1 run, seed 1');
    // Counts of runs with the thousands separator calibrate's table has ('share of the 1,000 runs').
    const many = { ...r, runEnd: 1000, rows: new Float64Array(1000 * 2 * METRIC_COUNT).fill(0.5).map((v, i) => (i % 7 === 0 ? 0.4 : v)) };
    const manyTable = resultTable(many, summarize(many.rows, many.years), [result({ year: 2014, met: 400, runs: 1000, probability: 0.4, lower: 0.37, upper: 0.43 })]).split('\n');
    expect(manyTable[0]).toBe('x: 1,000 runs, seed 1');
    expect(manyTable.at(-1)).toBe("(P(met): share of the 1,000 runs meeting the target; 95% Wilson interval: Monte Carlo error given the model, not the model's error)");
    const shard = { ...many, scenario: { ...r.scenario, monteCarlo: { seed: 1, runs: 4000 } }, runStart: 1000, runEnd: 2000 } as unknown as MonteCarloResult;
    expect(resultTable(shard, summarize(shard.rows, shard.years), [], { index: 2, count: 4 }).split('\n')[0]).toBe('x: 1,000 runs, shard 2/4: runs 1,000–1,999 of 4,000, seed 1');
    // Shard 1 of 20 of 10 runs: ⌊0·10/20⌋ … ⌊1·10/20⌋ = runs 0 to 0, none (it said "runs 0–-1 of 10").
    const empty = { ...r, scenario: { ...r.scenario, monteCarlo: { seed: 1, runs: 10 } }, runStart: 0, runEnd: 0, rows: new Float64Array(0) } as unknown as MonteCarloResult;
    expect(resultTable(empty, summarize(empty.rows, empty.years), [], { index: 1, count: 20 }).split('\n')[0]).toBe('x: 0 runs, shard 1/20: none of the 10 (more shards than runs), seed 1');
    // Every run the same (two runs of a scenario that draws nothing): P is 0 or 100 % with no Monte Carlo error, said so, no interval.
    const two = { ...r, runEnd: 2, rows: new Float64Array(2 * 2 * METRIC_COUNT) };
    const same = resultTable(two, summarize(two.rows, two.years), [result({ year: 2014, met: 2, runs: 2, probability: 1, lower: 0.342, upper: 1 })]);
    expect(same).toContain('target                                   P(met)\n');
    expect(same).not.toContain('34.2%');
    expect(same.split('\n').at(-1)).toMatch(/^\(P\(met\): every one of the 2 runs is the same projection .* deterministic, no Monte Carlo error/);
    // Runs that differ keep the interval.
    const differ = { ...two, rows: Float64Array.from(two.rows, (_, i) => (i >= 2 * METRIC_COUNT ? 1 : 0)) };
    expect(resultTable(differ, summarize(differ.rows, differ.years), [result({ year: 2014, met: 1, runs: 2, probability: 0.5, lower: 0.095, upper: 0.905 })])).toContain('9.5%–90.5%');
    // One run in 100 that differs: p5 and p95 are those of the 99 others (all 0), yet the runs are not all the same.
    // Wilson 95 % for 1 of 100 by hand: (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n), z 1.96: 0.18 %–5.45 %.
    const hundred = { ...r, runEnd: 100, rows: Float64Array.from({ length: 100 * 2 * METRIC_COUNT }, (_, i) => (i < 2 * METRIC_COUNT ? 1 : 0)) };
    const oneOff = resultTable(hundred, summarize(hundred.rows, hundred.years), [result({ year: 2014, met: 1, runs: 100, probability: 0.01, lower: 0.0018, upper: 0.0545 })]);
    expect(oneOff).toContain('0.2%–5.5%');
    expect(oneOff).not.toContain('deterministic');
    // Some runs NaN where the others have a value (one run ends unlimited): not the same either.
    const partNaN = { ...two, rows: Float64Array.from(two.rows, (_, i) => (i === 2 * METRIC_COUNT ? Infinity : 0)) };
    expect(resultTable(partNaN, summarize(partNaN.rows, partNaN.years), [result({ year: 2014, met: 1, runs: 2, probability: 0.5, lower: 0.095, upper: 0.905 })])).toContain('9.5%–90.5%');
    // A target line longer than 40 characters (Zhengzhou's) widens the label column: P(met) stays one column.
    const long = { ...differ, scenario: { ...r.scenario, targets: [{ metric: 'migrant_children_public_share', year: 2014, op: '>=', value: 0.6 }] } } as unknown as MonteCarloResult;
    const wide = resultTable(long, summarize(long.rows, long.years), [
      result({ metric: 'migrant_children_public_share', year: 2014, op: '>=', value: 0.6, met: 1, runs: 2, probability: 0.5, lower: 0.095, upper: 0.905 }),
      result({ id: 'all', met: 1, runs: 2, probability: 0.5, lower: 0.095, upper: 0.905 }),
    ]).split('\n');
    const at = wide.indexOf('target' + ' '.repeat(40) + 'P(met)   95% interval');
    expect(at).toBeGreaterThan(0);
    expect(wide.slice(at + 1, at + 3)).toEqual([
      'migrant_children_public_share ≥ 60.0% in 2014  50.0%   9.5%–90.5%',
      'all targets jointly' + ' '.repeat(27) + ' 50.0%   9.5%–90.5%',
    ]);
    const md = reachabilityMarkdown([{ scenario: 'x', baseYear: 2013, targets: [result({ metric: 'resident_pop', value: 13_000_000 })], medians: [], modelSettle: { local: NaN, nonlocal: NaN } }], 100);
    expect(md).toContain('resident_pop ≤ 1300万 2020: **40.0%**');
    // A registered-rate cell of the table: the plan's 48.54 % as the run table writes it, not 48.5 %.
    const danzhou = reachabilityMarkdown([{ scenario: 'x', baseYear: 2013, targets: [result({ metric: 'registered_rate', op: '>=', year: 2017, value: 0.4854 })], medians: [], modelSettle: { local: NaN, nonlocal: NaN } }], 100);
    expect(danzhou).toContain('| 48.54%: **40.0%** |');
  });
});
