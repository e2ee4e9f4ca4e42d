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
}

/**
 * How big one rate's cross-validated errors are, on the logit scale and per
 * year of horizon, under the two growth laws that bound how errors grow
 * with the horizon: as √h (independent yearly shocks, the lower bound) and
 * as h (a pace wrong for good, the upper bound).
 */
export interface ErrorScale {
  readonly metric: WidthMetric;
  /** Held-out figures of the metric. */
  readonly figures: number;
  /** Their horizons, fewest to most years. */
  readonly horizons: readonly [number, number];
  /** 80th percentile of |observed − median| / (p(1 − p)·√h), p the observed rate. */
  readonly sqrtLaw: number;
  /** 80th percentile of |observed − median| / (p(1 − p)·h). */
  readonly linearLaw: number;
}

/**
 * The error scales of the resident and registered rate from the held-out
 * figures of `urbsim backtest --cross-validate` (a metric without figures is
 * left out). A rate error e at level p is a logit error of about
 * e / (p(1 − p)); divided by √h or h it is the error of one year under each
 * law. The 80th percentile (type 7: linear between the order statistics
 * around (n − 1)·0.8) is the half-width an 80 % interval centred on the
 * median needs to hold 80 % of the figures.
 *
 * @example
 * errorScales([{ metric: 'resident_rate', observed: 0.5, median: 0.49, horizon: 2 }])[0].sqrtLaw; // 0.01 / 0.25 / √2 ≈ 0.0283
 */
export function errorScales(errors: readonly CvRateError[]): ErrorScale[] {
  const out: ErrorScale[] = [];
  for (const metric of WIDTH_METRICS) {
    const fs = errors.filter((e) => e.metric === metric && e.horizon > 0 && e.observed > 0 && e.observed < 1 && Number.isFinite(e.median));
    if (!fs.length) continue;
    const logitError = (e: CvRateError) => Math.abs(e.observed - e.median) / (e.observed * (1 - e.observed));
    const q80 = (v: number[]) => quantileSorted(v.sort((a, b) => a - b), 0.8);
    const hs = fs.map((e) => e.horizon);
    out.push({
      metric,
      figures: fs.length,
      horizons: [Math.min(...hs), Math.max(...hs)],
      sqrtLaw: q80(fs.map((e) => logitError(e) / Math.sqrt(e.horizon))),
      linearLaw: q80(fs.map((e) => logitError(e) / e.horizon)),
    });
  }
  return out;
}

/**
 * The width of the 80 % interval the cross-validated errors imply for a rate
 * at `level` `horizon` years ahead: 2 × the error scale × p(1 − p) × √h
 * or × h, the smaller the lower bound (√h beyond the horizons of the
 * cross-validation, h inside them).
 *
 * @example
 * impliedWidth({ sqrtLaw: 0.04, linearLaw: 0.03 } as ErrorScale, 0.5, 4); // { lower: 0.04, upper: 0.06 }
 */
export function impliedWidth(scale: ErrorScale, level: number, horizon: number): { lower: number; upper: number } {
  const slope = level * (1 - level);
  const sqrt = 2 * scale.sqrtLaw * slope * Math.sqrt(horizon);
  const linear = 2 * scale.linearLaw * slope * horizon;
  // Inside the horizons the errors were measured at, the laws cross: the square root is the larger there.
  return { lower: Math.min(sqrt, linear), upper: Math.max(sqrt, linear) };
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
}

export interface WidthCheck extends ScenarioInterval {
  readonly width: number;
  readonly lower: number;
  readonly upper: number;
  /** Narrower than the lower bound, between the bounds, or wider than the upper one. */
  readonly verdict: 'narrower' | 'within' | 'wider';
}

/**
 * Each scenario interval set against the widths the errors imply at its
 * median and horizon (the base year, horizon 0, is left out).
 *
 * @example
 * checkWidths(intervals, errorScales(errors)).filter((c) => c.verdict === 'narrower');
 */
export function checkWidths(intervals: readonly ScenarioInterval[], scales: readonly ErrorScale[]): WidthCheck[] {
  const out: WidthCheck[] = [];
  for (const i of intervals) {
    const scale = scales.find((s) => s.metric === i.metric);
    if (!scale || i.horizon < 1 || !Number.isFinite(i.p10) || !Number.isFinite(i.p90) || !Number.isFinite(i.p50)) continue;
    const width = i.p90 - i.p10;
    const { lower, upper } = impliedWidth(scale, i.p50, i.horizon);
    out.push({ ...i, width, lower, upper, verdict: width < lower ? 'narrower' : width > upper ? 'wider' : 'within' });
  }
  return out;
}
