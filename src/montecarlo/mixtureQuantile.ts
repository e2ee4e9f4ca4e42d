import { normalCdf, normalQuantile } from './normalQuantile.ts';

/**
 * The quantile at probability u ∈ (0, 1) of a mixture of normals (component j: weight `weights[j]`, summing to 1,
 * centre `centers[j]`, sd `sds[j]`): the one component's in closed form, else by bisection of the mixture's
 * distribution function Σ_j w_j Φ((x − c_j)/s_j) between the smallest and largest of the components' own quantiles
 * at u (the mixture's lies between them), to 1e-12 of that bracket.
 *
 * @example
 * mixtureQuantile([0.5, 0.5], [-1, 1], [1, 1], 0.5); // 0
 */
export function mixtureQuantile(weights: readonly number[], centers: readonly number[], sds: readonly number[], u: number): number {
  const z = normalQuantile(u);
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < centers.length; j++) {
    const x = centers[j] + sds[j] * z;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (centers.length === 1 || !(hi > lo)) return lo;
  const tol = 1e-12 * Math.max(1, hi - lo);
  for (let i = 0; i < 200 && hi - lo > tol; i++) {
    const mid = 0.5 * (lo + hi);
    let f = 0;
    for (let j = 0; j < centers.length; j++) f += weights[j] * normalCdf((mid - centers[j]) / sds[j]);
    if (f < u) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
