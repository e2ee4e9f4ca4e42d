import fc from 'fast-check';
import { mean, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { emptySummary, summarizeCell } from '../../src/analysis/summarize.ts';
import { valuesAtRanks } from '../../src/analysis/valuesAtRanks.ts';

/** Ranks 0..n−1 picked by `picks`, ascending, as valuesAtRanks takes them. */
const ranksOf = (picks: number[], n: number) => Int32Array.from(picks, (p) => p % n).sort();

describe('valuesAtRanks', () => {
  // Long arrays (above the 512 that quickselect takes alone) with what makes buckets go wrong: ties, a far outlier
  // that crowds everything into one bucket, a range too wide to subtract (±1e308), subnormals, −0 beside +0.
  const narrow = fc.oneof(fc.double({ min: 0.68, max: 0.72, noNaN: true }), fc.constantFrom(0.7, 0.7, 0.69));
  const special = fc.constantFrom(0, -0, 1, 2, 5e-324, -5e-324, 1e12, -1e308, 1e308);
  const values = fc.oneof(
    fc.array(narrow, { minLength: 1, maxLength: 6000, size: 'max' }),
    fc.array(fc.oneof({ arbitrary: narrow, weight: 50 }, { arbitrary: special, weight: 1 }), { minLength: 1, maxLength: 6000, size: 'max' }),
    fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), special), { minLength: 1, maxLength: 3000, size: 'max' }),
  );
  it('gives at each rank the value a sort puts there', () => {
    fc.assert(
      fc.property(values, fc.array(fc.nat(), { minLength: 1, maxLength: 14 }), (xs, picks) => {
        const sorted = Float64Array.from(xs).sort();
        const ranks = ranksOf(picks, xs.length);
        const out = new Float64Array(ranks.length);
        valuesAtRanks(Float64Array.from(xs), sorted[0], sorted[xs.length - 1], ranks, out);
        return [...ranks].every((k, i) => out[i] === sorted[k]); // === : −0 and +0 may trade places
      }),
      { numRuns: 100, endOnFailure: true } // shrinking 6,000 values takes minutes,
    );
  });

  it('finds the ranks among 100,000 values crowded near one end by a far outlier', () => {
    const xs = Float64Array.from({ length: 100_000 }, (_, i) => 0.7 + ((i * 7919) % 100_003) * 1e-9);
    xs[500] = 1e12;
    const sorted = Float64Array.from(xs).sort();
    const ranks = Int32Array.of(0, 4999, 5000, 49_999, 50_000, 94_999, 99_999);
    const out = new Float64Array(ranks.length);
    valuesAtRanks(xs, sorted[0], 1e12, ranks, out);
    expect([...out]).toEqual([...ranks].map((k) => sorted[k]));
  });
});

describe('summarizeCell', () => {
  it('gives simple-statistics sd and type-7 quantiles of the finite values, to the bit', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(NaN, Infinity, 3)), { minLength: 1, maxLength: 3000, size: 'max' }), (xs) => {
        const finite = xs.filter(Number.isFinite);
        const s = emptySummary(Int32Array.of(2020));
        summarizeCell(Float64Array.from(xs), s, 0);
        const sorted = [...finite].sort((a, b) => a - b);
        expect(s.n[0]).toBe(finite.length);
        expect(s.unlimited[0]).toBe(xs.filter((x) => x === Infinity).length);
        if (finite.length >= 2 && sorted[0] !== sorted[sorted.length - 1]) expect(s.stats.sd[0]).toBe(sampleStandardDeviation(finite));
        if (finite.length > 0 && sorted[0] !== sorted[sorted.length - 1]) expect(s.stats.mean[0]).toBe(mean(finite));
        if (finite.length > 0)
          for (const [stat, p] of [['p5', 0.05], ['p25', 0.25], ['p50', 0.5], ['p95', 0.95]] as const) expect(s.stats[stat][0], stat).toBe(quantileSorted(sorted, p));
      }),
      { numRuns: 100, endOnFailure: true },
    );
  });

  it('gives simple-statistics\' mean to the bit where magnitudes differ by many orders (its Kahan–Babuška correction both ways)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.double({ min: -1e-3, max: 1e-3, noNaN: true }), fc.constant(NaN)), { minLength: 2, maxLength: 500 }), (xs) => {
        const finite = xs.filter(Number.isFinite);
        fc.pre(finite.length > 0 && Math.min(...finite) !== Math.max(...finite));
        const s = emptySummary(Int32Array.of(2020));
        summarizeCell(Float64Array.from(xs), s, 0);
        expect(s.stats.mean[0]).toBe(mean(finite));
      }),
      { numRuns: 200, endOnFailure: true },
    );
  });
});
