import { RATE_METRICS, type ObservedPoint } from '../io/readObserved.ts';
import { runMonteCarlo } from '../montecarlo/runMonteCarlo.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { withMonteCarlo } from '../scenario/withMonteCarlo.ts';
import { PACE_KEYS, type PaceKey, type PacePrior, type PilotDefaults, drawnLaw } from '../batch/pilotDefaults.ts';
import { lawLogDensity, scaledLaw } from './paceLaw.ts';
import type { FittedPace } from '../data/fittedDefaults.ts';
import { type AreaFit, type FitProcess, laterFigures, pilotScenario, pooledPaces } from './fitDefaults.ts';
import { withObservationError } from './observationError.ts';
import { type OwnErrors, sharedErrors } from './seriesError.ts';
import { crps } from './predictiveScores.ts';
import type { PointUse } from './selectObserved.ts';
import { simulatedAtPoints } from './simulatedAtPoints.ts';
import { paceDraws } from './paceDraws.ts';
import { writtenLaw } from './writtenLaw.ts';

/** An area's forecast of its figures after its base year: each run's value plus the figure's observation error. */
export interface AreaForecast {
  readonly area: string;
  readonly scenario: ResolvedScenario;
  readonly held: readonly PointUse[];
  /** Runs × figures, row-major. */
  readonly predictive: Float64Array;
  /** Per pace, each run's draw on the pace's scale (logit of a rate, or the value). */
  readonly draws: Readonly<Record<PaceKey, Float64Array>>;
}

/** How far a forecast's scores are compared across kinds: points for rates, % of the figure otherwise. */
export const scoreUnit = (p: Pick<ObservedPoint, 'metric' | 'value'>, x: number): number => (RATE_METRICS.has(p.metric) ? 100 * x : (100 * x) / p.value);

/**
 * The defaults of a fold, each pace drawn with the law a shipped pilot would draw it with ({@link drawnLaw}: a pooled
 * pace's law, the posterior predictive mixture, scaled by `spread` about its centre; a pace the fold's areas are too
 * few to fit at the reference prior — scaling that too would score a narrower law than any shipped pilot draws). With
 * the fold's year-to-year variation.
 *
 * @example
 * foldDefaults(paces, 0.6, process, 'fold').paces.local_settle_rate.sd; // paces.local_settle_rate.sd (1.5) when unfitted, 0.6 × it when pooled
 */
export function foldDefaults(paces: Readonly<Record<PaceKey, FittedPace>>, spread: number, process: FitProcess, note: string): PilotDefaults {
  return {
    paces: Object.fromEntries(
      PACE_KEYS.map((k) => {
        const p = paces[k];
        return [k, { ...drawnLaw(p, spread), note: `${note}: ${p.fitted ? `pooled over ${p.areas.length} areas` : 'reference prior'}` }];
      }),
    ) as Record<PaceKey, PacePrior>,
    ruralToTownForm: process.ruralToTownForm,
    process: { ...process, note: `${note}: year-to-year variation` },
  };
}

/**
 * Run an area's generated pilot under `defaults` to its last figure after the
 * base year and give each run's forecast of those figures (with the figures'
 * observation errors by caliber) and its pace draws. Undefined when the area
 * has no such figure.
 *
 * @example
 * const f = await forecastArea('jinchang', points, defaults, { runs: 1000, seed: 2014, dir });
 */
export async function forecastArea(
  area: string,
  observed: readonly ObservedPoint[],
  defaults: PilotDefaults,
  o: { runs: number; seed: number; dir: string; workers?: number; own?: OwnErrors },
): Promise<AreaForecast | undefined> {
  const full = pilotScenario(area, defaults, o.dir);
  if (!full) return undefined;
  const held = laterFigures(full, observed, area);
  if (held.length === 0) return undefined;
  const end = Math.max(...held.map((u) => u.point.year));
  const scenario = withMonteCarlo(pilotScenario(area, defaults, o.dir, end)!, { runs: o.runs, seed: o.seed });
  const result = await runMonteCarlo(scenario, { workers: o.workers });
  const points = held.map((u) => u.point);
  // A later figure of a series whose base-year figure the run started from: its error given the run's base error.
  const predictive = withObservationError(simulatedAtPoints(result, points), points, o.seed, 0, sharedErrors(result, points, observed, o.own));
  const draws = paceDraws(result);
  return { area, scenario, held, predictive, draws };
}

/**
 * Each run's weight when the paces' laws are those the forecast drew with scaled by `factor` about their centres
 * ({@link scaledLaw}: sds, and a mixture's components' offsets, times `factor`): the ratio of the laws' densities
 * (for a normal law exp(−½ (z/factor)² + ½ z²) / factor, z the draw's standard score), so one set of runs serves every
 * narrower (or slightly wider) spread.
 */
export function spreadWeights(f: AreaForecast, factor: number): Float64Array {
  const runs = f.predictive.length / f.held.length;
  const w = new Float64Array(runs);
  const laws = PACE_KEYS.map((k) => writtenLaw(f.scenario, k));
  const scaled = laws.map((l) => scaledLaw(l, factor));
  for (let r = 0; r < runs; r++) {
    let l = 0;
    PACE_KEYS.forEach((k, i) => {
      l += lawLogDensity(scaled[i], f.draws[k][r]) - lawLogDensity(laws[i], f.draws[k][r]);
    });
    w[r] = Math.exp(l);
  }
  return w;
}

/** The forecast's CRPS at each of the area's figures (in the figure's own units). */
export function forecastCrps(f: AreaForecast, weights?: Float64Array): number[] {
  const m = f.held.length;
  const runs = f.predictive.length / m;
  return f.held.map((u, j) => crps(Float64Array.from({ length: runs }, (_, r) => f.predictive[r * m + j]), weights, u.point.value));
}

/** The spreads tried, and where the runs are drawn for them (reweighted down from the proposal above). */
export const SPREADS = [0.4, 0.5, 0.6, 0.7, 0.85, 1, 1.25, 1.6] as const;

/**
 * The spread factor κ of the pooled paces: their predictive sds come from a
 * hierarchical model whose between-area sd rests on a prior when few areas
 * inform it, so how wide the paces should be drawn is fitted on the data by
 * cross-validation: for each area B with figures after its base year (all
 * but `exclude`), pool the paces without B (and without `exclude`), forecast
 * B's figures with the pooled sds times κ, and score each figure by its CRPS
 * relative to its CRPS at κ = 1 (so every figure counts once, whatever its
 * units or how hard it is to forecast); κ is the widest of SPREADS whose mean is within one standard error (over areas) of the
 * smallest ({@link widestWithinOneSe}). Runs are drawn once at κ = 1 (and at 1.6 when 1 is
 * the best so far) and reweighted to the others ({@link spreadWeights}).
 * Nested inside `urbsim backtest --cross-validate`, `exclude` holds the
 * fold's area, so its figures never choose its own spread.
 *
 * @example
 * (await fitSpread(fits, points, { exclude: ['dalian'], process, runs: 600, seed: 2014, dir })).spread; // e.g. 0.6
 */
export async function fitSpread(
  fits: readonly AreaFit[],
  observed: readonly ObservedPoint[],
  o: { exclude: readonly string[]; process: FitProcess; runs: number; seed: number; dir: string; workers?: number; own?: OwnErrors },
): Promise<{
  spread: number;
  /** Mean CRPS relative to κ = 1, per κ tried. */
  scores: { spread: number; crps: number }[];
  /**
   * The fewest effective runs behind an area's likelihood of a pace as an inner fold that scores κ pools it
   * ({@link pooledPaces}' `ess`, pooledEss: without `exclude` and the inner fold's area `without`), rounded; absent
   * when no inner fold pools an area with a fit's runs.
   */
  ess?: { n: number; area: string; pace: PaceKey; without: string };
}> {
  const inner = fits.filter((f) => !o.exclude.includes(f.area));
  let fewest: { n: number; area: string; pace: PaceKey; without: string } | undefined;
  const forecasts = async (proposal: number) => {
    const out: AreaForecast[] = [];
    for (const b of inner) {
      const { paces, ess } = pooledPaces(fits, [...o.exclude, b.area]);
      const f = await forecastArea(b.area, observed, foldDefaults(paces, proposal, o.process, 'inner fold'), o);
      if (!f) continue;
      out.push(f);
      for (const [area, e] of ess)
        for (const [pace, n] of Object.entries(e) as [PaceKey, number][])
          if (fewest === undefined || Math.round(n) < fewest.n) fewest = { n: Math.round(n), area, pace, without: b.area };
    }
    return out;
  };
  const atOne = await forecasts(1);
  const reference = atOne.map((f) => forecastCrps(f));
  const relative = (fs: readonly AreaForecast[], factor: number) =>
    fs.flatMap((f, i) => forecastCrps(f, spreadWeights(f, factor)).map((c, j) => c / reference[i][j]));
  // Which area each figure's score belongs to (the same order as `relative`'s): the standard error is taken over areas.
  const areas = atOne.flatMap((f) => f.held.map(() => f.area));
  const tried = SPREADS.filter((k) => k <= 1).map((spread) => ({ spread, each: relative(atOne, spread), areas }));
  if (tried.reduce((a, b) => (mean(b.each) < mean(a.each) ? b : a)).spread === 1) {
    const wide = await forecasts(1.6);
    for (const spread of SPREADS.filter((k) => k > 1)) tried.push({ spread, each: relative(wide, spread / 1.6), areas: wide.flatMap((f) => f.held.map(() => f.area)) });
  }
  return { spread: widestWithinOneSe(tried), scores: tried.map((t) => ({ spread: t.spread, crps: mean(t.each) })), ...(fewest && { ess: fewest }) };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * The spread factor the scores support: the widest κ whose mean score is within one standard error of the best κ's,
 * the error of the figures' paired differences from the best. With twenty-odd figures the scores of neighbouring κ
 * differ by less than their noise, and picking the bare minimum would let that noise narrow every pilot's paces
 * (interval widths below what the cross-validated errors imply); among the κ the data cannot tell apart, the widest
 * is the one that does not claim more than they know (the one-standard-error rule, here towards caution).
 *
 * The standard error is taken over areas when `areas` says which area each figure belongs to ({@link clusteredSe}):
 * an area's figures share its fold's runs and its own pace draws, so their differences are not independent, and the
 * folds leave out areas, not figures. The mean stays the figures' mean. Without `areas` every figure is its own area.
 *
 * @example
 * widestWithinOneSe([{ spread: 0.7, each: [0.9, 0.8] }, { spread: 1, each: [1, 1] }]); // 0.7: 1 is 0.15 worse, SE 0.05
 * widestWithinOneSe([{ spread: 0.7, each: [0.8, 1.0] }, { spread: 1, each: [1, 1] }]); // 1: 0.1 worse, SE 0.1
 */
export function widestWithinOneSe(tried: readonly { spread: number; each: readonly number[]; areas?: readonly string[] }[]): number {
  const best = tried.reduce((a, b) => (mean(b.each) < mean(a.each) ? b : a));
  let chosen = best.spread;
  for (const t of tried) {
    if (t.spread <= chosen) continue;
    const d = t.each.map((c, i) => c - best.each[i]);
    const m = mean(d);
    if (m <= clusteredSe(d, t.areas ?? d.map((_, i) => String(i)))) chosen = t.spread;
  }
  return chosen;
}

/**
 * Standard error of the mean of `d` with the values grouped in clusters (`cluster[i]` names value i's): the
 * cluster-robust (sandwich) estimate with the small-sample factor G/(G − 1), G the number of clusters,
 * SE² = G/(G − 1) · Σ_g (Σ_{i in g} (d_i − m))² / N². With every value its own cluster it is the usual s/√N; 0 with
 * fewer than two clusters (nothing to compare).
 *
 * @example
 * clusteredSe([0.1, 0.2], ['a', 'b']); // 0.05, as s/√N: s = 0.0707
 * clusteredSe([0.1, 0.1, 0.3], ['a', 'a', 'b']); // m 1/6; sums −2/15 and 2/15: √(2 · 2 · (2/15)²) / 3 = 0.0889
 */
export function clusteredSe(d: readonly number[], cluster: readonly string[]): number {
  if (cluster.length !== d.length) throw new RangeError(`clusteredSe: ${d.length} values but ${cluster.length} cluster names`);
  const m = mean(d);
  const sums = new Map<string, number>();
  d.forEach((x, i) => sums.set(cluster[i], (sums.get(cluster[i]) ?? 0) + x - m));
  const g = sums.size;
  if (g < 2) return 0;
  let s = 0;
  for (const v of sums.values()) s += v * v;
  return Math.sqrt((g / (g - 1)) * s) / d.length;
}
