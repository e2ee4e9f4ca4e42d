import type { CityFacts, CityFigure } from './cityFacts.ts';

/**
 * A city's facts written as scenario keys, to lie under the scenario's own
 * keys: base year, registered-rate definition, baseline figures, targets
 * (as `>=`, each with its seed and line), the settlement plan and the cost
 * of 市民化 (per person and its split, or the government's share alone). Targets outside the scenario's years
 * are left out: the city's plan may name years a scenario does not project.
 *
 * @example
 * cityLayer(cityFacts('dalian'), { end: 2035 }).baseline; // { resident_pop: 6918000, … }
 */
export function cityLayer(facts: CityFacts, years: { start?: unknown; end?: unknown }): Record<string, unknown> {
  const start = typeof years.start === 'number' ? years.start : (facts.baseYear ?? -Infinity);
  const end = typeof years.end === 'number' ? years.end : Infinity;
  const inYears = (y: number): boolean => y >= start && y <= end;
  const baseline = Object.fromEntries(
    (
      [
        ['resident_pop', facts.residentPop],
        ['registered_pop', facts.registeredPop],
        ['resident_rate', facts.residentRate],
        ['registered_rate', facts.registeredRate],
        ['migrant_pop', facts.migrantPop],
      ] as const
    ).filter(([, v]) => typeof v === 'number'),
  );
  const targets = facts.targets
    .filter((t) => inYears(t.year))
    .map((t) => ({ metric: t.metric, year: t.year, op: '>=', value: t.value, source: sourceOf(t, facts.figures, t.metric) }));
  const plan = (facts.settleTargets ?? [])
    .filter((s) => inYears(s.year) && typeof (s.persons ?? s.value) === 'number')
    .map((s) => ({ year: s.year, persons: s.persons ?? s.value, kind: s.kind ?? 'total', source: sourceOf(s, facts.figures, 'settle') }));
  const parameters = {
    ...(facts.costPerPerson !== undefined && { cost_one_off: facts.costPerPerson }),
    ...(facts.costShares && { cost_share_government: facts.costShares.government, cost_share_enterprise: facts.costShares.enterprise }),
    // The government's share alone (Dongguan): how enterprises and individuals split the rest is left to the file.
    ...(!facts.costShares && facts.costShareGovernment && { cost_share_government: facts.costShareGovernment.value }),
  };
  return {
    ...(facts.baseYear !== undefined && { years: { start: facts.baseYear } }),
    ...(facts.area.registeredRateDefinition && { registered_rate_definition: facts.area.registeredRateDefinition }),
    ...(facts.area.registeredRateDenominator && { registered_rate_denominator: facts.area.registeredRateDenominator }),
    baseline,
    ...(Object.keys(parameters).length && { parameters }),
    targets,
    ...(plan.length && { settlement_plan: plan }),
  };
}

/** `data: seed 004 L903`, from the figure itself or the matching figure of the city. */
function sourceOf(f: { year: number; seed?: string; line?: number; source?: string }, figures: readonly CityFigure[] | undefined, metric: string): string {
  if (f.source) return f.source.startsWith('data:') ? f.source : `data: ${f.source}`;
  const fig = f.seed !== undefined && f.line !== undefined ? f : figures?.find((g) => g.year === f.year && (g.metric === metric || g.key === metric));
  if (!fig?.seed || fig.line === undefined) return 'data';
  return `data: seed ${/^\d+/.exec(fig.seed)?.[0] ?? fig.seed} L${fig.line}`;
}
