import { describe, expect, it } from 'vitest';
import { betaQuantile, lnGamma, regularizedBeta } from '../../src/montecarlo/betaQuantile.ts';

/** ln n!, summed: ln 1 + ln 2 + … + ln n. */
const lnFactorial = (n: number): number => {
  let s = 0;
  for (let k = 2; k <= n; k++) s += Math.log(k);
  return s;
};

/**
 * I_x(a, b) for whole a, b, written out: the chance of at least a successes in a + b − 1 trials of chance x,
 * Σ_{j=a}^{n} C(n, j) x^j (1 − x)^{n−j}, n = a + b − 1 (each term from its logarithm, so n of some hundreds does not
 * overflow).
 */
function binomialTail(x: number, a: number, b: number): number {
  const n = a + b - 1;
  let s = 0;
  for (let j = a; j <= n; j++) s += Math.exp(lnFactorial(n) - lnFactorial(j) - lnFactorial(n - j) + j * Math.log(x) + (n - j) * Math.log(1 - x));
  return s;
}

/** |got − want| within `tol` (toBeCloseTo's digits are absolute, 5e-(d+1); this says the tolerance itself). */
const near = (got: number, want: number, tol: number) => expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThan(tol);

describe('lnGamma: ln |Γ(x)|, the Lanczos sum above 1/2 and the reflection Γ(x)Γ(1 − x) = π / sin(πx) below', () => {
  it('whole numbers: ln (n − 1)!, and ln Γ(1) = ln Γ(2) = 0', () => {
    for (const n of [1, 2, 3, 5, 10, 30, 100]) near(lnGamma(n), lnFactorial(n - 1), 1e-12 * Math.max(1, lnFactorial(n - 1)));
  });
  it('halves: Γ(1/2) = √π, Γ(3/2) = √π / 2, Γ(−1/2) = −2√π (its logarithm of the absolute value)', () => {
    near(lnGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14);
    near(lnGamma(1.5), 0.5 * Math.log(Math.PI) - Math.log(2), 1e-14);
    near(lnGamma(-0.5), Math.log(2) + 0.5 * Math.log(Math.PI), 1e-14);
  });
  it('below 1/2 by reflection: Γ(1/4) = 3.6256099082219083 (tabulated), Γ(0.3) from Γ(1.3) = 0.3 Γ(0.3)', () => {
    near(lnGamma(0.25), Math.log(3.6256099082219083), 1e-14);
    // Γ(1.3) = 0.897470696306277 (tabulated); Γ(0.3) = Γ(1.3) / 0.3.
    near(lnGamma(0.3), Math.log(0.897470696306277 / 0.3), 1e-13);
  });
});

describe('regularizedBeta: I_x(a, b) against closed forms, on both sides of the switch at x = (a + 1)/(a + b + 2)', () => {
  it('outside (0, 1): 0 below, 1 above (the logarithms would give NaN)', () => {
    expect([regularizedBeta(0, 2, 3), regularizedBeta(-0.1, 2, 3), regularizedBeta(1, 2, 3), regularizedBeta(1.2, 2, 3)]).toEqual([0, 0, 1, 1]);
  });
  it('Beta(1, 1) is uniform, Beta(0.3, 1) is x^0.3, Beta(1, 0.3) is 1 − (1 − x)^0.3', () => {
    near(regularizedBeta(0.7, 1, 1), 0.7, 1e-14);
    near(regularizedBeta(0.2, 1, 1), 0.2, 1e-14);
    for (const x of [0.05, 0.2, 0.9]) {
      near(regularizedBeta(x, 0.3, 1), x ** 0.3, 1e-13);
      near(regularizedBeta(x, 1, 0.3), 1 - (1 - x) ** 0.3, 1e-13);
    }
  });
  it('Beta(1/2, 1/2), the arcsine law: (2/π) asin √x', () => {
    for (const x of [0.01, 0.1, 0.5, 0.9, 0.99]) near(regularizedBeta(x, 0.5, 0.5), (2 / Math.PI) * Math.asin(Math.sqrt(x)), 1e-13);
  });
  it('whole a, b: the binomial tail, from Beta(5, 3) (switch at 0.6) to Beta(200, 300) (switch at 0.4004)', () => {
    for (const [a, b, xs] of [
      [5, 3, [0.1, 0.4, 0.59, 0.61, 0.8, 0.97]],
      [3, 5, [0.05, 0.3, 0.7]],
      [40, 60, [0.3, 0.38, 0.42, 0.5]],
      [200, 300, [0.36, 0.39, 0.41, 0.44]],
    ] as const)
      for (const x of xs) near(regularizedBeta(x, a, b), binomialTail(x, a, b), 1e-11);
  });
});

describe('betaQuantile: the inverse of I_x(a, b), by bisection', () => {
  it('at and beyond 0 and 1: exactly 0 and 1', () => {
    expect([0, -0.1, 1, 1.2].map((p) => betaQuantile(p, 2, 3))).toEqual([0, 0, 1, 1]);
  });
  it('closed forms: uniform p; Beta(3, 1) p^(1/3); Beta(1, 4) 1 − (1 − p)^(1/4); arcsine sin²(πp/2)', () => {
    for (const p of [0.001, 0.3, 0.7, 0.999]) {
      near(betaQuantile(p, 1, 1), p, 1e-13);
      near(betaQuantile(p, 3, 1), p ** (1 / 3), 1e-13);
      near(betaQuantile(p, 1, 4), 1 - (1 - p) ** (1 / 4), 1e-13);
      near(betaQuantile(p, 0.5, 0.5), Math.sin((Math.PI * p) / 2) ** 2, 1e-13);
    }
  });
  it('Beta(40, 60) and Beta(200, 300): the quantile found gives back p through the binomial tail', () => {
    for (const [a, b] of [
      [40, 60],
      [200, 300],
    ] as const)
      for (const p of [0.05, 0.5, 0.95]) near(binomialTail(betaQuantile(p, a, b), a, b), p, 1e-10);
  });
});
