import type { ResolvedScenario } from '../scenario/resolved.ts';

/**
 * The scenario projected only up to `year`: what an analysis of one year
 * needs, at a fraction of the cost when the scenario runs decades further.
 * Exact, not an approximation: a year's values depend only on earlier years,
 * draws are named by (seed, run, name) and shocks are drawn year by year, so
 * every run reproduces the full scenario's numbers up to `year`. Targets and
 * plan figures after `year` are dropped with the years.
 *
 * @example
 * throughYear(loadScenario('scenarios/dalian.yaml'), 2020).years; // { start: 2013, end: 2020 }
 */
export function throughYear(s: ResolvedScenario, year: number): ResolvedScenario {
  if (year >= s.years.end) return s;
  return Object.freeze({
    ...s,
    years: Object.freeze({ start: s.years.start, end: year }),
    targets: s.targets.filter((t) => t.year <= year),
    settlementPlan: s.settlementPlan?.filter((p) => p.year <= year),
  });
}
