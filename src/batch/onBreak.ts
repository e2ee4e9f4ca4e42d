import type { TargetResult } from '../analysis/targetProbabilities.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';

/**
 * What says whether a scenario's answers rest on an assumed change of the registered count's definition
 * (`uncertainty.registered_break`: the 2014 hukou unification, in one of its years a share of the rural-hukou town
 * dwellers and of the villagers counted urban hukou; src/model/README.md "Sources of uncertainty" 3). A batch's
 * reachability row carries it; a single run works it out from its scenario ({@link breakBasis}): one rule for both,
 * as {@link import('./onDefaults.ts').DefaultsBasis} for the †.
 */
export interface BreakBasis {
  /** The first year the change of count can fall within the projection; absent when the scenario draws none that relabels anyone. */
  readonly breakFrom?: number;
}

/**
 * A scenario's {@link BreakBasis}: the earliest year of its change of count after the base year and within the
 * projection, where the change relabels someone (its town dwellers' or its villagers' share not held at 0). The
 * default change of count (every city scenario counting the registered rate by hukou with a base year up to 2014, or
 * the city's own unification date after its base year) and one the scenario writes alike: both are an assumed range
 * no figure of the area's fitted.
 *
 * @example
 * breakBasis(loadScenario('scenarios/pilots/luoyang.yaml')); // { breakFrom: 2015 }: its unification year (data/areas)
 * breakBasis(loadScenario('scenarios/pilots/weihai.yaml'));  // {}: unified 2004, before its base year
 */
export function breakBasis(s: Pick<ResolvedScenario, 'uncertainty' | 'years'>): BreakBasis {
  const b = s.uncertainty?.registeredBreak;
  if (!b || (b.share.max <= 0 && b.villageShare.max <= 0)) return {};
  const within = b.years.filter((y) => y > s.years.start && y <= s.years.end);
  return within.length ? { breakFrom: Math.min(...within) } : {};
}

/**
 * The figures the change of count moves: the registered rate, its numerator and the gap it makes with the resident
 * rate, which count the relabelled as urban hukou; and local settlement, its source groups and its cost, since the
 * relabelled leave the rural-hukou pool that settles (the relabelling itself settles no one); and step 7b's own counts,
 * `relabelled` (the change of count itself, 0 in every other year) and `converted_in_place` (which converts from the
 * same pool). The populations and the resident side move only through what still reads the hukou label (births at the
 * urban-hukou TFR, returning away locals): left out.
 */
const MOVED_BY_BREAK = /^(registered_rate|urban_registered_pop|rate_gap|settled(?!_migrants$)|cost_|land_quota_m2|transfer_yuan|converted_in_place|relabelled)/;

/**
 * Whether a figure of a year rests on the assumed change of count: the scenario draws one that can fall in or before
 * that year ({@link BreakBasis.breakFrom}), and the figure is one it moves (the registered rate, urban_registered_pop,
 * rate_gap, local settlement and its cost, converted_in_place, relabelled). Marked §, beside the † of {@link import('./onDefaults.ts').restsOnDefaults}:
 * a different kind of reliance (an assumption range, not a pooled default), so a different mark.
 *
 * @example
 * restsOnBreak({ breakFrom: 2015 }, 'registered_rate', 2017); // true
 * restsOnBreak({ breakFrom: 2015 }, 'resident_rate', 2017);   // false: the resident rate does not read the registry
 * restsOnBreak({ breakFrom: 2016 }, 'registered_rate', 2015); // false: the change falls after the target's year
 */
export const restsOnBreak = (b: BreakBasis, metric: string, year: number): boolean =>
  b.breakFrom !== undefined && year >= b.breakFrom && MOVED_BY_BREAK.test(metric);

/**
 * Whether a target row's probability rests on the assumed change of count ({@link restsOnBreak}): the § of the
 * reachability report, of `urbsim run`'s table and of the reports, targets.arrow's column `on_break`; null on the
 * joint row (`all`), which is not marked.
 *
 * @example
 * targetOnBreak({ breakFrom: 2015 }, { metric: 'registered_rate', year: 2020 }); // true
 * targetOnBreak({ breakFrom: 2015 }, { metric: '*', year: null });               // null: the joint row
 */
export const targetOnBreak = (b: BreakBasis, t: Pick<TargetResult, 'metric' | 'year'>): boolean | null => (t.year === null ? null : restsOnBreak(b, t.metric, t.year));

/**
 * {@link targetOnBreak} of each of a scenario's target rows: what a run folder's targets.arrow and `urbsim run`'s
 * table mark.
 *
 * @example
 * targetsOnBreak(loadScenario('scenarios/pilots/luoyang.yaml'), targets);
 * // [true, false, true, false, null]: registered 2017, resident 2017, registered 2020, resident 2020, all
 */
export function targetsOnBreak(s: Parameters<typeof breakBasis>[0], targets: readonly Pick<TargetResult, 'metric' | 'year'>[]): (boolean | null)[] {
  const b = breakBasis(s);
  return targets.map((t) => targetOnBreak(b, t));
}
