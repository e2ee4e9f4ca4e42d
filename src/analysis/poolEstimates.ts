/** One area's estimate of a quantity and its standard error. */
export interface AreaEstimate {
  readonly area: string;
  readonly estimate: number;
  readonly se: number;
}

export interface Pooled {
  /** Mean of the law of a new area's value. */
  readonly mean: number;
  /** sd of a new area's value: between-area spread, the pooled mean's uncertainty and τ's, together. */
  readonly predictiveSd: number;
  /** Posterior mean of the between-area sd τ. */
  readonly tau: number;
  /** Posterior sd of the pooled mean. */
  readonly se: number;
  readonly k: number;
}

const GRID = 600;

/**
 * Pool per-area estimates into the law of a new area's value: the normal
 * hierarchical model y_i ~ N(θ_i, s_i²), θ_i ~ N(μ, τ²), with a flat prior on
 * μ and a half-normal prior of scale `tauScale` on τ (Gelman 2006, Bayesian
 * Analysis 1:515: with few areas the between-area sd must be given a weakly
 * informative prior, or its estimate collapses to 0 whenever one precise area
 * drowns the others). τ is integrated on a grid: given τ, μ has the normal
 * posterior N(μ̂_τ, V_τ) with V_τ = 1/Σ 1/(s_i² + τ²), and τ's posterior is
 * ∝ p(τ) · √V_τ · Π (s_i² + τ²)^−½ · exp(−½ Σ (y_i − μ̂_τ)²/(s_i² + τ²)).
 * A new area's value is then the mixture over τ of N(μ̂_τ, V_τ + τ²): its mean
 * E[μ̂_τ] and sd √(E[V_τ + τ²] + var(μ̂_τ)) are returned.
 *
 * @example
 * pool([{ area: 'a', estimate: 0, se: 1 }, { area: 'b', estimate: 2, se: 1 }, { area: 'c', estimate: 4, se: 1 }], 2);
 * // mean 2, predictiveSd ≈ 2.6
 */
export function pool(estimates: readonly AreaEstimate[], tauScale: number): Pooled {
  const k = estimates.length;
  if (k === 0) throw new RangeError('pooling needs at least one area');
  const top = 5 * tauScale;
  const logPost = new Float64Array(GRID);
  const means = new Float64Array(GRID);
  const vars = new Float64Array(GRID);
  const taus = new Float64Array(GRID);
  for (let g = 0; g < GRID; g++) {
    const tau = (top * (g + 0.5)) / GRID;
    let sw = 0;
    let swy = 0;
    let logDet = 0;
    for (const e of estimates) {
      const v = e.se * e.se + tau * tau;
      sw += 1 / v;
      swy += e.estimate / v;
      logDet += Math.log(v);
    }
    const mu = swy / sw;
    let q = 0;
    for (const e of estimates) q += (e.estimate - mu) ** 2 / (e.se * e.se + tau * tau);
    taus[g] = tau;
    means[g] = mu;
    vars[g] = 1 / sw;
    logPost[g] = -0.5 * (tau / tauScale) ** 2 - 0.5 * Math.log(sw) - 0.5 * logDet - 0.5 * q;
  }
  const peak = Math.max(...logPost);
  let total = 0;
  const w = Float64Array.from(logPost, (l) => {
    const x = Math.exp(l - peak);
    total += x;
    return x;
  });
  let mean = 0;
  let tauMean = 0;
  for (let g = 0; g < GRID; g++) {
    mean += (w[g] * means[g]) / total;
    tauMean += (w[g] * taus[g]) / total;
  }
  let within = 0;
  let between = 0;
  let muVar = 0;
  for (let g = 0; g < GRID; g++) {
    within += (w[g] * (vars[g] + taus[g] ** 2)) / total;
    between += (w[g] * (means[g] - mean) ** 2) / total;
    muVar += (w[g] * vars[g]) / total;
  }
  return { mean, predictiveSd: Math.sqrt(within + between), tau: tauMean, se: Math.sqrt(muVar + between), k };
}
