import { BaselineError } from '../model/baseline.ts';
import { type CompiledScenario, compileScenario } from '../montecarlo/compileScenario.ts';
import { baselineKeyPaths } from '../scenario/baselineKeyPath.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { UsageError } from './errors.ts';

/**
 * Compile a scenario loaded from `file`, so that an inconsistent baseline
 * surfaces before anything runs or is written, as one line per problem naming
 * the file and the YAML keys (the model itself names fields in camelCase and
 * knows no files).
 *
 * @example
 * compileChecked(loadScenario('scenarios/x.yaml'), 'scenarios/x.yaml');
 * // UsageError: scenarios/x.yaml: baseline.migrant_pop 800.00万 is more than baseline.resident_pop 691.80万
 */
export function compileChecked(scenario: ResolvedScenario, file: string): CompiledScenario {
  try {
    return compileScenario(scenario);
  } catch (e) {
    if (!(e instanceof BaselineError)) throw e;
    // Figures the file leaves out come from its city's data (or a file it extends); say so, as the key may not be in the file.
    const note = scenario.city ? `\n  (inconsistent baseline; figures not set in ${file} come from the data of city ${scenario.city})` : '\n  (inconsistent baseline)';
    throw new UsageError(e.problems.map((p) => `${file}: ${baselineKeyPaths(p)}`).join('\n') + note);
  }
}
