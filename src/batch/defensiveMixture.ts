import type { DistSpec } from '../scenario/resolved.ts';

/**
 * A law the defensive mixture mixes: logit-normal or a mixture of them, normal (not truncated) or a mixture of them,
 * or a choice among values (mixed only with a choice among the same values).
 */
export type MixableLaw = Extract<DistSpec, { dist: 'logitnormal' | 'logitnormalmix' | 'normal' | 'normalmix' | 'choice' }>;
type Mixture = Extract<DistSpec, { dist: 'logitnormalmix' | 'normalmix' | 'choice' }>;
type Choice = Extract<DistSpec, { dist: 'choice' }>;
type Continuous = Exclude<MixableLaw, Choice>;

/** Whether a law is one {@link defensiveMixture} mixes: a truncated normal is not (its density has another norm). */
export const isMixableLaw = (d: DistSpec | undefined): d is MixableLaw =>
  d?.dist === 'logitnormal' || d?.dist === 'logitnormalmix' || d?.dist === 'normalmix' || d?.dist === 'choice' || (d?.dist === 'normal' && d.lower === undefined && d.upper === undefined);

const isLogit = (law: MixableLaw) => law.dist === 'logitnormal' || law.dist === 'logitnormalmix';

/** A choice's probabilities, its weights scaled to sum to 1. */
const probabilities = (law: Choice): number[] => {
  const total = law.weights.reduce((a, w) => a + w, 0);
  return law.weights.map((w) => w / total);
};

const sameValues = (a: Choice, b: Choice) => a.values.length === b.values.length && a.values.every((v, i) => v === b.values[i]);

/** A law as normal components, each at its median (logit-normal) or mean (normal), its weights summing to 1. */
function components(law: Continuous): { weights: number[]; locs: number[]; sds: number[] } {
  switch (law.dist) {
    case 'logitnormal':
      return { weights: [1], locs: [law.median], sds: [law.sigma] };
    case 'normal':
      return { weights: [1], locs: [law.mean], sds: [law.sd] };
    case 'logitnormalmix':
    case 'normalmix': {
      const total = law.weights.reduce((a, w) => a + w, 0);
      const weights = law.weights.map((w) => w / total);
      return law.dist === 'logitnormalmix' ? { weights, locs: [...law.medians], sds: [...law.sigmas] } : { weights, locs: [...law.means], sds: [...law.sds] };
    }
  }
}

/**
 * The defensive mixture ½ p + ½ q (Hesterberg 1995, Technometrics 37:185): a proposal that draws half its runs as the
 * prior p draws them and half as q, a law already fitted to the figures the runs will be weighed by. Weighing by
 * p(θ)/m(θ) keeps the posterior the prior's, and that ratio never exceeds 2, so a q narrower than the posterior cannot
 * leave a few runs with huge weights, as q alone could. Only for two laws of one family, logit-normal or normal (or
 * mixtures of them), whose mixture is again one, or two choices among the same values (the mixture weighs each value
 * by the mean of its two probabilities); undefined otherwise (draw p alone).
 *
 * @example
 * defensiveMixture({ dist: 'logitnormal', median: 0.02, sigma: 1 }, { dist: 'logitnormal', median: 0.03, sigma: 0.3 });
 * // { dist: 'logitnormalmix', weights: [0.5, 0.5], medians: [0.02, 0.03], sigmas: [1, 0.3] }
 */
export function defensiveMixture(p: DistSpec | undefined, q: DistSpec | undefined): Mixture | undefined {
  if (p?.dist === 'choice' || q?.dist === 'choice') {
    if (p?.dist !== 'choice' || q?.dist !== 'choice' || !sameValues(p, q)) return undefined;
    const [a, b] = [probabilities(p), probabilities(q)];
    return { dist: 'choice', values: [...p.values], weights: a.map((w, i) => w / 2 + b[i] / 2) };
  }
  if (!isMixableLaw(p) || !isMixableLaw(q) || isLogit(p) !== isLogit(q)) return undefined;
  const [a, b] = [components(p), components(q)];
  const weights = [...a.weights.map((w) => w / 2), ...b.weights.map((w) => w / 2)];
  const [locs, sds] = [[...a.locs, ...b.locs], [...a.sds, ...b.sds]];
  return isLogit(p) ? { dist: 'logitnormalmix', weights, medians: locs, sigmas: sds } : { dist: 'normalmix', weights, means: locs, sds };
}

/**
 * The density of a law at x on its own scale: a logit-normal law's at x's logit, whose ratio between two such laws at
 * one x is their ratio at x (the Jacobian 1/(x(1 − x)) cancels); a normal law's at x; a choice's probability of x.
 *
 * @example
 * lawDensity({ dist: 'logitnormal', median: 0.5, sigma: 1 }, 0.5); // 0.3989… (the standard normal's at 0)
 */
export function lawDensity(law: MixableLaw, x: number): number {
  if (law.dist === 'choice') return probabilities(law).reduce((f, w, i) => f + (law.values[i] === x ? w : 0), 0);
  const logit = isLogit(law);
  const scale = (v: number) => (logit ? Math.log(v / (1 - v)) : v);
  const z = scale(x);
  const { weights, locs, sds } = components(law);
  let f = 0;
  for (let j = 0; j < weights.length; j++) {
    const d = (z - scale(locs[j])) / sds[j];
    f += (weights[j] * Math.exp(-0.5 * d * d)) / (sds[j] * Math.sqrt(2 * Math.PI));
  }
  return f;
}

/**
 * Each run's importance ratio Π p(θ)/m(θ) over the laws drawn from a proposal m instead of the prior p, from the
 * runs' sampled scalars (`sampled`, `names.length` per run, in `names` order). A law not found among `names`, or a
 * ratio that is not finite (a draw where both densities vanish), counts 1.
 *
 * @example
 * importanceRatios(Float64Array.of(0.02, 0.03), ['k'], new Map([['k', { prior: p, proposal: m }]])); // [p(0.02)/m(0.02), p(0.03)/m(0.03)]
 */
export function importanceRatios(sampled: Float64Array, names: readonly string[], laws: ReadonlyMap<string, { prior: MixableLaw; proposal: MixableLaw }>): Float64Array {
  const k = names.length;
  const runs = k ? sampled.length / k : 0;
  const out = new Float64Array(runs).fill(1);
  for (const [name, { prior, proposal }] of laws) {
    const j = names.indexOf(name);
    if (j < 0) continue;
    for (let r = 0; r < runs; r++) {
      const x = sampled[r * k + j];
      // A choice's draw is one of its values; one that is not means the laws were not loaded from one file's numbers.
      if (proposal.dist === 'choice' && !proposal.values.includes(x)) throw new Error(`importanceRatios: ${name} drew ${x}, not among its proposal's values`);
      const ratio = lawDensity(prior, x) / lawDensity(proposal, x);
      if (Number.isFinite(ratio)) out[r] *= ratio;
    }
  }
  return out;
}

/**
 * A mixture as a scenario's YAML writes it, for a file the runs are drawn from (the densities are of the law as loaded
 * back): a logit-normal one's medians in percent, a normal one's means and sds and a choice's values and weights as
 * plain numbers, each to 12 digits (3.07 %, not 3.0700000000000003 %).
 *
 * @example
 * mixtureYaml({ dist: 'logitnormalmix', weights: [0.5, 0.5], medians: [0.02, 0.03], sigmas: [1, 0.3] });
 * // '{ dist: logitnormalmix, weights: [0.5, 0.5], medians: [2%, 3%], sigmas: [1, 0.3] }'
 */
export function mixtureYaml(law: Mixture): string {
  const n = (x: number) => Number(x.toPrecision(12));
  const list = (xs: readonly number[], f: (x: number) => string = (x) => `${n(x)}`) => `[${xs.map(f).join(', ')}]`;
  if (law.dist === 'choice') return `{ dist: choice, values: ${list(law.values)}, weights: ${list(law.weights)} }`;
  return law.dist === 'logitnormalmix'
    ? `{ dist: logitnormalmix, weights: ${list(law.weights)}, medians: ${list(law.medians, (m) => `${n(m * 100)}%`)}, sigmas: ${list(law.sigmas)} }`
    : `{ dist: normalmix, weights: ${list(law.weights)}, means: ${list(law.means)}, sds: ${list(law.sds)} }`;
}
