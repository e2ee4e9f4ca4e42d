import { mixtureQuantile } from '../montecarlo/mixtureQuantile.ts';
import { type PaceLikelihood, posteriorOn } from './poolLikelihoods.ts';

/**
 * A finite mixture of normals on a pace's scale: component j has weight `weights[j]` (summing to 1), centre
 * `centers[j]` and sd `sds[j]`.
 */
export interface Mixture {
  readonly weights: readonly number[];
  readonly centers: readonly number[];
  readonly sds: readonly number[];
}

/**
 * A pace's law on its scale (the logit of a rate, or net migration itself): a normal N(center, sd²), or, with
 * `mix`, that mixture of normals, whose mean is `center` and sd `sd` (src/model/README.md, source 5: a pooled law is
 * the hierarchical model's posterior predictive, a mixture over the between-area sd τ).
 */
export interface PaceLaw {
  readonly center: number;
  readonly sd: number;
  readonly mix?: Mixture;
}

/** The law's components: the mixture's, or the normal itself as one. */
export function components(l: PaceLaw): Mixture {
  return l.mix ?? { weights: [1], centers: [l.center], sds: [l.sd] };
}

/**
 * Mean and sd of a mixture (law of total variance: Σ w_j (s_j² + (c_j − mean)²)); the weights need not sum to 1.
 *
 * @example
 * mixtureMoments({ weights: [0.5, 0.5], centers: [-1, 1], sds: [1, 1] }); // { mean: 0, sd: √2 }
 */
export function mixtureMoments(m: Mixture): { mean: number; sd: number } {
  const total = m.weights.reduce((a, w) => a + w, 0);
  const mean = m.weights.reduce((a, w, j) => a + w * m.centers[j], 0) / total;
  const v = m.weights.reduce((a, w, j) => a + w * (m.sds[j] ** 2 + (m.centers[j] - mean) ** 2), 0) / total;
  return { mean, sd: Math.sqrt(v) };
}

/**
 * The law with its components' weights, centres and sds as given, its `center` and `sd` their mixture's moments;
 * one component is a plain normal (no `mix`).
 */
export function lawOf(m: Mixture): PaceLaw {
  const total = m.weights.reduce((a, w) => a + w, 0);
  const { mean, sd } = mixtureMoments(m);
  if (m.weights.length === 1) return { center: m.centers[0], sd: m.sds[0] };
  return { center: mean, sd, mix: { weights: m.weights.map((w) => w / total), centers: [...m.centers], sds: [...m.sds] } };
}

/**
 * Log density of the law at x, up to the constant −½ log 2π (which cancels in every ratio it is used for):
 * log Σ_j w_j exp(−½ ((x − c_j)/s_j)²) / s_j.
 *
 * @example
 * lawLogDensity({ center: 0, sd: 2 }, 2); // −0.5 − log 2
 */
export function lawLogDensity(l: PaceLaw, x: number): number {
  if (!l.mix) return -0.5 * ((x - l.center) / l.sd) ** 2 - Math.log(l.sd);
  const { weights, centers, sds } = l.mix;
  const logs = weights.map((w, j) => Math.log(w) - 0.5 * ((x - centers[j]) / sds[j]) ** 2 - Math.log(sds[j]));
  const top = Math.max(...logs);
  if (!Number.isFinite(top)) return top;
  return top + Math.log(logs.reduce((a, v) => a + Math.exp(v - top), 0));
}

/**
 * The law widened or narrowed by `factor` about its centre: x ↦ center + factor (x − center), so each component's
 * offset from the centre and its sd scale by it (the spread factor κ; src/analysis/spreadFactor.ts). Its sd is
 * `factor` × sd.
 *
 * @example
 * scaledLaw({ center: 0, sd: 1, mix: { weights: [0.5, 0.5], centers: [-0.5, 0.5], sds: [0.866, 0.866] } }, 0.6).mix!.centers; // [-0.3, 0.3]
 */
export function scaledLaw(l: PaceLaw, factor: number): PaceLaw {
  const sd = factor * l.sd;
  if (!l.mix) return { center: l.center, sd };
  const { weights, centers, sds } = l.mix;
  return { center: l.center, sd, mix: { weights, centers: centers.map((c) => l.center + factor * (c - l.center)), sds: sds.map((s) => factor * s) } };
}

/**
 * The law's quantile at probability u ∈ (0, 1) ({@link mixtureQuantile}).
 *
 * @example
 * lawQuantile({ center: 0, sd: 1.414, mix: { weights: [0.5, 0.5], centers: [-1, 1], sds: [1, 1] } }, 0.5); // 0
 */
export function lawQuantile(l: PaceLaw, u: number): number {
  const m = components(l);
  return mixtureQuantile(m.weights, m.centers, m.sds, u);
}

/**
 * The law of an area's pace given its likelihood `lik` (on the pace's grid) and the prior `law`: for a normal, the
 * posterior on the grid as a normal of its mean and sd ({@link posteriorOn}); for a mixture, the mixture posterior
 * exactly as a mixture — each component's posterior (as a normal of its mean and sd), weighted by the component's
 * weight times its marginal likelihood Σ_b L_b N(z_b; c_j, s_j²) — its `center` and `sd` the whole posterior's mean
 * and sd. Components the likelihood leaves (almost) no mass are dropped.
 *
 * @example
 * posteriorLaw(lik, { center: -3.5, sd: 0.16 }); // { center, sd } as posteriorOn gives them
 */
export function posteriorLaw(lik: PaceLikelihood, law: PaceLaw): PaceLaw {
  if (!law.mix) {
    const p = posteriorOn(lik, law);
    return { center: p.mean, sd: p.sd };
  }
  const { weights, centers, sds } = law.mix;
  const parts = weights.map((w, j) => {
    const p = posteriorOn(lik, { center: centers[j], sd: sds[j] });
    return { w: w * (p.mass / sds[j]), mean: p.mean, sd: p.sd };
  });
  const top = Math.max(...parts.map((p) => p.w));
  const kept = parts.filter((p) => p.w > 1e-12 * top && Number.isFinite(p.mean) && p.sd > 0);
  return lawOf({ weights: kept.map((p) => p.w), centers: kept.map((p) => p.mean), sds: kept.map((p) => p.sd) });
}
