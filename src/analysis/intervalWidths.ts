import { quantileSorted } from 'simple-statistics';

/** The two rates whose interval widths are checked. */
export const WIDTH_METRICS = ['resident_rate', 'registered_rate'] as const;
export type WidthMetric = (typeof WIDTH_METRICS)[number];

/** A held-out figure of the cross-validation: the rate observed, the model's median for it, and how far ahead it was. */
export interface CvRateError {
  readonly metric: string;
  readonly observed: number;
  readonly median: number;
  readonly horizon: number;
  /**
   * Its count may differ from the base year's (a flagged registered rate after
   * a break of the area's count, `count_may_change` of cross-validation.arrow):
   * part of its error may be a one-off change of count.
   */
  readonly countMayChange: boolean;
  /**
   * The figure's own observation error by caliber, an sd on the logit scale at
   * the observed rate (`observation_sd` of cross-validation.arrow); 0 or
   * absent: none taken out.
   */
  readonly observationSd?: number;
  /**
   * A registered rate: what its fold's scenario counted it as
   * (`registered_rate_definition`: by hukou type, or where the registered
   * live) and over whom (`registered_rate_denominator`: the registered
   * population, or the residents). Absent: by hukou type over the registered
   * population, whose slope on the rural scale is 1 − p ({@link ruralSlopeKnown}).
   */
  readonly definition?: 'hukou' | 'residence';
  readonly denominator?: 'registered' | 'resident';
  /** Where it is from, for messages: the area and the year of the figure. */
  readonly area?: string;
  readonly year?: number;
}

/**
 * The scale a rate's error is carried on from one level to another. A resident rate's on the logit scale (the
 * urbanization curve's usual form, Δ ∝ p(1 − p)). A registered rate's as a share of the rural-hukou locals, the people
 * its fast moves relabel — a conversion in place, a change of count, a local's settlement: a registered rate at 80 %
 * of the registered population can gain at most 20 points from any of them and one at 20 % up to 80, where the logit
 * scale would shrink the second's errors like p.
 */
export type ErrorScale = 'logit' | 'rural';

/**
 * How much a rate moves per unit of error on its scale at level p: p(1 − p) on the logit scale; on the rural scale
 * the share of the rate's denominator that is rural-hukou locals, `room` — 1 − p for a rate of the registered
 * population (the default), less for one over residents, whose migrants the registry cannot relabel.
 *
 * @example
 * slopeAt(0.8, 'logit'); // 0.16
 * slopeAt(0.8, 'rural'); // 0.2
 * slopeAt(0.117, 'rural', 0.11); // 0.11: Dongguan's rate over residents, 11 % of them rural-hukou locals
 */
export function slopeAt(p: number, scale: ErrorScale, room = 1 - p): number {
  return scale === 'logit' ? p * (1 - p) : room;
}

/**
 * A held-out figure's error on `scale`, less its own observation error: a
 * rate error e at level p is an error of about e / slope(p) on the scale
 * ({@link slopeAt}), p the observed rate. The figure misses the true rate by
 * its observation error ε (sd σ_o by caliber, given on the logit scale and
 * carried to `scale` at p), independent of the model's miss m of the true
 * rate, so z² = (m + ε)² has mean m² + σ_o², and √max(0, z² − σ_o²)
 * estimates |m| — the miss an interval of the true rate, which is what a
 * scenario's runs give, has to hold.
 *
 * @example
 * scaledError({ metric: 'resident_rate', observed: 0.5, median: 0.49, horizon: 2, countMayChange: false }, 'logit'); // 0.01 / 0.25 = 0.04
 * scaledError({ metric: 'resident_rate', observed: 0.5, median: 0.49, horizon: 2, countMayChange: false, observationSd: 0.024 }, 'logit'); // √(0.04² − 0.024²) = 0.032
 * scaledError({ metric: 'registered_rate', observed: 0.5, median: 0.49, horizon: 2, countMayChange: false }, 'rural'); // 0.01 / 0.5 = 0.02
 */
export function scaledError(e: CvRateError, scale: ErrorScale): number {
  if (scale === 'rural' && !ruralSlopeKnown(e)) throw new Error(`scaledError: ${figureName(e)} is not a rate of the registered population by hukou type; its slope on the rural scale is not 1 − p`);
  const slope = slopeAt(e.observed, scale);
  const z = Math.abs(e.observed - e.median) / slope;
  const o = ((e.observationSd ?? 0) * slopeAt(e.observed, 'logit')) / slope;
  return Math.sqrt(Math.max(0, z * z - o * o));
}

/**
 * Whether a held-out figure's slope on the rural scale is known from the
 * figure alone: a registered rate by hukou type over the registered
 * population, whose rural-hukou locals are 1 − p of that population. Over the
 * residents (Dongguan's kind) they are the locals' share of the residents
 * less p, which needs the area's populations at the figure's year, not in a
 * cross-validation's table; counted where the registered live, the rate is
 * moved by the urbanization pace, not by relabelling, and carried on the
 * logit scale ({@link heldFigures}).
 *
 * @example
 * ruralSlopeKnown({ metric: 'registered_rate', observed: 0.4, median: 0.38, horizon: 2, countMayChange: false }); // true
 * ruralSlopeKnown({ metric: 'registered_rate', observed: 0.13, median: 0.12, horizon: 2, countMayChange: false, denominator: 'resident' }); // false
 */
export function ruralSlopeKnown(e: CvRateError): boolean {
  return e.metric === 'registered_rate' && (e.definition ?? 'hukou') === 'hukou' && (e.denominator ?? 'registered') === 'registered';
}

const figureName = (e: CvRateError) => `${e.metric}${e.area === undefined ? '' : ` of ${e.area}`}${e.year === undefined ? '' : ` ${e.year}`}`;

/**
 * A figure's error on `scale` carried from its own horizon to `horizon` years,
 * under the slowest and the fastest growth its kind of error can have. An
 * error of a pace grows at least as √h (independent yearly shocks) and at
 * most as h (a pace wrong for good); one that may hold a one-off change of
 * count may not grow at all beyond its horizon. Below its horizon every error
 * is taken to shrink as h, the smaller of √h and h there.
 *
 * @example
 * grownError({ metric: 'registered_rate', observed: 0.5, median: 0.4, horizon: 2, countMayChange: false }, 8, 'rural'); // { lower: 0.4, upper: 0.8 }: 0.2 × √4, 0.2 × 4
 * grownError({ metric: 'registered_rate', observed: 0.5, median: 0.4, horizon: 2, countMayChange: true }, 8, 'rural');  // { lower: 0.2, upper: 0.8 }
 */
export function grownError(e: CvRateError, horizon: number, scale: ErrorScale): { lower: number; upper: number } {
  const z = scaledError(e, scale);
  const r = horizon / e.horizon;
  // Stryker disable next-line EqualityOperator: equivalent — at r = 1 both branches give z
  return { lower: z * (r <= 1 ? r : e.countMayChange ? 1 : Math.sqrt(r)), upper: z * Math.max(r, Math.sqrt(r)) };
}

/** A figure that can be scaled: a horizon, and a rate strictly between 0 and 1 with a median. */
export const usableFigure = (e: CvRateError): boolean => e.horizon > 0 && e.observed > 0 && e.observed < 1 && Number.isFinite(e.median);
const q80 = (v: number[]) => quantileSorted(v.sort((a, b) => a - b), 0.8);

/**
 * The half-width on `scale` an 80 % interval `horizon` years ahead needs to
 * hold 80 % of `errors`, each carried to that horizon ({@link grownError}):
 * the 80th percentile (type 7: linear between the order statistics around
 * (n − 1)·0.8) of the grown errors, under the slowest growth (`lower`) and
 * the fastest (`upper`), and how many figures and areas it rests on. Undefined without a usable figure.
 *
 * @example
 * errorBound(errors.filter((e) => e.metric === 'resident_rate'), 5, 'logit')?.lower;
 */
export function errorBound(errors: readonly CvRateError[], horizon: number, scale: ErrorScale): { lower: number; upper: number; figures: number; areas: number } | undefined {
  const fs = errors.filter(usableFigure);
  if (!fs.length) return undefined;
  const grown = fs.map((e) => grownError(e, horizon, scale));
  // How many areas the figures come from (a figure without an area its own): an area's figures share its fold's draws.
  const areas = new Set(fs.map((e, i) => e.area ?? `\u0000${i}`)).size;
  return { lower: q80(grown.map((g) => g.lower)), upper: q80(grown.map((g) => g.upper)), figures: fs.length, areas };
}

/** One scenario's 80 % interval of one rate in one year: p10, p50, p90 of its runs. */
export interface ScenarioInterval {
  /** The scenario's run folder, which tells apart a curated scenario and a pilot of one name. */
  readonly scenario: string;
  readonly metric: WidthMetric;
  readonly year: number;
  readonly horizon: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  /** How the scenario counts its registered rate (`registered_rate_definition`). */
  readonly definition: 'hukou' | 'residence';
  /** The first year its runs may break the registered count (the hukou unification); undefined: none. */
  readonly breakFrom?: number;
  /**
   * Registered rate: the share of its denominator that is rural-hukou locals at the median (what the registry can
   * relabel, {@link slopeAt}); absent: 1 − p50, a rate of the registered population.
   */
  readonly room?: number;
}

/** Which held-out figures a scenario's rate is held to. */
export type HeldTo = 'resident' | 'registered, same count' | 'registered, all';

/** The scale the errors of a group are carried on ({@link ErrorScale}): the registered rates' as a share of the rural hukou. */
export const scaleOf = (group: HeldTo): ErrorScale => (group === 'resident' ? 'logit' : 'rural');

/**
 * The held-out figures that measure what a scenario's rate in one year
 * measures. A resident rate: the resident rates. A registered rate counted
 * where people live (`residence`) is the share of the registered who live in
 * towns, moved by the same urbanization pace as the resident rate and by no
 * conversion or change of count: the resident rates (with any held-out
 * registered rate counted so, {@link heldFigures}). A registered rate by hukou type before the scenario's first
 * possible break (or with none): the registered rates whose count cannot have
 * changed since their base year; from that year on, all registered rates.
 *
 * @example
 * heldTo({ metric: 'registered_rate', definition: 'hukou', year: 2014, breakFrom: 2015 } as ScenarioInterval); // 'registered, same count'
 */
export function heldTo(i: Pick<ScenarioInterval, 'metric' | 'definition' | 'year' | 'breakFrom'>): HeldTo {
  if (i.metric === 'resident_rate' || i.definition === 'residence') return 'resident';
  return (i.breakFrom ?? Infinity) <= i.year ? 'registered, all' : 'registered, same count';
}

/**
 * The figures of each {@link HeldTo} group. Resident: the resident rates and
 * the registered rates counted where the registered live, over the
 * registered population (moved by the urbanization pace, on the logit
 * scale). Registered: the registered rates by hukou type over the registered
 * population ({@link ruralSlopeKnown}), those whose count may have changed
 * only in `registered, all`. A registered rate over the residents is in no
 * group ({@link unscaledFigures}).
 *
 * @example
 * heldFigures(errors, 'registered, same count').every((e) => !e.countMayChange); // true
 */
export function heldFigures(errors: readonly CvRateError[], group: HeldTo): CvRateError[] {
  const overRegistered = (e: CvRateError) => e.metric === 'registered_rate' && (e.denominator ?? 'registered') === 'registered';
  if (group === 'resident') return errors.filter((e) => e.metric === 'resident_rate' || (overRegistered(e) && e.definition === 'residence'));
  return errors.filter((e) => ruralSlopeKnown(e) && (group === 'registered, all' || !e.countMayChange));
}

/**
 * The held-out registered rates no group holds: those over the residents,
 * whose error cannot be carried between levels from the figure alone
 * ({@link ruralSlopeKnown}). Left out of every bound, and said so.
 *
 * @example
 * unscaledFigures(errors).map((e) => `${e.area} ${e.year}`); // [] on data/observed today
 */
export function unscaledFigures(errors: readonly CvRateError[]): CvRateError[] {
  return errors.filter((e) => e.metric === 'registered_rate' && e.denominator === 'resident');
}

export interface WidthCheck extends ScenarioInterval {
  readonly heldTo: HeldTo;
  readonly width: number;
  readonly lower: number;
  readonly upper: number;
  /** Narrower than the lower bound, between the bounds, or wider than the upper one. */
  readonly verdict: 'narrower' | 'within' | 'wider';
}

/**
 * Each scenario interval set against the widths the errors it is held to
 * ({@link heldTo}) imply at its median p and horizon h: 2 × the grown error
 * on the group's scale ({@link errorBound}, {@link scaleOf}) × its slope at p
 * ({@link slopeAt}), under the slowest growth (the lower bound) and the
 * fastest (the upper). The base year (horizon 0) and an
 * interval no figure measures are left out.
 *
 * @example
 * checkWidths(intervals, errors).filter((c) => c.verdict === 'narrower');
 */
export function checkWidths(intervals: readonly ScenarioInterval[], errors: readonly CvRateError[]): WidthCheck[] {
  const out: WidthCheck[] = [];
  for (const i of intervals) {
    if (i.horizon < 1 || !Number.isFinite(i.p10) || !Number.isFinite(i.p90) || !Number.isFinite(i.p50)) continue;
    const group = heldTo(i);
    const scale = scaleOf(group);
    const bound = errorBound(heldFigures(errors, group), i.horizon, scale);
    if (!bound) continue;
    const slope = slopeAt(i.p50, scale, i.room);
    const width = i.p90 - i.p10;
    const lower = 2 * bound.lower * slope;
    const upper = 2 * bound.upper * slope;
    out.push({ ...i, heldTo: group, width, lower, upper, verdict: width < lower ? 'narrower' : width > upper ? 'wider' : 'within' });
  }
  return out;
}
