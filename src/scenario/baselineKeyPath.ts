/**
 * The YAML key path of each baseline field the model names in camelCase
 * (src/model/baseline.ts speaks the library's names; scenario authors write
 * the snake_case keys of src/scenario/scenarioSchema.ts).
 */
export const BASELINE_KEY_PATHS: Readonly<Record<string, string>> = {
  residentPop: 'baseline.resident_pop',
  registeredPop: 'baseline.registered_pop',
  residentRate: 'baseline.resident_rate',
  registeredRate: 'baseline.registered_rate',
  migrantPop: 'baseline.migrant_pop',
  awayPop: 'baseline.away_pop',
  migrantUrbanShare: 'baseline.assume.migrant_urban_share',
  urbanHukouRuralShare: 'baseline.assume.urban_hukou_rural_share',
  urbanHukouShareOfUrbanLocals: 'baseline.assume.urban_hukou_share_of_urban_locals',
};

const NAMES = new RegExp(`\\b(${Object.keys(BASELINE_KEY_PATHS).join('|')})\\b`, 'g');

/**
 * A baseline problem as buildBaseline words it, with every field named by
 * its key path in a scenario file.
 *
 * @example
 * baselineKeyPaths('migrantPop 800.00万 is more than residentPop 691.80万');
 * // 'baseline.migrant_pop 800.00万 is more than baseline.resident_pop 691.80万'
 */
export function baselineKeyPaths(problem: string): string {
  return problem.replace(NAMES, (name) => BASELINE_KEY_PATHS[name]);
}
