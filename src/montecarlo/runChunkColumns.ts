import { targetCounts } from '../analysis/targetProbabilities.ts';
import { type ChunkColumns, clearNulls, rowsToColumns } from '../io/rowsToColumns.ts';
import { rowsToCells } from '../io/rowsToCells.ts';
import { METRIC_COUNT } from '../model/indicators.ts';
import type { CompiledScenario } from './compileWithTrees.ts';
import { runChunk } from './runChunk.ts';
import type { RunSampler } from './runSampler.ts';

/** Runs whose rows are rearranged at a time: the kernel's rows of them (~240 KB for Dalian) are still in cache. */
const TILE_RUNS = 32;
/**
 * The kernel's rows of a tile, kept for the thread's life: one buffer of ~240 KB a chunk, thousands of chunks, was
 * memory the collector freed late and the allocator kept.
 */
let tileRows = new Float64Array(0);

/**
 * {@link runChunk} of runs `start ≤ run < end`, handed over as trajectories.arrow's columns ({@link ChunkColumns},
 * nulls marked) and, with `into.cells`, also cell by cell (metric m in year index y of run `start + i` at
 * `cells[(m · years + y) · (end − start) + i]`, the metric file's block: {@link rowsToCells}), both rearranged a few
 * runs at a time while the kernel's rows are in cache, by the thread that ran them; sampled values and out-of-bounds
 * counts as runChunk puts them (from index 0). Returns the runs' target counts (targetCounts of the scenario's targets).
 *
 * @example
 * const met = runChunkColumns(compiled, 1000, 0, 500, sampler, { columns: newChunkColumns(500, years), sampled, outside, cells });
 */
export function runChunkColumns(
  c: CompiledScenario, totalRuns: number, start: number, end: number, sampler: RunSampler,
  into: { columns: ChunkColumns; sampled: Float64Array; outside: Int32Array; cells?: Float64Array },
): Int32Array {
  const n = end - start;
  if (into.columns.runs !== n) throw new RangeError(`columns of ${into.columns.runs} runs given for runs ${start}–${end}`);
  const nYears = c.steps + 1;
  const k = c.sampledNames.length;
  const nChecks = sampler.checks.length;
  if (tileRows.length < Math.min(n, TILE_RUNS) * nYears * METRIC_COUNT) tileRows = new Float64Array(TILE_RUNS * nYears * METRIC_COUNT);
  const rows = tileRows;
  const met = new Int32Array(c.resolved.targets.length + (c.resolved.targets.length > 0 ? 1 : 0));
  clearNulls(into.columns);
  for (let s = start; s < end; s += TILE_RUNS) {
    const e = Math.min(end, s + TILE_RUNS);
    const i = s - start;
    const tile = runChunk(c, totalRuns, s, e, sampler, { rows, sampled: into.sampled.subarray(i * k), outside: into.outside.subarray(i * nChecks), runStart: s });
    rowsToColumns(tile.rows, nYears, into.columns, i);
    if (into.cells) rowsToCells(tile.rows, nYears, into.cells, n, i);
    const tileMet = targetCounts(tile.rows, c.years, c.resolved.targets);
    for (let t = 0; t < met.length; t++) met[t] += tileMet[t];
  }
  return met;
}
