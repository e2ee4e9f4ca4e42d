import { describe, expect, it } from 'vitest';
import { backtestScore } from '../../src/analysis/backtestScore.ts';

/** Row-major runs × points from one column of values per point. */
function predictive(columns: number[][]): Float64Array {
  const runs = columns[0].length;
  const m = columns.length;
  const out = new Float64Array(runs * m);
  columns.forEach((col, j) => col.forEach((v, r) => (out[r * m + j] = v)));
  return out;
}

const zeroToTen = Array.from({ length: 11 }, (_, r) => r);

describe('backtestScore', () => {
  it('scores hand-made samples (type-7 quantiles of 0..10 are p10 1, p25 2.5, p50 5, p75 7.5, p90 9)', () => {
    const s = backtestScore(
      predictive([zeroToTen, zeroToTen.map((v) => 100 + v), zeroToTen]),
      Float64Array.of(8, 105, 0.5),
      ['resident_rate@2018', 'resident_rate@2019', 'registered_rate@2019'],
    );
    expect([...s.median]).toEqual([5, 105, 5]);
    expect([...s.lower50]).toEqual([2.5, 102.5, 2.5]);
    expect([...s.upper50]).toEqual([7.5, 107.5, 7.5]);
    expect([...s.lower80]).toEqual([1, 101, 1]);
    expect([...s.upper80]).toEqual([9, 109, 9]);
    // 8: outside [2.5, 7.5], inside [1, 9]; 105: inside both; 0.5: below both.
    expect([...s.covered50]).toEqual([0, 1, 0]);
    expect([...s.covered80]).toEqual([1, 1, 0]);
    expect([...s.error]).toEqual([-3, 0, 4.5]);
    expect(s.relativeError[0]).toBeCloseTo(-3 / 8, 12);
    expect(s.relativeError[2]).toBeCloseTo(9, 12);
    expect(s.totals.points).toBe(3);
    expect(s.totals.meanAbsoluteError).toBeCloseTo((3 + 0 + 4.5) / 3, 12);
    expect(s.totals.meanAbsoluteRelativeError).toBeCloseTo((3 / 8 + 0 + 9) / 3, 12);
    expect(s.totals.coverage50).toBeCloseTo(1 / 3, 12);
    expect(s.totals.coverage80).toBeCloseTo(2 / 3, 12);
    expect(s.label[2]).toBe('registered_rate@2019');
  });

  it('counts an observation on an interval bound as covered', () => {
    const s = backtestScore(predictive([zeroToTen]), Float64Array.of(9), ['x']);
    expect(s.covered80[0]).toBe(1);
    expect(s.covered50[0]).toBe(0);
  });

  it('leaves out points without an observation and NaN predictions', () => {
    const withNaN = [...zeroToTen, NaN];
    const s = backtestScore(predictive([withNaN, withNaN]), Float64Array.of(5, NaN), ['a', 'b']);
    // Point a: NaN run dropped, so the quantiles are those of 0..10 again.
    expect(s.median[0]).toBe(5);
    expect(s.error[0]).toBe(0);
    expect(s.median[1]).toBeNaN();
    expect(s.covered50[1]).toBe(0);
    expect(s.totals.points).toBe(1);
    expect(s.totals.coverage50).toBe(1);
    expect(s.totals.meanAbsoluteError).toBe(0);
  });

  it('reaches the nominal coverage when observations come from the predictive distribution itself', () => {
    // 200 points whose observation is the i-th of 200 evenly spread quantiles of the same 0..1000 sample:
    // exactly the middle 50 % / 80 % of them fall inside, by construction.
    const m = 200;
    const runs = 1001;
    const column = Array.from({ length: runs }, (_, r) => r);
    const obs = Float64Array.from({ length: m }, (_, j) => ((j + 0.5) / m) * 1000);
    const s = backtestScore(predictive(Array.from({ length: m }, () => column)), obs, Array.from({ length: m }, (_, j) => `p${j}`));
    expect(s.totals.coverage50).toBeCloseTo(0.5, 12);
    expect(s.totals.coverage80).toBeCloseTo(0.8, 12);
  });

  it('rejects mismatched labels and partial runs', () => {
    expect(() => backtestScore(new Float64Array(4), Float64Array.of(1, 2), ['a'])).toThrow(RangeError);
    expect(() => backtestScore(new Float64Array(5), Float64Array.of(1, 2), ['a', 'b'])).toThrow(RangeError);
  });

  it('says what does not fit: labels, whole runs, weights', () => {
    expect(() => backtestScore(new Float64Array(4), Float64Array.of(1, 2), ['a'])).toThrow('1 labels for 2 observed points');
    expect(() => backtestScore(new Float64Array(5), Float64Array.of(1, 2), ['a', 'b'])).toThrow('predictive has 5 values, not whole runs of 2 points');
    expect(() => backtestScore(new Float64Array(6), Float64Array.of(1, 2), ['a', 'b'], [1, 1])).toThrow('2 weights for 3 runs');
    expect(() => backtestScore(new Float64Array(3), new Float64Array(0), [])).toThrow('no observed points to score');
    expect(() => backtestScore(new Float64Array(6), Float64Array.of(1, 2), ['a', 'b'], [1, 1, 1])).not.toThrow();
  });

  it('counts an observation on either bound of either interval as covered (0..10: p10 1, p25 2.5, p75 7.5)', () => {
    const s = backtestScore(predictive([zeroToTen, zeroToTen, zeroToTen]), Float64Array.of(1, 2.5, 7.5), ['a', 'b', 'c']);
    expect([...s.covered80]).toEqual([1, 1, 1]);
    expect([...s.covered50]).toEqual([0, 1, 1]);
  });

  it('a point whose runs are all NaN, or whose only values have weight 0, is not scored', () => {
    // Runs 0..10 at point a; point b is NaN in every run; point c has a value only in run 0, whose weight is 0.
    const c = zeroToTen.map((v, r) => (r === 0 ? 3 : NaN));
    const w = zeroToTen.map((_, r) => (r === 0 ? 0 : 1));
    const s = backtestScore(predictive([zeroToTen, zeroToTen.map(() => NaN), c]), Float64Array.of(6, 5, 3), ['a', 'b', 'c'], w);
    // a: runs 1..10 weighted alike: median 5.5.
    expect(s.median[0]).toBeCloseTo(5.5, 12);
    for (const j of [1, 2]) {
      expect(s.median[j]).toBeNaN();
      expect(s.crps[j]).toBeNaN();
      expect(s.covered80[j]).toBe(0);
    }
    expect(s.totals.points).toBe(1);
  });

  it('an observation of 0 has no relative error: the mean relative error is over the others', () => {
    const s = backtestScore(predictive([zeroToTen, zeroToTen]), Float64Array.of(0, 4), ['a', 'b']);
    // Medians 5: errors 5 and 1; relative 1/4 for b only.
    expect(s.totals.meanAbsoluteError).toBeCloseTo(3, 12);
    expect(s.totals.meanAbsoluteRelativeError).toBeCloseTo(0.25, 12);
  });
});

