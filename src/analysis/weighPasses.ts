import { PACE_KEYS, type PaceKey, REFERENCE_PRIORS } from '../batch/pilotDefaults.ts';
import { effectiveSampleSize } from './abc.ts';
import { type PaceLaw, lawLogDensity } from './paceLaw.ts';

const logNormal = (x: number, center: number, sd: number) => -0.5 * ((x - center) / sd) ** 2 - Math.log(sd);

/** One pass's runs: each pace's draws on its scale, the law each was drawn from, and the log likelihood of each pace's figures. */
export interface FitPass {
  readonly z: Float64Array[];
  readonly laws: PaceLaw[];
  readonly logLik: Float64Array[];
}

/** Every pass's runs as one sample: each pace's draws, each pace's log likelihood, and the log density of the passes' mixture. */
export interface PassSample {
  readonly z: readonly Float64Array[];
  readonly logLik: readonly Float64Array[];
  readonly logQ: Float64Array;
}

/**
 * Each run's log weight as a sample of pace `key`'s likelihood, the other paces integrated out under `laws` (a normal
 * or a mixture of normals on each pace's scale, {@link lawLogDensity}; default the fit's reference priors):
 * log L_key(run) + Σ_{j≠key} log law_j(z_j) − log q(run).
 * Binned on the pace's grid ({@link binLikelihood}) it is the area's likelihood of the pace when the other paces are
 * drawn from `laws` — once they are pooled, their pooled laws, the posterior predictive mixtures ({@link poolPaces}; a forecast
 * draws them at κ times that sd, which is not used here: κ is fitted after the pooling, on forecasts, and the fit's
 * runs cannot carry laws that narrow — src/model/README.md, source 5, "The other paces under the pooled sd").
 *
 * @example
 * likelihoodWeight(sample, 'rural_to_town_rate', { net_migration: { center: 0.001, sd: 0.009 } });
 */
export function likelihoodWeight(sample: PassSample, key: PaceKey, laws: Readonly<Partial<Record<PaceKey, PaceLaw>>> = {}): Float64Array {
  const i = PACE_KEYS.indexOf(key);
  const others = PACE_KEYS.map((k, j) => (j === i ? undefined : (laws[k] ?? REFERENCE_PRIORS[k])));
  return Float64Array.from(sample.logQ, (lq, r) => {
    let l = sample.logLik[i][r] - lq;
    others.forEach((law, j) => {
      if (law) l += lawLogDensity(law, sample.z[j][r]);
    });
    return l;
  });
}

/**
 * Fewer effective runs than this behind an area's estimate or likelihood of a pace are warned about (`urbsim
 * fit-defaults`, `urbsim backtest --cross-validate`). At n effective runs the Monte Carlo sd of a weighted mean is about
 * the posterior's sd / √n and that of its sd about 1/√(2n) of it: at 50, 0.14 of the sd and 10 %, below the steps
 * between the spread factors tried (15–25 %, src/analysis/spreadFactor.ts) — under it, the area's pull on the pooled
 * law and its own pilot's law rest on a handful of runs, and the fit wants more (--runs / --fit-runs). Half the 100 of
 * `urbsim calibrate` (src/analysis/calibrate.ts), which reports its posterior's 10 % and 90 % quantiles: the pooling
 * reads a likelihood only through integrals against normals, and a pilot draws a normal of the posterior's mean and sd.
 */
export const SMALL_FIT_ESS = 50;

/**
 * The effective number of runs (Kish: (Σw)² / Σw²) behind an area's likelihood of pace `key` where pooling reads it:
 * the run weights of {@link likelihoodWeight} under `laws` (the other paces), times the pace's own law under `laws`
 * (its pooled law; absent: its reference prior). The likelihood is read through that law — an area enters the pooling
 * by ∫ L(θ) N(θ; μ, τ²) dθ and its pilot draws L × the pooled law — so runs far out in its tails, which the law
 * gives no weight, do not count. With `laws` empty it is the effective sample size of the area's posterior under the
 * reference priors ({@link weighPasses}' `posterior[key].ess`).
 *
 * @example
 * pooledEss(sample, 'rural_to_town_rate', { rural_to_town_rate: { center: -3.48, sd: 0.27 }, net_migration: { center: 0.001, sd: 0.01 } }); // e.g. 112
 */
export function pooledEss(sample: PassSample, key: PaceKey, laws: Readonly<Partial<Record<PaceKey, PaceLaw>>> = {}): number {
  const i = PACE_KEYS.indexOf(key);
  const own = laws[key] ?? REFERENCE_PRIORS[key];
  const lw = likelihoodWeight(sample, key, laws);
  const log = Float64Array.from(lw, (l, r) => l + lawLogDensity(own, sample.z[i][r]));
  let top = -Infinity;
  for (const l of log) if (l > top) top = l;
  if (!Number.isFinite(top)) return 0;
  return effectiveSampleSize(Float64Array.from(log, (l) => Math.exp(l - top)));
}

/**
 * Weigh every pass's runs as one sample of the passes' deterministic mixture: per informed pace, each run's log
 * weight as a sample of the pace's likelihood (other paces under their reference priors, over the mixture's
 * density: {@link likelihoodWeight}), and the posterior's mean, sd and effective sample size under the pace's reference prior (which the next
 * pass's proposal is centred on). Each pass draws every pace of {@link PACE_KEYS} (in that order) from the normal
 * `laws[i]` on its scale; the mixture's density is Σ_p (R_p / R) Π_i N(z_i; law_pi). `sample` keeps the runs, so
 * that a pace's likelihood can be weighed again with the other paces under other laws.
 *
 * @example
 * const w = weighPasses([{ z, laws, logLik }], ['rural_to_town_rate']);
 * w.posterior.rural_to_town_rate; // { mean, sd, ess }
 */
export function weighPasses(passes: readonly FitPass[], informed: readonly PaceKey[]) {
  const total = passes.reduce((a, p) => a + p.z[0].length, 0);
  const z = PACE_KEYS.map((_, i) => concat(passes.map((p) => p.z[i])));
  const logLik = PACE_KEYS.map((_, i) => concat(passes.map((p) => p.logLik[i])));
  const logQ = Float64Array.from({ length: total }, (_, r) => {
    const each = passes.map((p) => Math.log(p.z[0].length / total) + PACE_KEYS.reduce((l, _, i) => l + lawLogDensity(p.laws[i], z[i][r]), 0));
    const top = Math.max(...each);
    return top + Math.log(each.reduce((a, l) => a + Math.exp(l - top), 0));
  });
  const sample: PassSample = { z, logLik, logQ };
  const logLikWeight: Partial<Record<PaceKey, Float64Array>> = {};
  const posterior: Partial<Record<PaceKey, { mean: number; sd: number; ess: number }>> = {};
  for (const key of informed) {
    const i = PACE_KEYS.indexOf(key);
    const lw = likelihoodWeight(sample, key);
    logLikWeight[key] = lw;
    const prior = REFERENCE_PRIORS[key];
    const post = Float64Array.from(lw, (l, r) => l + logNormal(z[i][r], prior.center, prior.sd));
    let top = -Infinity;
    for (const l of post) if (l > top) top = l;
    const wt = Float64Array.from(post, (l) => Math.exp(l - top));
    let sum = 0;
    let mean = 0;
    for (let r = 0; r < total; r++) {
      sum += wt[r];
      mean += wt[r] * z[i][r];
    }
    mean /= sum;
    let variance = 0;
    for (let r = 0; r < total; r++) variance += (wt[r] * (z[i][r] - mean) ** 2) / sum;
    posterior[key] = { mean, sd: Math.sqrt(variance), ess: effectiveSampleSize(wt) };
  }
  return { z, logLikWeight, posterior, sample };
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

