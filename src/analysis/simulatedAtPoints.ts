import { M, METRIC_COUNT } from '../model/indicators.ts';
import { FLOW_METRICS, type ObservedPoint } from '../io/readObserved.ts';
import type { MonteCarloResult } from '../montecarlo/runMonteCarlo.ts';

/**
 * Each run's value at each observed point, row-major runs × points: a stock
 * at the end of its year, a flow summed over its period (`fromYear` …
 * `year`). A point outside the run's years gives NaN.
 *
 * @example
 * // Shijiazhuang 2015: registered rate at year end and settlement during the year
 * const sim = simulatedAtPoints(result, [rate2015, settled2015]);
 * sim[r * 2 + 1]; // persons settled in run r during 2015
 */
export function simulatedAtPoints(result: MonteCarloResult, points: readonly Pick<ObservedPoint, 'metric' | 'year' | 'fromYear'>[]): Float64Array {
  const nYears = result.years.length;
  const start = result.years[0];
  const runs = result.runEnd - result.runStart;
  const m = points.length;
  const out = new Float64Array(runs * m);
  points.forEach((p, j) => {
    const col = M[p.metric];
    const last = p.year - start;
    const first = FLOW_METRICS.has(p.metric) ? (p.fromYear ?? p.year) - start : last;
    const inside = first >= 0 && last < nYears;
    for (let r = 0; r < runs; r++) {
      let s = inside ? 0 : NaN;
      if (inside) for (let y = first; y <= last; y++) s += result.rows[(r * nYears + y) * METRIC_COUNT + col];
      out[r * m + j] = s;
    }
  });
  return out;
}
