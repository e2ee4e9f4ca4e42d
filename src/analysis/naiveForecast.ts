import { FLOW_METRICS, RATE_METRICS, type ObservedPoint } from '../io/readObserved.ts';
import { normalCdf, normalQuantile } from '../montecarlo/normalQuantile.ts';
import { caliberOf } from '../data/calibers.ts';
import { observationError } from './observationError.ts';
import { type OwnErrors, baseFigure } from './seriesError.ts';

/** A naive forecast of one figure: a normal on the figure's scale (points of a rate, log of a population). */
export interface NaiveForecast {
  readonly scale: 'points' | 'log';
  readonly mean: number;
  readonly sd: number;
  /** `own trend` when the area has an earlier figure of the metric, else `pooled trend` of the other areas. */
  readonly basis: 'own trend' | 'pooled trend';
}

const onScale = (v: number, scale: NaiveForecast['scale']) => (scale === 'log' ? Math.log(v) : v);

/**
 * The benchmark the model must beat: each figure's recent linear trend. From
 * the area's own figure of the metric in its base year, the forecast moves by
 * the yearly change between its latest earlier figure and the base year
 * (`own trend`); an area without an earlier figure takes the mean yearly
 * change of the other areas from their base year to their later figures
 * (`pooled trend`). Changes are in points for rates and in log for
 * populations. Its sd is the horizon times the sd of the other areas' yearly
 * changes (the trend's own error over the horizon), together with the
 * observation errors of the base figure and of the figure forecast (by
 * caliber; a population figure of the same series and caliber as the base
 * figure, whose own part `ownErrors` gives, differs from it by its own parts only,
 * variance 2d², src/analysis/seriesError.ts). `others` must not hold the area's own figures after its base
 * year (cross-validation leaves them out); each pair is one area's base-year
 * figure and a later one of the same series. Flows (people settled) have no
 * base-year value and get no naive forecast; neither does a figure whose
 * metric no other area shows twice.
 *
 * @example
 * naiveForecast(jinjiang2015, jinjiangFigures, otherAreasFigures, 2013); // own trend 2011 → 2013, 0.71 points a year
 */
export function naiveForecast(
  p: ObservedPoint,
  own: readonly ObservedPoint[],
  others: readonly { readonly base: ObservedPoint; readonly later: ObservedPoint }[],
  baseYear: number,
  ownErrors: OwnErrors = {},
): NaiveForecast | undefined {
  if (FLOW_METRICS.has(p.metric)) return undefined;
  const scale: NaiveForecast['scale'] = RATE_METRICS.has(p.metric) ? 'points' : 'log';
  const same = (q: ObservedPoint) => q.metric === p.metric && q.segment === p.segment && q.definition === p.definition;
  const base = own.find((q) => same(q) && q.year === baseYear);
  if (!base) return undefined;
  const drifts = others.filter((o) => o.later.metric === p.metric).map((o) => (onScale(o.later.value, scale) - onScale(o.base.value, scale)) / (o.later.year - o.base.year));
  if (drifts.length < 2) return undefined;
  const pooled = drifts.reduce((a, b) => a + b, 0) / drifts.length;
  const spread = Math.sqrt(drifts.reduce((a, d) => a + (d - pooled) ** 2, 0) / (drifts.length - 1));
  const earlier = own.filter((q) => same(q) && q.year < baseYear).sort((a, b) => b.year - a.year)[0];
  const drift = earlier ? (onScale(base.value, scale) - onScale(earlier.value, scale)) / (baseYear - earlier.year) : pooled;
  const h = p.year - baseYear;
  const figureSd = (q: ObservedPoint) => {
    const e = observationError(q);
    // The caliber's error on the forecast's own scale: logit sd back to points near the value, log sd as is.
    return scale === 'points' ? e.sd * q.value * (1 - q.value) : e.sd;
  };
  // The base figure's and the later figure's errors: independent, or sharing all but their own parts (d each).
  const shares = baseFigure(p, [base], baseYear, ownErrors) !== undefined;
  const d = ownErrors[caliberOf(p.definition, p.year)] ?? 0;
  const figures = shares ? 2 * d * d : figureSd(base) ** 2 + figureSd(p) ** 2;
  return {
    scale,
    mean: onScale(base.value, scale) + h * drift,
    sd: Math.sqrt((h * spread) ** 2 + figures),
    basis: earlier ? 'own trend' : 'pooled trend',
  };
}

/**
 * A forecast as a sample on the figure's own scale: `n` quantiles of its
 * normal, at (i + ½)/n, so the sample scores (coverage, PIT, CRPS) like the
 * model's runs.
 *
 * @example
 * naiveSample({ scale: 'points', mean: 0.6, sd: 0.01, basis: 'own trend' }, 5); // five values around 60 %
 */
export function naiveSample(f: NaiveForecast, n = 2000): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => {
    const x = f.mean + f.sd * normalQuantile((i + 0.5) / n);
    return f.scale === 'log' ? Math.exp(x) : x;
  });
}

/** The naive forecast's probability below y. */
export function naivePit(f: NaiveForecast, y: number): number {
  return normalCdf((onScale(y, f.scale) - f.mean) / f.sd);
}
