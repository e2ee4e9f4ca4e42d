import type { BaselineSpec } from './resolved.ts';

/**
 * Names an expression may read for the scenario's base-year figures, as written under `baseline:`. A formula that
 * scales with the city (arrivals as a share of its migrants, say) reads them by name, so editing a baseline figure
 * moves the formula with it; a number copied into the formula would silently keep the old figure.
 */
export const BASELINE_SYMBOLS = ['baseline_resident_pop', 'baseline_registered_pop', 'baseline_migrant_pop'] as const;

/**
 * The values of {@link BASELINE_SYMBOLS} for a baseline: the written residents and registered population, and the
 * migrant stock the baseline builder places (the figure when given, else residents − registered + the away
 * population when given, else max(0, residents − registered): src/model/baseline.ts).
 *
 * @example
 * baselineSymbolValues({ residentPop: 6_918_000, registeredPop: 5_914_000, residentRate: 0.685, registeredRate: 0.631 });
 * // { baseline_resident_pop: 6918000, baseline_registered_pop: 5914000, baseline_migrant_pop: 1004000 }
 */
export function baselineSymbolValues(b: BaselineSpec): Record<(typeof BASELINE_SYMBOLS)[number], number> {
  const migrants = b.migrantPop ?? Math.max(0, b.residentPop - b.registeredPop + (b.awayPop ?? 0));
  return { baseline_resident_pop: b.residentPop, baseline_registered_pop: b.registeredPop, baseline_migrant_pop: migrants };
}
