import { PARAMETERS } from '../scenario/parameterKeys.ts';

/**
 * Whether a lever is searched, and said, in whole numbers: a parameter counted in persons or years (a quota, places,
 * a cut-off year), as {@link leverRange} searches it and a solve report's table gives it.
 *
 * @example
 * wholeLever('settle_quota');        // true
 * wholeLever('migrant_settle_rate'); // false
 * wholeLever('inflow_growth');       // false (a variable of the scenario)
 */
export function wholeLever(lever: string): boolean {
  const unit = (PARAMETERS as Record<string, { unit: string } | undefined>)[lever]?.unit;
  return unit === 'persons' || unit === 'years';
}
