import { areaById, cityFacts } from '../data/areas.ts';
import { pilotBaselineInput } from '../batch/pilotScenarioYaml.ts';
import { buildBaseline } from '../model/baseline.ts';
import { defaultBreak } from '../scenario/uncertaintyDefaults.ts';
import type { CountBreak } from './registeredPaceVariation.ts';

/**
 * The change of count an area's registered rates from `first` to `last` may
 * cross, as the area's pilot draws it (src/model/README.md, "Sources of
 * uncertainty" 3): its years and shares by {@link defaultBreak}, the town
 * dwellers' share of the rural hukou from the pilot's baseline figures
 * through the baseline builder. Undefined for an area without a pilot, one
 * counting where people live (no break), or none between the dates.
 *
 * @example
 * pilotCountBreak('dalian', 2010, 2015); // { years: [2015, 2016], townShare: ≈ 0.047, share: { min: 0, max: 1 }, villageShare: { min: 0, max: 0.1 } }
 */
export function pilotCountBreak(area: string, first: number, last: number): CountBreak | undefined {
  if (!areaById(area)) return undefined;
  const facts = cityFacts(area);
  const input = pilotBaselineInput(facts);
  if (!input || input.definition === 'residence') return undefined;
  const spec = defaultBreak(first, last, facts.hukouUnified);
  if (!spec) return undefined;
  const { stocks } = buildBaseline(input);
  return { years: spec.years, townShare: stocks.Ru / (stocks.Ru + stocks.Rr), share: spec.share, villageShare: spec.villageShare };
}
