import { CALIBER_ERRORS, caliberOf } from '../data/calibers.ts';
import { cityFacts, loadAreas } from '../data/areas.ts';
import { AnalysisInputError } from './analysisInputError.ts';
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

/**
 * The gains a span may show (fraction a year; **assumptions**, grounds here): above {@link WARN_GAIN} it is warned
 * about, above {@link REFUSE_GAIN} (or below −{@link REFUSE_GAIN}) refused. The 15 pairs of same-series resident rates in
 * data/observed gain 0.70–1.69 points a year (the five spans before a base year 1.40–1.69: Luoyang, Huizhou, Liuzhou,
 * Luzhou, Jinjiang); China's resident rate gained 1.35 points a year from the 2000 census to the 2010 one
 * (36.22 % → 49.68 %, the census communiqués). Past 4 points a year — more than twice the largest gain in the data and three times the
 * national pace — a city's gain is possible (a new district, a boom) but rare enough to be looked at: warned. Past 10
 * points a year (40 % → 90 % in five years) no sustained urbanization is known without a change of boundary or of
 * count: the figure is a typo (4.43 for 44.3), a wrong year, or a break the file does not mark; and the history's
 * likelihood, the pilot's first-year drift held over the span (src/analysis/historyLikelihood.ts), would pull the
 * pilot's pace to a yearly share of villagers far outside any pooled law (the pooled 80 % range is about 2–4 % a year)
 * with a sd as small as the figures' errors: refused. A fall larger than twice the figures' own error sd is warned
 * about: the urbanization pace moves villagers to towns, never back, so only a net outflow of town dwellers or a
 * change of count lowers the rate.
 */
export const WARN_GAIN = 0.04;
export const REFUSE_GAIN = 0.1;

/** What is wrong with a span, if anything: refused (the CLI exits with code 2) or warned about. */
export interface SpanProblem {
  readonly level: 'refused' | 'warning';
  readonly message: string;
}

const pct = (x: number) => `${+(100 * x).toFixed(4)} %`;
const points = (x: number) => `${(100 * x).toFixed(2)} points a year`;

/**
 * Whether a span's gain is plausible ({@link WARN_GAIN}, {@link REFUSE_GAIN}): undefined when it is, otherwise the
 * problem, saying what (the two figures and the gain), where (file:line of each) and what was expected.
 *
 * @example
 * spanProblem(luoyang); // undefined: 1.69 points a year
 * spanProblem({ ...luoyang, gain: 0.29 })?.level; // 'refused'
 */
export function spanProblem(span: PreBaseSpan): SpanProblem | undefined {
  const { from, base } = span;
  const where = (p: ObservedPoint) => `${p.file}:${p.line}`;
  const what = `${span.area}'s resident rate before its base year goes from ${pct(from.value)} in ${from.year} (${where(from)}) to ${pct(base.value)} in ${base.year} (${where(base)}): ${points(span.gain)}`;
  const fix = 'if the count changed between them (a new boundary or definition), write yes in the later figure\'s break column; otherwise correct the figure or its year';
  if (!(Math.abs(span.gain) <= REFUSE_GAIN))
    return { level: 'refused', message: `${what}; expected a gain within ±${points(REFUSE_GAIN)} (the largest in data/observed is 1.69; src/analysis/preBaseSpan.ts): ${fix}` };
  if (span.gain > WARN_GAIN)
    return { level: 'warning', message: `${what}, more than ${points(WARN_GAIN)} (the largest in data/observed is 1.69): the pilot's urbanization pace is conditioned on it; check the figures` };
  const sd = Math.sqrt(span.figureVariance);
  if (span.gain < -2 * sd)
    return { level: 'warning', message: `${what}, a fall larger than twice its figures' error (${points(sd)}), which the urbanization pace cannot make (it never moves people back): check the figures or mark a break` };
  return undefined;
}

/**
 * Check the span of every pilot (data/areas) with a resident rate before its base year in `observed`, before anything
 * is run: a refused span throws {@link AnalysisInputError} naming every refused one (the CLI exits with code 2); the
 * warnings are returned, one line each.
 *
 * @example
 * checkPreBaseSpans(readObserved('data/observed/observed.csv')); // []
 */
export function checkPreBaseSpans(observed: readonly ObservedPoint[]): string[] {
  const problems: SpanProblem[] = [];
  for (const a of loadAreas()) {
    if (a.pilotGroup === '' || !observed.some((p) => p.area === a.id && p.metric === 'resident_rate')) continue;
    const base = cityFacts(a.id).baseYear;
    const span = base === undefined ? undefined : preBaseSpan(observed, a.id, base);
    const problem = span && spanProblem(span);
    if (problem) problems.push(problem);
  }
  const refused = problems.filter((p) => p.level === 'refused');
  if (refused.length) throw new AnalysisInputError(refused.map((p) => p.message).join('\n'));
  return problems.map((p) => p.message);
}
