import { CALIBER_ERRORS, caliberOf } from '../data/calibers.ts';
import type { ObservedPoint } from '../io/readObserved.ts';

/**
 * How many years before its base year an area's resident rate may lie to inform the area's pace (an
 * **assumption**, range 3–5): the pace's year-to-year variation, which says how far an earlier gain is from the
 * pace, is fitted from periods of 2–3 years before a base year (src/analysis/processVariation.ts); nothing in the
 * data checks that a pace held for longer, and urbanization paces drift over a decade.
 */
export const MAX_SPAN_YEARS = 5;

/** An area's resident rate before its base year and at it: the gain a pilot's pace is conditioned on. */
export interface PreBaseSpan {
  readonly area: string;
  /** The earlier figure and the base-year figure of the same series (metric, definition and segment). */
  readonly from: ObservedPoint;
  readonly base: ObservedPoint;
  /** Years between them. */
  readonly years: number;
  /** Observed gain per year, as a fraction (0.0169 = 1.69 points a year). */
  readonly gain: number;
  /** Variance of that gain from the two figures' own errors by caliber: (e_from² + e_base²) / years². */
  readonly figureVariance: number;
}

/**
 * The span of an area's resident rate (`resident_6month`, the census and sample-survey rule) from its earliest
 * figure within {@link MAX_SPAN_YEARS} years before the base year to its base-year figure, in one definition segment
 * (no break between them); undefined without a base-year figure or an earlier one. One span, not each period
 * between the figures: the longest span has the smallest share of figure error in its gain, and the periods of
 * one series would share the pace's year-to-year deviations (a likelihood of them would need their covariance).
 *
 * @example
 * // Luoyang 44.33 % in 2010 (census, 0.2 points) and 49.4 % in 2013 (sample, 0.4 points)
 * preBaseSpan(points, 'luoyang', 2013); // { years: 3, gain: 0.0169, figureVariance: (0.002² + 0.004²) / 9 = 2.22e-6, … }
 */
export function preBaseSpan(observed: readonly ObservedPoint[], area: string, baseYear: number): PreBaseSpan | undefined {
  const series = observed.filter((p) => p.area === area && p.metric === 'resident_rate' && p.definition === 'resident_6month' && p.fromYear === undefined);
  const base = series.find((p) => p.year === baseYear);
  if (!base) return undefined;
  const earlier = series.filter((p) => p.segment === base.segment && p.year < baseYear && p.year >= baseYear - MAX_SPAN_YEARS).sort((a, b) => a.year - b.year);
  const from = earlier[0];
  if (!from) return undefined;
  const years = baseYear - from.year;
  const e = (p: ObservedPoint) => CALIBER_ERRORS[caliberOf(p.definition, p.year)].rate;
  return { area, from, base, years, gain: (base.value - from.value) / years, figureVariance: (e(from) ** 2 + e(base) ** 2) / years ** 2 };
}

/**
 * The figures of a span as `metric year (file:line)`, for provenance notes.
 *
 * @example
 * spanFigures(luoyang); // ['resident_rate 2010 (observed.csv:153)', 'resident_rate 2013 (observed.csv:154)']
 */
export function spanFigures(span: PreBaseSpan): string[] {
  return [span.from, span.base].map((p) => `${p.metric} ${p.year} (${p.file.split('/').at(-1)}:${p.line})`);
}
