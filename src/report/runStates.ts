import { METRIC_COUNT } from '../model/indicators.ts';
import { threadKernel } from '../kernel/threadKernel.ts';
import { compileScenario } from '../montecarlo/compileScenario.ts';
import { RunSampler } from '../montecarlo/runSampler.ts';
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
export function runStates(scenario: ResolvedScenario, run: number): { years: Int32Array; rows: Float64Array; states: Float64Array[] } {
  const c = compileScenario(scenario);
  const total = scenario.monteCarlo.runs;
  if (!(run >= 0 && run < total)) throw new RangeError(`run ${run} is outside 0..${total - 1}`);
  const sampler = new RunSampler(c, total);
  const p = sampler.fill(run);
  const rows = new Float64Array(c.years.length * METRIC_COUNT);
  const states: Float64Array[] = [];
  threadKernel().run(sampler.startState(), p, rows, states); // the kernel the Monte Carlo ran, so its rows are reproduced to the bit
  return { years: c.years, rows, states };
}
