import { fileURLToPath } from 'node:url';
import { backtestScore } from '../analysis/backtestScore.ts';
import { effectiveSampleSize } from '../analysis/abc.ts';
import { weighByObservationError } from '../analysis/calibrate.ts';
import { type WeightedProportion, weighedTargets } from '../analysis/calibratedTargets.ts';
import { weightedQuantiles } from '../analysis/weightedQuantiles.ts';
import { everyRunIdentical } from '../analysis/everyRunIdentical.ts';
import { METRICS, METRIC_COUNT } from '../model/indicators.ts';
import { independentFigures } from '../analysis/independentFigures.ts';
import { laterFigures } from '../analysis/fitDefaults.ts';
import { observationError, withObservationError } from '../analysis/observationError.ts';
import { sharedErrors } from '../analysis/seriesError.ts';
import { simulatedAtPoints } from '../analysis/simulatedAtPoints.ts';
import type { Caliber } from '../data/calibers.ts';
import { type ObservedPoint, periodText, readObserved } from '../io/readObserved.ts';
import type { OwnFiguresColumns } from '../io/arrowTables.ts';
import type { MonteCarloResult } from '../montecarlo/runMonteCarlo.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { figuresInLaws } from './pilotDefaults.ts';
import { WEIGHED_METRICS } from './weighedShape.ts';

/** One observed figure of a scenario's own area after its base year, against the scenario's runs. */
export interface OwnFigure {
  readonly point: ObservedPoint;
  /** Compared as the cross-validation compares it: `flagged` when its definition is only roughly the model's. */
  readonly status: 'used' | 'flagged';
  readonly caliber: Caliber;
  /** The runs' p10, p50 and p90 of the figure as it would read: each run's value plus the figure's observation error. */
  readonly lower80: number;
  readonly median: number;
  readonly upper80: number;
  /** Inside the 80 % interval (p10 ≤ observed ≤ p90, bounds inside). */
  readonly inside: boolean;
}

/**
 * The own-figures check of a batch for its combined targets.arrow ({@link OwnFiguresColumns}): per row of the table
 * (`rowScenarios`, a scenario name per row, and `rowTargets`, the row's target id) the scenario's count of figures and
 * of those inside, the target's probability weighed by those figures where the report weighs it
 * ({@link ownWeighedTargets}), and every figure of every scenario as JSON.
 *
 * @example
 * ownFiguresColumns(rows, ['dongguan', 'dongguan'], ['registered_rate>=0.235@2020', 'all']).rows;
 * // [{ figures: 1, inside: 1, weighed: { probability: 0.036, … } }, { figures: 1, inside: 1, weighed: { … } }]
 */
export function ownFiguresColumns(
  scenarios: readonly { readonly scenario: string; readonly city?: string; readonly ownFigures?: readonly OwnFigure[]; readonly ownWeighed?: OwnWeighed }[],
  rowScenarios: readonly string[],
  rowTargets: readonly string[],
): OwnFiguresColumns {
  const byName = new Map(scenarios.map((s) => [s.scenario, s]));
  const items = scenarios.flatMap((s) =>
    (s.ownFigures ?? []).map((f) => ({
      scenario: s.scenario,
      area: s.city ?? null,
      metric: f.point.metric,
      period: periodText(f.point),
      observed: f.point.value,
      definition: f.point.definition,
      caliber: f.caliber,
      status: f.status,
      source: f.point.source,
      lower80: f.lower80,
      median: f.median,
      upper80: f.upper80,
      inside: f.inside,
    })),
  );
  return {
    rows: rowScenarios.map((name, i) => {
      const s = byName.get(name);
      if (!s?.ownFigures?.length) return null;
      const w = s.ownWeighed?.targets.find((t) => t.id === rowTargets[i]);
      return { figures: s.ownFigures.length, inside: s.ownFigures.filter((f) => f.inside).length, ...(w && { weighed: { probability: w.probability, lower: w.lower, upper: w.upper, effectiveRuns: w.effectiveRuns } }) };
    }),
    json: JSON.stringify({ inside: items.filter((f) => f.inside).length, figures: items.length, items }),
  };
}

const OBSERVED_URL = new URL('../../data/observed/observed.csv', import.meta.url);
let shipped: ObservedPoint[] | undefined;

/**
 * data/observed/observed.csv, read once: the figures a batch's areas are held to.
 *
 * @example
 * shippedObserved().filter((p) => p.area === 'dongguan').length;
 */
export function shippedObserved(): readonly ObservedPoint[] {
  shipped ??= readObserved(fileURLToPath(OBSERVED_URL));
  return shipped;
}

/**
 * A scenario's forecast of its own area's observed figures after its base
 * year, with the cross-validation's selection ({@link laterFigures}: inside
 * the years, a matching or roughly matching definition, whole years, no
 * partial counts) and its predictive distribution (each run's value plus the
 * figure's observation error by caliber, {@link withObservationError}, scored
 * by {@link backtestScore}): per figure the runs' p10–p90 and whether the
 * figure lies inside. A generated pilot's laws are conditioned on these figures
 * only through its paces (data/observed/fitted-defaults.json), a curated
 * scenario's only through what its author took from them; the runs are not
 * weighed by them, so a figure outside is one the scenario does not reproduce.
 * Empty for a scenario without an area or whose area has no such figure; the
 * runs are read (`result`) only when there is one.
 *
 * @example
 * ownFigures(loadScenario('scenarios/pilots/dongguan.yaml'), shippedObserved(), () => readRunOutputs('out/pilots/dongguan').result);
 * // [{ point: registered_pop 2015 (1950100), lower80: 2043500, upper80: 2321500, inside: false, … }, …]
 */
export function ownFigures(s: ResolvedScenario, observed: readonly ObservedPoint[], result: () => MonteCarloResult): OwnFigure[] {
  if (!s.city) return [];
  const held = laterFigures(s, observed, s.city);
  if (held.length === 0) return [];
  const runs = result();
  const points = held.map((u) => u.point);
  const predictive = withObservationError(simulatedAtPoints(runs, points), points, s.monteCarlo.seed, runs.runStart, sharedErrors(runs, points, observed));
  const score = backtestScore(predictive, Float64Array.from(points, (p) => p.value), points.map((p) => `${p.metric} ${periodText(p)}`));
  return held.map((u, j) => ({
    point: u.point,
    status: u.status === 'flagged' ? 'flagged' : 'used',
    caliber: observationError(u.point).caliber,
    lower80: score.lower80[j],
    median: score.median[j],
    upper80: score.upper80[j],
    inside: score.covered80[j] === 1,
  }));
}

/** An area's targets weighed by its own figures after its base year ({@link ownWeighedTargets}). */
export interface OwnWeighed {
  /**
   * The figures the runs are weighed by: those of {@link ownFigures}, less any fixed by others of its year and any
   * the scenario's laws were already fitted to (`inLaws`). Empty when the laws hold them all: then nothing is weighed.
   */
  readonly figures: readonly ObservedPoint[];
  /** The area's figures left out because the scenario draws paces at laws fitted to them ({@link figuresInLaws}). */
  readonly inLaws: readonly ObservedPoint[];
  /**
   * Set when the runs weighed are not the scenario's own but a second set drawn with its laws fitted to these figures
   * (`keys`) drawn as an area without them draws them ({@link ownWeighedRedrawn}): `runs` of them. Then `figures`
   * holds them all and `inLaws` none. `refused`: the runs of a second draw memory could not hold (the answer is then
   * the first draw's `runs`, rough).
   */
  readonly redrawn?: { readonly keys: readonly string[]; readonly runs: number; readonly refused?: number };
  /** Kish's effective runs of the weights. */
  readonly kishRuns: number;
  /** Per target of the scenario, then all jointly (`all`): the weighted probability and its interval. */
  readonly targets: readonly (WeightedProportion & { readonly id: string })[];
  /**
   * The weighed runs' 10th, 50th and 90th percentiles of the resident and registered rate in each year
   * ({@link WEIGHED_METRICS}): the projection conditioned on the figures, whose width `urbsim widths` holds after the
   * last of them. Empty when nothing is weighed.
   */
  readonly intervals: readonly WeighedInterval[];
  /**
   * Every run weighed is the same projection (a scenario that draws nothing at random): weights cannot tell one run
   * from another, so each P(met) is the plain one and a Wilson interval on the effective runs would claim a Monte Carlo
   * error there is none of. The report says so instead of listing them.
   */
  readonly identical?: true;
}

// The metrics whose weighed intervals a weighed answer carries ({@link OwnWeighed.intervals}), beside the rule a file
// of one keeps (src/batch/weighedShape.ts), which the notebooks load too.
export { WEIGHED_METRICS };

/** One metric in one year of the weighed runs: their weighted p10, p50 and p90 (NaN where no run has a value). */
export interface WeighedInterval {
  readonly metric: (typeof WEIGHED_METRICS)[number];
  readonly year: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
}

/**
 * A scenario's targets weighed by its own area's figures after its base year, as `urbsim calibrate` weighs runs: each
 * run by the likelihood of the figures ({@link ownFigures}' selection, less a figure fixed by others of its year,
 * {@link independentFigures}) under their observation errors by caliber ({@link weighByObservationError}); each
 * target's weighted share with a 95 % Wilson interval on the effective runs ({@link weighedTargets}). A figure that
 * informs a pace the scenario draws at the law already fitted to the area's own figures ({@link figuresInLaws}:
 * a generated pilot's, `urbsim init`'s) is left out, or it would count twice; when that leaves none, nothing is
 * weighed (`figures` and `targets` empty). A batch weighs such a scenario by runs drawn again instead
 * ({@link ownWeighedRedrawn}), every figure counted once. Undefined for a scenario without targets, without an area, or whose area
 * has no such figure; the runs are read only when needed.
 *
 * @example
 * ownWeighedTargets(loadScenario('scenarios/dalian.yaml'), shippedObserved(), () => readRunOutputs('out/dalian').result);
 * // { figures: [registered_rate 2015], inLaws: [], kishRuns: 177, targets: [{ probability: 0.996, lower: 0.971, … }, …] }
 */
export function ownWeighedTargets(s: ResolvedScenario, observed: readonly ObservedPoint[], result: () => MonteCarloResult): OwnWeighed | undefined {
  const f = ownWeighedFigures(s, observed);
  if (!f) return undefined;
  if (f.figures.length === 0) return { ...f, kishRuns: 0, targets: [], intervals: [] };
  return { ...f, ...weighTargets(s, result(), f.figures, observed) };
}

/** The figures {@link ownWeighedTargets} weighs a scenario's runs by and those it leaves out, without the runs. */
export function ownWeighedFigures(s: ResolvedScenario, observed: readonly ObservedPoint[]): Pick<OwnWeighed, 'figures' | 'inLaws'> | undefined {
  if (!s.city || s.targets.length === 0) return undefined;
  const { kept } = independentFigures(laterFigures(s, observed, s.city));
  if (kept.length === 0) return undefined;
  const inLaws = figuresInLaws(s, s.city, kept.map((u) => u.point)).figures;
  return { figures: kept.map((u) => u.point).filter((p) => !inLaws.includes(p)), inLaws };
}

/**
 * The scenario's targets (then all jointly, `all`) in `runs` weighed by `points` as `urbsim calibrate` weighs runs,
 * Kish's effective runs of the weights, and the weighed runs' intervals of the rates ({@link OwnWeighed.intervals}).
 * `ratios`: each run's prior / proposal density ratio, where the runs were drawn from another law than the prior.
 */
export function weighTargets(s: ResolvedScenario, runs: MonteCarloResult, points: readonly ObservedPoint[], observed: readonly ObservedPoint[], ratios?: Float64Array): Pick<OwnWeighed, 'kishRuns' | 'targets' | 'intervals' | 'identical'> {
  const likelihood = weighByObservationError(runs.sampled, simulatedAtPoints(runs, points), points, sharedErrors(runs, points, observed));
  // Runs drawn from a proposal other than the prior: each weight times its run's prior / proposal ratio.
  const weights = ratios ? likelihood.weights.map((w, i) => w * ratios[likelihood.accepted[i]]) : likelihood.weights;
  const fit = { accepted: likelihood.accepted, weights, ess: ratios ? effectiveSampleSize(weights) : likelihood.ess };
  const ids = [...s.targets.map((t) => t.id), 'all'];
  const targets = weighedTargets(runs.rows, runs.years, s.targets, fit.accepted, fit.weights).map((w, i) => ({ id: ids[i], ...w }));
  const nYears = runs.years.length;
  const intervals = WEIGHED_METRICS.flatMap((metric) => {
    const m = METRICS.indexOf(metric);
    return Array.from(runs.years, (year, y) => {
      const [p10, p50, p90] = weightedQuantiles(Array.from(fit.accepted, (r) => runs.rows[(r * nYears + y) * METRIC_COUNT + m]), fit.weights, [0.1, 0.5, 0.9]);
      return { metric, year, p10, p50, p90 };
    });
  });
  return { kishRuns: fit.ess, targets, intervals, ...(everyRunIdentical(runs.rows, runs.runEnd - runs.runStart) && { identical: true as const }) };
}
