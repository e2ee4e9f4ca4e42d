import { describe, expect, it } from 'vitest';
import { figureErrorProfile } from '../../src/analysis/figureErrorProfile.ts';
import type { PacePair } from '../../src/analysis/processVariation.ts';

/** A curvature with only what the profile reads: its log ratio, the AR(1) factor, the figures' variance at 0.4 points. */
const pair = (logRatio: number, factor: number, figureVariance: number): PacePair => ({
  area: 'a', years: [2010, 2013, 2015], gains: [0.01, 0.01], logRatio, factor, figureVariance, lines: [],
});

/** Roots of log x + 1/x − 1 = 1.642 (x = variance / d²): where a one-observation normal likelihood of its variance is 0.821 below its top. */
function roots(): [number, number] {
  const f = (x: number) => Math.log(x) + 1 / x - 1 - 1.642;
  const bisect = (lo: number, hi: number) => {
    for (let k = 0; k < 200; k++) {
      const mid = (lo + hi) / 2;
      if (Math.sign(f(mid)) === Math.sign(f(lo))) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  return [bisect(1e-3, 1), bisect(1, 1e3)];
}

describe('figureErrorProfile: the figures\' error and the pace\'s variation fitted together', () => {
  it('by hand: one curvature that only the pace moves, one that only the figures move', () => {
    // d_A = 0.1 with variance s² (factor 1, no figure error): ŝ = 0.1. d_B = 0.2 with variance e²·c, c = 0.16 / 0.004²
    // (its figureVariance is 0.16 at e = 0.4 points): ê = 0.2 / √10000 = 0.002. Each interval: s² / d² between the roots.
    const p = figureErrorProfile([pair(0.1, 1, 0), pair(0.2, 0, 0.16)]);
    const [lo, hi] = roots();
    expect(p.stationarySd.mle).toBeCloseTo(0.1, 3);
    expect(p.sampleRate.mle).toBeCloseTo(0.002, 4);
    expect(Math.abs(p.stationarySd.lower80 - 0.1 * Math.sqrt(lo))).toBeLessThanOrEqual(0.002);
    expect(Math.abs(p.stationarySd.upper80 - 0.1 * Math.sqrt(hi))).toBeLessThanOrEqual(0.002);
    expect(Math.abs(p.sampleRate.lower80 - 0.002 * Math.sqrt(lo))).toBeLessThanOrEqual(0.0001);
    expect(Math.abs(p.sampleRate.upper80 - 0.002 * Math.sqrt(hi))).toBeLessThanOrEqual(0.0001);
    // Two observations, two variances, both at their top: log L = −log(2π·0.01)/2 − 1/2 − log(2π·0.04)/2 − 1/2.
    expect(p.logLik).toBeCloseTo(-0.5 * Math.log(2 * Math.PI * 0.01) - 0.5 * Math.log(2 * Math.PI * 0.04) - 1, 6);
  });

  it('with a common mean: μ̂ the mean of the log ratios, ŝ² the mean squared deviation', () => {
    // −0.1, −0.3, −0.5: μ̂ = −0.3, ŝ² = (0.04 + 0 + 0.04) / 3, ŝ = 0.1633.
    const p = figureErrorProfile([pair(-0.1, 1, 0), pair(-0.3, 1, 0), pair(-0.5, 1, 0)], { withMean: true });
    expect(p.mean).toBeCloseTo(-0.3, 10);
    expect(Math.abs(p.stationarySd.mle - Math.sqrt(0.08 / 3))).toBeLessThanOrEqual(0.001);
  });

  it('refuses to fit nothing', () => {
    expect(() => figureErrorProfile([])).toThrow(/no three-date curvature/);
  });
});
