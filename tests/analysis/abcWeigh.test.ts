import { describe, expect, it } from 'vitest';
import { effectiveSampleSize } from '../../src/analysis/abc.ts';
import { abcWeigh } from '../../src/analysis/abcWeigh.ts';

describe('abcWeigh: runs weighed by the figures\' observation errors', () => {
  it('weighs each run by exp(−d²/2) relative to the closest, lists them closest first, and reports the effective sample size', () => {
    // One parameter θ = run index; one figure observed at 1 with sd 0.5; runs simulate 0, 1, 2, 5.
    const fit = abcWeigh({ prior: Float64Array.of(0, 1, 2, 3), simulated: Float64Array.of(0, 1, 2, 5), observed: Float64Array.of(1), sd: Float64Array.of(0.5) });
    expect([...fit.accepted]).toEqual([1, 0, 2]); // distances 0, 2, 2 (and 8); a tie goes to the lower run
    expect([...fit.distances]).toEqual([0, 2, 2]);
    // exp(−2) ≈ 0.1353 for runs 0 and 2; run 3's exp(−32) ≈ 1.3e−14 is below 1e−12 of the largest and left out.
    expect(fit.weights[0]).toBe(1);
    expect(fit.weights[1]).toBeCloseTo(Math.exp(-2), 12);
    expect(fit.accepted.length).toBe(3);
    // Weighted mean of θ ∈ {1, 0, 2} with weights 1, e⁻², e⁻²: 1 by symmetry; ESS = (1 + 2e⁻²)² / (1 + 2e⁻⁴).
    expect(fit.posterior.mean[0]).toBeCloseTo(1, 12);
    const e2 = Math.exp(-2);
    expect(fit.ess).toBeCloseTo((1 + 2 * e2) ** 2 / (1 + 2 * e2 * e2), 12);
    expect(fit.kernel).toBe('observation');
  });

  it('does not collapse when the data are exactly one run\'s: its neighbours within the error keep weight', () => {
    const n = 1001;
    const theta = Float64Array.from({ length: n }, (_, i) => i / (n - 1)); // θ on [0, 1]
    const fit = abcWeigh({ prior: theta, simulated: theta, observed: Float64Array.of(0.5), sd: Float64Array.of(0.05) });
    // Posterior of θ given y = θ + N(0, 0.05²) under a flat prior: N(0.5, 0.05²), so sd 0.05 and about 0.05·√(2π)·1000 ≈ 125 effective runs.
    expect(fit.posterior.sd[0]).toBeCloseTo(0.05, 3);
    expect(fit.ess).toBeGreaterThan(100);
    expect(fit.ess).toBeLessThan(200);
  });

  it('leaves out runs with a NaN value, and needs an sd per figure', () => {
    const fit = abcWeigh({ prior: Float64Array.of(0, 1), simulated: Float64Array.of(NaN, 1), observed: Float64Array.of(1), sd: Float64Array.of(1) });
    expect([...fit.accepted]).toEqual([1]);
    expect(() => abcWeigh({ prior: Float64Array.of(0), simulated: Float64Array.of(1), observed: Float64Array.of(1), sd: Float64Array.of() })).toThrow(RangeError);
  });

  it('effective sample size: n for equal weights, 1 for a single one', () => {
    expect(effectiveSampleSize(Float64Array.of(2, 2, 2))).toBeCloseTo(3, 12);
    expect(effectiveSampleSize(Float64Array.of(0, 5, 0))).toBe(1);
  });
});
