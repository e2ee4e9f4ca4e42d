import { METRICS, METRIC_COUNT } from '../model/indicators.ts';
import { AnalysisInputError } from './analysisInputError.ts';
import { checkMetric } from './checkMetric.ts';

/**
 * One metric in one year, run by run, out of a Monte Carlo result's rows
 * (`((run · years) + y) · METRIC_COUNT + m`). Throws {@link AnalysisInputError}
 * for an unknown metric (with the nearest names), a year not among `years`,
 * or rows that are not whole runs of these years.
 *
 * @example
 * metricAt(result.rows, result.years, 'registered_rate', 2020); // Float64Array, one value per run
 */
export function metricAt(rows: Float64Array, years: Int32Array, metric: string, year: number): Float64Array {
  checkMetric(metric);
  const m = (METRICS as readonly string[]).indexOf(metric);
  const y = years.indexOf(year);
  if (y < 0)
    throw new AnalysisInputError(`year ${year} is not in these rows: expected one of their years, ${years.length ? `${years[0]} to ${years[years.length - 1]}` : 'none'}`);
  const nYears = years.length;
  // Rows of another result than these years' (a library caller's slip): said, not read as a fraction of runs.
  if (rows.length % (nYears * METRIC_COUNT) !== 0)
    throw new AnalysisInputError(`rows: expected ${METRIC_COUNT} metrics × ${nYears} years a run (a result's rows with its own years), found ${rows.length} values`);
  const runs = rows.length / (nYears * METRIC_COUNT);
  const out = new Float64Array(runs);
  for (let r = 0; r < runs; r++) out[r] = rows[(r * nYears + y) * METRIC_COUNT + m];
  return out;
}
