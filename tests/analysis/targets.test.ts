import { describe, expect, it } from 'vitest';
import { M, METRIC_COUNT } from '../../src/model/indicators.ts';
import { metByRun, targetCounts, targetProbabilities } from '../../src/analysis/targetProbabilities.ts';
import { wilson } from '../../src/analysis/wilson.ts';
import { SUMMARY_STATS, sameInEveryRun, summarize } from '../../src/analysis/summarize.ts';

/** Rows for `runs` runs over years 2019..2020 with resident_rate given per run in 2020. */
function rows(rates2020: number[], registered2020: number[]): Float64Array {
  const years = 2;
  const out = new Float64Array(rates2020.length * years * METRIC_COUNT);
  rates2020.forEach((v, r) => {
    out[(r * years + 1) * METRIC_COUNT + M.resident_rate] = v;
    out[(r * years + 1) * METRIC_COUNT + M.registered_rate] = registered2020[r];
  });
  return out;
}

describe('target probabilities', () => {
  it('counts runs meeting each target and all jointly (hand count)', () => {
    // 10 runs: resident 0.70..0.79, registered 0.60..0.69 in the opposite order.
    const res = Array.from({ length: 10 }, (_, i) => 0.7 + i / 100);
    const reg = Array.from({ length: 10 }, (_, i) => 0.69 - i / 100);
    const t = targetProbabilities(rows(res, reg), Int32Array.of(2019, 2020), [
      { id: 'a', metric: 'resident_rate', year: 2020, op: '>=', value: 0.745 }, // runs 5..9 → 5
      { id: 'b', metric: 'registered_rate', year: 2020, op: '>=', value: 0.625 }, // runs 0..6 → 7
      { id: 'c', metric: 'registered_rate', year: 2020, op: '<=', value: 0.6 }, // run 9 → 1
    ]);
    expect(t.map((x) => x.met)).toEqual([5, 7, 1, 0]);
    expect(t[0].probability).toBe(0.5);
    expect(t[3].id).toBe('all');
    // Jointly a and b: runs 5, 6 → 2 of 10 (c excludes them all; check without c)
    const ab = targetProbabilities(rows(res, reg), Int32Array.of(2019, 2020), [
      { id: 'a', metric: 'resident_rate', year: 2020, op: '>=', value: 0.745 },
      { id: 'b', metric: 'registered_rate', year: 2020, op: '>=', value: 0.625 },
    ]);
    expect(ab[2].met).toBe(2);
  });

  it('counts a value at the bound as met, in the first year and on the first metric; never a year or metric not there', () => {
    // 3 runs over 2019–2020. resident_pop (metric column 0) in 2019 (year index 0): 100, 200, 300; resident_rate in
    // 2020: 0.75 in every run; new_migrants (the last column) 0 everywhere.
    const years = Int32Array.of(2019, 2020);
    const r = rows([0.75, 0.75, 0.75], [0.5, 0.5, 0.5]);
    [100, 200, 300].forEach((v, run) => (r[run * 2 * METRIC_COUNT + M.resident_pop] = v));
    const t = (id: string, metric: string, year: number, op: '>=' | '<=', value: number) => ({ id, metric, year, op, value });
    const met = targetCounts(r, years, [
      t('bound', 'resident_rate', 2020, '>=', 0.75), // 0.75 ≥ 0.75 in all 3
      t('first', 'resident_pop', 2019, '>=', 200), // runs 1, 2
      t('before', 'resident_rate', 2018, '>=', 0), // 2018 is not projected: none, though every rate there is ≥ 0
      t('after', 'resident_pop', 2021, '>=', 0), // nor 2021
      t('unknown', 'no_such_metric', 2020, '<=', 1e9), // no such column: none
    ]);
    expect([...met]).toEqual([3, 2, 0, 0, 0, 0]);
    // Run by run, one array of the 3 runs per target, then all jointly.
    const byRun = metByRun(r, years, [t('first', 'resident_pop', 2019, '>=', 200), t('bound', 'resident_rate', 2020, '<=', 0.75)]);
    expect(byRun.map((m) => [...m])).toEqual([[0, 1, 1], [1, 1, 1], [0, 1, 1]]);
  });

  it('has no counts and no rows without targets, and names the joint row all (metric *, op and)', () => {
    const r = rows([0.7, 0.8], [0.5, 0.5]);
    const years = Int32Array.of(2019, 2020);
    expect(targetCounts(r, years, []).length).toBe(0);
    expect(targetProbabilities(r, years, [])).toEqual([]);
    const all = targetProbabilities(r, years, [{ id: 'a', metric: 'resident_rate', year: 2020, op: '>=', value: 0.75 }])[1];
    expect(all).toMatchObject({ id: 'all', metric: '*', year: null, op: 'and', met: 1, runs: 2, probability: 0.5 });
    expect(all.value).toBeNaN();
  });

  it('Wilson interval matches a worked example', () => {
    // 5 of 10: centre 0.5, half-width 1.96·√(0.025 + 0.0096)/1.384 = 0.2628 (hand calculation) → [0.2366, 0.7634].
    const w = wilson(5, 10);
    expect(w.lower).toBeCloseTo(0.2366, 4);
    expect(w.upper).toBeCloseTo(0.7634, 4);
    expect(wilson(0, 100).lower).toBeCloseTo(0, 12);
    expect(wilson(0, 100).upper).toBeCloseTo(0.037, 3);
  });

  it('of no runs: no share, and the interval all of [0, 1]', () => {
    expect(wilson(0, 0)).toEqual({ p: NaN, lower: 0, upper: 1 });
  });

  it('is exactly 0 below 0 of n and exactly 1 above n of n', () => {
    // Hand case: at k = 0 the centre (z²/2n)/(1 + z²/n) equals the half-width, so the lower bound is 0;
    // by symmetry the upper bound at k = n is 1. Computed naively these came out as 2.2e-19 (n = 1000),
    // 3.5e-18 (n = 100) and 0.9999999999999999 (n = 10); toBe, not toBeCloseTo, catches that noise.
    for (const n of [1, 7, 10, 100, 1000, 4000, 12_345]) {
      expect(wilson(0, n).lower, `0 of ${n}`).toBe(0);
      expect(wilson(n, n).upper, `${n} of ${n}`).toBe(1);
      // The other bound stays the formula's: for 0 of n, z²/(n + z²) (the centre doubled).
      expect(wilson(0, n).upper, `0 of ${n}`).toBeCloseTo(1.959963984540054 ** 2 / (n + 1.959963984540054 ** 2), 12);
      expect(wilson(n, n).lower, `${n} of ${n}`).toBeCloseTo(n / (n + 1.959963984540054 ** 2), 12);
    }
  });
});

describe('summaries', () => {
  it('give type-7 quantiles, mean and sd of a known sample', () => {
    const res = [0.1, 0.2, 0.3, 0.4, 0.5];
    const s = summarize(rows(res, res), Int32Array.of(2019, 2020));
    const cell = 1 * METRIC_COUNT + M.resident_rate;
    expect(s.stats.mean[cell]).toBeCloseTo(0.3, 12);
    expect(s.stats.sd[cell]).toBeCloseTo(Math.sqrt(0.025), 12); // sample variance 0.1/4
    expect(s.stats.p25[cell]).toBeCloseTo(0.2, 12); // type 7: x[(n−1)·0.25] = x[1]
    expect(s.stats.p10[cell]).toBeCloseTo(0.14, 12); // x[0.4] = 0.1 + 0.4·0.1
    expect(s.year[cell]).toBe(2020);
    expect(s.metric[cell]).toBe('resident_rate');
  });

  it('give a cell with one value in every run exactly that value and sd 0', () => {
    // 0.1 three times: summed and divided, (0.1 + 0.1 + 0.1) / 3 is 0.10000000000000002 in floating point, and its sd
    // from the deviations 1.7e-17, not 0.
    const s = summarize(rows([0.1, 0.1, 0.1], [0.5, 0.6, 0.7]), Int32Array.of(2019, 2020));
    const cell = METRIC_COUNT + M.resident_rate;
    for (const stat of SUMMARY_STATS) expect(s.stats[stat][cell], stat).toBe(stat === 'sd' ? 0 : 0.1);
  });

  it('call a cell the same in every run only when it is finite in all with sd 0, or finite in none with no limit in all or none', () => {
    // (n, sd, unlimited, runs) → same?
    const cases: [number, number, number, number, boolean][] = [
      [100, 0, 0, 100, true], // one value in every run
      [100, 1e-9, 0, 100, false], // values differ
      [99, 0, 0, 100, false], // one run has no finite value (NaN)
      [99, 0, 1, 100, false], // one run has no limit
      [50, NaN, 0, 100, false], // half finite, half NaN
      [0, NaN, 0, 100, true], // a base-year flow: NaN in every run
      [0, NaN, 100, 100, true], // no limit in every run
      [0, NaN, 40, 100, false], // no limit in 40 runs, NaN in 60
    ];
    for (const [n, sd, unlimited, runs, same] of cases) expect(sameInEveryRun(n, sd, unlimited, runs), `${n} ${sd} ${unlimited} ${runs}`).toBe(same);
  });

  it('count runs with no limit (Infinity) apart and summarize the runs with a finite value', () => {
    const res = [0.1, 0.2, 0.3];
    const r = rows(res, res);
    // 2019: no limit in any run; 2020: no limit in run 1, 100 and 300 places in runs 0 and 2
    for (let run = 0; run < 3; run++) r[run * 2 * METRIC_COUNT + M.school_places] = Infinity;
    [100, Infinity, 300].forEach((v, run) => (r[(run * 2 + 1) * METRIC_COUNT + M.school_places] = v));
    const s = summarize(r, Int32Array.of(2019, 2020));
    const none = M.school_places;
    expect([s.n[none], s.unlimited[none]]).toEqual([0, 3]);
    for (const stat of ['mean', 'sd', 'p5', 'p50', 'p95'] as const) expect(s.stats[stat][none]).toBeNaN();
    const mixed = METRIC_COUNT + M.school_places;
    expect([s.n[mixed], s.unlimited[mixed]]).toEqual([2, 1]);
    // by hand over 100 and 300: mean 200, sd √((100² + 100²)/1) = 141.42…, type-7 p25 = 100 + 0.25 · 200 = 150
    expect(s.stats.mean[mixed]).toBe(200);
    expect(s.stats.sd[mixed]).toBeCloseTo(Math.SQRT2 * 100, 10);
    expect(s.stats.p25[mixed]).toBe(150);
  });

  it('give a base-year flow (NaN in every run) n = 0 and NaN statistics, and a single run no sd', () => {
    const r = rows([0.1, 0.2, 0.3], [0.1, 0.2, 0.3]);
    for (let run = 0; run < 3; run++) r[run * 2 * METRIC_COUNT + M.births] = NaN;
    const s = summarize(r, Int32Array.of(2019, 2020));
    expect([s.n[M.births], s.unlimited[M.births]]).toEqual([0, 0]);
    expect(s.stats.p50[M.births]).toBeNaN();
    const one = summarize(r.subarray(0, 2 * METRIC_COUNT), Int32Array.of(2019, 2020));
    expect(one.n[M.resident_rate]).toBe(1);
    expect(one.stats.sd[M.resident_rate]).toBeNaN();
  });
});
