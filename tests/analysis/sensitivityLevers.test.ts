import { describe, expect, it } from 'vitest';
import { type SensitivityResult, inputSwing, sensitivity } from '../../src/analysis/sensitivity.ts';
import { sensitivityPrecision } from '../../src/analysis/sensitivityPrecision.ts';
import { sensitivityTable } from '../../src/analysis/sensitivityTable.ts';
import { sensitivityToPrecision } from '../../src/analysis/sensitivityToPrecision.ts';
import { withLeverRanges } from '../../src/analysis/withLeverRanges.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

// The known case of sensitivity.test.ts — in_migrants in the first year is base + extra — with extra a fixed
// policy value (10,000) that the analysis ranks over 0–20,000: the same uniform as an uncertain input would be,
// so the indices are known, S = ST = 100/101 for base and 1/101 for the lever.
const scenario = dalianResolved({
  end: 2014,
  seed: 11,
  shocks: {},
  variables: {
    base: { kind: 'dist', spec: { dist: 'uniform', min: 100_000, max: 300_000 } },
    extra: { kind: 'number', value: 10_000 },
  },
  parameters: {
    inflow: { kind: 'expr', text: 'base + extra', symbols: ['base', 'extra'] },
    migrant_settle_rate: { kind: 'number', value: 0.05 },
  },
});

describe('policy levers in a sensitivity analysis', () => {
  it('ranks a fixed lever over the range given with the uncertain inputs, with its known index', async () => {
    const levers = [{ lever: 'extra', lo: 0, hi: 20_000 }];
    const s = withLeverRanges(scenario, levers);
    expect(s.variables.extra).toEqual({ kind: 'dist', spec: { dist: 'uniform', min: 0, max: 20_000 } });
    const r = await sensitivity(s, { metric: 'in_migrants', year: 2014, runs: 512, bootstrap: 100, levers });
    expect(r.parameters).toEqual(['base', 'extra']);
    expect(Math.abs(r.total[1] - 1 / 101)).toBeLessThan(0.002);
    expect(Math.abs(r.first[0] - 100 / 101)).toBeLessThan(0.002);
    expect(r.levers).toEqual(levers);
    const table = sensitivityTable(r);
    expect(table).toMatch(/^2 +extra \(lever 0–20000\) /m);
    // the lever's swing: the runs in its top tenth of draws against its bottom tenth
    const w = r.swing.find((x) => x.parameter === 'extra')!;
    expect(w.low.min).toBeGreaterThanOrEqual(0);
    expect(w.low.max).toBeLessThan(w.high.min);
    expect(w.high.max).toBeLessThanOrEqual(20_000);
    // base: its lowest tenth lies in 100k–120k, its highest in 280k–300k, so in_migrants differs by about 180k (± the other input's noise)
    const b = r.swing.find((x) => x.parameter === 'base')!;
    expect(b.high.metric - b.low.metric).toBeGreaterThan(160_000);
    expect(b.high.metric - b.low.metric).toBeLessThan(200_000);
  });

  it('refuses a range outside the lever\'s bounds, an unknown lever and a lever named twice', () => {
    expect(() => withLeverRanges(scenario, [{ lever: 'migrant_settle_rate', lo: 0, hi: 1.5 }])).toThrow('leaves its bounds');
    expect(() => withLeverRanges(scenario, [{ lever: 'points_cutof', lo: 100, hi: 160 }])).toThrow('did you mean `points_cutoff`');
    expect(() => withLeverRanges(scenario, [{ lever: 'extra', lo: 0, hi: 1 }, { lever: 'extra', lo: 0, hi: 2 }])).toThrow('named twice');
  });
});

describe('inputSwing', () => {
  it('takes the runs in the input\'s lowest and highest tenth and the metric\'s mean in each', () => {
    // 20 runs, one input: x = 19, 18, …, 0 and y = 2x, except run 5 (x = 14) whose metric is NaN and is left out.
    const k = 1;
    const x = Float64Array.from({ length: 20 }, (_, r) => 19 - r);
    const y = Float64Array.from(x, (v) => 2 * v);
    y[5] = NaN;
    const w = inputSwing('x', x, k, 0, y);
    // 19 finite runs: a tenth is 1 run — x = 0 at the bottom, x = 19 at the top
    expect(w.low).toEqual({ min: 0, max: 0, metric: 0, runs: 1 });
    expect(w.high).toEqual({ min: 19, max: 19, metric: 38, runs: 1 });
  });
});

/** A result with given indices and intervals (and of first − total, for the inputs named in `excess`), nothing else. */
function fake(runs: number, rows: [string, number, number, number, number, number, number][], excess: Record<string, [number, number]> = {}): SensitivityResult {
  const col = (j: number) => Float64Array.from(rows, (r) => r[j] as number);
  return {
    parameters: rows.map((r) => r[0]), runs, first: col(1), firstLower: col(2), firstUpper: col(3), total: col(4), totalLower: col(5), totalUpper: col(6),
    excessLower: Float64Array.from(rows, (r) => excess[r[0]]?.[0] ?? NaN), excessUpper: Float64Array.from(rows, (r) => excess[r[0]]?.[1] ?? NaN),
    prcc: new Float64Array(rows.length).fill(NaN), prccLower: new Float64Array(rows.length), prccUpper: new Float64Array(rows.length),
  } as unknown as SensitivityResult;
}

describe('sensitivityPrecision', () => {
  it('flags a first-order estimate above its total, the widest interval, the rows needed and what the ranking can tell apart', () => {
    // The case at 500 base rows: inflow's first-order 0.13 above its total 0.07.
    const r = fake(500, [
      ['a', 0.5, 0.45, 0.55, 0.52, 0.48, 0.56],
      ['b', 0.2, 0.12, 0.26, 0.27, 0.24, 0.3],
      ['inflow', 0.13, 0.04, 0.22, 0.07, 0.05, 0.09],
      ['c', 0.0, -0.07, 0.06, 0.06, 0.05, 0.08],
    ]);
    const p = sensitivityPrecision(r, 0.05);
    expect(p.firstAboveTotal).toEqual([{ parameter: 'inflow', first: 0.13, total: 0.07, lower: NaN, upper: NaN, beyondError: false }]);
    // widest: inflow's first-order, (0.22 − 0.04) / 2 = 0.09; rows ∝ (0.09 / 0.05)²: 500 · 3.24 = 1620
    expect(p.halfWidth).toBeCloseTo(0.09, 12);
    expect(p.neededRuns).toBe(1620);
    expect(p.enough).toBe(false);
    // totals a 0.52 [0.48, 0.56], b 0.27 [0.24, 0.30], inflow 0.07 [0.05, 0.09] and c 0.06 [0.05, 0.08]: the last two overlap
    expect(p.groups).toEqual([[0], [1], [2, 3]]);
    // a chain of overlaps does not lump the first with the last: d reaches e, e reaches f, but f lies below d's interval
    const chain = sensitivityPrecision(fake(500, [['d', 0.4, 0.3, 0.5, 0.4, 0.3, 0.5], ['e', 0.3, 0.2, 0.35, 0.28, 0.21, 0.35], ['f', 0.2, 0.1, 0.25, 0.18, 0.1, 0.25]]));
    expect(chain.groups).toEqual([[0, 1], [2]]);
  });

  it('tells an excess of first-order over total within the bootstrap\'s error from one beyond it, and asks for more rows for the latter', () => {
    const rows: [string, number, number, number, number, number, number][] = [['a', 0.5, 0.47, 0.53, 0.52, 0.5, 0.54], ['b', 0.3, 0.27, 0.33, 0.26, 0.25, 0.27]];
    // b: 0.30 > 0.26, every interval ±0.03 at most (enough for ±0.05) — but is the excess noise?
    const noise = sensitivityPrecision(fake(1000, rows, { b: [-0.01, 0.09] }));
    expect(noise.firstAboveTotal.map((x) => x.beyondError)).toEqual([false]);
    expect(noise.enough).toBe(true);
    expect(noise.neededRuns).toBe(1000);
    const beyond = sensitivityPrecision(fake(1000, rows, { b: [0.01, 0.07] }));
    expect(beyond.firstAboveTotal).toEqual([{ parameter: 'b', first: 0.3, total: 0.26, lower: 0.01, upper: 0.07, beyondError: true }]);
    expect(beyond.enough).toBe(false);
    expect(beyond.neededRuns).toBe(2000);
  });

  it('prints shared ranks and the warnings', () => {
    const r = { ...fake(500, [['a', 0.5, 0.45, 0.55, 0.52, 0.48, 0.56], ['inflow', 0.13, 0.04, 0.22, 0.07, 0.05, 0.09], ['c', 0.0, -0.07, 0.06, 0.06, 0.05, 0.08]], { inflow: [-0.03, 0.15] }), ...{
      scenario: dalianResolved(), metric: 'registered_rate', year: 2020, seed: 1, designRuns: 2500, bootstrap: 200, level: 0.95, mean: 0.66, sd: 0.01, levers: [], swing: [],
    } } as SensitivityResult;
    const t = sensitivityTable(r);
    expect(t).toMatch(/^1 +a /m);
    expect(t).toMatch(/^2–3 +inflow /m);
    expect(t).toMatch(/^2–3 +c /m);
    expect(t).toContain('warning: first-order above total for inflow (0.13 > 0.07; first − total +0.06 [−0.03, +0.15]), which the indices themselves never are: sampling error within the bootstrap intervals (up to ±0.09 at 500 base rows)');
    expect(t).toContain("Sobol' intervals up to ±0.09 at 500 base rows, wider than ±0.05");
    expect(t).toContain('about 1,620 base rows would do');
    const beyond = sensitivityTable({ ...r, excessLower: Float64Array.of(NaN, 0.02, NaN), excessUpper: Float64Array.of(NaN, 0.1, NaN) });
    expect(beyond).toContain(
      'warning: first-order above total beyond the bootstrap\'s error for inflow (0.13 > 0.07; first − total +0.06 [+0.02, +0.10]): the true indices never are, and the 95% interval of the excess excludes 0',
    );
    expect(beyond).not.toContain('sampling error within');
  });
});

describe('sensitivityToPrecision', () => {
  it('adds base rows until the intervals are as narrow as asked', async () => {
    const s = withLeverRanges(scenario, [{ lever: 'extra', lo: 0, hi: 20_000 }]);
    const passes: number[] = [];
    const { result, precision } = await sensitivityToPrecision(s, { metric: 'in_migrants', year: 2014, bootstrap: 100, precision: 0.05, startRuns: 40, maxRuns: 2000, onPass: (n) => passes.push(n) });
    expect(passes[0]).toBe(40);
    expect(passes.length).toBeGreaterThan(1);
    // each pass at least doubles, up to the most allowed
    for (let i = 1; i < passes.length; i++) expect(passes[i]).toBeGreaterThanOrEqual(Math.min(2000, 2 * passes[i - 1]));
    expect(precision.enough).toBe(true);
    expect(precision.halfWidth).toBeLessThanOrEqual(0.05);
    expect(result.runs).toBe(passes.at(-1));
  });
});
