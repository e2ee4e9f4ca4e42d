import { PARAMETER_KEYS } from '../scenario/parameterKeys.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';

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
  const constant = Object.freeze({ kind: 'number' as const, value });
  // A constant is no longer evaluated: it leaves the expression order.
  const evaluationOrder = s.evaluationOrder && Object.freeze(s.evaluationOrder.filter((n) => n !== lever));
  if ((PARAMETER_KEYS as readonly string[]).includes(lever))
    return Object.freeze({ ...s, ...readsOwnRate(lever), evaluationOrder, parameters: Object.freeze({ ...s.parameters, [lever]: constant }) });
  if (!Object.hasOwn(s.variables, lever)) throw new RangeError(`${lever} is neither a parameter key nor a variable of ${s.name}`);
  return Object.freeze({ ...s, evaluationOrder, variables: Object.freeze({ ...s.variables, [lever]: constant }) });
}

/**
 * A lever on `urban_hukou_to_town_rate` sets the rate, as a scenario file writing the key does: urban-hukou villagers
 * then move to town at it, not at the villagers' share of the pace (src/model/README.md, step 6), which they follow
 * when the scenario leaves the key unset — without this the lever would be read by nothing.
 *
 * @example
 * readsOwnRate('urban_hukou_to_town_rate'); // { urbanHukouToTownFollowsPace: false }
 */
export function readsOwnRate(lever: string): { urbanHukouToTownFollowsPace?: false } {
  return lever === 'urban_hukou_to_town_rate' ? { urbanHukouToTownFollowsPace: false } : {};
}
