import { type ScaleKind, boundedScale } from './boundedScale.ts';
import { leastSquares } from './leastSquares.ts';
import { probabilityName } from './probabilityName.ts';
import { SUMMARY_PROBS } from './summarize.ts';
import { weightedQuantiles } from './weightedQuantiles.ts';

export interface AbcOptions {
  /** Sampled parameters of n runs, row-major n × k. */
  readonly prior: Float64Array;
  /** Each run's simulated values at the m observed points, row-major n × m. */
  readonly simulated: Float64Array;
  /** The m observations. */
  readonly observed: Float64Array;
  /** Divisor of each point's discrepancy; default the sd of the simulated values at that point across runs. */
  readonly scale?: Float64Array;
  /** Share of runs kept, the closest first (at least one run is kept). */
  readonly acceptFraction: number;
  /** Local-linear regression adjustment of the accepted parameters (Beaumont et al. 2002). */
  readonly regression?: boolean;
  /**
   * Each parameter's support, k lower and k upper bounds (±Infinity where
   * open): the regression is done on the logit or log scale of it, so
   * adjusted values stay inside. Default: unbounded, the plain linear adjustment.
   */
  readonly support?: { readonly lower: Float64Array; readonly upper: Float64Array };
  /**
   * The parameters drawn from a choice among values (`choice`: the change of count's year): the regression leaves
   * them as accepted, since its correction would put them between the values (a year 2014.6). Default: none.
   */
  readonly choice?: ArrayLike<boolean>;
  /** Posterior quantile levels; default the summary levels p5 … p95. */
  readonly probs?: readonly number[];
}

export interface AbcResult {
  /** How runs were accepted: the closest share (`distance`), or weighted by the figures' observation errors (`observation`, {@link abcWeigh}). */
  readonly kernel: 'distance' | 'observation';
  /** Run indices accepted, closest first. */
  readonly accepted: Int32Array;
  /** Their distances, ascending. */
  readonly distances: Float64Array;
  /** The tolerance ε: the largest accepted distance. */
  readonly epsilon: number;
  /** Posterior sample, row-major accepted × k: the accepted parameters, regression-adjusted if asked. */
  readonly values: Float64Array;
  /** Weight of each posterior row: 1 for plain rejection, Epanechnikov 1 − (d/ε)² with the regression, the likelihood with the observation kernel. */
  readonly weights: Float64Array;
  /** Effective sample size of the weights, (Σw)² / Σw²: the number of equally weighted runs the posterior is worth. */
  readonly ess: number;
  /** With the regression: per parameter, the scale it was adjusted on and what keeping it inside its support took. */
  readonly adjustment?: readonly AdjustmentInfo[];
  /** Why the regression asked for was not done (too few accepted runs, or none closer than the farthest). */
  readonly regressionSkipped?: string;
  readonly posterior: {
    readonly mean: Float64Array;
    readonly sd: Float64Array;
    /** One array of k per level, named `p5`, `p50`, …. */
    readonly quantiles: Readonly<Record<string, Float64Array>>;
  };
}

export interface AdjustmentInfo {
  /** The scale the parameter was adjusted on: `none` is its own (linear), else only when linear left the support. */
  readonly scale: ScaleKind;
  readonly lower: number;
  readonly upper: number;
  /** Accepted values a linear adjustment on the parameter's own scale would have put outside [lower, upper]. */
  readonly linearOutside: number;
  /** Accepted values on a bound, moved just inside before the transform. */
  readonly shrunk: number;
  /**
   * Adjusted values beyond the range of the accepted runs' own values: the
   * regression extrapolates there (the observed figures lie off the cloud of
   * accepted runs, or there are nearly as many figures as accepted runs), and
   * the value is the regression's guess rather than anything a run showed.
   */
  readonly beyondAccepted: number;
  /** A choice among values ({@link AbcOptions.choice}): left as accepted, not adjusted. */
  readonly kept?: true;
}

/**
 * Calibration by approximate Bayesian computation, rejection flavour
 * (Pritchard et al. 1999): of n runs drawn from the prior, keep the
 * `acceptFraction` whose simulated series is closest to the observed one;
 * their parameters are a sample of the approximate posterior. Distance is
 * Euclidean on (simulated − observed) / scale, so that a series in millions
 * of people does not drown one in rates. A run with a NaN distance (a missing
 * simulated value) is never accepted. A point whose simulated values do not
 * vary across runs carries no information and gets scale 1 by default
 * rather than a division by zero.
 *
 * With `regression`, the accepted parameters are corrected by a local-linear
 * regression on the scaled discrepancies, weighted by the Epanechnikov kernel
 * (Beaumont, Zhang & Balding 2002, Genetics 162:2025):
 * θ* = θ − βᵀ(s − s_obs)/scale. This removes the part of the spread that is
 * only due to ε > 0, so the posterior is tighter for the same number of runs.
 * The farthest accepted run gets weight 0.
 *
 * A linear correction extrapolates and can push a value out of its prior's
 * support (a rate below 0). With `support`, a parameter for which that
 * happens is regressed on the logit (log) scale of its support instead
 * ({@link boundedScale}) and mapped back, so every value lands inside;
 * `adjustment` says which parameters and how many values. Parameters whose
 * linear correction stays inside keep it: the transform makes the regression
 * nonlinear in θ, and where the model answers linearly to θ that costs
 * accuracy for nothing (on the synthetic test of calibrate.test.ts, logit
 * everywhere put a median at 0.12 against a truth of 0.06; linear, 0.0600).
 *
 * Posterior mean and sd are weighted (sd with the reliability-weight
 * correction, which is the sample sd for equal weights); quantiles by
 * {@link weightedQuantiles} (type 7 for equal weights).
 *
 * @example
 * // 20 000 runs of two parameters, observed resident and registered rates 2013–2020 (16 points)
 * const fit = abcReject({ prior: result.sampled, simulated, observed, acceptFraction: 0.01, regression: true });
 * fit.accepted.length;          // 200
 * fit.posterior.quantiles.p50;  // Float64Array [median of parameter 0, of parameter 1]
 */
export function abcReject(options: AbcOptions): AbcResult {
  const { prior, simulated, observed, acceptFraction } = options;
  const m = observed.length;
  if (m === 0) throw new RangeError('no observed points');
  const n = simulated.length / m;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`simulated has ${simulated.length} values, not a whole number of runs of ${m} points`);
  const k = prior.length / n;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`prior has ${prior.length} values, not a whole number of parameters for ${n} runs`);
  if (!(acceptFraction > 0 && acceptFraction <= 1)) throw new RangeError(`acceptFraction must be in (0, 1], got ${acceptFraction}`);
  const scale = options.scale ?? defaultScale(simulated, n, m);
  if (scale.length !== m) throw new RangeError(`${scale.length} scales for ${m} observed points`);

  const { distance, finite } = runsByDistance(simulated, observed, scale);
  const take = Math.min(finite.length, Math.max(1, Math.ceil(acceptFraction * n)));
  const accepted = Int32Array.from(finite.slice(0, take));
  const distances = Float64Array.from(accepted, (r) => distance[r]);
  const epsilon = take > 0 ? distances[take - 1] : NaN;

  const values = new Float64Array(take * k);
  for (let a = 0; a < take; a++) for (let i = 0; i < k; i++) values[a * k + i] = prior[accepted[a] * k + i];
  const weights = new Float64Array(take).fill(1);
  let adjustment: AdjustmentInfo[] | undefined;
  // When every accepted run is as far as the farthest (a figure no input moves), the kernel weights are all 0 and
  // there is nothing to regress on: the plain rejection sample is the answer.
  // The regression fits an intercept and one slope per figure from the accepted runs, the farthest weighing 0:
  // with no more runs than that it fits anything exactly and says nothing.
  let regressionSkipped: string | undefined;
  if (options.regression && take <= m + 2) regressionSkipped = `${take} accepted runs for ${m} figures: the regression needs more runs than figures + 2 (raise --runs or --accept)`;
  else if (options.regression && !(epsilon > 0 && distances[0] < epsilon)) regressionSkipped = 'every accepted run is as far from the figures as the farthest: nothing to regress on';
  else if (options.regression) {
    // A figure beyond every run: the linear correction would carry every value to a point no run approaches,
    // piling the posterior on the prior's edges (Shijiazhuang's 2015 registered rate, README).
    const off = unreachedFigures(simulated, observed, n, m);
    if (off.length) regressionSkipped = `figure${off.length > 1 ? 's' : ''} ${off.map((j) => j + 1).join(', ')} of ${m} lie${off.length > 1 ? '' : 's'} outside every run, where the correction can only extrapolate`;
  }
  if (options.regression && !regressionSkipped) {
    for (let a = 0; a < take; a++) weights[a] = 1 - (distances[a] / epsilon) ** 2;
    const z = Array.from({ length: m }, (_, j) => Float64Array.from(accepted, (r) => (simulated[r * m + j] - observed[j]) / scale[j]));
    const { support } = options;
    if (support && (support.lower.length !== k || support.upper.length !== k)) throw new RangeError(`support: expected ${k} lower and upper bounds`);
    adjustment = [];
    if (options.choice && options.choice.length !== k) throw new RangeError(`choice: expected ${k} flags`);
    for (let i = 0; i < k; i++) {
      const [lower, upper] = support ? [support.lower[i], support.upper[i]] : [-Infinity, Infinity];
      if (options.choice?.[i]) {
        adjustment.push({ scale: 'none', lower, upper, linearOutside: 0, shrunk: 0, beyondAccepted: 0, kept: true });
        continue;
      }
      const theta = Float64Array.from({ length: take }, (_, a) => values[a * k + i]);
      const linear = adjust(z, theta, weights);
      let linearOutside = 0;
      for (const v of linear) if (!(v >= lower && v <= upper)) linearOutside++;
      const bounded = linearOutside === 0 ? undefined : boundedScale(theta, lower, upper);
      const adjusted = bounded ? adjust(z, bounded.z, weights).map(bounded.back) : linear;
      let [least, most] = [Infinity, -Infinity];
      for (const t of theta) [least, most] = [Math.min(least, t), Math.max(most, t)];
      let beyondAccepted = 0;
      for (let a = 0; a < take; a++) {
        values[a * k + i] = adjusted[a];
        if (adjusted[a] < least || adjusted[a] > most) beyondAccepted++;
      }
      adjustment.push({ scale: bounded?.kind ?? 'none', lower, upper, linearOutside, shrunk: bounded?.shrunk ?? 0, beyondAccepted });
    }
  }
  return {
    kernel: 'distance',
    accepted,
    distances,
    epsilon,
    values,
    weights,
    ess: effectiveSampleSize(weights),
    adjustment,
    regressionSkipped,
    posterior: summarizeWeighted(values, weights, k, options.probs ?? SUMMARY_PROBS),
  };
}

/** θ − βᵀz row by row, β from the weighted least squares of θ on the discrepancies z. */
/**
 * Each run's scaled Euclidean distance to the observed figures, and the runs
 * with a distance (no NaN), closest first.
 *
 * @example
 * runsByDistance(Float64Array.of(1, 3), Float64Array.of(2), Float64Array.of(1)).finite; // [0, 1]
 */
export function runsByDistance(simulated: Float64Array, observed: Float64Array, scale: ArrayLike<number>): { distance: Float64Array; finite: number[] } {
  const m = observed.length;
  const n = simulated.length / m;
  const distance = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += ((simulated[r * m + j] - observed[j]) / scale[j]) ** 2;
    distance[r] = Math.sqrt(s);
  }
  const finite: number[] = [];
  for (let r = 0; r < n; r++) if (!Number.isNaN(distance[r])) finite.push(r);
  // Ties broken by run index so that the result does not depend on the sort's stability.
  finite.sort((a, b) => distance[a] - distance[b] || a - b);
  return { distance, finite };
}

function adjust(z: readonly Float64Array[], theta: Float64Array, weights: Float64Array): Float64Array {
  const beta = leastSquares(z, theta, weights).coefficients;
  return theta.map((t, a) => {
    let shift = 0;
    for (let j = 0; j < z.length; j++) shift += beta[j + 1] * z[j][a];
    return t - shift;
  });
}

/** Indices of the observed points outside the range of every run's simulated value. */
function unreachedFigures(simulated: Float64Array, observed: Float64Array, n: number, m: number): number[] {
  const off: number[] = [];
  for (let j = 0; j < m; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let r = 0; r < n; r++) {
      const v = simulated[r * m + j];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (observed[j] < lo || observed[j] > hi) off.push(j);
  }
  return off;
}

function defaultScale(simulated: Float64Array, n: number, m: number): Float64Array {
  const scale = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let count = 0;
    let mean = 0;
    for (let r = 0; r < n; r++) {
      const v = simulated[r * m + j];
      if (!Number.isNaN(v)) {
        count++;
        mean += v;
      }
    }
    mean /= count;
    let ss = 0;
    for (let r = 0; r < n; r++) {
      const v = simulated[r * m + j];
      if (!Number.isNaN(v)) ss += (v - mean) ** 2;
    }
    const sd = count > 1 ? Math.sqrt(ss / (count - 1)) : 0;
    scale[j] = sd > 0 ? sd : 1;
  }
  return scale;
}

/**
 * Kish's effective sample size of weights, (Σw)² / Σw²: n for equal weights,
 * 1 when one weight carries everything.
 *
 * @example
 * effectiveSampleSize(Float64Array.of(1, 1, 1, 1)); // 4
 * effectiveSampleSize(Float64Array.of(1, 0, 0, 0)); // 1
 */
export function effectiveSampleSize(weights: ArrayLike<number>): number {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < weights.length; i++) {
    s += weights[i];
    s2 += weights[i] * weights[i];
  }
  return s2 > 0 ? (s * s) / s2 : 0;
}

export function summarizeWeighted(values: Float64Array, weights: Float64Array, k: number, probs: readonly number[]): AbcResult['posterior'] {
  const rows = weights.length;
  const mean = new Float64Array(k);
  const sd = new Float64Array(k);
  const quantiles: Record<string, Float64Array> = {};
  for (const p of probs) quantiles[probabilityName(p)] = new Float64Array(k);
  let w1 = 0;
  let w2 = 0;
  for (let a = 0; a < rows; a++) {
    w1 += weights[a];
    w2 += weights[a] ** 2;
  }
  for (let i = 0; i < k; i++) {
    const column = Float64Array.from({ length: rows }, (_, a) => values[a * k + i]);
    let s = 0;
    for (let a = 0; a < rows; a++) s += weights[a] * column[a];
    mean[i] = w1 > 0 ? s / w1 : NaN;
    let ss = 0;
    for (let a = 0; a < rows; a++) ss += weights[a] * (column[a] - mean[i]) ** 2;
    const denom = w1 - w2 / w1;
    sd[i] = !(w1 > 0) ? NaN : denom > 0 ? Math.sqrt(ss / denom) : 0;
    const q = weightedQuantiles(column, weights, probs);
    probs.forEach((p, j) => {
      quantiles[probabilityName(p)][i] = q[j];
    });
  }
  return { mean, sd, quantiles };
}
