import { describe, expect, it } from 'vitest';
import { type RegisteredSeries, gainDensity, pooledSeriesLikelihood, registeredPaceVariation, registeredSeries, seriesLikelihood } from '../../src/analysis/registeredPaceVariation.ts';
import { stream } from '../../src/montecarlo/rng.ts';
import { observedPoints } from '../helpers/observedRows.ts';

/** Median logit paces that differ: 0.67 %, 2 % and 7.6 % a year. */
const CENTERS = [-5, Math.log(0.02 / 0.98), -2.5];

/** An area's registered rates counted by registered address (one count), as data/observed rows: `[year, percent]` each. */
const unified = (area: string, ...figures: [number, number][]) => figures.map(([year, value]) => `${area},registered_rate,${year},,,${value},%,registered_unified,,x,,`);

describe('registeredSeries: registered rates at two or more dates of one count', () => {
  const rows = [
    // Unified before the series (Shijiazhuang 2003, 001:327): one count throughout.
    'sjz,registered_rate,2013,,,41.47,%,registered_unified,,004:1214,,',
    'sjz,registered_rate,2014,,,41.56,%,registered_unified,,001:339,,',
    'sjz,registered_rate,2015,,,44.65,%,registered_unified,,001:339,,',
    // Unstated, its last figure after the 2014 reform: the count may have changed; its first two, of two seeds, need not count alike (Liuzhou 001:559, 004:5299).
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
    // Two dates: a pair.
    'two,registered_rate,2012,,,50,%,registered_unified,,x,,',
    'two,registered_rate,2014,,,52,%,registered_unified,,x,,',
    // One date only.
    'one,registered_rate,2013,,,50,%,registered_unified,,x,,',
  ];

  it('keeps the series of one count, with each figure\'s error by caliber', () => {
    const s = registeredSeries(observedPoints(rows));
    expect(s.map((x) => x.area).sort()).toEqual(['old', 'sjz', 'two']);
    const sjz = s.find((x) => x.area === 'sjz')!;
    expect(sjz.years).toEqual([2013, 2014, 2015]);
    expect(sjz.values[1]).toBeCloseTo(0.4156, 12);
    expect(sjz.errors).toEqual([0.004, 0.004, 0.004]); // registry: 0.4 points
    expect(s.find((x) => x.area === 'old')!.errors).toEqual([0.008, 0.008, 0.008]); // plan: 0.8 points
  });

  it('leaves out a fold\'s area', () => {
    expect(registeredSeries(observedPoints(rows), { excludeArea: 'sjz' }).map((x) => x.area).sort()).toEqual(['old', 'two']);
  });
});

describe('registeredSeries: two documents\' figures of a count they do not state are not one series', () => {
  it('unstated: one series per source document; unified (by registered address): one series whatever the documents', () => {
    const s = registeredSeries(observedPoints([
      'a,registered_rate,2010,,,30,%,registered_unstated,,001:10,,',
      'a,registered_rate,2012,,,31,%,registered_unstated,,004:20,,',
      'a,registered_rate,2013,,,32,%,registered_unstated,,004:21,,',
      'u,registered_rate,2013,,,50,%,registered_unified,,004:30,,',
      'u,registered_rate,2015,,,52,%,registered_unified,,001:40,,',
    ]));
    expect(s.map((x) => [x.area, x.years]).sort()).toEqual([['a', [2012, 2013]], ['u', [2013, 2015]]]);
  });
});

describe('registeredSeries: a series of more than three dates enters once, as a whole', () => {
  it('four dates of one count: one series of four (not two overlapping windows sharing the middle gain)', () => {
    const s = registeredSeries(observedPoints(unified('u', [2012, 40], [2013, 41], [2014, 41.5], [2016, 44])));
    expect(s).toHaveLength(1);
    expect(s[0].years).toEqual([2012, 2013, 2014, 2016]);
    expect(s[0].values).toEqual([0.4, 0.41, 0.415, 0.44]);
    expect(s[0].errors).toEqual([0.004, 0.004, 0.004, 0.004]);
    expect(s[0].lines).toHaveLength(4);
  });

  it('an unstated count: the dates up to the 2014 reform, once; fewer than two of them: none', () => {
    const s = registeredSeries(observedPoints([
      'a,registered_rate,2010,,,30,%,registered_unstated,,x,,',
      'a,registered_rate,2011,,,31,%,registered_unstated,,x,,',
      'a,registered_rate,2012,,,32,%,registered_unstated,,x,,',
      'a,registered_rate,2014,,,33,%,registered_unstated,,x,,',
      'a,registered_rate,2015,,,40,%,registered_unstated,,x,,',
      'b,registered_rate,2013,,,30,%,registered_unstated,,x,,',
      'b,registered_rate,2014,,,31,%,registered_unstated,,x,,',
      'b,registered_rate,2015,,,32,%,registered_unstated,,x,,',
      'b,registered_rate,2016,,,33,%,registered_unstated,,x,,',
      'c,registered_rate,2014,,,30,%,registered_unstated,,x,,',
      'c,registered_rate,2015,,,31,%,registered_unstated,,x,,',
      'c,registered_rate,2016,,,32,%,registered_unstated,,x,,',
    ]));
    expect(s.map((x) => [x.area, x.years])).toEqual([['a', [2010, 2011, 2012, 2014]], ['b', [2013, 2014]]]);
  });
});

describe('registeredSeries: figures in any row order, a break, and where each figure comes from', () => {
  it('sorts a series by year, its values, errors and file:line following (rows out of order in the file)', () => {
    // Rows 2, 3, 4 of the file (line 1 the header) give 2015, 2013, 2014.
    const s = registeredSeries(observedPoints([
      'u,registered_rate,2015,,,44.65,%,registered_unified,,001:339,,',
      'u,registered_rate,2013,,,41.47,%,registered_unified,,004:1214,,',
      'u,registered_rate,2014,,,41.56,%,registered_unified,,001:339,,',
    ], 'data/observed/some.csv'));
    expect(s).toHaveLength(1);
    expect(s[0].years).toEqual([2013, 2014, 2015]);
    expect(s[0].values.map((v) => Math.round(v * 10_000))).toEqual([4147, 4156, 4465]);
    expect(s[0].lines).toEqual(['some.csv:3', 'some.csv:4', 'some.csv:2']);
  });

  it('a break (a new definition segment) ends a series: the figures on either side are two series, not one', () => {
    const s = registeredSeries(observedPoints([
      'b,registered_rate,2010,,,40,%,registered_unified,,x,,',
      'b,registered_rate,2012,,,42,%,registered_unified,,x,,',
      'b,registered_rate,2013,,,50,%,registered_unified,yes,x,,',
      'b,registered_rate,2014,,,51,%,registered_unified,,x,,',
    ]));
    expect(s.map((x) => x.years)).toEqual([[2010, 2012], [2013, 2014]]);
  });
});

describe('gainDensity: the gains\' errors, multivariate normal with a tridiagonal covariance', () => {
  it('one gain: a normal of variance e_a² + e_b²', () => {
    const v = 0.004 ** 2 + 0.006 ** 2;
    expect(gainDensity([0.004, 0.006])(Float64Array.of(0.005))).toBeCloseTo(Math.exp(-0.5 * 0.005 ** 2 / v) / Math.sqrt(2 * Math.PI * v), 6);
  });

  it('three gains: against the 3 × 3 covariance inverted by cofactors', () => {
    const [a, b, c, d] = [0.004 ** 2, 0.008 ** 2, 0.006 ** 2, 0.004 ** 2];
    const u = [0.003, -0.002, 0.004];
    // Σ = [[a+b, −b, 0], [−b, b+c, −c], [0, −c, c+d]]; det by the first row, Σ⁻¹ = adj(Σ) / det.
    const det = (a + b) * ((b + c) * (c + d) - c * c) - b * b * (c + d);
    const adj = [
      [(b + c) * (c + d) - c * c, b * (c + d), b * c],
      [b * (c + d), (a + b) * (c + d), (a + b) * c],
      [b * c, (a + b) * c, (a + b) * (b + c) - b * b],
    ];
    let q = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) q += (u[i] * adj[i][j] * u[j]) / det;
    const want = Math.exp(-0.5 * q) / Math.sqrt((2 * Math.PI) ** 3 * det);
    expect(gainDensity([0.004, 0.008, 0.006, 0.004])(Float64Array.from(u)) / want).toBeCloseTo(1, 10);
  });
});

describe('seriesLikelihood of four dates: the three gains of one path', () => {
  it('at s = 0 (constant pace): each gain against the closed form r_t = 1 − (1 − r_a)(1 − c)^t, the gains\' errors jointly', () => {
    const x = { area: 'a', years: [2010, 2011, 2013, 2016], values: [0.3, 0.31, 0.33, 0.37], errors: [0.004, 0.008, 0.006, 0.004], lines: [] };
    const z = Float64Array.from({ length: 20 * 6 }, (_, i) => Math.cos(i)); // ignored at s = 0
    const [a, b, c, d] = [0.004 ** 2, 0.008 ** 2, 0.006 ** 2, 0.004 ** 2];
    const det = (a + b) * ((b + c) * (c + d) - c * c) - b * b * (c + d);
    const adj = [
      [(b + c) * (c + d) - c * c, b * (c + d), b * c],
      [b * (c + d), (a + b) * (c + d), (a + b) * c],
      [b * c, (a + b) * c, (a + b) * (b + c) - b * b],
    ];
    const got = seriesLikelihood(x, 0.5, z, 20, CENTERS)(0);
    CENTERS.forEach((center, k) => {
      const p = 1 / (1 + Math.exp(-center));
      const r = (t: number) => 1 - 0.7 * (1 - p) ** t;
      const u = [0.01 - (r(1) - r(0)), 0.02 - (r(3) - r(1)), 0.04 - (r(6) - r(3))];
      let q = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) q += (u[i] * adj[i][j] * u[j]) / det;
      expect(got[k] / (Math.exp(-0.5 * q) / Math.sqrt((2 * Math.PI) ** 3 * det))).toBeCloseTo(1, 8);
    });
  });
});

describe('seriesLikelihood: the gains\' likelihood under a pace varying by s', () => {
  it('at s = 0 every path is the constant pace: the closed form r_t = 1 − (1 − r_a)(1 − c)^t', () => {
    const x = { area: 'a', years: [2010, 2013, 2015] as const, values: [0.3, 0.33, 0.36] as const, errors: [0.004, 0.008, 0.004] as const, lines: [] };
    const z = Float64Array.from({ length: 50 * 5 }, (_, i) => Math.sin(i + 1)); // any draws: s = 0 ignores them
    const got = seriesLikelihood(x, 0.5, z, 50, CENTERS)(0);
    // By hand: the observed gains d = (0.03, 0.03) against the constant pace's, errors (e_b − e_a, e_c − e_b).
    const v11 = 0.004 ** 2 + 0.008 ** 2;
    const v22 = 0.008 ** 2 + 0.004 ** 2;
    const v12 = -(0.008 ** 2);
    const det = v11 * v22 - v12 * v12;
    CENTERS.forEach((center, k) => {
      const c = 1 / (1 + Math.exp(-center));
      const r3 = 1 - 0.7 * (1 - c) ** 3;
      const r5 = 1 - 0.7 * (1 - c) ** 5;
      const u1 = 0.03 - (r3 - 0.3);
      const u2 = 0.03 - (r5 - r3);
      expect(got[k]).toBeCloseTo(Math.exp(-0.5 * (v22 * u1 * u1 - 2 * v12 * u1 * u2 + v11 * u2 * u2) / det) / (2 * Math.PI * Math.sqrt(det)), 6);
    });
  });
});

describe('seriesLikelihood at s > 0: paths of a stationary AR(1)', () => {
  it('two drawn paths of three yearly steps, by hand: e₀ = s·z₀, e_t = φ·e_{t−1} + s·√(1 − φ²)·z_t', () => {
    // Gains of 1 year then 2 (2010, 2011, 2013); the middle figure's error differs from the others'.
    const x = { area: 'a', years: [2010, 2011, 2013] as const, values: [0.4, 0.41, 0.47] as const, errors: [0.004, 0.006, 0.008] as const, lines: [] };
    const z = Float64Array.of(0.3, -1.2, 2, -0.7, 0.5, 1.1); // path 0: 0.3, −1.2, 2; path 1: −0.7, 0.5, 1.1
    const s = 0.9;
    const phi = 0.3;
    const [va, vb, vc] = [0.004 ** 2, 0.006 ** 2, 0.008 ** 2];
    const det = (va + vb) * (vb + vc) - vb * vb;
    const sum = CENTERS.map(() => 0);
    for (const [z0, z1, z2] of [[0.3, -1.2, 2], [-0.7, 0.5, 1.1]]) {
      const e0 = s * z0;
      const e1 = phi * e0 + s * Math.sqrt(1 - phi * phi) * z1;
      const e2 = phi * e1 + s * Math.sqrt(1 - phi * phi) * z2;
      for (let k = 0; k < CENTERS.length; k++) {
        const center = CENTERS[k];
        const c = (e: number) => 1 / (1 + Math.exp(-(center + e)));
        const r1 = 0.4 + 0.6 * c(e0);
        const r2 = r1 + (1 - r1) * c(e1);
        const r3 = r2 + (1 - r2) * c(e2);
        const u1 = 0.01 - (r1 - 0.4); // observed gain 2010–2011 less the path's
        const u2 = 0.06 - (r3 - r1); // 2011–2013
        // Bivariate normal: Var(u1) = va + vb, Var(u2) = vb + vc, Cov = −vb (the middle figure in both gains).
        sum[k] += Math.exp(-0.5 * ((vb + vc) * u1 * u1 + 2 * vb * u1 * u2 + (va + vb) * u2 * u2) / det) / (2 * Math.PI * Math.sqrt(det));
      }
    }
    const got = seriesLikelihood(x, phi, z, 2, CENTERS)(s);
    CENTERS.forEach((_, k) => expect(got[k]).toBeCloseTo(sum[k] / 2, 6));
  });
});

describe('a series across the 2014 reform: its change of count drawn', () => {
  const lz = [
    // One document's 2010 and 2015 (Liuzhou, 001:559), another's 2013 (004:5299).
    'lz,registered_rate,2010,,,32,%,registered_unstated,,001:559,,',
    'lz,registered_rate,2013,,,32.5,%,registered_unstated,,004:5299,,',
    'lz,registered_rate,2015,,,48.3,%,registered_unstated,,001:559,,',
  ];
  const sjz = unified('sjz', [2013, 41.47], [2014, 41.56], [2015, 44.65]);
  const brk = { years: [2015, 2016], townShare: 0.4, share: { min: 0, max: 1 }, villageShare: { min: 0, max: 0.1 } };

  it('registeredSeries: with the area\'s change of count, one document\'s figures across 2014 are one series carrying it, after the others; without it, cut at 2014', () => {
    const asked: [string, number, number][] = [];
    const s = registeredSeries(observedPoints([...lz, ...sjz]), { countBreak: (area, first, last) => (asked.push([area, first, last]), brk) });
    expect(s.map((x) => [x.area, x.years, x.countBreak])).toEqual([['sjz', [2013, 2014, 2015], undefined], ['lz', [2010, 2015], brk]]);
    // Asked for each document's figures of the unstated count (001's 2010–2015, 004's lone 2013), not for the unified count.
    expect(asked).toEqual([['lz', 2010, 2015], ['lz', 2013, 2013]]);
    expect(registeredSeries(observedPoints([...lz, ...sjz])).map((x) => x.area)).toEqual(['sjz']); // 001's 2010 alone before 2015
    // A change of count only after the series' last date, or in its first year (the first figure, of the year's end, holds it): not between
    // the dates, not drawn, and the 2015 figure still left out.
    expect(registeredSeries(observedPoints([...lz, ...sjz]), { countBreak: () => ({ ...brk, years: [2016] }) }).map((x) => x.area)).toEqual(['sjz']);
    expect(registeredSeries(observedPoints([...lz, ...sjz]), { countBreak: () => ({ ...brk, years: [2010] }) }).map((x) => x.area)).toEqual(['sjz']);
    expect(registeredSeries(observedPoints([...lz, ...sjz]), { countBreak: () => undefined }).map((x) => x.area)).toEqual(['sjz']);
  });

  it('seriesLikelihood at s = 0: each path\'s change of count (its year, b and v from three uniforms) after the year\'s conversion, by hand', () => {
    const x = { area: 'a', years: [2013, 2015], values: [0.5, 0.6], errors: [0.008, 0.008], lines: [], countBreak: { ...brk, townShare: 0.25 } };
    const z = Float64Array.from({ length: 2 * 2 }, (_, i) => Math.sin(i + 1)); // s = 0 ignores them
    // Path 0: year 2015 (0.1 × 2 → the first), b = 0.5, v = 0.1 × 0.5 → counts 0.5 × 0.25 + 0.05 × 0.75 = 0.1625 of the rural hukou urban.
    // Path 1: year 2016 (0.9 × 2 → the second), after the series' last date: no change of count.
    const u = Float64Array.of(0.1, 0.5, 0.5, 0.9, 0.3, 0.7);
    const got = seriesLikelihood(x, 0.5, z, 2, CENTERS, u)(0);
    const v = 2 * 0.008 ** 2;
    const normal = (e: number) => Math.exp((-0.5 * e * e) / v) / Math.sqrt(2 * Math.PI * v);
    CENTERS.forEach((center, k) => {
      const c = 1 / (1 + Math.exp(-center));
      const r2 = 1 - 0.5 * (1 - c) ** 2; // two years' conversion
      const broken = r2 + 0.1625 * (1 - r2);
      expect(got[k] / ((normal(0.1 - (broken - 0.5)) + normal(0.1 - (r2 - 0.5))) / 2)).toBeCloseTo(1, 8);
    });
    // Without the draws (or a change of count), every path as path 1.
    const plain = seriesLikelihood({ ...x, countBreak: undefined }, 0.5, z, 2, CENTERS)(0);
    CENTERS.forEach((center, k) => {
      const r2 = 1 - 0.5 * (1 - 1 / (1 + Math.exp(-center))) ** 2;
      expect(plain[k] / normal(0.1 - (r2 - 0.5))).toBeCloseTo(1, 8);
    });
  });

  it('registeredPaceVariation draws a series\' three uniforms a path after its normals, the series that may hold a change of count last', () => {
    let calls = 0;
    const random = () => (calls++, ((calls * 0.618034) % 1) || 0.5);
    // sjz: 2 years × 10 paths = 20 normals; lz: 5 years × 10 = 50 normals, then 3 × 10 uniforms.
    registeredPaceVariation(observedPoints([...lz, ...unified('sjz', [2013, 41.47], [2015, 44.65])]), 0.5, random, { draws: 10, countBreak: () => brk });
    expect(calls).toBe(20 + 50 + 30);
  });
});

describe('registeredPaceVariation: the least yearly variation the series allow', () => {
  it('steady gains allow no variation; a gain 30 times the one before asks for much', () => {
    const steady = registeredPaceVariation(observedPoints(unified('a', [2012, 40], [2013, 41], [2014, 42])), 0.5, stream(1, 0, 'test'), { draws: 500 });
    // The likelihood at s = 0 is within the bound: nothing bounds s from below, nothing is fitted.
    expect(steady.profile[0].logLik).toBeGreaterThanOrEqual(-0.8212);
    expect(steady.stationarySd).toBeUndefined();
    expect(steady.sigma).toBeUndefined();
    const lumpy = registeredPaceVariation(observedPoints(unified('a', [2013, 41.47], [2014, 41.56], [2015, 44.65])), 0.5, stream(1, 0, 'test'), { draws: 500 });
    // The resident pace's s = 0.18 lies outside the 80 % likelihood interval; the estimate is its lower end.
    const at = (s: number) => lumpy.profile.find((p) => Math.abs(p.s - s) < 1e-9)!.logLik;
    expect(at(0.15)).toBeLessThan(-0.8212);
    expect(lumpy.stationarySd!).toBeGreaterThan(0.5);
    expect(at(Math.ceil(lumpy.stationarySd! / 0.05) * 0.05)).toBeGreaterThanOrEqual(-0.8212);
    expect(at(Math.floor(lumpy.stationarySd! / 0.05) * 0.05)).toBeLessThan(-0.8212);
    expect(lumpy.sigma).toBeCloseTo(lumpy.stationarySd! * Math.sqrt(0.75), 12);
  });

  it('its profile: s from 0 to 5 by 0.05, 0 at the largest (argmax); the estimate interpolated linearly where it crosses −0.821', () => {
    const v = registeredPaceVariation(observedPoints(unified('a', [2013, 41.47], [2014, 41.56], [2015, 44.65])), 0.5, stream(2, 0, 'test'), { draws: 400 });
    expect(v.profile).toHaveLength(101);
    v.profile.forEach((p, i) => expect(p.s).toBeCloseTo(0.05 * i, 12));
    const top = v.profile.reduce((a, p) => (p.logLik > a.logLik ? p : a));
    expect(top.logLik).toBe(0);
    expect(v.argmax).toBe(top.s);
    // χ²₁(0.8) / 2 = 1.6424 / 2: the first point at or above it, and the one before, by hand.
    const bound = -1.6424 / 2;
    const i = v.profile.findIndex((p) => p.logLik >= bound);
    const [a, b] = [v.profile[i - 1], v.profile[i]];
    expect(a.logLik).toBeLessThan(bound);
    expect(v.stationarySd!).toBeCloseTo(a.s + (0.05 * (bound - a.logLik)) / (b.logLik - a.logLik), 12);
    expect(v.phi).toBe(0.5);
    expect(v.series).toHaveLength(1);
  });

  it('pairs alone (one gain an area) do not bound s from below: nothing fitted, however far apart their paces', () => {
    const v = registeredPaceVariation(observedPoints([
      'a,registered_rate,2010,,,32,%,registered_unstated,,x,,',
      'a,registered_rate,2013,,,32.5,%,registered_unstated,,x,,',
      'b,registered_rate,2013,,,51.6,%,registered_unified,,x,,',
      'b,registered_rate,2015,,,56.02,%,registered_unified,,x,,',
    ]), 0.5, stream(1, 0, 'test'), { draws: 300 });
    expect(v.series).toHaveLength(2);
    expect(v.stationarySd).toBeUndefined();
  });

  it('pairs of areas whose gains are alike bound s from above: the 80 % interval closes and the estimate is the profile\'s maximum; many leave s = 0 inside it (nothing fitted)', () => {
    const sjz = [
      'sjz,registered_rate,2013,,,41.47,%,registered_unified,,x,,',
      'sjz,registered_rate,2014,,,41.56,%,registered_unified,,x,,',
      'sjz,registered_rate,2015,,,44.65,%,registered_unified,,x,,',
    ];
    const fit = (rows: string[]) => registeredPaceVariation(observedPoints(rows), 0.5, stream(3, 0, 'test'), { draws: 400 });
    const bound = -1.6424 / 2;
    const alone = fit(sjz);
    // The series alone: open above within the grid (0 to 5), the estimate the interval's lower end.
    expect(alone.profile.slice(alone.profile.findIndex((p) => p.s === alone.argmax)).every((p) => p.logLik >= bound)).toBe(true);
    expect(alone.rule).toBe('lower end');
    expect(alone.interval).toEqual({ lower: alone.stationarySd });
    // Four areas gaining the same 1 point a year, figures of 0.4 points: paces alike, so τ is small and a large s would spread their gains.
    const alike = ['p', 'q', 'r', 's'].flatMap((a) => [`${a},registered_rate,2012,,,50,%,registered_unified,,x,,`, `${a},registered_rate,2014,,,52,%,registered_unified,,x,,`]);
    const two = fit([...sjz, ...alike.slice(0, 4)]);
    expect(two.rule).toBe('maximum');
    const i = two.profile.findIndex((p) => p.s === two.argmax);
    expect(i).toBeGreaterThan(0);
    // The vertex of the parabola through the largest point and its neighbours, by hand.
    const [a, b, c] = [two.profile[i - 1].logLik, two.profile[i].logLik, two.profile[i + 1].logLik];
    expect(b).toBe(0);
    expect(two.stationarySd!).toBeCloseTo(two.argmax! + (0.05 * (a - c)) / (2 * (a - 2 * b + c)), 12);
    expect(Math.abs(two.stationarySd! - two.argmax!)).toBeLessThanOrEqual(0.025);
    expect(two.sigma).toBeCloseTo(two.stationarySd! * Math.sqrt(0.75), 12);
    // Where the profile falls below the bound above its maximum, linearly between the grid points either side.
    const j = two.profile.findIndex((p, k) => k > i && p.logLik < bound);
    const [inside, outside] = [two.profile[j - 1], two.profile[j]];
    expect(two.interval!.upper!).toBeCloseTo(outside.s + ((bound - outside.logLik) / (inside.logLik - outside.logLik)) * (inside.s - outside.s), 12);
    expect(two.interval!.upper!).toBeGreaterThan(two.stationarySd!);
    expect(two.interval!.lower).toBeLessThan(alone.interval!.lower);
    expect(fit([...sjz, ...alike]).stationarySd).toBeUndefined();
  });

  it('a series no path can give (the rate falls 40 points in a year, figures of 0.4): a flat profile, nothing fitted, no error', () => {
    // The conversion only raises the rate: every path's density is at most about exp(−½ (0.4 / 0.0057)²) ≈ exp(−2,460), 0 in doubles,
    // at every s and centre, so the likelihood is the same (its floor) everywhere.
    const v = registeredPaceVariation(observedPoints(unified('a', [2013, 80], [2014, 40], [2015, 41])), 0.5, stream(1, 0, 'test'), { draws: 50 });
    for (const p of v.profile) expect(p.logLik).toBe(0);
    expect(v.stationarySd).toBeUndefined();
    // No point, but a posterior: a flat likelihood leaves the half-normal prior of scale 1.5, whose quantile at q is
    // 1.5 Φ⁻¹((1 + q) / 2), at q = (k + ½)/8 (Python's statistics.NormalDist; the grid's end at 5 cuts 0.09 % of it off).
    const prior = [0.11762, 0.3558, 0.60338, 0.8687, 1.16463, 1.51499, 1.97702, 2.7941];
    v.posterior!.forEach((s, k) => expect(Math.abs(s - prior[k])).toBeLessThan(0.01));
  });

  it('without a series: nothing fitted', () => {
    const v = registeredPaceVariation(observedPoints(['a,registered_rate,2013,,,40,%,registered_unified,,x,,']), 0.5, stream(1, 0, 'test'), { draws: 500 });
    expect(v.stationarySd).toBeUndefined();
    expect(v.series).toHaveLength(0);
    expect(v.profile).toEqual([]);
    expect(v.argmax).toBeUndefined();
  });

  it('draws each series\' paths from `draws` × its span in years of the stream, no more (the next series\' draws follow)', () => {
    // Two series spanning 2 and 3 years, 10 paths: 10 × 2 + 10 × 3 = 50 uniforms.
    let calls = 0;
    const random = () => (calls++, ((calls * 0.618034) % 1) || 0.5);
    registeredPaceVariation(observedPoints([
      'a,registered_rate,2013,,,41.47,%,registered_unified,,x,,',
      'a,registered_rate,2015,,,44.65,%,registered_unified,,x,,',
      'b,registered_rate,2010,,,30,%,registered_unified,,x,,',
      'b,registered_rate,2011,,,31,%,registered_unified,,x,,',
      'b,registered_rate,2013,,,33,%,registered_unified,,x,,',
    ]), 0.5, random, { draws: 10 });
    expect(calls).toBe(50);
  });
});

describe('yearlyVariation: the conversion\'s own σ where a registered series exists, drawn from its posterior also where the series bound it from above only', () => {
  it('data/observed: fitted from Shijiazhuang with Weihai\'s, Dalian\'s and Liuzhou\'s pairs; its own fold, pairs only, draws s from its posterior', async () => {
    const { yearlyVariation } = await import('../../src/analysis/fitDefaults.ts');
    const { readObserved } = await import('../../src/io/readObserved.ts');
    const points = readObserved('data/observed/observed.csv');
    const all = yearlyVariation(points, 2014);
    // Dalian's and Liuzhou's 2013 figures are of seed 004, their 2010 and 2015 of seed 001 (001:427, 001:559): two documents' unstated
    // counts are not one series; each one's own 2010 → 2015 crosses the 2014 reform, its change of count drawn as the pilot draws it.
    const shown = (x: RegisteredSeries) => `${x.area} ${x.years.join('/')}${x.countBreak ? ` break ${x.countBreak.years.join('/')}` : ''}`;
    expect(all.registered.series.map(shown)).toEqual(['shijiazhuang 2013/2014/2015', 'weihai 2013/2015', 'dalian 2010/2015 break 2015/2016', 'liuzhou 2010/2015 break 2015/2016']);
    expect(all.process.conversionSigma!).toBeGreaterThan(3 * all.process.sigma);
    // A run draws σ from 8 values of s's posterior, each s·√(1 − φ²), straddling the profile's maximum.
    const sigmas = all.process.conversionSigmas!;
    expect(sigmas).toEqual(all.registered.posterior!.map((s) => s * Math.sqrt(0.75)));
    expect(sigmas[0]).toBeLessThan(all.process.conversionSigma!);
    expect(sigmas[7]).toBeGreaterThan(all.process.conversionSigma!);
    const fold = yearlyVariation(points, 2014, 'shijiazhuang');
    // Pairs alone bound s from above only: no point estimate of s, but its posterior all the same (the half-normal prior
    // bounds it from below), each run drawing one of its 8 values; one σ shown: their median, between the 4th and 5th.
    expect(fold.registered.stationarySd).toBeUndefined();
    const s = fold.registered.posterior!;
    expect(s).toHaveLength(8);
    expect(s.every((x, i) => x > 0 && (i === 0 || x > s[i - 1]))).toBe(true);
    expect(fold.process.conversionSigmas).toEqual(s.map((x) => x * Math.sqrt(1 - 0.5 * 0.5)));
    expect(fold.process.conversionSigma).toBeCloseTo(((s[3] + s[4]) / 2) * Math.sqrt(0.75), 12);
    expect(fold.registered.series.map((x) => x.area)).toEqual(['weihai', 'dalian', 'liuzhou']);
    expect(fold.process.sigma).toBe(all.process.sigma); // Shijiazhuang has no three resident rates
  }, 300_000);
});

describe('withoutArea: per series area, the σ a run draws where the fit leaves that area\'s figures out', () => {
  it('the same values as a fit of the data with its rows removed; the urbanization pace\'s σ where no other series remains', async () => {
    const { withoutArea, yearlyVariation } = await import('../../src/analysis/fitDefaults.ts');
    const lumpy = unified('a', [2013, 41.47], [2014, 41.56], [2015, 44.65]);
    const pair = unified('b', [2013, 51.6], [2015, 56.02]);
    const points = observedPoints([...lumpy, ...pair]);
    const got = withoutArea(points, 7, yearlyVariation(points, 7).registered);
    expect(Object.keys(got)).toEqual(['a', 'b']);
    // Left out by the fit's option, or by removing the rows: the same series in the same order, the same draws.
    expect(got.a.sigmas).toEqual(yearlyVariation(observedPoints(pair), 7).process.conversionSigmas);
    expect(got.b.sigmas).toEqual(yearlyVariation(observedPoints(lumpy), 7).process.conversionSigmas);
    // And the profile that posterior came from, kept for the weighed answers' law on its grid.
    const pairOnly = yearlyVariation(observedPoints(pair), 7).registered.profile;
    expect(got.a.profile).toEqual({ s: pairOnly.map((x) => x.s), logLik: pairOnly.map((x) => x.logLik) });
    // Without b, a's three dates bound s from below: a larger σ than the pair alone allows at its lowest.
    expect(got.b.sigmas[0]).toBeGreaterThan(got.a.sigmas[0]);
    // One series only: without it, no conversion σ is fitted; the one value drawn is the urbanization pace's (no
    // resident rates here: processVariation's σ of no pairs).
    const alone = withoutArea(observedPoints(lumpy), 7, yearlyVariation(observedPoints(lumpy), 7).registered);
    expect(alone).toEqual({ a: { sigmas: [yearlyVariation([], 7).process.sigma] } });
  }, 120_000);
});

describe('pooledSeriesLikelihood: the areas\' paces pooled as N(μ, τ²), μ flat', () => {
  // Grid of c and μ, step 0.1; each area's likelihood a normal in c, so everything has a closed form:
  // ∫ N(c; m_a, v_a) N(c; μ, τ²) dc = N(μ; m_a, v_a + τ²), and ∫ N(μ; m_1, w_1) N(μ; m_2, w_2) dμ = N(m_1 − m_2; 0, w_1 + w_2).
  const grid = Array.from({ length: 201 }, (_, i) => -10 + i * 0.1);
  const normal = (x: number, v: number) => Math.exp(-0.5 * (x * x) / v) / Math.sqrt(2 * Math.PI * v);
  const area = (m: number, v: number) => grid.map((c) => normal(c - m, v));

  it('two areas at one τ: N(m₁ − m₂; 0, v₁ + v₂ + 2τ²) per step of μ', () => {
    const [m1, v1, m2, v2, tau] = [-4, 0.3, -3, 0.5, 0.7];
    const got = pooledSeriesLikelihood(grid, [{ tau, weight: 1 }])([area(m1, v1), area(m2, v2)]);
    expect((got * 0.1) / normal(m1 - m2, v1 + v2 + 2 * tau * tau)).toBeCloseTo(1, 4);
  });

  it('on a grid not symmetric about 0 (CENTERS\' −10…1): the same closed form', () => {
    // On −10…10 a kernel centred on −μ instead of μ sums to the same over μ; on −10…1 it does not.
    const g = Array.from({ length: 111 }, (_, i) => -10 + i * 0.1);
    const on = (m: number, v: number) => g.map((c) => normal(c - m, v));
    const [m1, v1, m2, v2, tau] = [-4, 0.3, -3, 0.5, 0.7];
    const got = pooledSeriesLikelihood(g, [{ tau, weight: 1 }])([on(m1, v1), on(m2, v2)]);
    expect((got * 0.1) / normal(m1 - m2, v1 + v2 + 2 * tau * tau)).toBeCloseTo(1, 4);
  });

  it('τ\'s values weighted by their prior weights; a τ below the grid\'s step keeps its mass on the nearest nodes', () => {
    const [m1, v1, m2, v2] = [-4, 0.3, -3, 0.5];
    const taus = [{ tau: 0.02, weight: 2 }, { tau: 1.2, weight: 0.5 }];
    const got = pooledSeriesLikelihood(grid, taus)([area(m1, v1), area(m2, v2)]);
    const want = 2 * normal(m1 - m2, v1 + v2 + 2 * 0.02 ** 2) + 0.5 * normal(m1 - m2, v1 + v2 + 2 * 1.2 ** 2);
    expect((got * 0.1) / want).toBeCloseTo(1, 3);
  });

  it('three areas: the product integrated over μ (by hand: completing the square)', () => {
    const ms = [-5, -4, -2.5];
    const vs = [0.2, 0.4, 0.3];
    const tau = 0.5;
    const w = vs.map((v) => v + tau * tau);
    // ∫ Π N(μ; m_a, w_a) dμ = Π (2π w_a)^(−1/2) · √(2π / Σ 1/w_a) · exp(−½ (Σ m_a²/w_a − (Σ m_a/w_a)² / Σ 1/w_a))
    const a = w.reduce((t, x) => t + 1 / x, 0);
    const b = ms.reduce((t, m, i) => t + m / w[i], 0);
    const c = ms.reduce((t, m, i) => t + (m * m) / w[i], 0);
    const want = w.reduce((t, x) => t / Math.sqrt(2 * Math.PI * x), 1) * Math.sqrt((2 * Math.PI) / a) * Math.exp(-0.5 * (c - (b * b) / a));
    const got = pooledSeriesLikelihood(grid, [{ tau, weight: 1 }])(ms.map((m, i) => area(m, vs[i])));
    expect((got * 0.1) / want).toBeCloseTo(1, 4);
  });
});
