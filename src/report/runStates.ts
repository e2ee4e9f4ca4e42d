import { compileScenario } from '../montecarlo/compileScenario.ts';
import { type RunWithStates, runWithStates } from '../montecarlo/runWithStates.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';

/**
 * Run one Monte Carlo run again, keeping the state of every year. A run's
 * draws depend only on (seed, run index, total runs), so this reproduces the
 * run's indicator rows exactly; callers compare them with the stored rows to
 * make sure the states belong to the run they think (a changed engine would
 * not reproduce old outputs).
 *
 * @example
 * const { rows, states } = runStates(meta.scenario, 17);
 * states.length; // years, base year first
 */
export function runStates(scenario: ResolvedScenario, run: number): RunWithStates {
  return runWithStates(compileScenario(scenario), run);
}
