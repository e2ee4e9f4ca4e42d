import { describe, expect, it } from 'vitest';
import { mean, sampleVariance } from 'simple-statistics';
import { moments, quantile } from '../../src/montecarlo/distributions.ts';
import { normalQuantile } from '../../src/montecarlo/normalQuantile.ts';
import { betaQuantile, regularizedBeta } from '../../src/montecarlo/betaQuantile.ts';
import { permutation, stream } from '../../src/montecarlo/rng.ts';
import type { DistSpec } from '../../src/scenario/resolved.ts';

const N = 40_000;
const draws = (spec: DistSpec, seed = 1): number[] => {
  const u = stream(seed, 0, 'test');
  return Array.from({ length: N }, () => quantile(spec, u()));
};

describe('distributions: sample mean and variance match theory', () => {
  const cases: DistSpec[] = [
    { dist: 'normal', mean: 0.05, sd: 0.01 },
    { dist: 'lognormal', median: 200_000, sigma: 0.25 },
    { dist: 'uniform', min: 0.04, max: 0.08 },
    { dist: 'triangular', min: 1, mode: 2, max: 5 },
    { dist: 'beta', alpha: 2, beta: 5, min: 0, max: 1 },
    { dist: 'beta', alpha: 0.7, beta: 0.9, min: 10, max: 20 },
    { dist: 'choice', values: [100, 130], weights: [3, 1] },
  ];
  it.each(cases)('%o', (spec) => {
    const x = draws(spec);
    const th = moments(spec);
    const sd = Math.sqrt(th.variance);
    // Standard error of the mean is sd/√N ≈ 0.005 sd: allow 5 standard errors.
    expect(Math.abs(mean(x) - th.mean)).toBeLessThan((5 * sd) / Math.sqrt(N));
    // Variance to within 5 %.
    expect(sampleVariance(x) / th.variance).toBeGreaterThan(0.95);
    expect(sampleVariance(x) / th.variance).toBeLessThan(1.05);
  });

  it('truncated normal stays inside its bounds and keeps its draws there', () => {
    const x = draws({ dist: 'normal', mean: 0.02, sd: 0.02, lower: 0, upper: 1 });
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    // Half-normal-ish: mean of N(0.02, 0.02) truncated at 0 is 0.02 + 0.02·φ(1)/Φ(1) = 0.02576 (hand calculation).
    expect(mean(x)).toBeCloseTo(0.02576, 3);
  });
});

describe('quantile building blocks', () => {
  it('normal quantile matches tabulated values', () => {
    // Standard normal table: z(0.975) = 1.959964, z(0.95) = 1.644854, z(0.001) = −3.090232.
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644854, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 6);
  });
  it('normal quantile at and beyond 0 and 1: −∞ and +∞ (the tail formula would take the log of 0 or of a negative)', () => {
    expect([0, -0.1, 1, 1.1].map(normalQuantile)).toEqual([-Infinity, -Infinity, Infinity, Infinity]);
  });
  it('beta distribution function and quantile agree with closed forms', () => {
    // Beta(2, 2): F(x) = 3x² − 2x³, so F(0.3) = 0.216. Beta(1, 3): F(x) = 1 − (1 − x)³.
    expect(regularizedBeta(0.3, 2, 2)).toBeCloseTo(0.216, 12);
    expect(betaQuantile(0.216, 2, 2)).toBeCloseTo(0.3, 9);
    expect(betaQuantile(1 - 0.7 ** 3, 1, 3)).toBeCloseTo(0.3, 9);
  });
  it('logit-normal: median at 0.5, and logit of the 97.5 % quantile is logit(median) + 1.959964 sigma', () => {
    expect(quantile({ dist: 'logitnormal', median: 0.2, sigma: 0.5 }, 0.5)).toBeCloseTo(0.2, 12);
    // logit(0.2) = ln(0.25) = −1.386294; + 0.5 × 1.959964 = −0.406312; 1 / (1 + e^0.406312) = 0.399796.
    expect(quantile({ dist: 'logitnormal', median: 0.2, sigma: 0.5 }, 0.975)).toBeCloseTo(0.399796, 5);
  });
  it('triangular quantile at the mode probability is the mode', () => {
    expect(quantile({ dist: 'triangular', min: 0, mode: 1, max: 4 }, 0.25)).toBeCloseTo(1, 12);
  });
});

describe('random streams', () => {
  it('are named by (seed, run, purpose) alone', () => {
    const a = stream(42, 3, 'param:inflow');
    const b = stream(42, 3, 'param:inflow');
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    expect(stream(43, 3, 'param:inflow')()).not.toBe(stream(42, 3, 'param:inflow')());
    expect(stream(42, 4, 'param:inflow')()).not.toBe(stream(42, 3, 'param:inflow')());
  });
  it('permutations hold every index once', () => {
    const p = permutation(1000, stream(1, 'lhs', 'x'));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});
