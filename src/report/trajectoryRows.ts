import type { Table } from 'apache-arrow';
import { METRICS, METRIC_COUNT } from '../model/indicators.ts';
import { UNLIMITED_METRICS } from '../io/metricColumns.ts';
import { numberColumn } from '../io/readColumns.ts';

/**
 * trajectories.arrow in the engine's row layout, run-major then year then
 * metric (`(r · years + y) · METRIC_COUNT + m`, r counting the runs present
 * in run order), which is what `pairedDifferences` and `summarize` take.
 * Nulls come back as the engine holds them: Infinity in school_places and
 * housing_units (no limit), NaN elsewhere (a flow in the base year); a
 * metric the file lacks (written by an older engine) is NaN. Works in Node
 * and in the browser.
 *
 * @example
 * const t = trajectoryRows(tableFromIPC(bytes));
 * pairedDifferences(base.rows, t.rows, t.years);
 */
export function trajectoryRows(table: Table): { years: Int32Array; runs: Int32Array; rows: Float64Array } {
  const run = numberColumn(table, 'run', 'trajectories');
  const year = numberColumn(table, 'year', 'trajectories');
  const years = Int32Array.from(new Set(year)).sort();
  const runs = Int32Array.from(new Set(run)).sort();
  const yearIndex = new Map(Array.from(years, (y, i) => [y, i]));
  const runIndex = new Map(Array.from(runs, (r, i) => [r, i]));
  const nYears = years.length;
  const rows = new Float64Array(runs.length * nYears * METRIC_COUNT).fill(NaN);
  METRICS.forEach((m, j) => {
    if (!table.getChild(m)) return;
    const col = numberColumn(table, m, 'trajectories', UNLIMITED_METRICS.includes(m) ? Infinity : NaN);
    for (let i = 0; i < col.length; i++) rows[(runIndex.get(run[i])! * nYears + yearIndex.get(year[i])!) * METRIC_COUNT + j] = col[i];
  });
  return { years, runs, rows };
}
