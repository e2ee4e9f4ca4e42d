import { describe, expect, it } from 'vitest';
import { compareTargets } from '../../src/analysis/compareTargets.ts';
import { compareYears } from '../../src/analysis/compareVariants.ts';
import { pairedProportionDifference } from '../../src/analysis/pairedProportionDifference.ts';
import { M, METRIC_COUNT } from '../../src/model/indicators.ts';
import type { MonteCarloResult } from '../../src/montecarlo/runMonteCarlo.ts';
import { stream } from '../../src/montecarlo/rng.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

const Z = 1.959963984540054;

/** Tango's score statistic, written out from its likelihood (Tango 1998): b, c the discordant runs. */
function tango(b: number, c: number, n: number, d: number): number {
  // restricted MLE of the reference-only share q: 2n q² + (−b − c + (2n − b + c) d) q − c d (1 − d) = 0
  const A = 2 * n;
  const B = -b - c + (2 * n - b + c) * d;
  const C = -c * d * (1 - d);
  const q = (-B + Math.sqrt(B * B - 4 * A * C)) / (2 * A);
  return (b - c - n * d) / Math.sqrt(n * (2 * q + d * (1 - d)));
}

describe('pairedProportionDifference (Tango 1998 score interval)', () => {
  it('ends where the score statistic written out reaches ±1.96: 40 runs meeting in both, 12 only in the variant, none only in the reference', () => {
    const d = pairedProportionDifference({ both: 40, onlyVariant: 12, onlyReference: 0, neither: 48 });
    expect(d.difference).toBeCloseTo(0.12, 12);
    expect(tango(12, 0, 100, d.lower)).toBeCloseTo(Z, 6);
    expect(tango(12, 0, 100, d.upper)).toBeCloseTo(-Z, 6);
    expect(d.lower).toBeGreaterThan(0.06);
    expect(d.upper).toBeLessThan(0.21);
  });

  it('with no discordant run: ±z²/(n + z²), the closed form of T(Δ) = ±z when b = c = 0', () => {
    for (const n of [20, 1000]) {
      const d = pairedProportionDifference({ both: n / 4, onlyVariant: 0, onlyReference: 0, neither: (3 * n) / 4 });
      expect(d.difference).toBe(0);
      expect(d.upper).toBeCloseTo((Z * Z) / (n + Z * Z), 9);
      expect(d.lower).toBeCloseTo(-(Z * Z) / (n + Z * Z), 9);
    }
  });

  it('is antisymmetric in the two variants and stays in [−1, 1]', () => {
    const a = pairedProportionDifference({ both: 3, onlyVariant: 9, onlyReference: 1, neither: 7 });
    const b = pairedProportionDifference({ both: 3, onlyVariant: 1, onlyReference: 9, neither: 7 });
    expect(b.difference).toBeCloseTo(-a.difference, 12);
    expect(b.lower).toBeCloseTo(-a.upper, 9);
    expect(b.upper).toBeCloseTo(-a.lower, 9);
    const all = pairedProportionDifference({ both: 0, onlyVariant: 20, onlyReference: 0, neither: 0 });
    expect([all.difference, all.upper]).toEqual([1, 1]);
    expect(all.lower).toBeGreaterThan(0.5);
  });

  it.each([
    ['common random numbers (the variant meets whenever the reference does)', 1],
    ['half the runs coupled, half independent', 0.5],
  ])('covers the true difference about 95 %% of the time: %s', (_, coupled) => {
    // Run r meets in the reference when u < 0.25 and in the variant when v < 0.30, v = u for coupled runs.
    const reps = 2000;
    const n = 200;
    const truth = 0.3 - 0.25;
    let covered = 0;
    for (let rep = 0; rep < reps; rep++) {
      const u = stream(7, rep, 'paired-difference');
      const c = { both: 0, onlyVariant: 0, onlyReference: 0, neither: 0 };
      for (let r = 0; r < n; r++) {
        const x = u();
        const y = u() < coupled ? x : u();
        const ref = x < 0.25;
        const variant = y < 0.3;
        if (ref && variant) c.both++;
        else if (variant) c.onlyVariant++;
        else if (ref) c.onlyReference++;
        else c.neither++;
      }
      const d = pairedProportionDifference(c);
      if (d.lower <= truth && truth <= d.upper) covered++;
    }
    expect(covered / reps).toBeGreaterThan(0.93);
    expect(covered / reps).toBeLessThan(0.975);
  });
});

/** A result whose registered rate in 2014 is given run by run (other metrics 0). */
function fake(name: string, rates: number[], targets = dalianResolved().targets): MonteCarloResult {
  const years = Int32Array.from([2013, 2014]);
  const rows = new Float64Array(rates.length * 2 * METRIC_COUNT);
  rates.forEach((v, r) => {
    rows[(r * 2 + 1) * METRIC_COUNT + M.registered_rate] = v;
    rows[(r * 2 + 1) * METRIC_COUNT + M.resident_rate] = 0.7;
  });
  return {
    scenario: { ...dalianResolved({ name }), targets },
    years, runStart: 0, runEnd: rates.length, rows, sampledNames: [], sampled: new Float64Array(0), elapsedMs: 0,
  } as MonteCarloResult;
}

describe('compareTargets', () => {
  const t1 = { id: 'registered_rate>=0.64@2014', metric: 'registered_rate', year: 2014, op: '>=' as const, value: 0.64 };
  const t2 = { id: 'resident_rate>=0.69@2014', metric: 'resident_rate', year: 2014, op: '>=' as const, value: 0.69 };
  it('counts, run by run, where each variant meets a target the other does not', () => {
    // reference meets t1 in runs 0, 1; the variant in runs 1, 2, 3 — one run only in the reference, two only in the variant
    const ref = fake('ref', [0.65, 0.66, 0.6, 0.6, 0.5], [t1]);
    const lever = fake('lever', [0.63, 0.7, 0.64, 0.65, 0.5], [t1, t2]);
    const rows = compareTargets([ref, lever]);
    // both targets of either file, then all jointly, for each variant
    expect(rows.map((r) => `${r.variant} ${r.id} ${r.met}`)).toEqual([
      'ref registered_rate>=0.64@2014 2', 'ref resident_rate>=0.69@2014 5', 'ref all 2',
      'lever registered_rate>=0.64@2014 3', 'lever resident_rate>=0.69@2014 5', 'lever all 3',
    ]);
    expect(rows[0].difference).toBeUndefined();
    const d = rows[3].difference!;
    expect([d.onlyVariant, d.onlyReference]).toEqual([2, 1]);
    expect(d.value).toBeCloseTo((3 - 2) / 5, 12);
    const expected = pairedProportionDifference({ both: 1, onlyVariant: 2, onlyReference: 1, neither: 1 });
    expect([d.lower, d.upper]).toEqual([expected.lower, expected.upper]);
    expect(rows[4].difference!.value).toBe(0);
  });

  it('has nothing to say when no variant has a target', () => {
    expect(compareTargets([fake('a', [0.6], []), fake('b', [0.7], [])])).toEqual([]);
  });
});

describe('compareYears', () => {
  it('every target year inside the projection and the last year', () => {
    const t = (year: number) => ({ id: `x@${year}`, metric: 'registered_rate', year, op: '>=' as const, value: 0.5 });
    expect(compareYears([{ years: { start: 2013, end: 2025 }, targets: [t(2020), t(2017)] }, { years: { start: 2013, end: 2025 }, targets: [t(2017), t(2013)] }])).toEqual([2017, 2020, 2025]);
  });
});
