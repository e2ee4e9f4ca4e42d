import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Calibration } from '../../src/analysis/calibrate.ts';
import { calibratedTargets, weighedTargets, weightedProportion } from '../../src/analysis/calibratedTargets.ts';
import { calibratedTargetsTable } from '../../src/cli/calibrationTable.ts';
import { M, METRIC_COUNT } from '../../src/model/indicators.ts';
import type { TargetSpec } from '../../src/scenario/resolved.ts';

/** The 97.5 % normal quantile. */
const Z = 1.959963984540054;

/**
 * Wilson's score interval for a share p of n (possibly fractional) runs, written out:
 * (p + z²/2n ± z·√(p(1 − p)/n + z²/4n²)) / (1 + z²/n).
 */
function wilsonByHand(p: number, n: number): [number, number] {
  const centre = (p + (Z * Z) / (2 * n)) / (1 + (Z * Z) / n);
  const half = (Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n))) / (1 + (Z * Z) / n);
  return [centre - half, centre + half];
}

describe('weightedProportion: the weighted share and its interval on the effective runs', () => {
  it('weights that differ: p = Σw·met / Σw, Wilson on Kish\'s (Σw)²/Σw² when the target\'s own is larger', () => {
    // met 1 0 1 0 0, weights 3 1 2 1 1: Σw = 8, met weight 5 → p = 5/8 (the plain share would be 2/5).
    // Σw² = 9 + 1 + 4 + 1 + 1 = 16 → Kish 64 / 16 = 4.
    // Σw²(x − p)² = (9 + 4)·(3/8)² + (1 + 1 + 1)·(5/8)² = 117/64 + 75/64 = 3 → own = (5/8)(3/8)·64 / 3 = 5 > 4.
    const r = weightedProportion([1, 0, 1, 0, 0], [3, 1, 2, 1, 1]);
    expect(r.probability).toBeCloseTo(0.625, 15);
    expect(r.kishRuns).toBeCloseTo(4, 12);
    expect(r.effectiveRuns).toBeCloseTo(4, 12);
    const [lo, hi] = wilsonByHand(0.625, 4);
    expect(r.lower).toBeCloseTo(lo, 12);
    expect(r.upper).toBeCloseTo(hi, 12);
    // By hand at n = 4: centre (0.625 + 0.48018) / 1.96036 = 0.56376, half 1.95996·√(0.05859 + 0.06002) / 1.96036 = 0.34434
    // → 0.2194 – 0.9081.
    expect(r.lower).toBeCloseTo(0.2194, 4);
    expect(r.upper).toBeCloseTo(0.9081, 4);
  });

  it('one heavy run meeting the target: the target\'s own effective runs, below Kish\'s, set the interval', () => {
    // met by run 0 only, weight 5 against twenty runs of weight 1: Σw = 25, p = 0.2.
    // Kish: 625 / (25 + 20) = 13.9. Own: Σw²(x − p)² = 25·0.64 + 20·0.04 = 16.8 → 0.2·0.8·625 / 16.8 = 125/21 = 5.95.
    const r = weightedProportion([1, ...Array(20).fill(0)], [5, ...Array(20).fill(1)]);
    expect(r.probability).toBeCloseTo(0.2, 15);
    expect(r.kishRuns).toBeCloseTo(625 / 45, 12);
    expect(r.effectiveRuns).toBeCloseTo(125 / 21, 12);
    const [lo, hi] = wilsonByHand(0.2, 125 / 21);
    expect(r.lower).toBeCloseTo(lo, 12);
    expect(r.upper).toBeCloseTo(hi, 12);
    // Wider than Kish's would make it.
    const [kLo, kHi] = wilsonByHand(0.2, 625 / 45);
    expect(r.upper - r.lower).toBeGreaterThan(kHi - kLo);
  });

  it('met in no run: p = 0, lower 0 exactly, upper z² / (n + z²) on Kish\'s n', () => {
    const r = weightedProportion([0, 0, 0, 0], [1, 2, 3, 4]);
    // Kish: 100 / 30.
    const n = 100 / 30;
    expect(r.probability).toBe(0);
    expect(r.effectiveRuns).toBeCloseTo(n, 12);
    expect(r.lower).toBe(0);
    expect(r.upper).toBeCloseTo((Z * Z) / (n + Z * Z), 12);
  });

  it('met in every run: p = 1, upper 1 exactly, lower n / (n + z²)', () => {
    const r = weightedProportion([1, 1, 1, 1], [1, 2, 3, 4]);
    const n = 100 / 30;
    expect(r.probability).toBe(1);
    expect(r.upper).toBe(1);
    expect(r.lower).toBeCloseTo(n / (n + Z * Z), 12);
  });

  it('a run whose weight is lost in the sum beside the others (1e-20 of the largest) does not make p = 1 rest on no run', () => {
    // Σw = 1 + 1e-20 = 1 = the met weight in floating point: p is 1, and the interval is Kish's, n = (Σw)²/Σw² = 1:
    // lower n / (n + z²). The target's own n, p(1 − p)·(Σw)² / Σwᵢ²(xᵢ − p)², would be 0 / 1e-40 = 0 runs.
    const r = weightedProportion([1, 0], [1, 1e-20]);
    expect(r.probability).toBe(1);
    expect(r.effectiveRuns).toBe(1);
    expect(r.lower).toBeCloseTo(1 / (1 + Z * Z), 12);
    expect(r.upper).toBe(1);
  });

  it('equal weights: the effective runs are exactly the runs, the interval the plain one of 1 of 3', () => {
    // The target's own n, p(1 − p)·9 / (4/9 + 2·1/9) with p = 1/3, is 3 in exact arithmetic and 2.9999999999999996 in
    // floating point: Kish's 3 stands.
    const r = weightedProportion([1, 0, 0], [2, 2, 2]);
    expect([r.effectiveRuns, r.kishRuns]).toEqual([3, 3]);
    const [lower, upper] = wilsonByHand(1 / 3, 3);
    expect(r.lower).toBeCloseTo(lower, 12);
    expect(r.upper).toBeCloseTo(upper, 12);
  });

  it('runs weighing 0 count for nothing; no weight at all gives no probability', () => {
    const r = weightedProportion([1, 0, 1], [1, 0, 1]);
    expect(r.probability).toBe(1);
    expect(r.kishRuns).toBe(2);
    expect(weightedProportion([1, 0], [0, 0])).toEqual({ probability: NaN, lower: 0, upper: 1, effectiveRuns: 0, kishRuns: 0 });
  });

  it('refuses weights that are not finite and ≥ 0, and lengths that differ', () => {
    expect(() => weightedProportion([1, 0], [1, -1])).toThrow(/weight 1: expected a finite number ≥ 0, found -1/);
    expect(() => weightedProportion([1, 0], [1, NaN])).toThrow(/found NaN/);
    expect(() => weightedProportion([1, 0], [1])).toThrow(/2 runs met or not, 1 weights/);
  });

  it('stays inside [0, 1] with lower ≤ p ≤ upper and effective runs ≤ Kish\'s ≤ runs; equal weights give the plain share (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.double({ min: 0, max: 1e3, noNaN: true })), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        (runs, c) => {
          const met = runs.map(([m]) => (m ? 1 : 0));
          const weights = runs.map(([, w]) => w);
          const r = weightedProportion(met, weights);
          const total = weights.reduce((a, b) => a + b, 0);
          if (total > 0) {
            expect(r.probability).toBeGreaterThanOrEqual(0);
            expect(r.probability).toBeLessThanOrEqual(1);
            expect(r.lower).toBeGreaterThanOrEqual(0);
            expect(r.upper).toBeLessThanOrEqual(1);
            expect(r.lower).toBeLessThanOrEqual(r.probability + 1e-12);
            expect(r.upper).toBeGreaterThanOrEqual(r.probability - 1e-12);
            expect(r.effectiveRuns).toBeLessThanOrEqual(r.kishRuns * (1 + 1e-12));
            expect(r.kishRuns).toBeLessThanOrEqual(runs.length * (1 + 1e-12));
          }
          // Every run weighing c: the share of runs met, k / n, and Wilson on n runs.
          const k = met.reduce<number>((a, b) => a + b, 0);
          const n = met.length;
          const equal = weightedProportion(met, Array(n).fill(c));
          expect(equal.probability).toBeCloseTo(k / n, 12);
          expect(equal.effectiveRuns).toBeCloseTo(n, 9);
          const [lo, hi] = wilsonByHand(k / n, n);
          expect(equal.lower).toBeCloseTo(k === 0 ? 0 : Math.max(0, lo), 9);
          expect(equal.upper).toBeCloseTo(k === n ? 1 : Math.min(1, hi), 9);
        },
      ),
      { numRuns: 300 },
    );
  });
});

const YEARS = Int32Array.of(2019, 2020);

/** Rows of runs over YEARS: the given metrics' 2020 values, everything else 0. */
function rowsOf(values: Partial<Record<keyof typeof M, number[]>>, runs: number): Float64Array {
  const rows = new Float64Array(runs * YEARS.length * METRIC_COUNT);
  for (const [metric, v] of Object.entries(values)) for (let r = 0; r < runs; r++) rows[(r * YEARS.length + 1) * METRIC_COUNT + M[metric as keyof typeof M]] = v![r];
  return rows;
}

const target = (metric: string, op: '>=' | '<=', value: number): TargetSpec => ({ id: `${metric}${op}${value}@2020`, metric, op, value, year: 2020 });

/** A calibration as far as calibratedTargets reads it: the runs, the scenario's targets and the fit's kept runs and weights. */
function fakeCalibration(rows: Float64Array, runs: number, targets: TargetSpec[], fit: { kernel: 'observation' | 'distance'; accepted: number[]; weights: number[] }): Calibration {
  return {
    // the laws and years the table's † and § read (none drawn here: no mark)
    scenario: { targets, parameters: {}, variables: {}, years: { start: 2013, end: 2020 } },
    fitted: [],
    result: { rows, years: YEARS, runStart: 0, runEnd: runs },
    fit: { kernel: fit.kernel, accepted: Int32Array.from(fit.accepted), weights: Float64Array.from(fit.weights) },
  } as unknown as Calibration;
}

describe('calibratedTargets: each target and all jointly, prior and weighed by the fit', () => {
  // Four runs in 2020: resident rate 70 60 75 50 %, registered rate 50 60 56 40 %.
  const rows = rowsOf({ resident_rate: [0.7, 0.6, 0.75, 0.5], registered_rate: [0.5, 0.6, 0.56, 0.4] }, 4);
  // ≥ 65 %: runs 0 and 2 meet it. ≤ 55 %: runs 0 and 3. Both: run 0 only.
  const targets = [target('resident_rate', '>=', 0.65), target('registered_rate', '<=', 0.55)];

  it('observation-error weights: run 2 weighs 1, run 0 one half, run 3 a quarter, run 1 (not kept) nothing', () => {
    const t = calibratedTargets(fakeCalibration(rows, 4, targets, { kernel: 'observation', accepted: [2, 0, 3], weights: [1, 0.5, 0.25] }));
    expect(t.map((x) => x.prior.id)).toEqual(['resident_rate>=0.65@2020', 'registered_rate<=0.55@2020', 'all']);
    // Prior: every run once.
    expect(t.map((x) => x.prior.probability)).toEqual([2 / 4, 2 / 4, 1 / 4]);
    // Σw = 1.75: ≥ target (1 + 0.5) / 1.75 = 6/7; ≤ target (0.5 + 0.25) / 1.75 = 3/7; both 0.5 / 1.75 = 2/7.
    expect(t[0].calibrated.probability).toBeCloseTo(6 / 7, 15);
    expect(t[1].calibrated.probability).toBeCloseTo(3 / 7, 15);
    expect(t[2].calibrated.probability).toBeCloseTo(2 / 7, 15);
    // Kish: 1.75² / (1 + 0.25 + 0.0625) = 3.0625 / 1.3125 = 7/3.
    for (const x of t) expect(x.calibrated.kishRuns).toBeCloseTo(7 / 3, 12);
    // ≥ target: Σw²(x − p)² = 1.25·(1/7)² + 0.0625·(6/7)² = (1.25 + 2.25)/49 = 1/14 → own = (6/7)(1/7)(3.0625)·14 = 5.25 > 7/3.
    const [lo, hi] = wilsonByHand(6 / 7, 7 / 3);
    expect(t[0].calibrated.effectiveRuns).toBeCloseTo(7 / 3, 12);
    expect(t[0].calibrated.lower).toBeCloseTo(lo, 12);
    expect(t[0].calibrated.upper).toBeCloseTo(hi, 12);
  });

  it('--accept: the accepted runs count equally, whatever the regression\'s kernel weights', () => {
    const t = calibratedTargets(fakeCalibration(rows, 4, targets, { kernel: 'distance', accepted: [2, 0, 3], weights: [1, 0.5, 0] }));
    expect(t.map((x) => x.calibrated.probability)).toEqual([2 / 3, 2 / 3, 1 / 3]);
    expect(t[0].calibrated.effectiveRuns).toBeCloseTo(3, 12);
  });

  it('a target met in no run and one met in every run: 0 and 1 exactly, before and after', () => {
    const edge = [target('resident_rate', '>=', 0.9), target('resident_rate', '<=', 0.99)];
    const t = calibratedTargets(fakeCalibration(rows, 4, edge, { kernel: 'observation', accepted: [2, 0, 3], weights: [1, 0.5, 0.25] }));
    expect(t.map((x) => x.prior.probability)).toEqual([0, 1, 0]);
    expect(t.map((x) => x.calibrated.probability)).toEqual([0, 1, 0]);
    expect(t[0].calibrated.lower).toBe(0);
    expect(t[1].calibrated.upper).toBe(1);
    expect(t[0].calibrated.upper).toBeCloseTo((Z * Z) / (7 / 3 + Z * Z), 12);
  });

  it('weighedTargets: the runs given by index with their weights, the others weighing 0; no targets, nothing; lengths must match', () => {
    // Runs 1 and 2 only, weights 3 and 1: the ≥ 65 % resident target is met by run 2 alone → 1/4; the ≤ 55 % registered
    // one by neither → 0; jointly 0. Kish: 4² / (9 + 1) = 1.6.
    const w = weighedTargets(rows, YEARS, targets, [1, 2], [3, 1]);
    expect(w.map((x) => x.probability)).toEqual([0.25, 0, 0]);
    expect(w[0].kishRuns).toBeCloseTo(1.6, 12);
    expect(weighedTargets(rows, YEARS, [], [0], [1])).toEqual([]);
    expect(() => weighedTargets(rows, YEARS, targets, [0, 1], [1])).toThrow('2 runs, 1 weights');
  });

  it('no targets: nothing, and no table', () => {
    const c = fakeCalibration(rows, 4, [], { kernel: 'observation', accepted: [0], weights: [1] });
    expect(calibratedTargets(c)).toEqual([]);
    expect(calibratedTargetsTable(c)).toBe('');
  });

  it('the table prints both, the effective runs and what the intervals measure', () => {
    const text = calibratedTargetsTable(fakeCalibration(rows, 4, targets, { kernel: 'observation', accepted: [2, 0, 3], weights: [1, 0.5, 0.25] }));
    // 6/7 = 85.7 %, Wilson on 7/3 runs; prior 2 of 4 = 50.0 %. On 2 effective runs (under 100) the calibrated P is
    // whole percent and the row says rough: 86 %, 3/7 = 43 %, 2/7 = 29 %.
    expect(text).toMatch(/resident_rate ≥ 65(\.0)?% in 2020\s+50\.0%\s+\S+\s+86%\s+\d+%–\d+%\s+2 \(rough\)\n/);
    expect(text).toMatch(/registered_rate ≤ 55(\.0)?% in 2020\s+50\.0%\s+\S+\s+43%/);
    expect(text).toMatch(/all targets jointly\s+25\.0%\s+\S+\s+29%/);
    expect(text).toMatch(/Monte Carlo error given the model, not the model's error; on fewer than 100 effective runs the calibrated P is rough and given in whole percent\)$/);
  });

  it('a target line longer than 40 characters widens the label column, the probabilities staying in theirs', () => {
    const long = [target('resident_rate', '>=', 0.65), { ...target('registered_rate', '<=', 0.55), metric: 'migrant_children_public_share' } as TargetSpec];
    const lines = calibratedTargetsTable(fakeCalibration(rows, 4, long, { kernel: 'observation', accepted: [2, 0, 3], weights: [1, 0.5, 0.25] })).split('\n');
    // 'migrant_children_public_share ≤ 55.0% in 2020' is 45 characters: the header's P(met) column starts at 46.
    expect(lines[0]).toBe('target' + ' '.repeat(40) + 'prior P(met)   95% interval   calibrated P(met)   95% interval   effective runs');
    // Each row: its label padded to 45, a space, the prior P right-aligned under 'prior P(met)' (columns 46–57).
    expect(lines[1].slice(0, 58)).toBe('resident_rate ≥ 65.0% in 2020' + ' '.repeat(16) + ' '.repeat(8) + '50.0%');
    expect(lines[2].slice(0, 46)).toBe('migrant_children_public_share ≤ 55.0% in 2020 ');
    expect(lines[2].slice(46, 58)).toMatch(/^ +\d+\.\d%$/);
    expect(lines[3].slice(0, 46)).toBe('all targets jointly' + ' '.repeat(27));
    expect(lines[3].slice(46, 58)).toMatch(/^ +\d+\.\d%$/);
  });

  it('equal weights over every run give the prior\'s probabilities (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (values, threshold, w) => {
          const n = values.length;
          const r = rowsOf({ resident_rate: values.map((v) => v[0]), registered_rate: values.map((v) => v[1]) }, n);
          const ts = [target('resident_rate', '>=', threshold), target('registered_rate', '<=', threshold)];
          const every = Array.from({ length: n }, (_, i) => n - 1 - i); // any order
          const t = calibratedTargets(fakeCalibration(r, n, ts, { kernel: 'observation', accepted: every, weights: Array(n).fill(w) }));
          // Independently: the share of runs meeting each target, and both.
          const a = values.map((v) => v[0] >= threshold);
          const b = values.map((v) => v[1] <= threshold);
          const share = (m: boolean[]) => m.filter(Boolean).length / n;
          const expected = [share(a), share(b), share(a.map((x, i) => x && b[i]))];
          t.forEach((x, i) => {
            expect(x.prior.probability).toBeCloseTo(expected[i], 12);
            expect(x.calibrated.probability).toBeCloseTo(expected[i], 12);
            expect(x.calibrated.lower).toBeCloseTo(x.prior.lower, 9);
            expect(x.calibrated.upper).toBeCloseTo(x.prior.upper, 9);
            expect(x.calibrated.probability).toBeGreaterThanOrEqual(0);
            expect(x.calibrated.probability).toBeLessThanOrEqual(1);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
