import { PARAMETERS } from '../scenario/parameterKeys.ts';

/** Counted units: a solve's answer of 12,345.6 places is no answer anyone can build. */
const COUNTED = new Set(['persons', 'places', 'dwellings']);

/**
 * Whether a lever is searched, and said, in whole numbers: a count (persons, school places, dwellings) or a rule's
 * years (of residence, insurance or permit before a right), as {@link leverRange} searches it and a solve report's
 * table gives it. Life expectancy is in years too, but a measure, not a rule: searched as any number.
 *
 * @example
 * wholeLever('settle_quota');        // true
 * wholeLever('school_places');       // true
 * wholeLever('e0_female');           // false
 * wholeLever('migrant_settle_rate'); // false
 * wholeLever('inflow_growth');       // false (a variable of the scenario)
 */
export function wholeLever(lever: string): boolean {
  const unit = (PARAMETERS as Record<string, { unit: string } | undefined>)[lever]?.unit;
  return unit !== undefined && (COUNTED.has(unit) || (unit === 'years' && !lever.startsWith('e0_')));
}
