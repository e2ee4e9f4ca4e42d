import { METRICS, METRIC_COUNT } from '../model/indicators.ts';

/**
 * One metric in one year, run by run, out of a Monte Carlo result's rows
 * (`((run · years) + y) · METRIC_COUNT + m`).
 *
 * @example
 * metricAt(result.rows, result.years, 'registered_rate', 2020); // Float64Array, one value per run
 */
export function metricAt(rows: Float64Array, years: Int32Array, metric: string, year: number): Float64Array {
  const m = (METRICS as readonly string[]).indexOf(metric);
  const y = years.indexOf(year);
  if (m < 0 || y < 0) throw new RangeError(`no ${metric} in ${year} in these rows`);
  const nYears = years.length;
  const runs = rows.length / (nYears * METRIC_COUNT);
  const out = new Float64Array(runs);
  for (let r = 0; r < runs; r++) out[r] = rows[(r * nYears + y) * METRIC_COUNT + m];
  return out;
}
