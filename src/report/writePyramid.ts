import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomicWrite.ts';
import type { OutputSink } from '../io/outputFolder.ts';
import { METRIC_COUNT } from '../model/indicators.ts';
import type { MonteCarloResult } from '../montecarlo/runMonteCarlo.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { medianRun } from './medianRun.ts';
import { pyramidIpc, pyramidTable } from './pyramidTable.ts';
import { runStates } from './runStates.ts';
import type { RunWithStates } from '../montecarlo/runWithStates.ts';

/**
 * The years a pyramid shows by default: the base year, every target year and
 * the last year, in order.
 *
 * @example
 * pyramidYears(dalian); // [2013, 2017, 2020, 2035]
 */
export function pyramidYears(s: ResolvedScenario): number[] {
  const ys = [s.years.start, ...s.targets.map((t) => t.year), s.years.end].filter((y) => y >= s.years.start && y <= s.years.end);
  return [...new Set(ys)].sort((a, b) => a - b);
}

/**
 * Write `pyramid.arrow` into a run folder: the population by year, sex, age
 * and status group of the run closest to the median path of both rates
 * ({@link medianRun}), at `years` (default {@link pyramidYears}). The run is
 * computed again with its states kept and must reproduce its stored rows
 * exactly, otherwise nothing is written: a pyramid of a different run than
 * the one in trajectories.arrow would be silently wrong. The run number goes
 * into the file's schema metadata (`run`, `seed`, `scenario`).
 *
 * @example
 * const result = await runMonteCarlo(scenario);
 * writeRunOutputs('out/dalian', result, info);
 * writePyramid('out/dalian', result); // { run: 117, years: [2013, 2017, 2020, 2035] }
 */
export function writePyramid(dir: string | OutputSink, result: MonteCarloResult, years?: readonly number[]): { run: number; years: number[] } {
  const nYears = result.years.length;
  const local = medianRun(result.rows, nYears);
  const stored = result.rows.subarray(local * nYears * METRIC_COUNT, (local + 1) * nYears * METRIC_COUNT);
  return writePyramidOfRun(dir, result.scenario, result.runStart + local, stored, years);
}

/**
 * {@link writePyramid} of a run chosen already (`run`, whose indicator rows are `stored`, `y · METRIC_COUNT + m`):
 * computed again with its states kept (`again`, when another thread did: {@link runStates}), and written only if it
 * reproduces `stored` exactly.
 *
 * @example
 * const { run, rows } = stream.medianRun();
 * writePyramidOfRun('out/dalian', scenario, run, rows);
 */
export function writePyramidOfRun(
  dir: string | OutputSink, scenario: ResolvedScenario, run: number, stored: Float64Array, years?: readonly number[],
  again: RunWithStates = runStates(scenario, run),
): { run: number; years: number[] } {
  for (let i = 0; i < stored.length; i++)
    if (!Object.is(stored[i], again.rows[i]))
      throw new Error(`run ${run} does not reproduce its stored indicators (engine or scenario changed since the run?); pyramid.arrow not written`);
  const chosen = [...(years ?? pyramidYears(scenario))];
  const table = pyramidTable(again.states, again.years, chosen);
  const bytes = pyramidIpc(table, { run: String(run), seed: String(scenario.monteCarlo.seed), scenario: scenario.name });
  // A folder being written takes it with the rest; a path (a notebook's data folder) gets the file alone.
  if (typeof dir === 'string') writeFileAtomic(join(dir, 'pyramid.arrow'), bytes);
  else dir.writeFile('pyramid.arrow', bytes);
  return { run, years: chosen };
}

/**
 * {@link writePyramid} as `writeRunOutputs`' `also` hook, so meta.json,
 * written after it, lists pyramid.arrow among the run's files.
 *
 * @example
 * writeRunOutputs('out/dalian', result, { workers: 2, startedAt, also: pyramidOf(result) });
 */
export const pyramidOf = (result: MonteCarloResult) => (dir: string | OutputSink): string[] => {
  writePyramid(dir, result);
  return ['pyramid.arrow'];
};
