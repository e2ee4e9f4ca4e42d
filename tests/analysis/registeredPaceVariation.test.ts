import { describe, expect, it } from 'vitest';
import { PACE_NODES, registeredPaceVariation, registeredSeries, seriesLikelihood } from '../../src/analysis/registeredPaceVariation.ts';
import { parseObserved } from '../../src/io/readObserved.ts';
import { normalQuantile } from '../../src/montecarlo/normalQuantile.ts';
import { stream } from '../../src/montecarlo/rng.ts';

const HEADER = 'area,metric,year,from_year,months,value,unit,definition,break,source,snippet,note';
const points = (rows: string[]) => parseObserved([HEADER, ...rows].join('\n'), 'test.csv');

describe('registeredSeries: registered rates at three dates of one count', () => {
  const rows = [
    // Unified before the series (Shijiazhuang 2003, 001:327): one count throughout.
    'sjz,registered_rate,2013,,,41.47,%,registered_unified,,004:1214,,',
    'sjz,registered_rate,2014,,,41.56,%,registered_unified,,001:339,,',
    'sjz,registered_rate,2015,,,44.65,%,registered_unified,,001:339,,',
    // Unstated, its last figure after the 2014 reform: the count may have changed (Liuzhou 001:559, 004:5299).
    'lz,registered_rate,2010,,,32,%,registered_unstated,,001:559,,',
    'lz,registered_rate,2013,,,32.5,%,registered_unstated,,004:5299,,',
    'lz,registered_rate,2015,,,48.3,%,registered_unstated,,001:559,,',
    // Unstated, all in or before 2014: kept.
    'old,registered_rate,2010,,,30,%,registered_unstated,,x,,',
    'old,registered_rate,2012,,,31,%,registered_unstated,,x,,',
    'old,registered_rate,2014,,,33,%,registered_unstated,,x,,',
    // Not a hukou count.
    'ys,registered_rate,2010,,,60,%,registered_share_of_residents,,x,,',
    'ys,registered_rate,2012,,,61,%,registered_share_of_residents,,x,,',
    'ys,registered_rate,2014,,,62,%,registered_share_of_residents,,x,,',
    // Two dates only.
    'two,registered_rate,2012,,,50,%,registered_unified,,x,,',
    'two,registered_rate,2014,,,52,%,registered_unified,,x,,',
  ];

  it('keeps the series of one count, with each figure\'s error by caliber', () => {
    const s = registeredSeries(points(rows));
    expect(s.map((x) => x.area).sort()).toEqual(['old', 'sjz']);
    const sjz = s.find((x) => x.area === 'sjz')!;
    expect(sjz.years).toEqual([2013, 2014, 2015]);
    expect(sjz.values[1]).toBeCloseTo(0.4156, 12);
    expect(sjz.errors).toEqual([0.004, 0.004, 0.004]); // registry: 0.4 points
    expect(s.find((x) => x.area === 'old')!.errors).toEqual([0.008, 0.008, 0.008]); // plan: 0.8 points
  });

  it('leaves out a fold\'s area', () => {
    expect(registeredSeries(points(rows), { excludeArea: 'sjz' }).map((x) => x.area)).toEqual(['old']);
  });
});

describe('seriesLikelihood: the gains\' likelihood under a pace varying by s', () => {
  it('at s = 0 every path is the constant pace: the closed form r_t = 1 − (1 − r_a)(1 − c)^t', () => {
    const x = { area: 'a', years: [2010, 2013, 2015] as const, values: [0.3, 0.33, 0.36] as const, errors: [0.004, 0.008, 0.004] as const, lines: [] };
    const z = Float64Array.from({ length: 50 * 5 }, (_, i) => Math.sin(i + 1)); // any draws: s = 0 ignores them
    const got = seriesLikelihood(x, 0.5, z, 50)(0);
    // By hand: the observed gains d = (0.03, 0.03) against the constant pace's, errors (e_b − e_a, e_c − e_b).
    const v11 = 0.004 ** 2 + 0.008 ** 2;
    const v22 = 0.008 ** 2 + 0.004 ** 2;
    const v12 = -(0.008 ** 2);
    const det = v11 * v22 - v12 * v12;
    let sum = 0;
    for (let k = 0; k < PACE_NODES; k++) {
      const c = 1 / (1 + Math.exp(-(Math.log(0.02 / 0.98) + 1.5 * normalQuantile((k + 0.5) / PACE_NODES))));
      const r3 = 1 - 0.7 * (1 - c) ** 3;
      const r5 = 1 - 0.7 * (1 - c) ** 5;
      const u1 = 0.03 - (r3 - 0.3);
      const u2 = 0.03 - (r5 - r3);
      sum += Math.exp(-0.5 * (v22 * u1 * u1 - 2 * v12 * u1 * u2 + v11 * u2 * u2) / det) / (2 * Math.PI * Math.sqrt(det));
    }
    expect(got).toBeCloseTo(sum / PACE_NODES, 6);
  });
});

describe('registeredPaceVariation: the least yearly variation the series allow', () => {
  it('steady gains allow no variation; a gain 30 times the one before asks for much', () => {
    const steady = registeredPaceVariation(points([
      'a,registered_rate,2012,,,40,%,registered_unified,,x,,',
      'a,registered_rate,2013,,,41,%,registered_unified,,x,,',
      'a,registered_rate,2014,,,42,%,registered_unified,,x,,',
    ]), 0.5, stream(1, 0, 'test'), { draws: 500 });
    expect(steady.stationarySd).toBe(0);
    const lumpy = registeredPaceVariation(points([
      'a,registered_rate,2013,,,41.47,%,registered_unified,,x,,',
      'a,registered_rate,2014,,,41.56,%,registered_unified,,x,,',
      'a,registered_rate,2015,,,44.65,%,registered_unified,,x,,',
    ]), 0.5, stream(1, 0, 'test'), { draws: 500 });
    // The resident pace's s = 0.18 lies outside the 80 % likelihood interval; the estimate is its lower end.
    const at = (s: number) => lumpy.profile.find((p) => Math.abs(p.s - s) < 1e-9)!.logLik;
    expect(at(0.15)).toBeLessThan(-0.8212);
    expect(lumpy.stationarySd!).toBeGreaterThan(0.5);
    expect(at(Math.ceil(lumpy.stationarySd! / 0.05) * 0.05)).toBeGreaterThanOrEqual(-0.8212);
    expect(at(Math.floor(lumpy.stationarySd! / 0.05) * 0.05)).toBeLessThan(-0.8212);
    expect(lumpy.sigma).toBeCloseTo(lumpy.stationarySd! * Math.sqrt(0.75), 12);
  });

  it('without a series: nothing fitted', () => {
    const v = registeredPaceVariation(points(['a,registered_rate,2013,,,40,%,registered_unified,,x,,']), 0.5, stream(1, 0, 'test'), { draws: 500 });
    expect(v.stationarySd).toBeUndefined();
    expect(v.series).toHaveLength(0);
  });
});

describe('yearlyVariation: the conversion\'s own σ where a registered series exists, the resident pace\'s in a fold without one', () => {
  it('data/observed: fitted from Shijiazhuang; its own fold has none and falls back', async () => {
    const { yearlyVariation } = await import('../../src/analysis/fitDefaults.ts');
    const { readObserved } = await import('../../src/io/readObserved.ts');
    const points = readObserved('data/observed/observed.csv');
    const all = yearlyVariation(points, 2014);
    expect(all.registered.series.map((x) => x.area)).toEqual(['shijiazhuang']);
    expect(all.process.conversionSigma!).toBeGreaterThan(3 * all.process.sigma);
    const fold = yearlyVariation(points, 2014, 'shijiazhuang');
    expect(fold.process.conversionSigma).toBeUndefined();
    expect(fold.process.sigma).toBe(all.process.sigma); // Shijiazhuang has no three resident rates
  }, 30_000);
});
