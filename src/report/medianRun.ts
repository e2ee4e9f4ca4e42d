import { METRIC_COUNT, M } from '../model/indicators.ts';

/**
 * The run closest to the median path of both urbanization rates: the one
 * whose resident and registered rates, year by year, have the smallest sum
 * of squared distances to the yearly medians. A single run's state is what a
 * pyramid can show (quantiles of states are not states), and this is the run
 * that best stands for the typical projection of the two rates the toolkit
 * is about. Ties go to the lower run index.
 *
 * @example
 * const r = medianRun(result.rows, result.years.length); // index within the rows, add runStart for the run number
 */
export function medianRun(rows: Float64Array, nYears: number): number {
  const runs = rows.length / (nYears * METRIC_COUNT);
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`${rows.length} values are not whole runs of ${nYears} years`);
  const cols = [M.resident_rate, M.registered_rate];
  const medians = new Float64Array(nYears * cols.length);
  const buf = new Float64Array(runs);
  for (let y = 0; y < nYears; y++)
    cols.forEach((m, j) => {
      for (let r = 0; r < runs; r++) buf[r] = rows[(r * nYears + y) * METRIC_COUNT + m];
      buf.sort();
      medians[y * cols.length + j] = runs % 2 ? buf[(runs - 1) / 2] : (buf[runs / 2 - 1] + buf[runs / 2]) / 2;
    });
  let best = 0;
  let bestDistance = Infinity;
  for (let r = 0; r < runs; r++) {
    let d = 0;
    for (let y = 0; y < nYears; y++)
      cols.forEach((m, j) => {
        const v = rows[(r * nYears + y) * METRIC_COUNT + m] - medians[y * cols.length + j];
        if (!Number.isNaN(v)) d += v * v;
      });
    if (d < bestDistance) {
      bestDistance = d;
      best = r;
    }
  }
  return best;
}
