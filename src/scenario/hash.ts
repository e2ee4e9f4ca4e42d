import { createHash } from 'node:crypto';
import { canonicalJson } from './canonicalJson.ts';
import type { ResolvedScenario } from './resolved.ts';

export { canonicalJson };

/**
 * The identity of a resolved scenario: sha256 (hex) of its canonical JSON
 * without the list of files read, so that moving or renaming a file does not
 * change what it runs, nor which variables are shown in percent
 * (`percentVariables`, how values are printed). Everything else counts, the
 * number of runs included.
 *
 * @example
 * scenarioHash(loadScenario('scenarios/dalian.yaml')); // '3f2a…' (64 hex digits)
 */
export function scenarioHash(s: ResolvedScenario): string {
  const { files: _files, percentVariables: _shown, ...rest } = s;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}
