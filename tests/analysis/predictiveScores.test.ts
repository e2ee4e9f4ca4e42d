import { describe, expect, it } from 'vitest';
import { crps, intervalScore, pit } from '../../src/analysis/predictiveScores.ts';

describe('predictive scores', () => {
  it('CRPS of small samples by hand: E|X − y| − ½E|X − X′|', () => {
    // {0, 1} at y = 0: E|X − y| = 0.5; pairs |0−0|,|0−1|,|1−0|,|1−1| average 0.5, half is 0.25.
    expect(crps([0, 1], undefined, 0)).toBeCloseTo(0.25, 12);
    // A point forecast scores its absolute error.
    expect(crps([3, 3, 3], undefined, 1)).toBeCloseTo(2, 12);
    // {0, 10} weighted 3:1 at y = 4: E|X − 4| = 0.75·4 + 0.25·6 = 4.5; E|X − X′| = 2·0.75·0.25·10 = 3.75; 4.5 − 1.875.
    expect(crps([10, 0], [1, 3], 4)).toBeCloseTo(2.625, 12);
  });

  it('CRPS of a large normal sample approaches the closed form σ(z(2Φ(z) − 1) + 2φ(z) − 1/√π)', () => {
    // N(0, 1) at y = 1: 1·(2·0.841345 − 1) + 2·0.241971 − 0.564190 = 0.602460.
    // A fine grid on [−8, 8] weighted by the normal density stands for the distribution.
    const n = 20001;
    const zs = Array.from({ length: n }, (_, i) => -8 + (16 * i) / (n - 1));
    const dens = zs.map((x) => Math.exp((-x * x) / 2));
    expect(crps(zs, dens, 1)).toBeCloseTo(0.60246, 3);
  });

  it('PIT: share below, ties half', () => {
    expect(pit([1, 2, 3, 4], undefined, 2.5)).toBe(0.5);
    expect(pit([1, 2, 3, 4], undefined, 2)).toBe(0.375);
    expect(pit([1, 2], [3, 1], 1.5)).toBe(0.75);
    expect(pit([NaN, 1], undefined, 2)).toBe(1);
  });

  it('interval score: width, plus 2/α times the miss', () => {
    expect(intervalScore(1, 9, 5, 0.2)).toBe(8);
    expect(intervalScore(1, 9, 10, 0.2)).toBeCloseTo(18, 12);
    expect(intervalScore(1, 9, 0, 0.5)).toBe(12);
  });

  it('leaves out negative and zero weights and NaN values; no value left or no observation: NaN', () => {
    expect(crps([0, 1, 5], [1, 1, -1], 0)).toBeCloseTo(0.25, 12); // as {0, 1}
    expect(crps([0, 1, 5, 9], [1, 1, 0, -2], 0)).toBeCloseTo(0.25, 12);
    expect(pit([0, 1, 5], [1, 1, -1], 3)).toBe(1);
    expect(crps([], undefined, 1)).toBeNaN();
    expect(crps([NaN, NaN], undefined, 1)).toBeNaN();
    expect(crps([1, 2], [0, -1], 1)).toBeNaN();
    expect(crps([1, 2], undefined, NaN)).toBeNaN();
    expect(pit([], undefined, 1)).toBeNaN();
    expect(pit([NaN], undefined, 1)).toBeNaN();
    expect(pit([1, 2], undefined, NaN)).toBeNaN();
  });

  it('CRPS of an evenly spread quantile sample of N(μ, σ) against the closed form σ(z(2Φ(z) − 1) + 2φ(z) − 1/√π)', () => {
    // N(10, 2) at y = 7, z = −1.5: Φ(−1.5) = 0.0668072, φ(1.5) = 0.1295176; 2 × (1.5 × 0.8663856 + 0.2590352 − 0.5641896) = 1.9888478.
    // The sample: the distribution's quantiles at (i + ½)/n, by bisection of Φ written out with erf's series.
    const erf = (x: number) => {
      let sum = 0;
      let term = x;
      for (let k = 0; k < 200; k++) {
        sum += term / (2 * k + 1);
        term *= (-x * x) / (k + 1);
      }
      return (2 / Math.sqrt(Math.PI)) * sum;
    };
    const Phi = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
    const quantile = (p: number) => {
      let lo = -8;
      let hi = 8;
      for (let k = 0; k < 60; k++) {
        const mid = (lo + hi) / 2;
        if (Phi(mid) < p) lo = mid;
        else hi = mid;
      }
      return (lo + hi) / 2;
    };
    const n = 4000;
    const sample = Array.from({ length: n }, (_, i) => 10 + 2 * quantile((i + 0.5) / n));
    expect(crps(sample, undefined, 7)).toBeCloseTo(1.98885, 3);
  });
});

