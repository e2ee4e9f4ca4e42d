import type { BaselineError } from '../model/baseline.ts';

// The engine names baseline figures as its API does (residentPop); users wrote them as scenario keys.
const KEYS: Readonly<Record<string, string>> = {
  residentPop: 'baseline.resident_pop',
  registeredPop: 'baseline.registered_pop',
  residentRate: 'baseline.resident_rate',
  registeredRate: 'baseline.registered_rate',
  migrantPop: 'baseline.migrant_pop',
  awayPop: 'baseline.away_pop',
};

/**
 * A baseline problem in the words of the scenario file: its keys, and the
 * file (and city, whose figures fill the keys the file leaves out).
 *
 * @example
 * baselineMessage(e, 'scenarios/x.yaml', 'dalian');
 * // 'scenarios/x.yaml: inconsistent baseline (keys under baseline:, else city dalian's figures in data/areas/):
 * //   - baseline.resident_pop 691.80万 must equal baseline.registered_pop 591.40万 − …'
 */
export function baselineMessage(e: BaselineError, file?: string, city?: string): string {
  const where = city ? `keys under baseline:, else city ${city}'s figures in data/areas/` : 'keys under baseline:';
  const problems = e.problems.map((p) => p.replace(/\b(residentPop|registeredPop|residentRate|registeredRate|migrantPop|awayPop)\b/g, (k) => KEYS[k]));
  return `${file ? `${file}: ` : ''}inconsistent baseline (${where}):\n  - ${problems.join('\n  - ')}`;
}
