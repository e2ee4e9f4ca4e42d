import { sampleCorrelation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { averageRanks } from '../../src/analysis/averageRanks.ts';
import { leastSquares } from '../../src/analysis/leastSquares.ts';
import { prcc } from '../../src/analysis/prcc.ts';
import { stream } from '../../src/montecarlo/rng.ts';

/** n × k uniform inputs from a named stream, and y = g(row) for each row. */
function sample(n: number, k: number, seed: number, g: (x: Float64Array) => number): { X: Float64Array; y: Float64Array } {
  const u = stream(seed, 'prcc-test', 'inputs');
  const X = Float64Array.from({ length: n * k }, () => u());
  const y = Float64Array.from({ length: n }, (_, s) => g(X.subarray(s * k, (s + 1) * k)));
  return { X, y };
}

describe('averageRanks', () => {
  it('gives tied values the mean of the ranks they span (hand ranking)', () => {
    expect([...averageRanks([10, 30, 20, 20])]).toEqual([1, 4, 2.5, 2.5]);
    expect([...averageRanks([5, 5, 5])]).toEqual([2, 2, 2]);
    expect([...averageRanks([3, 1, 2])]).toEqual([3, 1, 2]);
  });
});

describe('leastSquares', () => {
  it('recovers an exact linear relation with its intercept', () => {
    const x1 = Float64Array.of(0, 1, 2, 3, 4);
    const x2 = Float64Array.of(1, 0, 1, 0, 2);
    const y = Float64Array.from(x1, (v, i) => 1 + 2 * v - 3 * x2[i]);
    const fit = leastSquares([x1, x2], y);
    expect(fit.coefficients[0]).toBeCloseTo(1, 10);
    expect(fit.coefficients[1]).toBeCloseTo(2, 10);
    expect(fit.coefficients[2]).toBeCloseTo(-3, 10);
    for (const r of fit.residuals) expect(Math.abs(r)).toBeLessThan(1e-10);
  });

  it('matches the closed-form simple regression slope Sxy/Sxx', () => {
    // x = 1..4, y = [2, 3, 5, 4]: x̄ = 2.5, ȳ = 3.5, Sxy = 4, Sxx = 5 → slope 0.8, intercept 1.5.
    const fit = leastSquares([Float64Array.of(1, 2, 3, 4)], Float64Array.of(2, 3, 5, 4));
    expect(fit.coefficients[1]).toBeCloseTo(0.8, 12);
    expect(fit.coefficients[0]).toBeCloseTo(1.5, 12);
  });

  it('drops a collinear column instead of failing, with the same fitted values', () => {
    const x = Float64Array.of(0, 1, 2, 3);
    const twice = Float64Array.from(x, (v) => 2 * v);
    const y = Float64Array.of(1, 2, 2, 4);
    const alone = leastSquares([x], y);
    const both = leastSquares([x, twice], y);
    expect(both.coefficients[2]).toBe(0);
    for (let i = 0; i < 4; i++) expect(both.residuals[i]).toBeCloseTo(alone.residuals[i], 12);
  });

  it('with weights 1 and 0 fits only the weighted rows', () => {
    // Rows 0..2 lie on y = 1 + x; row 3 is an outlier with weight 0.
    const fit = leastSquares([Float64Array.of(0, 1, 2, 3)], Float64Array.of(1, 2, 3, 100), Float64Array.of(1, 1, 1, 0));
    expect(fit.coefficients[0]).toBeCloseTo(1, 10);
    expect(fit.coefficients[1]).toBeCloseTo(1, 10);
    expect(fit.residuals[3]).toBeCloseTo(96, 10);
  });
});

describe('prcc', () => {
  it('matches the closed-form partial correlation of a 5-sample example', () => {
    // Ranks are the values. Spearman: r12 = 1 − 6·4/120 = 0.8, ry1 = 0.8, ry2 = 1 − 6·14/120 = 0.3.
    // r_y1·2 = (0.8 − 0.3·0.8) / √((1 − 0.09)(1 − 0.64)) = 0.56 / √0.3276 = 0.97840;
    // r_y2·1 = (0.3 − 0.8·0.8) / √((1 − 0.64)(1 − 0.64)) = −0.34 / 0.36 = −17/18.
    const X = Float64Array.of(1, 2, 2, 1, 3, 4, 4, 3, 5, 5);
    const p = prcc(X, 2, Float64Array.of(1, 3, 2, 5, 4));
    expect(p[0]).toBeCloseTo(0.56 / Math.sqrt(0.3276), 12);
    expect(p[1]).toBeCloseTo(-17 / 18, 12);
  });

  it('orders a strong, a weak and a tiny linear effect and gets their signs', () => {
    const { X, y } = sample(500, 3, 1, (x) => 10 * x[0] - x[1] + 0.01 * x[2]);
    const p = prcc(X, 3, y);
    expect(p[0]).toBeGreaterThan(0);
    expect(p[1]).toBeLessThan(0);
    expect(p[2]).toBeGreaterThan(0);
    expect(Math.abs(p[0])).toBeGreaterThan(Math.abs(p[1]));
    expect(Math.abs(p[1])).toBeGreaterThan(Math.abs(p[2]));
    // What the ranks of x1 and x2 leave unexplained in the rank of y is mostly the curvature
    // of the rank transform, not x3: its coefficient stays far below the others (measured 0.08).
    expect(Math.abs(p[2])).toBeLessThan(0.3);
  });

  it('gives exactly ±1 when the output is a monotone function of one input', () => {
    const { X, y } = sample(200, 2, 2, (x) => -Math.exp(3 * x[0]));
    const p = prcc(X, 2, y);
    expect(p[0]).toBeCloseTo(-1, 12);
    // The other input adds nothing once the first is known.
    expect(p[1]).toBe(0);
  });

  it('is close to ±1 for a noise-free monotone two-input function, and blind to monotone transforms', () => {
    const { X, y } = sample(500, 2, 3, (x) => Math.exp(x[0]) - x[1] ** 3);
    const p = prcc(X, 2, y);
    // Not exactly ±1: the rank of a sum is not the sum of ranks. Measured 0.97 and −0.89 for this sample.
    expect(p[0]).toBeGreaterThan(0.9);
    expect(p[1]).toBeLessThan(-0.85);
    // Ranks are unchanged by any increasing transform of the output or an input.
    const y2 = Float64Array.from(y, (v) => Math.atan(v) ** 3);
    const X2 = Float64Array.from(X, (v, i) => (i % 2 === 0 ? Math.log(v) : v));
    const q = prcc(X2, 2, y2);
    expect(q[0]).toBe(p[0]);
    expect(q[1]).toBe(p[1]);
  });

  it('with one input is Spearman correlation', () => {
    const { X, y } = sample(100, 1, 4, (x) => Math.sin(6 * x[0]));
    const spearman = sampleCorrelation([...averageRanks(X)], [...averageRanks(y)]);
    expect(prcc(X, 1, y)[0]).toBeCloseTo(spearman, 12);
  });

  it('gives NaN to an input that copies another', () => {
    const u = stream(5, 'prcc-test', 'copy');
    const n = 50;
    const X = new Float64Array(n * 2);
    for (let s = 0; s < n; s++) X[s * 2] = X[s * 2 + 1] = u();
    const y = Float64Array.from({ length: n }, (_, s) => X[s * 2] + u());
    const p = prcc(X, 2, y);
    expect(p[0]).toBeNaN();
    expect(p[1]).toBeNaN();
  });
});
