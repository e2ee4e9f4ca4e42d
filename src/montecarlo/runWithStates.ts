import { METRIC_COUNT } from '../model/indicators.ts';
import { threadKernel } from '../kernel/threadKernel.ts';
import type { CompiledScenario } from './compileWithTrees.ts';
import { RunSampler } from './runSampler.ts';

/** One run's indicator rows (`y · METRIC_COUNT + m`) and its state in every year, base year first. */
export interface RunWithStates {
  readonly years: Int32Array;
  readonly rows: Float64Array;
  readonly states: Float64Array[];
}

/**
 * Run one Monte Carlo run of a compiled scenario again, keeping the state of every year. A run's draws depend only
 * on (seed, run index, total runs), so this reproduces the run's indicator rows exactly; callers compare them with
 * the stored rows to make sure the states belong to the run they think. Pass the sampler a thread ran the scenario
 * with to reuse it.
 *
 * @example
 * const { rows, states } = runWithStates(compileScenario(meta.scenario), 17);
 * states.length; // years, base year first
 */
export function runWithStates(c: CompiledScenario, run: number, sampler = new RunSampler(c, c.resolved.monteCarlo.runs)): RunWithStates {
  const total = c.resolved.monteCarlo.runs;
  if (!(run >= 0 && run < total)) throw new RangeError(`run ${run} is outside 0..${total - 1}`);
  const p = sampler.fill(run);
  const rows = new Float64Array(c.years.length * METRIC_COUNT);
  const states: Float64Array[] = [];
  threadKernel().run(sampler.startState(), p, rows, states); // the kernel the Monte Carlo ran, so its rows are reproduced to the bit
  return { years: c.years, rows, states };
}
