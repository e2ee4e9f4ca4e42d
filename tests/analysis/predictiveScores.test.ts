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
});
