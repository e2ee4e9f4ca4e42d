import { mean, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { METRICS, METRIC_COUNT } from '../model/indicators.ts';
import { probabilityName } from './probabilityName.ts';
import { SUMMARY_PROBS } from './summarize.ts';

/** Per year and metric: the distribution over runs of `variant − base`, as columns. */
export interface PairedDifferences {
  readonly years: Int32Array;
  /** Row r is year `years[r / METRIC_COUNT | 0]`, metric `METRICS[r % METRIC_COUNT]`. */
  readonly year: Int32Array;
  readonly metric: readonly string[];
  readonly probs: readonly number[];
  /**
   * `mean`, `sd`, `pBeats` (share of runs where variant > base, ties
   * counting half), `n` (runs with both values) and one column per quantile
   * named by {@link probabilityName} (`p5`, `p10`, …).
   */
  readonly stats: Readonly<Record<string, Float64Array>>;
}

/**
 * Compare two scenarios run by run. Both row sets must come from the same
 * runs with the same seed (common random numbers), so that run r of each
 * shares its draws and `variant − base` is the effect of the lever alone,
 * not the noise between two independent samples. Quantiles are type 7
 * (as `summarize`), sd the sample standard deviation (NaN below 2 pairs); a
 * run whose difference is not a finite number is left out of that cell: a
 * base-year flow (NaN), a capacity with no limit on either side (∞ − ∞, or
 * an infinite difference). A cell with no pair at all is NaN with n = 0.
 *
 * @example
 * const d = pairedDifferences(points.rows, open.rows, points.years);
 * const row = 7 * METRIC_COUNT + M.registered_rate; // eighth year
 * d.stats.p50[row];    // median gain in the registered rate, e.g. 0.031
 * d.stats.pBeats[row]; // share of runs where the open policy is ahead, e.g. 0.97
 */
export function pairedDifferences(
  base: Float64Array,
  variant: Float64Array,
  years: Int32Array,
  options: { probs?: readonly number[] } = {},
): PairedDifferences {
  const probs = options.probs ?? SUMMARY_PROBS;
  if (base.length !== variant.length) throw new RangeError(`base has ${base.length} values, variant ${variant.length}: they must be the same runs`);
  const nYears = years.length;
  const perRun = nYears * METRIC_COUNT;
  if (perRun === 0 || base.length % perRun !== 0) throw new RangeError(`${base.length} values are not whole runs of ${nYears} years × ${METRIC_COUNT} metrics`);
  const runs = base.length / perRun;
  const cells = perRun;
  const names = probs.map(probabilityName);
  const stats: Record<string, Float64Array> = {};
  for (const s of ['mean', 'sd', 'pBeats', 'n', ...names]) stats[s] = new Float64Array(cells);
  const year = new Int32Array(cells);
  const metric: string[] = new Array(cells);
  const buf = new Float64Array(runs);
  for (let y = 0; y < nYears; y++)
    for (let m = 0; m < METRIC_COUNT; m++) {
      const cell = y * METRIC_COUNT + m;
      year[cell] = years[y];
      metric[cell] = METRICS[m];
      let n = 0;
      let beats = 0;
      for (let r = 0; r < runs; r++) {
        const i = (r * nYears + y) * METRIC_COUNT + m;
        const d = variant[i] - base[i];
        if (!Number.isFinite(d)) continue;
        buf[n++] = d;
        beats += d > 0 ? 1 : d === 0 ? 0.5 : 0;
      }
      stats.n[cell] = n;
      if (n === 0) {
        for (const s of ['mean', 'sd', 'pBeats', ...names]) stats[s][cell] = NaN;
        continue;
      }
      const values = buf.subarray(0, n).sort() as unknown as number[];
      stats.mean[cell] = mean(values);
      stats.sd[cell] = n > 1 ? sampleStandardDeviation(values) : NaN;
      stats.pBeats[cell] = beats / n;
      probs.forEach((p, k) => {
        stats[names[k]][cell] = quantileSorted(values, p);
      });
    }
  return { years, year, metric, probs, stats };
}
