import { targetCounts } from '../analysis/targetProbabilities.ts';
import { rowsToCells } from '../io/rowsToCells.ts';
import { METRIC_COUNT } from '../model/indicators.ts';
import type { CompiledScenario } from './compileWithTrees.ts';
import { runChunk } from './runChunk.ts';
import type { RunSampler } from './runSampler.ts';

/** Runs whose rows are turned into cells at a time: the kernel's rows of them (~240 KB for Dalian) are still in cache. */
const TILE_RUNS = 32;

/**
 * {@link runChunk} of runs `start ≤ run < end`, handed over cell by cell: metric m in year index y of run `start + i`
 * at `into.cells[(m · years + y) · (end − start) + i]`, the layout the run folder's writers take ({@link rowsToCells}),
 * transposed a few runs at a time while the kernel's rows are in cache instead of by the thread that writes the files;
 * sampled values and out-of-bounds counts as runChunk puts them (from index 0). Returns the runs' target counts
 * (targetCounts of the scenario's targets).
 *
 * @example
 * const met = runChunkCells(compiled, 1000, 0, 500, sampler, { cells, sampled, outside });
 */
export function runChunkCells(
  c: CompiledScenario, totalRuns: number, start: number, end: number, sampler: RunSampler,
  into: { cells: Float64Array; sampled: Float64Array; outside: Int32Array },
): Int32Array {
  const n = end - start;
  const nYears = c.steps + 1;
  const k = c.sampledNames.length;
  const nChecks = sampler.checks.length;
  const rows = new Float64Array(Math.min(n, TILE_RUNS) * nYears * METRIC_COUNT);
  const met = new Int32Array(c.resolved.targets.length + (c.resolved.targets.length > 0 ? 1 : 0));
  for (let s = start; s < end; s += TILE_RUNS) {
    const e = Math.min(end, s + TILE_RUNS);
    const i = s - start;
    const tile = runChunk(c, totalRuns, s, e, sampler, { rows, sampled: into.sampled.subarray(i * k), outside: into.outside.subarray(i * nChecks), runStart: s });
    rowsToCells(tile.rows, nYears, into.cells, n, i);
    const tileMet = targetCounts(tile.rows, c.years, c.resolved.targets);
    for (let t = 0; t < met.length; t++) met[t] += tileMet[t];
  }
  return met;
}
