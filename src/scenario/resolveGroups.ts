import { SETTLEMENT_GROUPS } from '../model/settlementGroups.ts';
import { GROUP_LEVERS, GROUP_LEVER_NAMES, type GroupLeverName } from './groupLevers.ts';
import type { IssueSink } from './issueSink.ts';
import { isMapping } from './isMapping.ts';
import type { ResolvedGroups, ValueSpec } from './resolved.ts';
import { resolveValue } from './resolveValue.ts';
import { parameterRule } from './valueRule.ts';

/**
 * The source groups a scenario switches on (`settlement_groups:`), each
 * lever a number, distribution or expression under its rule, the ones left
 * out at their defaults. A group needs `take_up` or `yearly_target`: with
 * neither, everyone in its pool would settle in the first year. Unknown group
 * and lever names have been reported by the structural pass.
 *
 * @example
 * resolveGroups({ rural_students: { eligible_share: '30%', yearly_target: '40万' } }, known, sink);
 * // { rural_students: { eligible_share: 0.3, take_up: 1, yearly_target: 400000 } } (as ValueSpecs)
 */
export function resolveGroups(raw: unknown, known: readonly string[], sink: IssueSink): ResolvedGroups | undefined {
  if (!isMapping(raw)) return undefined;
  const groups: Record<string, Record<GroupLeverName, ValueSpec>> = {};
  for (const group of SETTLEMENT_GROUPS) {
    const levers = raw[group];
    if (!isMapping(levers)) continue;
    if (levers.take_up === undefined && levers.yearly_target === undefined) {
      sink.add(['settlement_groups', group], 'take_up, yearly_target or both', 'neither',
        `group \`${group}\` needs take_up or yearly_target (or both): without either, everyone in its pool would settle in the first year`, true);
      continue;
    }
    const specs = {} as Record<GroupLeverName, ValueSpec>;
    let complete = true;
    for (const lever of GROUP_LEVER_NAMES) {
      const info = GROUP_LEVERS[lever];
      const spec = levers[lever] === undefined
        ? { kind: 'number' as const, value: info.listedDefault }
        : resolveValue(levers[lever], ['settlement_groups', group, lever], parameterRule(info), known, sink);
      if (spec) specs[lever] = spec;
      else complete = false;
    }
    if (complete) groups[group] = specs;
  }
  return Object.keys(groups).length ? groups : undefined;
}
