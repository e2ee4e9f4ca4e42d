import { PACE_KEYS, type PaceKey, REFERENCE_PRIORS } from '../batch/pilotDefaults.ts';
import { effectiveSampleSize } from './abc.ts';

const logNormal = (x: number, center: number, sd: number) => -0.5 * ((x - center) / sd) ** 2 - Math.log(sd);

/** One pass's runs: each pace's draws on its scale, the law each was drawn from, and the log likelihood of each pace's figures. */
export interface FitPass {
  readonly z: Float64Array[];
  readonly laws: { center: number; sd: number }[];
  readonly logLik: Float64Array[];
}

/**
 * Weigh every pass's runs as one sample of the passes' deterministic mixture: per informed pace, each run's log
 * weight as a sample of the pace's likelihood (other paces under their reference priors, over the mixture's
 * density), and the posterior's mean, sd and effective sample size under the pace's reference prior (which the next
 * pass's proposal is centred on). Each pass draws every pace of {@link PACE_KEYS} (in that order) from the normal
 * `laws[i]` on its scale; the mixture's density is Σ_p (R_p / R) Π_i N(z_i; law_pi).
 *
 * @example
 * const w = weighPasses([{ z, laws, logLik }], ['rural_to_town_rate']);
 * w.posterior.rural_to_town_rate; // { mean, sd, ess }
 */
export function weighPasses(passes: readonly FitPass[], informed: readonly PaceKey[]) {
  const total = passes.reduce((a, p) => a + p.z[0].length, 0);
  const z = PACE_KEYS.map((_, i) => concat(passes.map((p) => p.z[i])));
  const logLik = PACE_KEYS.map((_, i) => concat(passes.map((p) => p.logLik[i])));
  const priors = PACE_KEYS.map((key, i) => Float64Array.from(z[i], (x) => logNormal(x, REFERENCE_PRIORS[key].center, REFERENCE_PRIORS[key].sd)));
  const logQ = Float64Array.from({ length: total }, (_, r) => {
    const each = passes.map((p) => Math.log(p.z[0].length / total) + PACE_KEYS.reduce((l, _, i) => l + logNormal(z[i][r], p.laws[i].center, p.laws[i].sd), 0));
    const top = Math.max(...each);
    return top + Math.log(each.reduce((a, l) => a + Math.exp(l - top), 0));
  });
  const logLikWeight: Partial<Record<PaceKey, Float64Array>> = {};
  const posterior: Partial<Record<PaceKey, { mean: number; sd: number; ess: number }>> = {};
  for (const key of informed) {
    const i = PACE_KEYS.indexOf(key);
    const lw = Float64Array.from({ length: total }, (_, r) => {
      let l = logLik[i][r] - logQ[r];
      PACE_KEYS.forEach((_, j) => {
        if (j !== i) l += priors[j][r];
      });
      return l;
    });
    logLikWeight[key] = lw;
    const post = Float64Array.from(lw, (l, r) => l + priors[i][r]);
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
  return { z, logLikWeight, posterior };
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

