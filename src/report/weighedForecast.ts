import type { OwnWeighed, WeighedInterval } from '../batch/ownFigures.ts';
import { RATE_METRICS } from './chartStyle.ts';

/** A scenario's weighed answer as a forecast: what its chart draws and `urbsim widths` holds ({@link weighedForecast}). */
export interface WeighedForecast {
  /** The year of the last figure the runs were weighed by: the forecast's origin. */
  readonly through: number;
  /** The weighed runs' p10, p50 and p90 of each rate in each year after `through`, by metric then year. */
  readonly rows: readonly WeighedInterval[];
  /** The rate figures the runs were weighed by (resident and registered rates; the others have no place on the chart). */
  readonly figures: readonly { readonly metric: string; readonly year: number; readonly value: number }[];
  /** Kish's effective runs of the weights: under 100 the intervals are rough. */
  readonly kishRuns: number;
  /**
   * Set where the runs weighed are not the scenario's own but runs drawn again with the laws an area without these
   * figures draws (weighed.json's `redrawn`: its laws were fitted to them): how many.
   */
  readonly redrawn?: number;
}

/**
 * What of a weighed answer (a batch scenario's weighed.json, {@link OwnWeighed}) its chart draws: the weighed runs'
 * intervals in the years after the last figure they were weighed by — the years up to it are conditioned on the
 * figures, not forecast; `urbsim widths` holds these years (src/cli/widths.ts, the horizon counted from that
 * figure's year) — and the rate figures to mark. Undefined when there is nothing to draw: no figure weighed (every one
 * already in the scenario's laws), no interval, or none after the last figure.
 *
 * @example
 * weighedForecast(readWeighed('out/pilots/weihai'));
 * // { through: 2015, rows: [resident_rate 2016 … 2020, registered_rate 2016 … 2020], figures: [2 rates of 2015], kishRuns: 4040 }
 */
export function weighedForecast(w: Pick<OwnWeighed, 'figures' | 'intervals' | 'kishRuns' | 'redrawn'> | undefined): WeighedForecast | undefined {
  if (!w?.figures.length || !w.intervals.length) return undefined;
  const through = Math.max(...w.figures.map((f) => f.year));
  const rows = w.intervals
    .filter((i) => i.year > through && Number.isFinite(i.p10) && Number.isFinite(i.p50) && Number.isFinite(i.p90))
    .sort((a, b) => RATE_METRICS.indexOf(a.metric) - RATE_METRICS.indexOf(b.metric) || a.year - b.year);
  if (!rows.length) return undefined;
  const figures = w.figures.filter((f) => (RATE_METRICS as readonly string[]).includes(f.metric)).map((f) => ({ metric: f.metric, year: f.year, value: f.value }));
  return { through, rows, figures, kishRuns: w.kishRuns, ...(w.redrawn && { redrawn: w.redrawn.runs }) };
}
