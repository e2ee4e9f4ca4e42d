import { type AbcResult, effectiveSampleSize, runsByDistance, summarizeWeighted } from './abc.ts';
import { SUMMARY_PROBS } from './summarize.ts';

export interface AbcWeighOptions {
  /** Sampled parameters of n runs, row-major n × k. */
  readonly prior: Float64Array;
  /** Each run's simulated values at the m observed points, row-major n × m, already on each point's error scale (logit, log). */
  readonly simulated: Float64Array;
  /** The m observations on the same scales. */
  readonly observed: Float64Array;
  /** Each observation's error sd on its scale. */
  readonly sd: Float64Array;
  /** Posterior quantile levels; default the summary levels p5 … p95. */
  readonly probs?: readonly number[];
}

/** Weights below this share of the largest are left out of the posterior sample: they change no summary. */
const NEGLIGIBLE = 1e-12;

/**
 * Calibration with an observation-error kernel: every run of the prior is
 * kept with weight Π_j φ((s_rj − y_j)/σ_j), the likelihood of the figures if
 * each is the model's value plus a normal error of sd σ_j on its scale
 * (Wilkinson 2013, Stat. Appl. Genet. Mol. Biol. 12:129: ABC is exact under
 * the error model its kernel states). Because the figures are estimates with
 * errors of known size (by caliber), the posterior does not collapse on a
 * single run when the data are exact, as a shrinking tolerance would make it.
 * The distance is √Σ((s − y)/σ)², the weight exp(−d²/2); runs are listed
 * closest first, those whose weight is negligible (below 10⁻¹² of the
 * largest) or NaN left out. The effective sample size (Σw)²/Σw² says how many
 * equally weighted runs the posterior is worth: when it is small the posterior
 * quantiles rest on few runs.
 *
 * @example
 * const fit = abcWeigh({ prior, simulated, observed, sd });
 * fit.ess; // e.g. 312 of 4000 runs
 */
export function abcWeigh(o: AbcWeighOptions): AbcResult {
  const { prior, simulated, observed, sd } = o;
  const m = observed.length;
  if (m === 0) throw new RangeError('no observed points');
  if (sd.length !== m) throw new RangeError(`${sd.length} error sds for ${m} observed points`);
  const n = simulated.length / m;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`simulated has ${simulated.length} values, not a whole number of runs of ${m} points`);
  const k = prior.length / n;
  if (!Number.isInteger(k)) throw new RangeError(`prior has ${prior.length} values, not a whole number of parameters for ${n} runs`);
  const { distance, finite } = runsByDistance(simulated, observed, sd);
  const closest = finite.length ? distance[finite[0]] : NaN;
  // Weights relative to the closest run, exp(−(d² − d₀²)/2), so that far-off data do not underflow every weight to 0.
  const kept = finite.filter((r) => Math.exp(-(distance[r] ** 2 - closest ** 2) / 2) >= NEGLIGIBLE);
  const accepted = Int32Array.from(kept);
  const distances = Float64Array.from(kept, (r) => distance[r]);
  const weights = Float64Array.from(kept, (r) => Math.exp(-(distance[r] ** 2 - closest ** 2) / 2));
  const values = new Float64Array(kept.length * k);
  kept.forEach((r, a) => values.set(prior.subarray(r * k, (r + 1) * k), a * k));
  return {
    kernel: 'observation',
    accepted,
    distances,
    epsilon: distances.length ? distances[distances.length - 1] : NaN,
    values,
    weights,
    ess: effectiveSampleSize(weights),
    posterior: summarizeWeighted(values, weights, k, o.probs ?? SUMMARY_PROBS),
  };
}
