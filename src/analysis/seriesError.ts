import { type Caliber, CALIBER_ERRORS, caliberOf } from '../data/calibers.ts';
import { FLOW_METRICS, RATE_METRICS, type ObservedPoint } from '../io/readObserved.ts';
import type { MonteCarloResult } from '../montecarlo/runMonteCarlo.ts';
import { normalQuantile } from '../montecarlo/normalQuantile.ts';
import { observationError } from './observationError.ts';
import { simulatedAtPoints } from './simulatedAtPoints.ts';

/**
 * The own part of a population figure's error (sd of the log) by caliber, where data/observed has shown it to be
 * smaller than the caliber's whole error ({@link populationOwnErrors}); a caliber absent here has no shared part:
 * its figures' errors are independent, as before 2026-12-04.
 */
export type OwnErrors = Readonly<Partial<Record<Caliber, number>>>;

/** A population figure's kind: a stock of persons (not a rate, not a count over a period). */
const isPopulation = (p: Pick<ObservedPoint, 'metric'>): boolean => !RATE_METRICS.has(p.metric) && !FLOW_METRICS.has(p.metric);

/** One three-figure window of a population series: the inner figure's log residual from the line through its neighbours. */
export interface Curvature {
  readonly area: string;
  readonly metric: string;
  readonly years: readonly [number, number, number];
  /** Caliber of the inner figure: which caliber's own part the window measures. */
  readonly caliber: Caliber;
  /** log x₁ − (w₀ log x₀ + w₂ log x₂), w₀ = (t₂ − t₁)/(t₂ − t₀), w₂ = (t₁ − t₀)/(t₂ − t₀). */
  readonly residual: number;
  /** Its variance per unit own variance d²: 1 + w₀² + w₂² (each figure's own part at the same d). */
  readonly factor: number;
}

/** The own part of one caliber's population figures, estimated from its curvatures. */
export interface OwnErrorEstimate {
  readonly caliber: Caliber;
  readonly curvatures: readonly Curvature[];
  /** Maximum likelihood d = √(Σ r²/factor / n). */
  readonly mle: number;
  /** 80 % interval from n·d̂²/d² ~ χ²ₙ. */
  readonly lower80: number;
  readonly upper80: number;
  /** The caliber's whole error (CALIBER_ERRORS population). */
  readonly whole: number;
  /** The rule (declared before measuring, 2026-12-04): the estimate replaces d = whole only if its 80 % interval lies wholly below it. */
  readonly replaces: boolean;
}

/**
 * The own part of population figures' errors, from the series of data/observed: figures of one bureau series (one
 * area, metric, definition and segment, stocks) share a level error (a level carried forward, benchmarked to the
 * same census), so a curvature — the inner figure of three consecutive ones off the line through its neighbours,
 * on the log scale — holds only their own parts u (the shared part cancels), plus any change of growth, which is
 * counted as error (the estimate is on the high side). With each figure's own part of sd d, r ~ N(0, d²·factor);
 * the maximum-likelihood d² is the mean of r²/factor, its 80 % interval from n·d̂²/d² ~ χ²ₙ. Per caliber of the
 * inner figure; a caliber's estimate replaces the whole error (independent figures) only if its interval lies
 * wholly below it. `excludeArea`: a cross-validation fold's area, whose figures say nothing of its own forecast.
 *
 * @example
 * populationOwnErrors(readObserved('data/observed/observed.csv')).errors; // { sample: 0.00088 } (Luoyang, Huizhou residents)
 */
export function populationOwnErrors(observed: readonly ObservedPoint[], excludeArea?: string): { errors: OwnErrors; estimates: OwnErrorEstimate[] } {
  const series = new Map<string, ObservedPoint[]>();
  for (const p of observed) {
    if (p.area === excludeArea || !isPopulation(p) || p.fromYear !== undefined || !(p.value > 0)) continue;
    const key = `${p.area}\u0000${p.metric}\u0000${p.definition}\u0000${p.segment}`;
    series.set(key, [...(series.get(key) ?? []), p]);
  }
  const byCaliber = new Map<Caliber, Curvature[]>();
  for (const s of series.values()) {
    const sorted = [...s].sort((a, b) => a.year - b.year);
    for (let i = 1; i + 1 < sorted.length; i++) {
      const [a, b, c] = [sorted[i - 1], sorted[i], sorted[i + 1]];
      if (a.year === b.year || b.year === c.year) continue; // two figures of one year are no curvature
      const w0 = (c.year - b.year) / (c.year - a.year);
      const w2 = (b.year - a.year) / (c.year - a.year);
      const caliber = caliberOf(b.definition, b.year);
      const curvature: Curvature = {
        area: b.area, metric: b.metric, years: [a.year, b.year, c.year], caliber,
        residual: Math.log(b.value) - (w0 * Math.log(a.value) + w2 * Math.log(c.value)),
        factor: 1 + w0 * w0 + w2 * w2,
      };
      byCaliber.set(caliber, [...(byCaliber.get(caliber) ?? []), curvature]);
    }
  }
  const estimates: OwnErrorEstimate[] = [];
  const errors: Partial<Record<Caliber, number>> = {};
  for (const [caliber, curvatures] of byCaliber) {
    const n = curvatures.length;
    const v = curvatures.reduce((a, c) => a + (c.residual * c.residual) / c.factor, 0) / n;
    const mle = Math.sqrt(v);
    const whole = CALIBER_ERRORS[caliber].population;
    const upper80 = Math.sqrt((n * v) / chiSquareQuantile(0.1, n));
    const e: OwnErrorEstimate = { caliber, curvatures, mle, lower80: Math.sqrt((n * v) / chiSquareQuantile(0.9, n)), upper80, whole, replaces: upper80 < whole };
    estimates.push(e);
    if (e.replaces) errors[caliber] = mle;
  }
  return { errors, estimates };
}

/**
 * The figure of `p`'s series in the base year, when `p`'s error shares a part with it: a later population figure
 * (a stock), its series' figure (same area, metric, definition, segment) in `baseYear` of the same caliber, whose own
 * part `own` gives. Undefined otherwise (a rate, a flow, another caliber, no such figure): independent errors.
 *
 * @example
 * baseFigure(luoyangResidents2015, observed, 2013, { sample: 0.00088 }); // luoyang resident_pop 2013 (661.5万)
 */
export function baseFigure(p: ObservedPoint, observed: readonly ObservedPoint[], baseYear: number, own: OwnErrors): ObservedPoint | undefined {
  if (!isPopulation(p) || p.fromYear !== undefined || p.year <= baseYear) return undefined;
  const caliber = caliberOf(p.definition, p.year);
  if (own[caliber] === undefined) return undefined;
  return observed.find(
    (q) => q.area === p.area && q.metric === p.metric && q.definition === p.definition && q.segment === p.segment && q.year === baseYear && q.fromYear === undefined && q.value > 0 && caliberOf(q.definition, q.year) === caliber,
  );
}

/**
 * A later figure's error given its base figure's (same caliber, whole sd s, own part d): shared part s² − d², so
 * e | e₀ ~ N(β·e₀, sd²) with β = (s² − d²)/s² and sd² = s² − (s² − d²)²/s²; the figure's marginal error stays s and
 * the difference of the two has variance 2d².
 *
 * @example
 * givenBase(0.01, 0.001); // { beta: 0.99, sd: 0.0014107 }
 */
export function givenBase(whole: number, own: number): { beta: number; sd: number } {
  const shared = Math.max(0, whole * whole - own * own);
  return { beta: shared / (whole * whole), sd: Math.sqrt(Math.max(0, whole * whole - (shared * shared) / (whole * whole))) };
}

/** Per run and figure, the mean of the figure's error given its base figure's (on its scale), and per figure its sd. */
export interface SharedErrors {
  /** Runs × figures, row-major: β·e₀, e₀ = log(base figure) − log(the run's base-year value); 0 without a base figure. */
  readonly shift: Float64Array;
  /** Per figure: the sd of its error given the base figure's; its caliber's whole sd without one. */
  readonly sd: Float64Array;
}

/**
 * What each run's base-year state says of the later figures' errors: a later figure of a series whose base-year
 * figure the run started from ({@link baseFigure}) reads the run's base error e₀ (the figure less the run's own
 * base-year value, on the log scale: the baseline error the run drew) times β, with the smaller sd
 * ({@link givenBase}). Undefined when no figure has a base figure (every error independent, sd its caliber's).
 * `own` defaults to what `observed` says ({@link populationOwnErrors}).
 *
 * @example
 * sharedErrors(result, points, observed); // or undefined
 */
export function sharedErrors(result: MonteCarloResult, points: readonly ObservedPoint[], observed: readonly ObservedPoint[], own: OwnErrors = populationOwnErrors(observed).errors): SharedErrors | undefined {
  const sd = points.map((p) => observationError(p).sd);
  const baseYear = result.years[0];
  const bases = points.map((p) => baseFigure(p, observed, baseYear, own));
  if (bases.every((b) => b === undefined)) return undefined;
  const m = points.length;
  const runs = result.runEnd - result.runStart;
  const atBase = simulatedAtPoints(result, points.map((p) => ({ metric: p.metric, year: baseYear })));
  const out = { shift: new Float64Array(runs * m), sd: Float64Array.from(sd) };
  bases.forEach((b, j) => {
    if (!b) return;
    const { beta, sd: given } = givenBase(sd[j], own[caliberOf(points[j].definition, points[j].year)]!);
    out.sd[j] = given;
    for (let r = 0; r < runs; r++) out.shift[r * m + j] = beta * (Math.log(b.value) - Math.log(Math.max(atBase[r * m + j], 1e-9)));
  });
  return out;
}

/**
 * Quantile of χ² with k degrees of freedom: bisection on the regularized lower incomplete gamma P(k/2, x/2), its
 * series Σ xⁿ/((a+1)…(a+n)) · e^{−x} xᵃ/Γ(a+1), Γ of a half-integer exactly (Γ(1) = 1, Γ(½) = √π, Γ(a+1) = aΓ(a)).
 *
 * @example
 * chiSquareQuantile(0.9, 2); // 4.60517 (= −2 ln 0.1)
 */
export function chiSquareQuantile(p: number, k: number): number {
  if (!(p > 0 && p < 1) || !(k >= 1 && Number.isInteger(k))) throw new RangeError(`chiSquareQuantile: p in (0, 1) and k a whole number ≥ 1 expected, found p ${p}, k ${k}`);
  const a = k / 2;
  let gamma = k % 2 === 0 ? 1 : Math.sqrt(Math.PI); // Γ(1) or Γ(½)
  for (let x = k % 2 === 0 ? 1 : 0.5; x < a + 1 - 1e-9; x++) gamma *= x; // Γ(a + 1)
  const cdf = (x: number): number => {
    const h = x / 2;
    let term = 1;
    let sum = 1;
    for (let n = 1; n < 2000 && term > 1e-17 * sum; n++) sum += term *= h / (a + n);
    return Math.min(1, (sum * Math.exp(-h) * h ** a) / gamma);
  };
  let lo = 0;
  let hi = Math.max(10, k + 10 * Math.sqrt(2 * k) + normalQuantile(p) ** 2 * 4);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
