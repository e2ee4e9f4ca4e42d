import type { TargetResult } from '../analysis/targetProbabilities.ts';
import type { ValueSpec } from '../scenario/resolved.ts';
import { INFORMS, PACE_KEYS, type PaceKey, migrantTakeUpOwn, pacesOnDefaults } from './pilotDefaults.ts';

/**
 * What says whether a scenario's answers rest mainly on defaults: the paces it draws from the pooled defaults as
 * they are ({@link pacesOnDefaults}), and whether its migrants' take-up is fitted to its own counts of migrants
 * settled ({@link migrantTakeUpOwn}). A batch's reachability row carries it; a single run works it out from its
 * scenario ({@link defaultsBasis}): one rule for both.
 */
export interface DefaultsBasis {
  /** The paces (net migration, settlement take-up, urbanization pace, hukou conversion) drawn from the pooled defaults. */
  readonly defaultPaces?: readonly string[];
  /** The scenario draws its migrants' take-up from its own counts of migrants settled. */
  readonly ownTakeUp?: boolean;
}

/**
 * A scenario's {@link DefaultsBasis}, read from the laws it draws (compared with data/observed/fitted-defaults.json
 * as written).
 *
 * @example
 * defaultsBasis(loadScenario('scenarios/pilots/dongguan.yaml'));
 * // { defaultPaces: ['rural_to_town_rate', 'local_settle_rate', 'hukou_conversion_rate'], ownTakeUp: true }
 */
export function defaultsBasis(s: { readonly city?: string; readonly parameters: Readonly<Record<string, ValueSpec>>; readonly variables: Readonly<Record<string, ValueSpec>> }): DefaultsBasis {
  return { defaultPaces: pacesOnDefaults(s), ...(migrantTakeUpOwn(s) && { ownTakeUp: true }) };
}

/**
 * The paces that move a target's figure: the resident side the urbanization
 * pace and net migration, the registered rate the hukou conversion and the
 * settlement take-up, the registry's people the take-up; any other figure all
 * four.
 */
function drivers(metric: string): readonly PaceKey[] {
  if (metric === 'resident_rate' || metric === 'urban_resident_pop') return ['rural_to_town_rate', 'net_migration'];
  if (metric === 'resident_pop' || metric === 'migrant_pop') return ['net_migration'];
  if (metric === 'registered_rate' || metric === 'urban_registered_pop') return ['hukou_conversion_rate', 'local_settle_rate'];
  if (metric === 'registered_pop' || metric.startsWith('settled')) return ['local_settle_rate'];
  return PACE_KEYS;
}

/**
 * The figures migrants settling do not move: where people live. Every other figure moves with them — the registry's
 * side, the migrants they leave, the rate gap, the settlement's costs.
 */
const WHERE_PEOPLE_LIVE = new Set(['resident_rate', 'urban_resident_pop', 'resident_pop']);

/**
 * Whether a target's probability rests mainly on defaults: every pace that
 * moves its figure is drawn from the pooled defaults, none fitted to the
 * area's own figures nor set by the scenario's author; and, for a figure
 * migrants settling move, the migrants' take-up is not fitted to the area's
 * own counts of migrants settled ({@link DefaultsBasis.ownTakeUp}).
 *
 * @example
 * restsOnDefaults(defaultsBasis(anhuiPilot), 'registered_rate'); // true: a pilot with no registered figure after its base year
 */
export const restsOnDefaults = (b: DefaultsBasis, metric: string): boolean =>
  b.defaultPaces !== undefined && drivers(metric).every((k) => b.defaultPaces!.includes(k)) && !(b.ownTakeUp && !WHERE_PEOPLE_LIVE.has(metric));

/**
 * Whether a target row's probability rests mainly on defaults ({@link restsOnDefaults}): the reachability report's †,
 * the run's and the batch's targets.arrow column `on_defaults`, the † of `urbsim run`'s table and of the reports;
 * null on the joint row (`all`), which is not marked.
 *
 * @example
 * targetOnDefaults(row, row.targets[0]); // true for a pilot's registered target with no figure of its own
 * targetOnDefaults(row, { metric: '*', year: null }); // null: the joint row
 */
export const targetOnDefaults = (b: DefaultsBasis, t: Pick<TargetResult, 'metric' | 'year'>): boolean | null => (t.year === null ? null : restsOnDefaults(b, t.metric));

/**
 * {@link targetOnDefaults} of each of a scenario's target rows: what a run folder's targets.arrow and `urbsim run`'s
 * table mark.
 *
 * @example
 * targetsOnDefaults(loadScenario('scenarios/pilots/luoyang.yaml'), targets);
 * // [true, false, true, false, null]: registered 2017 (its conversion and take-up pooled), resident 2017, …, all
 */
export function targetsOnDefaults(s: Parameters<typeof defaultsBasis>[0], targets: readonly Pick<TargetResult, 'metric' | 'year'>[]): (boolean | null)[] {
  const b = defaultsBasis(s);
  return targets.map((t) => targetOnDefaults(b, t));
}

/**
 * Whether a target's probability WEIGHED by the area's own figures rests mainly on defaults: the plain rule
 * ({@link restsOnDefaults}) holds, and none of the figures it is weighed by informs a pace that moves its figure
 * ({@link INFORMS}: a resident rate or urban resident population the urbanization pace, a resident or migrant
 * population net migration, a registered rate or its numerator the conversion, a settled count the local take-up).
 * A weighed answer is conditioned on those figures: where one of them bears on what moves the target, the answer no
 * longer rests on the pooled defaults alone. The † of the tables of weighed answers: `urbsim run`'s (and merge's)
 * under its plain table, and `urbsim calibrate`'s (the calibrated P). The reachability table headlines the plain answer,
 * whose † is {@link restsOnDefaults}'s.
 *
 * @example
 * weighedOnDefaults(anhui, 'resident_rate', [{ metric: 'resident_rate' }]);   // false: its own resident rate weighs it
 * weighedOnDefaults(anhui, 'resident_rate', [{ metric: 'registered_rate' }]); // true: as the plain answer
 */
export const weighedOnDefaults = (b: DefaultsBasis, metric: string, weighedBy: readonly { readonly metric: string }[]): boolean =>
  restsOnDefaults(b, metric) && !weighedBy.some((f) => drivers(metric).some((k) => INFORMS[k].has(f.metric)));

/** {@link weighedOnDefaults} of a target row; null on the joint row, as {@link targetOnDefaults}. */
export const targetWeighedOnDefaults = (b: DefaultsBasis, t: Pick<TargetResult, 'metric' | 'year'>, weighedBy: readonly { readonly metric: string }[]): boolean | null =>
  t.year === null ? null : weighedOnDefaults(b, t.metric, weighedBy);
