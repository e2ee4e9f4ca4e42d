/**
 * One area's likelihood of one pace, as an importance sample summed onto a grid: the runs' weights as samples of
 * the likelihood itself (no prior on this pace), linearly binned and normalised to sum 1. Only its shape matters:
 * an area's likelihood is known up to a constant, which cancels in everything done with it.
 */
export interface PaceLikelihood {
  /** Grid point b is at `lo + b × step` on the pace's scale. */
  readonly lo: number;
  readonly step: number;
  readonly weights: Float64Array;
}

/** The grid a pace is pooled on: its reference prior's centre ± 6 sd in 400 steps. */
export interface PaceGrid {
  readonly center: number;
  readonly sd: number;
}

const BINS = 401;
const HALF_WIDTH = 6;
const TAUS = 240;

/**
 * Sum an area's weighted runs of a pace onto the pace's grid (linear binning: a run between two grid points is
 * split between them by distance). `logWeight[r]` is run r's log weight as a sample of the likelihood — the
 * figures' likelihood of the run times the density the other paces are meant to have over the proposal's density
 * (fitArea) — so Σ weights · f(z) ≈ ∫ L(z) f(z) dz up to a constant. Runs outside the grid (beyond 6 reference sds)
 * or of weight 0 are left out; undefined when none is left.
 *
 * @example
 * binLikelihood(z, logWeight, { center: -3.9, sd: 1.5 }); // { lo: −12.9, step: 0.045, weights: 401 grid points summing to 1 }
 */
export function binLikelihood(z: ArrayLike<number>, logWeight: ArrayLike<number>, grid: PaceGrid): PaceLikelihood | undefined {
  const lo = grid.center - HALF_WIDTH * grid.sd;
  const step = (2 * HALF_WIDTH * grid.sd) / (BINS - 1);
  let top = -Infinity;
  for (let r = 0; r < z.length; r++) if (logWeight[r] > top) top = logWeight[r];
  if (!Number.isFinite(top)) return undefined;
  const weights = new Float64Array(BINS);
  let total = 0;
  for (let r = 0; r < z.length; r++) {
    const x = (z[r] - lo) / step;
    if (!(x >= 0 && x <= BINS - 1)) continue;
    const w = Math.exp(logWeight[r] - top);
    if (!(w > 0)) continue;
    const b = Math.min(Math.floor(x), BINS - 2);
    const f = x - b;
    weights[b] += (1 - f) * w;
    weights[b + 1] += f * w;
    total += w;
  }
  if (!(total > 0)) return undefined;
  for (let b = 0; b < BINS; b++) weights[b] /= total;
  return { lo, step, weights };
}

/**
 * A likelihood known in closed form, put on a pace's grid: `logDensity` evaluated at every grid point, normalised to
 * sum 1 (only its shape matters, as for a binned one). Undefined when it is −∞ or NaN everywhere.
 *
 * @example
 * onPaceGrid({ center: -3.9, sd: 1.5 }, (x) => -0.5 * ((x + 3.5) / 0.2) ** 2); // a normal likelihood centred on logit 2.9 %
 */
export function onPaceGrid(grid: PaceGrid, logDensity: (x: number) => number): PaceLikelihood | undefined {
  const lo = grid.center - HALF_WIDTH * grid.sd;
  const step = (2 * HALF_WIDTH * grid.sd) / (BINS - 1);
  const logs = Float64Array.from({ length: BINS }, (_, b) => logDensity(lo + b * step));
  let top = -Infinity;
  for (const x of logs) if (x > top) top = x;
  if (!Number.isFinite(top)) return undefined;
  // Subtract the largest before exponentiating: a sharp likelihood far from its peak must not underflow to all zeros.
  const weights = Float64Array.from(logs, (x) => (Number.isNaN(x) ? 0 : Math.exp(x - top)));
  const total = weights.reduce((a, w) => a + w, 0);
  for (let b = 0; b < BINS; b++) weights[b] /= total;
  return { lo, step, weights };
}

/** The grid's values of the pace. */
const gridValues = (l: PaceLikelihood): Float64Array => Float64Array.from(l.weights, (_, b) => l.lo + b * l.step);

/**
 * The law of an area's pace given its likelihood and a normal prior N(center, sd²) (on the pace's scale): its mean,
 * sd and weighted quantiles at `probs`, on the grid; `mass`, Σ_b L_b exp(−½ ((z_b − center)/sd)²), is the prior's
 * marginal likelihood times sd (up to the likelihood's constant), what weighs a mixture's components against each
 * other (src/analysis/paceLaw.ts, posteriorLaw).
 *
 * @example
 * posteriorOn(lik, { center: -3.9, sd: 1.5 }, [0.1, 0.5, 0.9]); // { mean, sd, quantiles: [p10, median, p90] }
 */
export function posteriorOn(l: PaceLikelihood, prior: { center: number; sd: number }, probs: readonly number[] = []): { mean: number; sd: number; quantiles: number[]; mass: number } {
  const z = gridValues(l);
  const p = Float64Array.from(z, (x, b) => l.weights[b] * Math.exp(-0.5 * ((x - prior.center) / prior.sd) ** 2));
  let total = 0;
  let m1 = 0;
  for (let b = 0; b < BINS; b++) {
    total += p[b];
    m1 += p[b] * z[b];
  }
  const mean = m1 / total;
  let m2 = 0;
  for (let b = 0; b < BINS; b++) m2 += p[b] * (z[b] - mean) ** 2;
  // Quantiles of the grid law, each grid point's mass spread evenly over its step (so the median of a point mass is the point).
  const quantiles = probs.map((q) => {
    let c = 0;
    for (let b = 0; b < BINS; b++) {
      const next = c + p[b] / total;
      if (next >= q) return z[b] - l.step / 2 + (p[b] > 0 ? ((q - c) / (p[b] / total)) * l.step : 0);
      c = next;
    }
    return z[BINS - 1];
  });
  return { mean, sd: Math.sqrt(m2 / total), quantiles, mass: total };
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
  /**
   * The law of a new area's value itself, condensed to {@link TAU_STRATA} normals, one per stratum of τ's posterior
   * (consecutive τ steps, each step in the stratum its posterior mass's midpoint falls in, so the strata hold about
   * equal mass): weight the stratum's mass, centre E[μ | stratum], sd √(E[τ² | stratum] + var(μ | stratum)). Their
   * mixture has exactly `mean` and `predictiveSd` (law of total variance). Strata with no τ step are left out.
   */
  readonly mix: { readonly weights: number[]; readonly centers: number[]; readonly sds: number[] };
}

/**
 * How many components a pooled law's mixture keeps ({@link Pooled}'s `mix`). Declared 2026-12-04 before any
 * cross-validation with it: on the shipped fit's pooled laws, 8 strata reproduce the continuous mixture's quartiles
 * within 0.5 % and its 10 % / 90 % quantiles within 2 % (4 strata: 2 % and 4 %); 1 is a normal of the mixture's mean and sd.
 */
export const TAU_STRATA = 8;

/** The τ grid of a pace: midpoints of 240 steps up to 5 reference sds. */
const tauAt = (grid: PaceGrid, t: number) => (5 * grid.sd * (t + 0.5)) / TAUS;

const marginals = new WeakMap<PaceLikelihood, Float64Array>();

/**
 * log m(μ, τ) = log ∫ L(z) N(z; μ, τ²) dz of one area on the grid (μ at every grid point × τ at every τ step),
 * up to a constant: the area's marginal likelihood when its pace is drawn from N(μ, τ²). The normal is taken on
 * the grid, normalised there, so at τ below a step it tends to the grid point itself. Computed once per area and
 * pace: pooling any set of areas then only adds these.
 */
function logMarginal(l: PaceLikelihood, grid: PaceGrid): Float64Array {
  const cached = marginals.get(l);
  if (cached) return cached;
  const out = new Float64Array(TAUS * BINS);
  const kernel = new Float64Array(BINS);
  for (let t = 0; t < TAUS; t++) {
    const s = tauAt(grid, t) / l.step;
    const reach = Math.min(BINS - 1, Math.ceil(10 * s));
    let norm = 0;
    for (let d = 0; d <= reach; d++) {
      kernel[d] = Math.exp(-0.5 * (d / s) ** 2);
      norm += d === 0 ? kernel[d] : 2 * kernel[d];
    }
    for (let g = 0; g < BINS; g++) {
      let m = 0;
      const from = Math.max(0, g - reach);
      const to = Math.min(BINS - 1, g + reach);
      for (let b = from; b <= to; b++) m += l.weights[b] * kernel[Math.abs(b - g)];
      out[t * BINS + g] = Math.log(m / norm);
    }
  }
  marginals.set(l, out);
  return out;
}

/**
 * Pool areas' likelihoods of a pace into the law of a new area's value, with
 * the hierarchical model θ_i ~ N(μ, τ²), a flat prior on μ and a half-normal
 * prior on τ whose scale is the reference prior's sd (Gelman 2006, Bayesian
 * Analysis 1:515: with few areas the between-area sd needs a weakly
 * informative prior). Each area enters by its marginal likelihood
 * m_i(μ, τ) = ∫ L_i(θ) N(θ; μ, τ²) dθ, estimated from its importance sample
 * ({@link binLikelihood}) — its likelihood as it is, not a normal summary of
 * it, so a likelihood that flattens to a plateau on one side (a pace the
 * figures bound only from above) weighs as what it says. (μ, τ) are
 * integrated on a grid (μ over the pace's grid, τ over 240 steps up to 5
 * reference sds); a new area's value is the posterior mixture of N(μ, τ²):
 * mean E[μ], sd √(E[τ²] + var(μ)).
 *
 * @example
 * poolLikelihoods([likA, likB, likC], { center: -3.9, sd: 1.5 }); // { mean, predictiveSd, tau, se, k: 3 }
 */
export function poolLikelihoods(likelihoods: readonly PaceLikelihood[], grid: PaceGrid): Pooled {
  const k = likelihoods.length;
  if (k === 0) throw new RangeError('pooling needs at least one area');
  const lo = grid.center - HALF_WIDTH * grid.sd;
  if (likelihoods.some((l) => l.weights.length !== BINS || Math.abs(l.lo - lo) > 1e-9 * grid.sd)) throw new RangeError('pooling needs likelihoods binned on the pace\'s own grid');
  const logPost = new Float64Array(TAUS * BINS);
  for (let t = 0; t < TAUS; t++) logPost.fill(-0.5 * (tauAt(grid, t) / grid.sd) ** 2, t * BINS, (t + 1) * BINS);
  for (const l of likelihoods) {
    const m = logMarginal(l, grid);
    for (let i = 0; i < m.length; i++) logPost[i] += m[i];
  }
  let top = -Infinity;
  for (const x of logPost) if (x > top) top = x;
  const mus = gridValues(likelihoods[0]);
  let total = 0;
  let mean = 0;
  let tau = 0;
  let tau2 = 0;
  for (let t = 0; t < TAUS; t++)
    for (let g = 0; g < BINS; g++) {
      const w = Math.exp(logPost[t * BINS + g] - top);
      total += w;
      mean += w * mus[g];
      tau += w * tauAt(grid, t);
      tau2 += w * tauAt(grid, t) ** 2;
    }
  mean /= total;
  let muVar = 0;
  for (let t = 0; t < TAUS; t++)
    for (let g = 0; g < BINS; g++) muVar += (Math.exp(logPost[t * BINS + g] - top) * (mus[g] - mean) ** 2) / total;
  return { mean, predictiveSd: Math.sqrt(tau2 / total + muVar), tau: tau / total, se: Math.sqrt(muVar), k, mix: strata(logPost, top, mus, grid) };
}

/** {@link Pooled}'s `mix`: the posterior of (μ, τ) on its grid cut into {@link TAU_STRATA} strata of τ. */
function strata(logPost: Float64Array, top: number, mus: Float64Array, grid: PaceGrid): Pooled['mix'] {
  const mass = new Float64Array(TAUS);
  for (let t = 0; t < TAUS; t++) for (let g = 0; g < BINS; g++) mass[t] += Math.exp(logPost[t * BINS + g] - top);
  const total = mass.reduce((a, m) => a + m, 0);
  const w = new Float64Array(TAU_STRATA);
  const m1 = new Float64Array(TAU_STRATA);
  const m2 = new Float64Array(TAU_STRATA);
  const t2 = new Float64Array(TAU_STRATA);
  let before = 0;
  for (let t = 0; t < TAUS; t++) {
    const j = Math.min(TAU_STRATA - 1, Math.floor((TAU_STRATA * (before + mass[t] / 2)) / total));
    before += mass[t];
    for (let g = 0; g < BINS; g++) {
      const p = Math.exp(logPost[t * BINS + g] - top);
      w[j] += p;
      m1[j] += p * mus[g];
      m2[j] += p * mus[g] * mus[g];
      t2[j] += p * tauAt(grid, t) ** 2;
    }
  }
  const out: Pooled['mix'] = { weights: [], centers: [], sds: [] };
  for (let j = 0; j < TAU_STRATA; j++) {
    if (!(w[j] > 0)) continue;
    const c = m1[j] / w[j];
    out.weights.push(w[j] / total);
    out.centers.push(c);
    out.sds.push(Math.sqrt(Math.max(0, m2[j] / w[j] - c * c) + t2[j] / w[j]));
  }
  return out;
}
