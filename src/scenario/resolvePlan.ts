import type { IssueSink } from './issueSink.ts';
import type { Path } from './origin.ts';
import { readConstant } from './readConstant.ts';
import type { ResolvedScenario } from './resolved.ts';
import { PERSONS_RULE } from './valueRule.ts';
import { isMapping } from './isMapping.ts';

/**
 * The settlement the plan promises: cumulative persons by a year within the
 * scenario's years, kind `total` unless it says `local` or `nonlocal`.
 *
 * @example
 * resolvePlan([{ year: 2020, persons: '120万' }], { start: 2013, end: 2035 }, () => 'dalian.yaml', sink);
 * // [{ year: 2020, persons: 1200000, kind: 'total', source: 'dalian.yaml' }]
 */
export function resolvePlan(raw: unknown, years: { start: number; end: number } | undefined, sourceOf: (path: Path) => string, sink: IssueSink): NonNullable<ResolvedScenario['settlementPlan']>[number][] {
  if (!Array.isArray(raw)) return [];
  const out: NonNullable<ResolvedScenario['settlementPlan']>[number][] = [];
  raw.forEach((p: unknown, i) => {
    if (!isMapping(p)) return;
    const persons = readConstant(p.persons, ['settlement_plan', i, 'persons'], PERSONS_RULE, sink);
    const year = p.year;
    if (typeof year !== 'number' || !Number.isInteger(year)) return;
    if (years && (year < years.start || year > years.end)) {
      sink.add(['settlement_plan', i, 'year'], `a year within the scenario's years, ${years.start} to ${years.end}`, String(year));
      return;
    }
    const kind = p.kind === 'local' || p.kind === 'nonlocal' ? p.kind : 'total';
    if (persons !== undefined) out.push({ year, persons, kind, source: typeof p.source === 'string' ? p.source : sourceOf(['settlement_plan', i]) });
  });
  return out;
}
