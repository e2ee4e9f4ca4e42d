import { quantileSorted } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { abcReject } from '../../src/analysis/abc.ts';
import { weightedQuantiles } from '../../src/analysis/weightedQuantiles.ts';
import { normalQuantile } from '../../src/montecarlo/normalQuantile.ts';
import { stream } from '../../src/montecarlo/rng.ts';

const THETA_STAR = [0.3, 0.6];
const NOISE_SD = 0.02;

/** θ ~ U(0,1)² for n runs, y = (θ1 + θ2, θ1 − θ2) + N(0, 0.02²) noise, all from named streams. */
function synthetic(n: number) {
  const u = stream(11, 'abc-test', 'prior');
  const e = stream(11, 'abc-test', 'noise');
  const prior = Float64Array.from({ length: n * 2 }, () => u());
  const simulated = new Float64Array(n * 2);
  for (let r = 0; r < n; r++) {
    const [a, b] = [prior[r * 2], prior[r * 2 + 1]];
    simulated[r * 2] = a + b + NOISE_SD * normalQuantile(e());
    simulated[r * 2 + 1] = a - b + NOISE_SD * normalQuantile(e());
  }
  // Observed without noise at θ*, so the truth is known exactly.
  const observed = Float64Array.of(THETA_STAR[0] + THETA_STAR[1], THETA_STAR[0] - THETA_STAR[1]);
  return { prior, simulated, observed };
}

describe('weightedQuantiles', () => {
  it('equals type 7 with equal weights', () => {
    const v = [3, 1, 4, 1, 5, 9, 2, 6];
    const sorted = [...v].sort((a, b) => a - b);
    const probs = [0, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1];
    const q = weightedQuantiles(v, v.map(() => 2), probs);
    probs.forEach((p, i) => expect(q[i]).toBeCloseTo(quantileSorted(sorted, p), 12));
  });

  it('centres a symmetric weighting and ignores zero weights (hand calculation)', () => {
    // Positions of [1, 2, 3] with weights [1, 2, 1]: (C − w/2 − ½) / (4 − 1) = 0, 0.5, 1.
    expect([...weightedQuantiles([1, 2, 3], [1, 2, 1], [0.5, 0.25])]).toEqual([2, 1.5]);
    expect([...weightedQuantiles([1, 2, 3, 100], [1, 2, 1, 0], [1])]).toEqual([3]);
    expect(weightedQuantiles([1], [0], [0.5])[0]).toBeNaN();
  });

  it('refuses values and weights of different lengths', () => {
    expect(() => weightedQuantiles([1, 2, 3], [1, 1], [0.5])).toThrow(new RangeError('3 values but 2 weights'));
  });

  it('gives the one value kept, beside weightless and NaN ones, at every probability', () => {
    // 7 weighs 0 and NaN is left out: 5 alone, at 0, between and at 1 (no neighbour to interpolate with).
    expect([...weightedQuantiles([5, 7, NaN], [1, 0, 1], [0, 0.3, 1])]).toEqual([5, 5, 5]);
  });

  it('gives the smallest and largest value exactly at p ≤ 0 and p ≥ 1, whatever the rounding of the positions', () => {
    // Sorted 0.1 (weight 0.1) and 0.7 (weight 0.2): positions 0 and (0.3 − 0.2/2 − 0.1/2) / (0.3 − 0.1/2 − 0.2/2) = 1
    // in exact arithmetic, but the two sides subtract in different orders and the last position rounds just below 1,
    // so p = 1 is not a point between two values. Beyond the ends, no extrapolation.
    expect([...weightedQuantiles([0.7, 0.1], [0.2, 0.1], [-0.5, 0, 1, 1.5])]).toEqual([0.1, 0.1, 0.7, 0.7]);
  });

  it('a p in the last ulp below 1, past a last position rounded below it, is the largest value, not NaN', () => {
    // The same sample: its last position is 1 − 2⁻⁵³·k for some k ≥ 1; p = 1 − 2⁻⁵³ lies between it and 1. In exact
    // arithmetic p is 2⁻⁵³ short of the largest value's position, so the answer is 0.7 − 2⁻⁵³·0.6 ≈ 0.7.
    const p = 1 - 2 ** -53;
    const [q] = weightedQuantiles([0.7, 0.1], [0.2, 0.1], [p]);
    expect(q).toBeCloseTo(0.7, 12);
  });
});

describe('abcReject', () => {
  const n = 20_000;
  const data = synthetic(n);

  it('keeps the closest runs in order and reports ε as the largest accepted distance', () => {
    const fit = abcReject({ ...data, acceptFraction: 0.01 });
    expect(fit.accepted.length).toBe(200);
    for (let a = 1; a < 200; a++) expect(fit.distances[a]).toBeGreaterThanOrEqual(fit.distances[a - 1]);
    expect(fit.epsilon).toBe(fit.distances[199]);
    // Every rejected run is at least ε away.
    const kept = new Set(fit.accepted);
    const scale = [0, 1].map((j) => {
      const col = Array.from({ length: n }, (_, r) => data.simulated[r * 2 + j]);
      const m = col.reduce((s, v) => s + v, 0) / n;
      return Math.sqrt(col.reduce((s, v) => s + (v - m) ** 2, 0) / (n - 1));
    });
    for (let r = 0; r < n; r += 97) {
      const d = Math.hypot((data.simulated[r * 2] - data.observed[0]) / scale[0], (data.simulated[r * 2 + 1] - data.observed[1]) / scale[1]);
      if (!kept.has(r)) expect(d).toBeGreaterThanOrEqual(fit.epsilon);
      else expect(d).toBeLessThanOrEqual(fit.epsilon);
    }
  });

  it('recovers θ* with a posterior much narrower than the prior (rejection)', () => {
    const fit = abcReject({ ...data, acceptFraction: 0.01 });
    const priorSd = Math.sqrt(1 / 12); // U(0, 1)
    for (let i = 0; i < 2; i++) {
      expect(fit.posterior.quantiles.p5[i]).toBeLessThanOrEqual(THETA_STAR[i]);
      expect(fit.posterior.quantiles.p95[i]).toBeGreaterThanOrEqual(THETA_STAR[i]);
      expect(Math.abs(fit.posterior.mean[i] - THETA_STAR[i])).toBeLessThan(0.03);
      expect(fit.posterior.sd[i]).toBeLessThan(priorSd / 4);
    }
    // Plain rejection: equal weights, values are the prior draws of the accepted runs.
    expect(fit.weights.every((w) => w === 1)).toBe(true);
    expect(fit.values[0]).toBe(data.prior[fit.accepted[0] * 2]);
  });

  it('regression adjustment tightens the posterior further and still covers θ*', () => {
    const plain = abcReject({ ...data, acceptFraction: 0.01 });
    const adjusted = abcReject({ ...data, acceptFraction: 0.01, regression: true });
    // Same runs; the farthest gets Epanechnikov weight 0.
    expect([...adjusted.accepted]).toEqual([...plain.accepted]);
    expect(adjusted.weights[199]).toBe(0);
    expect(adjusted.weights[0]).toBeCloseTo(1 - (adjusted.distances[0] / adjusted.epsilon) ** 2, 12);
    for (let i = 0; i < 2; i++) {
      expect(adjusted.posterior.sd[i]).toBeLessThan(plain.posterior.sd[i]);
      expect(adjusted.posterior.quantiles.p5[i]).toBeLessThanOrEqual(THETA_STAR[i]);
      expect(adjusted.posterior.quantiles.p95[i]).toBeGreaterThanOrEqual(THETA_STAR[i]);
      expect(Math.abs(adjusted.posterior.mean[i] - THETA_STAR[i])).toBeLessThan(0.02);
    }
  });

  it('regression adjustment is exact for a noise-free linear model', () => {
    // θ = (s1 + s2)/2, (s1 − s2)/2 exactly: the fitted correction maps every accepted θ onto θ*.
    const u = stream(12, 'abc-test', 'exact');
    const m = 500;
    const prior = Float64Array.from({ length: m * 2 }, () => u());
    const simulated = Float64Array.from({ length: m * 2 }, (_, i) => {
      const r = i >> 1;
      return i % 2 === 0 ? prior[r * 2] + prior[r * 2 + 1] : prior[r * 2] - prior[r * 2 + 1];
    });
    const fit = abcReject({ prior, simulated, observed: Float64Array.of(0.9, -0.3), acceptFraction: 0.1, regression: true });
    for (let a = 0; a < fit.accepted.length; a++) {
      expect(fit.values[a * 2]).toBeCloseTo(0.3, 10);
      expect(fit.values[a * 2 + 1]).toBeCloseTo(0.6, 10);
    }
  });

  it('leaves a parameter drawn from a choice among values as accepted, and adjusts the others', () => {
    // θ1 ~ U(0, 1), θ2 a year 2014, 2015 or 2016, y = θ1 + (θ2 − 2015) / 10 exactly, observed 0.5. The regression
    // would move θ2 between the years (both move y); flagged as a choice it keeps each accepted run's own year, while
    // θ1 is still corrected (the exact linear model puts it on 0.5 − (θ2 − 2015)/10 for the year kept).
    const u = stream(14, 'abc-test', 'choice');
    const n = 3000;
    const prior = new Float64Array(n * 2);
    for (let r = 0; r < n; r++) [prior[r * 2], prior[r * 2 + 1]] = [u(), 2014 + Math.min(2, Math.floor(u() * 3))];
    const simulated = Float64Array.from({ length: n }, (_, r) => prior[r * 2] + (prior[r * 2 + 1] - 2015) / 10);
    const options = { prior, simulated, observed: Float64Array.of(0.5), acceptFraction: 0.1, regression: true } as const;
    const plain = abcReject(options);
    // without the flag the correction leaves the years: some adjusted θ2 is no whole year
    expect(Array.from({ length: plain.accepted.length }, (_, a) => plain.values[a * 2 + 1]).some((v) => !Number.isInteger(v))).toBe(true);
    const fit = abcReject({ ...options, choice: [false, true] });
    expect(fit.adjustment?.map((x) => x.kept)).toEqual([undefined, true]);
    for (let a = 0; a < fit.accepted.length; a++) {
      const year = prior[fit.accepted[a] * 2 + 1];
      expect(fit.values[a * 2 + 1]).toBe(year);
      expect(fit.values[a * 2]).toBeCloseTo(0.5 - (year - 2015) / 10, 1);
    }
    expect(() => abcReject({ ...options, choice: [true] })).toThrow('choice: expected 2 flags');
  });

  it('skips the regression when a figure lies beyond every run, or when too few runs are accepted', () => {
    // θ ~ U(0, 1), y = θ exactly, observed 1.02: above every run. A linear correction (β = 1) would send every
    // accepted run to 1.02, outside the prior; the plain rejection sample is kept instead, with equal weights.
    const u = stream(13, 'abc-test', 'edge');
    const n = 2000;
    const prior = Float64Array.from({ length: n }, () => u());
    const off = abcReject({ prior, simulated: prior, observed: Float64Array.of(1.02), acceptFraction: 0.05, regression: true });
    expect(off.regressionSkipped).toBe('figure 1 of 1 lies outside every run, where the correction can only extrapolate');
    expect([...off.values]).toEqual(Array.from(off.accepted, (r) => prior[r]));
    expect(new Set(off.weights)).toEqual(new Set([1]));
    // 3 accepted runs for 1 figure: intercept, slope and a zero-weight farthest run leave nothing to estimate with
    const few = abcReject({ prior, simulated: prior, observed: Float64Array.of(0.5), acceptFraction: 3 / n, regression: true });
    expect(few.regressionSkipped).toMatch(/^3 accepted runs for 1 figures: the regression needs more runs than figures \+ 2/);
    // inside the runs' range and enough runs: adjusted as before
    expect(abcReject({ prior, simulated: prior, observed: Float64Array.of(0.5), acceptFraction: 0.05, regression: true }).regressionSkipped).toBeUndefined();
  });

  it('uses the given scale, never accepts a NaN distance and keeps at least one run', () => {
    // Runs 0..3 simulate 0, 1, NaN, 3 at one point; observed 2.6. With scale 0.5 distances are 5.2, 3.2, NaN, 0.8.
    const fit = abcReject({
      prior: Float64Array.of(10, 11, 12, 13),
      simulated: Float64Array.of(0, 1, NaN, 3),
      observed: Float64Array.of(2.6),
      scale: Float64Array.of(0.5),
      acceptFraction: 1,
    });
    expect([...fit.accepted]).toEqual([3, 1, 0]);
    expect(fit.distances[0]).toBeCloseTo(0.8, 12);
    expect(fit.distances[2]).toBeCloseTo(5.2, 12);
    expect(fit.posterior.mean[0]).toBeCloseTo(34 / 3, 12); // parameters of runs 3, 1, 0: (13 + 11 + 10) / 3
    const one = abcReject({ prior: Float64Array.of(10, 11, 12, 13), simulated: Float64Array.of(0, 1, 2, 3), observed: Float64Array.of(2.6), acceptFraction: 0.01 });
    expect([...one.accepted]).toEqual([3]);
    expect(one.posterior.sd[0]).toBe(0);
  });
});

describe('abcReject regression inside the prior support', () => {
  // θ1, θ2 ~ U(0, 1); y = θ + N(0, 0.05²) noise; observed at θ* = (0.02, 0.5): θ1's truth sits near the lower
  // bound, and the noise is wide against it, so an accepted run with θ1 ≈ 0 and positive noise
  // (s − s_obs > 0) is shifted by −β(s − s_obs) below 0 by the linear adjustment.
  const n = 20_000;
  const u = stream(13, 'abc-test', 'support');
  const e = stream(13, 'abc-test', 'support-noise');
  const prior = Float64Array.from({ length: n * 2 }, () => u());
  const simulated = Float64Array.from(prior, (t) => t + 0.05 * normalQuantile(e()));
  const observed = Float64Array.of(0.02, 0.5);
  const support = { lower: Float64Array.of(0, 0), upper: Float64Array.of(1, 1) };
  const column = (values: Float64Array, i: number) => Array.from({ length: values.length / 2 }, (_, a) => values[a * 2 + i]);

  it('a linear adjustment alone leaves [0, 1] here (the case is real)', () => {
    const linear = abcReject({ prior, simulated, observed, acceptFraction: 0.02, regression: true });
    expect(column(linear.values, 0).filter((v) => v < 0).length).toBeGreaterThan(20);
  });

  it('with the support, every adjusted value is inside it and the posterior still covers θ*', () => {
    const linear = abcReject({ prior, simulated, observed, acceptFraction: 0.02, regression: true });
    const fit = abcReject({ prior, simulated, observed, acceptFraction: 0.02, regression: true, support });
    for (const v of fit.values) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    const outside = column(linear.values, 0).filter((v) => v < 0 || v > 1).length;
    expect(fit.adjustment![0]).toMatchObject({ scale: 'logit', lower: 0, upper: 1, linearOutside: outside, shrunk: 0 });
    // θ2 is near the middle: its linear adjustment stays inside, and is kept as it is.
    expect(fit.adjustment![1]).toMatchObject({ scale: 'none', linearOutside: 0 });
    expect(column(fit.values, 1)).toEqual(column(linear.values, 1));
    expect(fit.posterior.quantiles.p5[0]).toBeLessThanOrEqual(0.02);
    expect(fit.posterior.quantiles.p95[0]).toBeGreaterThanOrEqual(0.02);
    expect(fit.posterior.quantiles.p5[1]).toBeLessThanOrEqual(0.5);
    expect(fit.posterior.quantiles.p95[1]).toBeGreaterThanOrEqual(0.5);
    // Still tighter than plain rejection: the adjustment removes the spread due to ε > 0.
    const plain = abcReject({ prior, simulated, observed, acceptFraction: 0.02 });
    expect(fit.posterior.sd[0]).toBeLessThan(plain.posterior.sd[0]);
  });
});
