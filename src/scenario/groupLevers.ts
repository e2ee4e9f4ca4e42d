import type { GroupLeverKey } from '../model/params.ts';
import { GROUP_INDEX, type SettlementGroup } from '../model/settlementGroups.ts';
import type { ParameterInfo } from './parameterKeys.ts';
import { MOST_PERSONS } from './mostPersons.ts';

export interface GroupLeverInfo extends Omit<ParameterInfo, 'model'> {
  /** The engine's name for it (src/model/params.ts, SettlementGroupLevers). */
  readonly model: GroupLeverKey;
  /** Its value when a scenario names the group but not the lever. */
  readonly listedDefault: number;
}

/**
 * The levers of each source group under `settlement_groups.<group>`. A group
 * the scenario names is on, with these defaults for what it leaves out (it
 * must give `take_up` or `yearly_target`); the others stay off.
 *
 * @example
 * GROUP_LEVERS.yearly_target.unit; // 'persons'
 */
export const GROUP_LEVERS = {
  eligible_share: { model: 'eligibleShare', unit: 'rate', min: 0, max: 1, listedDefault: 1, description: "share of the group's pool that belongs to it and meets its rules" },
  take_up: { model: 'takeUp', unit: 'rate', min: 0, max: 1, listedDefault: 1, description: 'yearly share of the eligible who settle' },
  yearly_target: { model: 'yearlyTarget', unit: 'persons', min: 0, max: MOST_PERSONS, unlimited: true, listedDefault: Infinity, description: 'most persons of the group settled a year; exactly this many when the pool allows (.inf = no target)' },
} as const satisfies Record<string, GroupLeverInfo>;

export type GroupLeverName = keyof typeof GROUP_LEVERS;
export const GROUP_LEVER_NAMES = Object.keys(GROUP_LEVERS) as GroupLeverName[];

/**
 * The name of a group lever among the scenario's scalars (params.arrow column,
 * random stream): not a valid expression symbol, so expressions cannot read it.
 *
 * @example
 * groupSlotName('rural_students', 'take_up'); // 'settlement_groups.rural_students.take_up'
 */
export const groupSlotName = (group: SettlementGroup, lever: GroupLeverName): string => `settlement_groups.${group}.${lever}`;

/**
 * The catalogue index and engine lever of a slot name, or undefined for other names.
 *
 * @example
 * groupSlotOf('settlement_groups.rural_students.take_up'); // { group: 2, lever: 'takeUp' }
 */
export function groupSlotOf(name: string): { group: number; lever: GroupLeverKey } | undefined {
  const m = /^settlement_groups\.(\w+)\.(\w+)$/.exec(name);
  if (!m || !Object.hasOwn(GROUP_INDEX, m[1]) || !Object.hasOwn(GROUP_LEVERS, m[2])) return undefined;
  return { group: GROUP_INDEX[m[1] as SettlementGroup], lever: GROUP_LEVERS[m[2] as GroupLeverName].model };
}
