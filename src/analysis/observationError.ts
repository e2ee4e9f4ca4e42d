import { type Caliber, CALIBER_ERRORS, caliberOf } from '../data/calibers.ts';
import { FLOW_METRICS, RATE_METRICS, type ObservedPoint, periodText } from '../io/readObserved.ts';
import { normalQuantile } from '../montecarlo/normalQuantile.ts';
import { stream } from '../montecarlo/rng.ts';
import type { SharedErrors } from './seriesError.ts';

/** How far an observed figure may be from what it counts: an sd on the logit scale (rates) or the log scale (counts). */
export interface ObservationError {
  readonly caliber: Caliber;
  readonly scale: 'logit' | 'log';
  readonly sd: number;
  /** The figure on its scale, the value the runs are compared with: a rate's logit (within one sd of an edge, see {@link observationError}), a count's log. */
  readonly at: number;
}

/**
 * The error of an observed figure by its caliber ({@link caliberOf} of its
 * definition and year; CALIBER_ERRORS): a rate's sd in points becomes an sd
 * on the logit scale at the figure's own value (sd / (y(1 − y))), so the
 * figure's error is about `sd` points and never leaves 0–100 %; a rate
 * within sd of 0 or 100 % is read sd inside it. A population or a flow has
 * a relative error, an sd on the log scale. `at`: the figure on its scale.
 *
 * @example
 * observationError(shijiazhuangRate2015); // registered_unified 44.65 %: registry, logit sd 0.004 / (0.4465 · 0.5535) = 0.0162
 */
export function observationError(p: Pick<ObservedPoint, 'metric' | 'definition' | 'year' | 'value'>): ObservationError {
  const caliber = caliberOf(p.definition, p.year);
  const e = CALIBER_ERRORS[caliber];
  if (RATE_METRICS.has(p.metric)) {
    // A rate of 0 % or 100 % (Shenzhen publishes a resident rate of 100 %) has no logit: it is read one sd inside the
    // edge, where its error is that sd in points. The value clamped at 10⁻⁹ beside an sd clamped at 0.1 % made such a
    // figure 20 on the logit scale with an sd of 8: it pulled almost nothing, and the calibration said "0.00 pt".
    const y = Math.min(1 - e.rate, Math.max(e.rate, p.value));
    return { caliber, scale: 'logit', sd: e.rate / (y * (1 - y)), at: Math.log(y / (1 - y)) };
  }
  return { caliber, scale: 'log', sd: FLOW_METRICS.has(p.metric) ? e.flow : e.population, at: onScale(p.value, 'log') };
}

/** A value on its error's scale: logit of a rate, log of a count (both clipped away from the ends). */
export function onScale(v: number, scale: ObservationError['scale']): number {
  if (scale === 'log') return Math.log(Math.max(v, 1e-9));
  const y = Math.min(1 - 1e-9, Math.max(1e-9, v));
  return Math.log(y / (1 - y));
}

/** Back from the error's scale. */
export function offScale(x: number, scale: ObservationError['scale']): number {
  return scale === 'log' ? Math.exp(x) : 1 / (1 + Math.exp(-x));
}

/**
 * What each run predicts a figure will read: the run's value plus the figure's
 * observation error, drawn on its scale from a stream named by (seed, run,
 * figure), so a run's draw depends on nothing else. `simulated` is row-major
 * runs × points, run r being run `firstRun + r` of the scenario. With `shared`
 * ({@link SharedErrors}), a later figure of a series whose base-year figure the
 * run started from draws its error given the run's base error: mean
 * `shared.shift`, sd `shared.sd` (src/analysis/seriesError.ts).
 *
 * @example
 * const predicted = withObservationError(simulated, points, seed, 0); // runs × points, each with its error
 */
export function withObservationError(simulated: Float64Array, points: readonly ObservedPoint[], seed: number, firstRun: number, shared?: SharedErrors): Float64Array {
  const m = points.length;
  const out = new Float64Array(simulated.length);
  const errors = points.map((p) => observationError(p));
  const names = points.map((p) => `observation:${p.area}/${p.metric}/${periodText(p)}`);
  for (let r = 0; r < simulated.length / m; r++)
    for (let j = 0; j < m; j++) {
      const { scale } = errors[j];
      const sd = shared ? shared.sd[j] : errors[j].sd;
      const shift = shared ? shared.shift[r * m + j] : 0;
      const v = simulated[r * m + j];
      out[r * m + j] = Number.isNaN(v) ? NaN : offScale(onScale(v, scale) + shift + sd * normalQuantile(stream(seed, firstRun + r, names[j])()), scale);
    }
  return out;
}
