import { PARAMETERS } from '../scenario/parameterKeys.ts';

/**
 * Whether a lever's values are shown in percent: a rate (its key's unit), or a variable the scenario writes in
 * percent (its `percentVariables`, as `inflow_growth: 2%`). A solve's title, its chart's axis and its HTML table all
 * ask this one question, so they say a value alike: the table alone asked only for a rate and gave 0.06 under a title
 * saying 6%.
 *
 * @example
 * shownInPercent('migrant_settle_rate');                   // true
 * shownInPercent('inflow_growth', ['inflow_growth']);      // true
 * shownInPercent('inflow_growth');                         // false
 * shownInPercent('settle_quota', ['inflow_growth']);       // false
 */
export function shownInPercent(lever: string, percentVariables?: readonly string[]): boolean {
  return (PARAMETERS as Record<string, { unit: string } | undefined>)[lever]?.unit === 'rate' || percentVariables?.includes(lever) === true;
}
