import { METRIC_COUNT } from '../model/indicators.ts';

/** Runs taken together: a cache line of each cell's stretch (8 doubles) filled at once. */
const TILE = 8;

/**
 * Indicator rows of runs (run-major: `(r · years + y) · METRIC_COUNT + m`, as the engine writes them) into cells:
 * metric m in year index y of run r goes to `cells[(m · years + y) · stride + offset + r]`, so that each cell's runs are
 * one stretch — the layout of the metric file and of a streamed chunk. A tile of runs at a time, so that each run's row
 * is read once and each cell's stretch written a cache line at a time.
 *
 * @example
 * const cells = new Float64Array(rows.length);
 * rowsToCells(rows, years.length, cells, runs, 0); // metric m, year index y: cells.subarray((m · years + y) · runs, …)
 */
export function rowsToCells(rows: Float64Array, years: number, cells: Float64Array, stride: number, offset: number): void {
  const perRun = years * METRIC_COUNT;
  const runs = perRun === 0 ? 0 : rows.length / perRun;
  for (let r0 = 0; r0 < runs; r0 += TILE) {
    const r1 = Math.min(runs, r0 + TILE);
    for (let y = 0; y < years; y++)
      for (let m = 0; m < METRIC_COUNT; m++) {
        const to = (m * years + y) * stride + offset;
        for (let r = r0, from = r0 * perRun + y * METRIC_COUNT + m; r < r1; r++, from += perRun) cells[to + r] = rows[from];
      }
  }
}
