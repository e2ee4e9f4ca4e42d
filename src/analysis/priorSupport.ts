import type { DistSpec } from '../scenario/resolved.ts';
import { type ValueRule, openMax } from '../scenario/valueRule.ts';

/**
 * The interval a prior distribution's draws lie in: [min, max] for uniform,
 * triangular, beta and choice; for a normal its truncation bounds, for a
 * lognormal its truncation bounds and 0 below; each narrowed to the key's own
 * bounds (a rate's [0, 1], a count's ≥ 0: its ceiling of 20亿 is no end of a scale), which the scenario validator
 * already requires of the draws where the kernel depends on them. Open ends
 * are ±Infinity.
 *
 * @example
 * priorSupport({ dist: 'uniform', min: 0.01, max: 0.09 }, RATE_RULE);  // { lower: 0.01, upper: 0.09 }
 * priorSupport({ dist: 'normal', mean: 0.05, sd: 0.02, lower: 0 }, RATE_RULE); // { lower: 0, upper: 1 }
 * priorSupport({ dist: 'lognormal', median: 2e5, sigma: 0.5 }, PERSONS_RULE);   // { lower: 0, upper: Infinity }
 */
export function priorSupport(spec: DistSpec, rule: ValueRule): { lower: number; upper: number } {
  const [lo, hi] =
    spec.dist === 'choice' ? [Math.min(...spec.values), Math.max(...spec.values)]
    : spec.dist === 'normal' ? [spec.lower ?? -Infinity, spec.upper ?? Infinity]
    : spec.dist === 'lognormal' ? [Math.max(0, spec.lower ?? 0), spec.upper ?? Infinity]
    : spec.dist === 'logitnormal' || spec.dist === 'logitnormalmix' ? [0, 1]
    : spec.dist === 'normalmix' ? [-Infinity, Infinity]
    : [spec.min, spec.max];
  return { lower: Math.max(lo, rule.min), upper: Math.min(hi, openMax(rule)) };
}
