import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { M, METRIC_COUNT } from '../../src/model/indicators.ts';
import { pairedDifferences } from '../../src/analysis/pairedDifferences.ts';
import { probabilityName } from '../../src/analysis/probabilityName.ts';

const YEARS = Int32Array.of(2019, 2020);

/** Rows of `values.length` runs over 2019..2020, `metric` in 2020 set per run, everything else 0. */
function rows(metric: number, values: number[]): Float64Array {
  const out = new Float64Array(values.length * 2 * METRIC_COUNT);
  values.forEach((v, r) => {
    out[(r * 2 + 1) * METRIC_COUNT + metric] = v;
  });
  return out;
}

describe('pairedDifferences', () => {
  it('summarizes variant − base run by run (hand calculation)', () => {
    // Chosen so that variant − base = [−1, 0, 1, 2] run by run.
    const base = rows(M.registered_rate, [0.5, 0.6, 0.7, 0.8]);
    const variant = rows(M.registered_rate, [-0.5, 0.6, 1.7, 2.8]);
    const d = pairedDifferences(base, variant, YEARS);
    const cell = 1 * METRIC_COUNT + M.registered_rate;
    expect(d.year[cell]).toBe(2020);
    expect(d.metric[cell]).toBe('registered_rate');
    expect(d.stats.n[cell]).toBe(4);
    expect(d.stats.mean[cell]).toBeCloseTo(0.5, 12);
    // Deviations ±1.5, ±0.5: sum of squares 5, sample variance 5/3.
    expect(d.stats.sd[cell]).toBeCloseTo(Math.sqrt(5 / 3), 12);
    // Two wins, one tie (half), one loss: 2.5 / 4.
    expect(d.stats.pBeats[cell]).toBe(0.625);
    // Type 7 on [−1, 0, 1, 2]: p25 at position 0.75 → −0.25; p50 at 1.5 → 0.5; p90 at 2.7 → 1.7; p5 at 0.15 → −0.85.
    expect(d.stats.p25[cell]).toBeCloseTo(-0.25, 12);
    expect(d.stats.p50[cell]).toBeCloseTo(0.5, 12);
    expect(d.stats.p90[cell]).toBeCloseTo(1.7, 12);
    expect(d.stats.p5[cell]).toBeCloseTo(-0.85, 12);
    // An untouched metric differs by exactly 0 in every run: a tie everywhere.
    const other = 1 * METRIC_COUNT + M.resident_rate;
    expect(d.stats.mean[other]).toBe(0);
    expect(d.stats.pBeats[other]).toBe(0.5);
  });

  it('skips runs with a NaN on either side and gives NaN cells with n = 0', () => {
    const base = rows(M.births, [1, NaN, 3, 4]);
    const variant = rows(M.births, [2, 5, NaN, 10]);
    // Base-year flows are NaN in every run.
    for (let r = 0; r < 4; r++) {
      base[(r * 2) * METRIC_COUNT + M.births] = NaN;
      variant[(r * 2) * METRIC_COUNT + M.births] = NaN;
    }
    const d = pairedDifferences(base, variant, YEARS);
    const cell = METRIC_COUNT + M.births;
    expect(d.stats.n[cell]).toBe(2); // runs 0 and 3: differences 1 and 6
    expect(d.stats.mean[cell]).toBeCloseTo(3.5, 12);
    expect(d.stats.pBeats[cell]).toBe(1);
    expect(d.stats.n[M.births]).toBe(0);
    expect(d.stats.mean[M.births]).toBeNaN();
    expect(d.stats.p50[M.births]).toBeNaN();
  });

  it('takes custom quantile levels and names them by percentage', () => {
    const d = pairedDifferences(rows(M.births, [0, 0, 0]), rows(M.births, [1, 2, 3]), YEARS, { probs: [0.025, 0.975] });
    const cell = METRIC_COUNT + M.births;
    expect(Object.keys(d.stats).sort()).toEqual(['mean', 'n', 'p2.5', 'p97.5', 'pBeats', 'sd']);
    expect(probabilityName(0.05)).toBe('p5');
    // Type 7 on [1, 2, 3]: p2.5 at position 0.05 → 1.05.
    expect(d.stats['p2.5'][cell]).toBeCloseTo(1.05, 12);
    expect(d.stats['p97.5'][cell]).toBeCloseTo(2.95, 12);
  });

  it('is antisymmetric: swapping base and variant negates the distribution (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true })), { minLength: 1, maxLength: 30 }),
        (pairs) => {
          const a = rows(M.resident_rate, pairs.map((p) => p[0]));
          const b = rows(M.resident_rate, pairs.map((p) => p[1]));
          const ab = pairedDifferences(a, b, YEARS);
          const ba = pairedDifferences(b, a, YEARS);
          const cell = METRIC_COUNT + M.resident_rate;
          expect(ba.stats.mean[cell]).toBeCloseTo(-ab.stats.mean[cell], 9);
          expect(ba.stats.p5[cell]).toBeCloseTo(-ab.stats.p95[cell], 9);
          expect(ba.stats.p50[cell]).toBeCloseTo(-ab.stats.p50[cell], 9);
          expect(ba.stats.pBeats[cell]).toBeCloseTo(1 - ab.stats.pBeats[cell], 12);
          // One pair has no spread to estimate: the sd is NaN (written as null), both ways.
          if (pairs.length === 1) expect([ab.stats.sd[cell], ba.stats.sd[cell]]).toEqual([NaN, NaN]);
          else expect(ba.stats.sd[cell]).toBeCloseTo(ab.stats.sd[cell], 9);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects rows that are not the same runs', () => {
    expect(() => pairedDifferences(new Float64Array(2 * METRIC_COUNT), new Float64Array(4 * METRIC_COUNT), YEARS)).toThrow(RangeError);
    expect(() => pairedDifferences(new Float64Array(3), new Float64Array(3), YEARS)).toThrow(RangeError);
  });
});
