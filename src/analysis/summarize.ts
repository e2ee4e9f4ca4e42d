import { METRICS, METRIC_COUNT } from '../model/indicators.ts';
import { valuesAtRanks } from './valuesAtRanks.ts';

export const SUMMARY_PROBS = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95] as const;
export const SUMMARY_STATS = ['mean', 'sd', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95'] as const;
export type SummaryStat = (typeof SUMMARY_STATS)[number];

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
  readonly stats: Readonly<Record<SummaryStat, Float64Array>>;
}

/** What {@link summarizeCell} fills of a summary: its statistics by cell. */
export type SummaryCells = Pick<Summary, 'n' | 'unlimited' | 'stats'>;

/** An empty summary of `years`, every cell to be filled by {@link summarizeCell}. */
export function emptySummary(years: Int32Array): Summary {
  const cells = years.length * METRIC_COUNT;
  const year = new Int32Array(cells);
  const metric: string[] = new Array(cells);
  for (let cell = 0; cell < cells; cell++) {
    year[cell] = years[Math.floor(cell / METRIC_COUNT)];
    metric[cell] = METRICS[cell % METRIC_COUNT];
  }
  const stats = Object.fromEntries(SUMMARY_STATS.map((s) => [s, new Float64Array(cells)])) as Record<SummaryStat, Float64Array>;
  return { years, year, metric, n: new Int32Array(cells), unlimited: new Int32Array(cells), stats };
}

/**
 * Summaries over runs of indicator rows laid out run-major
 * (`(run · years + y) · METRIC_COUNT + m`), each cell by {@link summarizeCell}.
 * Only one year-metric cell of values is held at a time besides the rows themselves.
 *
 * @example
 * const s = summarize(result.rows, result.years);
 * s.stats.p50[row]; // median of metric row % METRIC_COUNT in year row / METRIC_COUNT
 */
export function summarize(rows: Float64Array, years: Int32Array): Summary {
  const nYears = years.length;
  const runs = rows.length / (nYears * METRIC_COUNT);
  const summary = emptySummary(years);
  const buf = new Float64Array(runs);
  for (let y = 0; y < nYears; y++)
    for (let m = 0; m < METRIC_COUNT; m++) {
      for (let r = 0; r < runs; r++) buf[r] = rows[(r * nYears + y) * METRIC_COUNT + m];
      summarizeCell(buf, summary, y * METRIC_COUNT + m);
    }
  return summary;
}

const ranks = new Int32Array(2 * SUMMARY_PROBS.length);
/**
 * A summary cell the same in every one of `runs` runs: finite in all with sd 0 ({@link summarizeCell} gives 0 exactly
 * when its values are all one), or finite in none, with no limit in all or in none (a base year's flow, a capacity).
 * p5 = p95 would not do: runs beyond the 5th and 95th percentiles may differ.
 *
 * @example
 * sameInEveryRun(100, 0, 0, 100); // true
 * sameInEveryRun(99, 0, 0, 100);  // false: one run has no finite value
 */
export function sameInEveryRun(n: number, sd: number, unlimited: number, runs: number): boolean {
  return n === runs ? sd === 0 : n === 0 && (unlimited === 0 || unlimited === runs);
}

const atRanks = new Float64Array(2 * SUMMARY_PROBS.length);

/**
 * One cell of a summary from its values in run order (`values` is reordered). Quantiles are type 7 (linear
 * interpolation, as simple-statistics `quantileSorted`), found by selection instead of a sort; mean and sd (sample
 * standard deviation, simple-statistics) over the values in run order; all over the runs with a finite value (`n`):
 * NaN (a base-year flow) is left out, and so is Infinity (a capacity with no limit), counted in `unlimited`. A cell
 * with no finite value has NaN statistics, and sd is NaN unless n ≥ 2; a cell with one value in every run has
 * exactly that value and sd 0.
 *
 * @example
 * summarizeCell(Float64Array.of(3, NaN, 1, 2), summary, 0); // n 3, mean 2, sd 1, p50 2
 */
export function summarizeCell(values: Float64Array, summary: SummaryCells, cell: number): void {
  const { stats } = summary;
  const n = keepFinite(values);
  summary.n[cell] = n;
  summary.unlimited[cell] = found[UNLIMITED];
  if (n === 0) {
    for (const s of SUMMARY_STATS) stats[s][cell] = NaN;
    return;
  }
  const min = found[MIN];
  const max = found[MAX];
  const kept = values.subarray(0, n);
  const constant = min === max;
  const m = constant ? min : found[SUM] / n;
  stats.mean[cell] = m;
  stats.sd[cell] = n < 2 ? NaN : constant ? 0 : Math.sqrt(squaredDeviations(kept, m) / (n - 1));
  for (let i = 0; i < SUMMARY_PROBS.length; i++) {
    const h = (n - 1) * SUMMARY_PROBS[i];
    ranks[2 * i] = Math.floor(h);
    ranks[2 * i + 1] = Math.ceil(h);
  }
  valuesAtRanks(kept, min, max, ranks, atRanks); // ranks ascend with the probabilities
  for (let i = 0; i < SUMMARY_PROBS.length; i++) {
    const h = (n - 1) * SUMMARY_PROBS[i];
    const below = Math.floor(h);
    const lo = atRanks[2 * i];
    // simple-statistics quantileSorted's interpolation, on the two neighbours selected
    stats[SUMMARY_STATS[i + 2]][cell] = below === h ? lo : lo + (h - below) * (atRanks[2 * i + 1] - lo);
  }
}

/** What {@link keepFinite} found besides the count, at these indices. */
const UNLIMITED = 0;
const MIN = 1;
const MAX = 2;
const SUM = 3;
const found = new Float64Array(4);

/**
 * Move the finite values of `values` to its front, in run order, and return their number; into {@link found} the
 * number of +Infinity, the finite values' min, max and sum — simple-statistics' `sum` of them (Kahan–Babuška: the same
 * operations in the same order, so the same bits) — in the same pass. A loop of its own, not inside summarizeCell: V8
 * optimizes a long loop in the middle of a call (on-stack replacement), and code after the loop that had not run yet
 * then threw that code away at every call of the first cells.
 */
function keepFinite(values: Float64Array): number {
  let n = 0;
  let unlimited = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let correction = 0;
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (v - v === 0) {
      // finite (NaN and ±Infinity give NaN)
      if (n === 0) sum = v;
      else {
        const t = sum + v;
        if (Math.abs(sum) >= Math.abs(v)) correction += sum - t + v;
        else correction += v - t + sum;
        sum = t;
      }
      values[n++] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    } else if (v === Infinity) unlimited++;
  }
  found[UNLIMITED] = unlimited;
  found[MIN] = min;
  found[MAX] = max;
  found[SUM] = sum + correction;
  return n;
}

/**
 * Σ (x − mean)², as simple-statistics' sampleStandardDeviation sums it (the same operations in the same order, so the
 * same bits), given the mean already computed rather than summing the values a second time.
 */
function squaredDeviations(x: Float64Array, mean: number): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - mean;
    sum += d * d;
  }
  return sum;
}
