import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { displayPath } from '../io/displayPath.ts';

/** The project's scenarios/ (from src/scenario/, as in the compiled CLI, whose modules keep their source URL). */
const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/**
 * The scenario files the project ships for area `id`: the hand-curated one (scenarios/<id>.yaml) and the pilot
 * (scenarios/pilots/<id>.yaml), those that exist, as messages show paths — what to run when an area's name was given
 * where a scenario file is expected (`urbsim run 大连`).
 *
 * @example
 * shippedScenarios('dalian'); // ['scenarios/dalian.yaml', 'scenarios/pilots/dalian.yaml'] (run from the project)
 * shippedScenarios('tianjin_jixian'); // ['scenarios/pilots/tianjin_jixian.yaml']
 */
export function shippedScenarios(id: string): string[] {
  return [join(SCENARIOS, `${id}.yaml`), join(SCENARIOS, 'pilots', `${id}.yaml`)].filter((f) => existsSync(f)).map(displayPath);
}
