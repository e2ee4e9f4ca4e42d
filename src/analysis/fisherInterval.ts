import { normalQuantile } from '../montecarlo/normalQuantile.ts';

/**
 * Approximate confidence interval of a (partial) correlation r from n
 * samples with `controlled` variables partialled out, by Fisher's z
 * transform: atanh(r) is nearly normal with standard error
 * 1 / √(n − 3 − controlled). For rank correlations it is an approximation
 * (slightly narrow for large |r|), good enough to tell an input that matters
 * from noise. NaN when n is too small or r is NaN.
 *
 * @example
 * fisherInterval(0.5, 103, 0); // { lower: 0.339, upper: 0.632 } (se = 1/√100 = 0.1)
 */
export function fisherInterval(r: number, n: number, controlled: number, level = 0.95): { lower: number; upper: number } {
  const dof = n - 3 - controlled;
  if (!(dof > 0) || Number.isNaN(r)) return { lower: NaN, upper: NaN };
  if (Math.abs(r) >= 1) return { lower: r, upper: r };
  const half = normalQuantile(1 - (1 - level) / 2) / Math.sqrt(dof);
  const z = Math.atanh(r);
  return { lower: Math.tanh(z - half), upper: Math.tanh(z + half) };
}
