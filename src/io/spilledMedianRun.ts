import { selectRanks } from '../analysis/selectRanks.ts';
import { M, METRIC_COUNT } from '../model/indicators.ts';

/** Metric m in year index y of runs `from ≤ run < to` into `into` (a {@link MetricSpill}'s read, or another thread's). */
export type SpillReader = (m: number, y: number, from: number, to: number, into: Float64Array) => Float64Array;

/**
 * The run closest to the median path of both rates (report/medianRun.ts, the same run to the bit) among `runs` runs
 * of `years` years kept cell by cell, and its rows (`y · METRIC_COUNT + m`): the run relative to the first one kept.
 * Memory holds one metric-year of every run per rate, read back a slice of runs at a time.
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
  let best = 0;
  let bestDistance = Infinity;
  const slice = Math.min(runs, 16_384);
  const parts = cols.map(() => new Float64Array(nYears * slice));
  for (let r0 = 0; r0 < runs; r0 += slice) {
    const r1 = Math.min(runs, r0 + slice);
    const len = r1 - r0;
    cols.forEach((m, j) => {
      for (let y = 0; y < nYears; y++) read(m, y, r0, r1, parts[j].subarray(y * len, (y + 1) * len));
    });
    for (let r = r0; r < r1; r++) {
      let d = 0;
      for (let y = 0; y < nYears; y++)
        for (let j = 0; j < cols.length; j++) {
          const v = parts[j][y * len + r - r0] - medians[y * cols.length + j];
          if (!Number.isNaN(v)) d += v * v;
        }
      if (d < bestDistance) {
        bestDistance = d;
        best = r;
      }
    }
  }
  const rows = new Float64Array(nYears * METRIC_COUNT);
  const one = new Float64Array(1);
  for (let m = 0; m < METRIC_COUNT; m++)
    for (let y = 0; y < nYears; y++) rows[y * METRIC_COUNT + m] = read(m, y, best, best + 1, one)[0];
  return { run: best, rows };
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
