import { PARAMETER_KEYS } from '../scenario/parameterKeys.ts';
import type { ResolvedScenario, ValueSpec } from '../scenario/resolved.ts';

/**
 * The scenario with one lever (a parameter key or a variable) set to the
 * constant `value` in every run and year, everything else as it was. Keep
 * the seed and run count, and every other sampled scalar keeps its draws run
 * by run: they are named by (seed, run, name), so the lever's value is the
 * only difference (common random numbers).
 *
 * @example
 * const q = withLever(dalian, 'settle_quota', 80_000);
 * q.parameters.settle_quota; // { kind: 'number', value: 80000 }
 */
export function withLever(s: ResolvedScenario, lever: string, value: number): ResolvedScenario {
  if (!isParameterKey(lever) && !Object.hasOwn(s.variables, lever)) throw new RangeError(`${lever} is neither a parameter key nor a variable of ${s.name}`);
  // A constant is no longer evaluated: it leaves the expression order.
  const evaluationOrder = s.evaluationOrder && Object.freeze(s.evaluationOrder.filter((n) => n !== lever));
  return withValue(s, lever, Object.freeze({ kind: 'number' as const, value }), evaluationOrder);
}

/**
 * The scenario with one lever (a parameter key or a variable) drawn uniformly
 * from `lo` to `hi` in every run, in place of what the scenario says: one
 * lever of withLeverRanges, unchecked.
 *
 * @example
 * withRange(dongguan, 'points_cutoff', 100, 160).parameters.points_cutoff;
 * // { kind: 'dist', spec: { dist: 'uniform', min: 100, max: 160 } }
 */
export function withRange(s: ResolvedScenario, lever: string, lo: number, hi: number): ResolvedScenario {
  const spec = Object.freeze({ kind: 'dist' as const, spec: Object.freeze({ dist: 'uniform' as const, min: lo, max: hi }) });
  // A drawn value reads nothing: it goes first in the evaluation order.
  const evaluationOrder = s.evaluationOrder && Object.freeze([lever, ...s.evaluationOrder.filter((n) => n !== lever)]);
  return withValue(s, lever, spec, evaluationOrder);
}

/**
 * The scenario with a parameter key or a variable set to `spec`, in the
 * expression order given: a lever's value ({@link withLever}) or range
 * (withLeverRanges). A parameter key set so is the scenario's own, as if its
 * file wrote it: for `urban_hukou_to_town_rate` urban-hukou villagers then
 * move to town at it, not at the villagers' share of the pace
 * (src/model/README.md, step 6), which they follow when the key is unset —
 * without that a lever on it would be read by nothing.
 *
 * @example
 * withValue(dalian, 'urban_hukou_to_town_rate', { kind: 'number', value: 0.3 }, dalian.evaluationOrder).urbanHukouToTownFollowsPace; // false
 */
export function withValue(s: ResolvedScenario, name: string, spec: ValueSpec, evaluationOrder: ResolvedScenario['evaluationOrder']): ResolvedScenario {
  if (!isParameterKey(name)) return Object.freeze({ ...s, evaluationOrder, variables: Object.freeze({ ...s.variables, [name]: spec }) });
  return Object.freeze({
    ...s,
    ...(name === 'urban_hukou_to_town_rate' && { urbanHukouToTownFollowsPace: false }),
    evaluationOrder,
    parameters: Object.freeze({ ...s.parameters, [name]: spec }),
  });
}

const isParameterKey = (name: string) => (PARAMETER_KEYS as readonly string[]).includes(name);
