import { mean, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { METRICS, METRIC_COUNT } from '../model/indicators.ts';

export const SUMMARY_PROBS = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95] as const;
export const SUMMARY_STATS = ['mean', 'sd', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95'] as const;

/** Per year and metric: mean, sd and quantiles over runs, as columns. */
export interface Summary {
  readonly years: Int32Array;
  /** Row r is year `years[r / METRIC_COUNT | 0]`, metric `METRICS[r % METRIC_COUNT]`. */
  readonly year: Int32Array;
  readonly metric: readonly string[];
  /** Runs with a finite value in the cell; the statistics are over these. */
  readonly n: Int32Array;
  /** Runs where the value is +Infinity: a capacity with no limit (not in n). */
  readonly unlimited: Int32Array;
  readonly stats: Readonly<Record<(typeof SUMMARY_STATS)[number], Float64Array>>;
}

/**
 * Summaries over runs of indicator rows laid out run-major
 * (`(run · years + y) · METRIC_COUNT + m`). Quantiles are type 7 (linear
 * interpolation, simple-statistics `quantileSorted`), sd the sample standard
 * deviation, over the runs with a finite value (`n`): NaN (a base-year flow)
 * is left out, and so is Infinity (a capacity with no limit), counted in
 * `unlimited`. A cell with no finite value has NaN statistics, and sd is NaN
 * unless n ≥ 2; a cell with one value in every run has exactly that value and
 * sd 0. Only one year-metric cell of values is held at a time besides the
 * rows themselves.
 *
 * @example
 * const s = summarize(result.rows, result.years);
 * s.stats.p50[row]; // median of metric row % METRIC_COUNT in year row / METRIC_COUNT
 */
export function summarize(rows: Float64Array, years: Int32Array): Summary {
  const nYears = years.length;
  const runs = rows.length / (nYears * METRIC_COUNT);
  const cells = nYears * METRIC_COUNT;
  const stats = Object.fromEntries(SUMMARY_STATS.map((s) => [s, new Float64Array(cells)])) as Record<(typeof SUMMARY_STATS)[number], Float64Array>;
  const year = new Int32Array(cells);
  const metric: string[] = new Array(cells);
  const count = new Int32Array(cells);
  const unlimited = new Int32Array(cells);
  const buf = new Float64Array(runs);
  for (let y = 0; y < nYears; y++)
    for (let m = 0; m < METRIC_COUNT; m++) {
      const cell = y * METRIC_COUNT + m;
      year[cell] = years[y];
      metric[cell] = METRICS[m];
      let n = 0;
      for (let r = 0; r < runs; r++) {
        const v = rows[(r * nYears + y) * METRIC_COUNT + m];
        if (Number.isFinite(v)) buf[n++] = v;
        else if (v === Infinity) unlimited[cell]++;
      }
      count[cell] = n;
      const values = buf.subarray(0, n).sort();
      if (n === 0) {
        for (const s of SUMMARY_STATS) stats[s][cell] = NaN;
        continue;
      }
      const constant = values[0] === values[n - 1];
      stats.mean[cell] = constant ? values[0] : mean(values as unknown as number[]);
      stats.sd[cell] = n < 2 ? NaN : constant ? 0 : sampleStandardDeviation(values as unknown as number[]);
      SUMMARY_PROBS.forEach((p, i) => {
        stats[SUMMARY_STATS[i + 2]][cell] = quantileSorted(values as unknown as number[], p);
      });
    }
  return { years, year, metric, n: count, unlimited, stats };
}
