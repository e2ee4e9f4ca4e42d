import type { DistSpec } from '../scenario/resolved.ts';

/** A logit-normal law or a mixture of them. */
export type LogitLaw = Extract<DistSpec, { dist: 'logitnormal' | 'logitnormalmix' }>;

/** A logit-normal law as a mixture of one or more components, its weights summing to 1. */
function components(law: LogitLaw): { weights: number[]; medians: number[]; sigmas: number[] } {
  if (law.dist === 'logitnormal') return { weights: [1], medians: [law.median], sigmas: [law.sigma] };
  const total = law.weights.reduce((a, w) => a + w, 0);
  return { weights: law.weights.map((w) => w / total), medians: [...law.medians], sigmas: [...law.sigmas] };
}

/** Whether a law is logit-normal or a mixture of them. */
export const isLogitLaw = (d: DistSpec | undefined): d is LogitLaw => d?.dist === 'logitnormal' || d?.dist === 'logitnormalmix';

/**
 * The defensive mixture ½ p + ½ q (Hesterberg 1995, Technometrics 37:185): a proposal that draws half its runs as the
 * prior p draws them and half as q, a law already fitted to the figures the runs will be weighed by. Weighing by
 * p(θ)/m(θ) keeps the posterior the prior's, and that ratio never exceeds 2, so a q narrower than the posterior cannot
 * leave a few runs with huge weights, as q alone could. Only for two logit-normal laws (or mixtures of them), whose
 * mixture is again one; undefined otherwise (draw p alone).
 *
 * @example
 * defensiveMixture({ dist: 'logitnormal', median: 0.02, sigma: 1 }, { dist: 'logitnormal', median: 0.03, sigma: 0.3 });
 * // { dist: 'logitnormalmix', weights: [0.5, 0.5], medians: [0.02, 0.03], sigmas: [1, 0.3] }
 */
export function defensiveMixture(p: DistSpec | undefined, q: DistSpec | undefined): Extract<DistSpec, { dist: 'logitnormalmix' }> | undefined {
  if (!isLogitLaw(p) || !isLogitLaw(q)) return undefined;
  const a = components(p);
  const b = components(q);
  return {
    dist: 'logitnormalmix',
    weights: [...a.weights.map((w) => w / 2), ...b.weights.map((w) => w / 2)],
    medians: [...a.medians, ...b.medians],
    sigmas: [...a.sigmas, ...b.sigmas],
  };
}

/**
 * The density of a logit-normal law (or mixture) on the logit scale at x's logit: the ratio of two such densities at
 * one x is the ratio of their densities at x (the Jacobian 1/(x(1 − x)) cancels).
 *
 * @example
 * logitDensity({ dist: 'logitnormal', median: 0.5, sigma: 1 }, 0.5); // 0.3989… (the standard normal's at 0)
 */
export function logitDensity(law: LogitLaw, x: number): number {
  const z = Math.log(x / (1 - x));
  const { weights, medians, sigmas } = components(law);
  let f = 0;
  for (let j = 0; j < weights.length; j++) {
    const d = (z - Math.log(medians[j] / (1 - medians[j]))) / sigmas[j];
    f += (weights[j] * Math.exp(-0.5 * d * d)) / (sigmas[j] * Math.sqrt(2 * Math.PI));
  }
  return f;
}

/**
 * Each run's importance ratio Π p(θ)/m(θ) over the laws drawn from a proposal m instead of the prior p, from the
 * runs' sampled scalars (`sampled`, `names.length` per run, in `names` order). A law not found among `names`, or a
 * ratio that is not finite (a draw at 0 or 1, where both densities vanish), counts 1.
 *
 * @example
 * importanceRatios(Float64Array.of(0.02, 0.03), ['k'], new Map([['k', { prior: p, proposal: m }]])); // [p(0.02)/m(0.02), p(0.03)/m(0.03)]
 */
export function importanceRatios(sampled: Float64Array, names: readonly string[], laws: ReadonlyMap<string, { prior: LogitLaw; proposal: LogitLaw }>): Float64Array {
  const k = names.length;
  const runs = k ? sampled.length / k : 0;
  const out = new Float64Array(runs).fill(1);
  for (const [name, { prior, proposal }] of laws) {
    const j = names.indexOf(name);
    if (j < 0) continue;
    for (let r = 0; r < runs; r++) {
      const x = sampled[r * k + j];
      const ratio = logitDensity(prior, x) / logitDensity(proposal, x);
      if (Number.isFinite(ratio)) out[r] *= ratio;
    }
  }
  return out;
}

/**
 * A logit-normal mixture as a scenario's YAML writes it (medians in percent, to 12 digits: 3.07 %, not
 * 3.0700000000000003 %), for a file the runs are drawn from; the densities are of the law as loaded back.
 *
 * @example
 * mixtureYaml({ dist: 'logitnormalmix', weights: [0.5, 0.5], medians: [0.02, 0.03], sigmas: [1, 0.3] });
 * // '{ dist: logitnormalmix, weights: [0.5, 0.5], medians: [2%, 3%], sigmas: [1, 0.3] }'
 */
export function mixtureYaml(law: Extract<DistSpec, { dist: 'logitnormalmix' }>): string {
  return `{ dist: logitnormalmix, weights: [${law.weights.join(', ')}], medians: [${law.medians.map((m) => `${Number((m * 100).toPrecision(12))}%`).join(', ')}], sigmas: [${law.sigmas.join(', ')}] }`;
}
