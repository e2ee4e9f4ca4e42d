import { FLOW_METRICS, type ObservedPoint, periodText } from '../io/readObserved.ts';
import { OBSERVED_DEFINITIONS, definitionUse } from '../io/observedDefinitions.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';

/** What becomes of one observed figure: compared with the model (`used`, `flagged` when only roughly comparable) or not. */
export interface PointUse {
  readonly point: ObservedPoint;
  readonly status: 'used' | 'flagged' | 'excluded';
  /** Why it is flagged or excluded; empty when used. */
  readonly reason: string;
}

/**
 * Sort an area's observed figures into those a scenario's runs can be
 * compared with and those they cannot, saying why: outside the scenario's
 * years; the base year (the baseline itself, which every run starts from,
 * moved by its errors where they are drawn: it tells nothing new); a flow whose period starts at or before the base year (the
 * model has no flows then) or covers only part of a year; a definition that
 * counts something else than the model (or than the scenario's
 * `registered_rate_definition`); a figure after a definition break that the
 * baseline is not on. Figures whose definition is only roughly the model's
 * (`registered_unstated`, `permits_new`, …) are used and flagged.
 *
 * @example
 * selectObserved(points, scenario, 'dalian').filter((u) => u.status !== 'excluded').map((u) => u.point.year); // [2015]
 */
export function selectObserved(points: readonly ObservedPoint[], scenario: ResolvedScenario, area: string): PointUse[] {
  const { start, end } = scenario.years;
  const mine = points.filter((p) => p.area === area);
  // The baseline sits on the latest definition segment figured at or before the base year.
  const baseSegment = new Map<string, number>();
  for (const p of mine) {
    if (p.year > start || definitionUse(p.definition, scenario.registeredRateDefinition) === 'exclude') continue;
    baseSegment.set(p.metric, Math.max(baseSegment.get(p.metric) ?? 0, p.segment));
  }
  return mine.map((p): PointUse => {
    const excluded = (reason: string): PointUse => ({ point: p, status: 'excluded', reason });
    const flow = FLOW_METRICS.has(p.metric);
    const first = flow ? p.fromYear! : p.year;
    if (p.year > end || first < start) return excluded(`${periodText(p)} is outside the scenario's years ${start}–${end}`);
    if (!flow && p.year === start) return excluded('base year: the baseline itself, which every run starts from (moved by its errors where they are drawn)');
    if (flow && first === start) return excluded(`the period starts in the base year ${start}, whose flows the model does not have (they start in ${start + 1})`);
    if (p.months !== undefined) return excluded(`covers ${p.months === 'part' ? 'part' : `${p.months} months`} of ${p.year} only`);
    const use = definitionUse(p.definition, scenario.registeredRateDefinition);
    const about = `${p.definition} (${OBSERVED_DEFINITIONS[p.definition].text})`;
    if (use === 'exclude') {
      const byScenario = typeof OBSERVED_DEFINITIONS[p.definition].use !== 'string';
      return excluded(byScenario ? `${about} does not fit registered_rate_definition ${scenario.registeredRateDefinition}` : about);
    }
    if (p.segment > (baseSegment.get(p.metric) ?? 0)) return excluded('after a definition break: the baseline is on the earlier definition');
    return use === 'flag' ? { point: p, status: 'flagged', reason: about } : { point: p, status: 'used', reason: '' };
  });
}
