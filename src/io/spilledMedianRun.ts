import { selectRanks } from '../analysis/selectRanks.ts';
import { M, METRIC_COUNT } from '../model/indicators.ts';

/** Metric m in year index y of runs `from ≤ run < to` into `into` (a {@link MetricSpill}'s read, or another thread's). */
export type SpillReader = (m: number, y: number, from: number, to: number, into: Float64Array) => Float64Array;

/**
 * The run closest to the median path of both rates (report/medianRun.ts, the same run to the bit) among `runs` runs
 * of `years` years kept cell by cell, and its rows (`y · METRIC_COUNT + m`): the run relative to the first one kept.
 * Memory holds one metric-year of every run and each run's distance.
 *
 * @example
 * const { run, rows } = spilledMedianRun((m, y, from, to, into) => spill.read(m, y, from, to, into), runs, years.length);
 */
export function spilledMedianRun(read: SpillReader, runs: number, nYears: number): { run: number; rows: Float64Array } {
  const cols = [M.resident_rate, M.registered_rate];
  const medians = new Float64Array(nYears * cols.length);
  const values = new Float64Array(runs);
  cols.forEach((m, j) => {
    for (let y = 0; y < nYears; y++) medians[y * cols.length + j] = sortedMiddle(read(m, y, 0, runs, values));
  });
  // Each run's squared distance to the medians, summed year by year and rate by rate as medianRun sums it (so the same
  // bits), a cell of every run at a time: reading each run's years side by side was 46 streams at once, a cache miss
  // a value (50 ms for 10,000 runs).
  const distance = new Float64Array(runs);
  for (let y = 0; y < nYears; y++)
    for (let j = 0; j < cols.length; j++) addSquaredDistances(read(cols[j], y, 0, runs, values), medians[y * cols.length + j], distance);
  let best = 0;
  for (let r = 1; r < runs; r++) if (distance[r] < distance[best]) best = r; // ties to the lower run
  const rows = new Float64Array(nYears * METRIC_COUNT);
  const one = new Float64Array(1);
  for (let m = 0; m < METRIC_COUNT; m++)
    for (let y = 0; y < nYears; y++) rows[y * METRIC_COUNT + m] = read(m, y, best, best + 1, one)[0];
  return { run: best, rows };
}

/** `distance[r] += (cell[r] − median)²` where that is not NaN (a run without the figure that year). */
function addSquaredDistances(cell: Float64Array, median: number, distance: Float64Array): void {
  for (let r = 0; r < cell.length; r++) {
    const v = cell[r] - median;
    if (!Number.isNaN(v)) distance[r] += v * v;
  }
}

const middle = new Int32Array(2);
/**
 * The median of `values` as medianRun takes it from a sort (NaN sorted last): the middle value, or the mean of the
 * two middle ones. Reorders `values`.
 */
function sortedMiddle(values: Float64Array): number {
  const runs = values.length;
  let n = 0;
  for (let r = 0; r < runs; r++) if (!Number.isNaN(values[r])) values[n++] = values[r];
  middle[0] = runs % 2 ? (runs - 1) / 2 : runs / 2 - 1;
  middle[1] = runs % 2 ? (runs - 1) / 2 : runs / 2;
  const lo = middle[0];
  const hi = middle[1];
  if (hi < n) selectRanks(values.subarray(0, n), middle);
  else if (lo < n) selectRanks(values.subarray(0, n), Int32Array.of(lo));
  const a = lo < n ? values[lo] : NaN;
  const b = hi < n ? values[hi] : NaN;
  return runs % 2 ? a : (a + b) / 2;
}
