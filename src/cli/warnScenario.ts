import type { ResolvedScenario } from '../scenario/resolved.ts';
import { placeholderWarning } from '../scenario/placeholderWarning.ts';
import { scenarioWarnings, writesRegisteredBreak, writtenParameterKeys } from '../scenario/scenarioWarnings.ts';

/**
 * Print what {@link placeholderWarning} and {@link scenarioWarnings} find in a scenario about to run, one
 * `urbsim: warning: <file>: …` line each, on standard error; returns how many.
 *
 * @example
 * warnScenario('min.yaml', loadScenario('min.yaml'), (s) => process.stderr.write(s));
 */
export function warnScenario(file: string, scenario: ResolvedScenario, err: (s: string) => void): number {
  const placeholder = placeholderWarning(file);
  const warnings = [...(placeholder ? [placeholder] : []), ...scenarioWarnings(scenario, writtenParameterKeys(file), { breakWritten: writesRegisteredBreak(file) })];
  for (const w of warnings) err(`urbsim: warning: ${file}: ${w.message}\n`);
  return warnings.length;
}
