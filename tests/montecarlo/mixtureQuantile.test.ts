import { describe, expect, it } from 'vitest';
import { mixtureQuantile } from '../../src/montecarlo/mixtureQuantile.ts';

/** The standard normal's 97.5 % quantile. */
const Z975 = 1.959963984540054;

describe('mixtureQuantile: the quantile of a mixture of normals', () => {
  it('components far apart: each holds its own weight, so a quantile inside one is that component\'s (hand calculation)', () => {
    // 0.25·N(0, 1) + 0.75·N(100, 1): below 50 the second adds 0.75·Φ(−50) ≈ 0, above 50 the first adds 0.25 exactly.
    // Φ is simple-statistics' erf (error < 1.2e-7), which the bisection inverts: about 1e-6 near a centre here.
    const q = (u: number) => mixtureQuantile([0.25, 0.75], [0, 100], [1, 1], u);
    expect(q(0.125)).toBeCloseTo(0, 5); // 0.25·Φ(x) = 0.125: Φ(x) = ½
    expect(q(0.25 * 0.975)).toBeCloseTo(Z975, 5); // Φ(x) = 0.975
    expect(q(0.25 + 0.75 * 0.5)).toBeCloseTo(100, 5); // 0.25 + 0.75·Φ(x − 100) = 0.625
    expect(q(0.25 + 0.75 * 0.025)).toBeCloseTo(100 - Z975, 5);
  });

  it('a symmetric mixture: the median is the centre, to 1e-12 of the components\' bracket, far from 0 too', () => {
    // Φ(−z) = 1 − Φ(z), so the distribution function is ½ at the centre whatever erf's error.
    expect(mixtureQuantile([0.5, 0.5], [-1, 1], [1, 1], 0.5)).toBeCloseTo(0, 11);
    // The bracket is the components' medians, 2 wide: the median found to about 2e-12 of 10⁶, not to 1e-12 of the
    // values' size (10⁻⁶).
    expect(mixtureQuantile([0.5, 0.5], [1e6 - 1, 1e6 + 1], [1, 1], 0.5)).toBeCloseTo(1e6, 8);
  });

  it('one component: its own quantile, c + s·z', () => {
    expect(mixtureQuantile([1], [3], [2], 0.975)).toBeCloseTo(3 + 2 * Z975, 8);
  });
});
