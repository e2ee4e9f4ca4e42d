import { mean, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { compileScenario } from '../montecarlo/compileScenario.ts';
import { type MonteCarloResult, runMonteCarlo } from '../montecarlo/runMonteCarlo.ts';
import { type ObservedPoint, periodText } from '../io/readObserved.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { scalarRule } from '../scenario/scalarRule.ts';
import { didYouMean } from '../scenario/didYouMean.ts';
import { scenarioHash } from '../scenario/hash.ts';
import { type AbcResult, abcReject } from './abc.ts';
import { abcWeigh } from './abcWeigh.ts';
import { observationError, onScale } from './observationError.ts';
import { type SharedErrors, sharedErrors } from './seriesError.ts';
import { priorSupport } from './priorSupport.ts';
import { independentFigures } from './independentFigures.ts';
import { type PointUse, selectObserved } from './selectObserved.ts';
import { simulatedAtPoints } from './simulatedAtPoints.ts';
import { runsText } from '../report/batchMarks.ts';

/** Bad input to a calibration (nothing to fit, no observation to fit to): the CLI turns it into exit code 2. */
export class CalibrationError extends Error {
  override name = 'CalibrationError';
}

export interface CalibrateOptions {
  /** Area id of the observed figures; default the scenario's city. */
  readonly area?: string;
  /** Fit only figures of years up to this one (a flow: its period's last year). */
  readonly until?: number;
  /**
   * Keep this share of runs, the closest first (rejection ABC, {@link abcReject}).
   * Default: no share, every run weighted by the figures' observation errors ({@link abcWeigh}).
   */
  readonly acceptFraction?: number;
  /** Beaumont regression adjustment of the posterior parameters (see {@link abcReject}); with `acceptFraction` only. */
  readonly regression?: boolean;
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * The scenario's runs, made already (e.g. shards of a job array, merged):
   * fitted instead of running them. Must be all runs of this very scenario.
   */
  readonly result?: MonteCarloResult;
}

export interface ParameterStats {
  readonly mean: number;
  readonly sd: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
}

export interface Calibration {
  readonly scenario: ResolvedScenario;
  readonly area: string;
  readonly until?: number;
  readonly result: MonteCarloResult;
  /** Every observed figure of the area, with what became of it. */
  readonly points: readonly PointUse[];
  /** The figures fitted (used or flagged, up to `until`, each an observation of its own), in file order. */
  readonly fitted: readonly PointUse[];
  /**
   * Figures that would be fitted but are fixed by others fitted ({@link independentFigures}: an urban resident
   * population with the rate and population of its year), with the reason; not multiplied into the weights.
   */
  readonly determined: readonly { readonly use: PointUse; readonly reason: string }[];
  /** Each run's value at the fitted figures, runs × fitted. */
  readonly simulated: Float64Array;
  readonly fit: AbcResult;
  /** Per sampled parameter (the scenario's distributions are the prior): prior and posterior summaries. */
  readonly parameters: readonly { readonly name: string; readonly prior: ParameterStats; readonly posterior: ParameterStats }[];
  /**
   * Sampled scalars of the scenario that the runs given (`result`) hold no column for: runs written by an urbsim that
   * did not record them (the change of count's draws before 2026-12-04). They have no posterior; absent when none.
   */
  readonly notRecorded?: readonly string[];
}

/** Below this effective sample size the posterior's quantiles rest on too few runs to trust: the table warns (one bound with the reports' weighed probabilities). */
export { SMALL_ESS } from '../report/batchMarks.ts';

/**
 * Fit a scenario's uncertain parameters to a city's observed figures by
 * approximate Bayesian computation: run the scenario's Monte Carlo — the
 * distributions it draws from are the prior —, compare each run with the
 * figures the model can be compared with ({@link selectObserved}: inside the
 * scenario's years, after the base year, a matching definition), and weigh
 * the runs by the figures' observation errors by caliber
 * ({@link observationError}, {@link abcWeigh}): an exact figure is still an
 * estimate, so the posterior keeps the runs it cannot tell apart instead of
 * collapsing on the closest. With `acceptFraction` the closest share of runs
 * is kept instead (rejection, {@link abcReject}). The kept runs' parameters
 * are the posterior sample, their trajectories (with their weights) a
 * posterior-predictive sample (what {@link backtest} scores); `fit.ess` is
 * the effective number of runs. Throws {@link CalibrationError} before
 * running anything when the scenario draws no parameter or no figure can be
 * fitted.
 *
 * @example
 * const points = readObserved('data/observed/observed.csv');
 * const c = await calibrate(loadScenario('scenarios/shijiazhuang-backtest.yaml'), points, { until: 2014 });
 * c.parameters.map((p) => [p.name, p.prior.p50, p.posterior.p50]);
 */
export async function calibrate(scenario: ResolvedScenario, observed: readonly ObservedPoint[], o: CalibrateOptions = {}): Promise<Calibration> {
  const plan = planCalibration(scenario, observed, o);
  const result = o.result ? givenRuns(o.result, scenario) : await runMonteCarlo(scenario, { workers: o.workers, onProgress: o.onProgress });
  const simulated = simulatedAtPoints(result, plan.fitted.map((u) => u.point));
  const fit =
    plan.acceptFraction === undefined
      ? weighByObservationError(result.sampled, simulated, plan.fitted.map((u) => u.point), sharedErrors(result, plan.fitted.map((u) => u.point), observed))
      : abcReject({
          prior: result.sampled,
          simulated,
          observed: Float64Array.from(plan.fitted, (u) => u.point.value),
          acceptFraction: plan.acceptFraction,
          regression: o.regression,
          ...sampledSupport(scenario, result.sampledNames),
        });
  const k = result.sampledNames.length;
  const parameters = result.sampledNames.map((name, i) => {
    const column = Float64Array.from({ length: result.sampled.length / k }, (_, r) => result.sampled[r * k + i]);
    return {
      name,
      prior: stats(column),
      posterior: {
        mean: fit.posterior.mean[i],
        sd: fit.posterior.sd[i],
        p10: fit.posterior.quantiles.p10[i],
        p50: fit.posterior.quantiles.p50[i],
        p90: fit.posterior.quantiles.p90[i],
      },
    };
  });
  const notRecorded = o.result ? compileScenario(scenario).sampledNames.filter((name) => !result.sampledNames.includes(name)) : [];
  return { scenario, area: plan.area, until: o.until, result, points: plan.points, fitted: plan.fitted, determined: plan.determined, simulated, fit, parameters, ...(notRecorded.length && { notRecorded }) };
}

/**
 * The checks and the choice of figures of {@link calibrate}, without running:
 * which area, which figures are fitted, and the errors that stop a calibration.
 *
 * @example
 * planCalibration(scenario, points, { until: 2014 }).fitted.map((u) => u.point.year); // [2014]
 */
export function planCalibration(scenario: ResolvedScenario, observed: readonly ObservedPoint[], o: CalibrateOptions = {}) {
  const area = o.area ?? scenario.city;
  if (!area) throw new CalibrationError(`scenario ${scenario.name} names no city: say which area the observed figures are for (--area ID)`);
  const { acceptFraction } = o;
  if (acceptFraction !== undefined && !(acceptFraction > 0 && acceptFraction <= 1)) throw new CalibrationError(`accept fraction: expected a share in (0, 1], found ${acceptFraction}`);
  if (o.regression && acceptFraction === undefined)
    throw new CalibrationError('the regression adjustment works on the closest share of runs: give --accept (e.g. --accept 0.1) with --regression');
  if (compileScenario(scenario).sampledNames.length === 0)
    throw new CalibrationError(
      `scenario ${scenario.name} draws no parameter from a distribution, so there is nothing to fit: its distributions are the prior (write e.g. migrant_settle_rate: { dist: uniform, min: 2%, max: 8% })`,
    );
  const areas = [...new Set(observed.map((p) => p.area))];
  // A file of its header alone said "(areas in the file: )".
  if (observed.length === 0) throw new CalibrationError(`no observed figure for area ${area}: the file holds none (a header and no rows)`);
  if (!areas.includes(area)) {
    const hint = didYouMean(area, areas);
    throw new CalibrationError(`no observed figure for area ${area}${hint ? `, did you mean ${hint}?` : ''} (areas in the file: ${areas.slice(0, 12).join(', ')}${areas.length > 12 ? `, … ${areas.length} in all` : ''})`);
  }
  const points = selectObserved(observed, scenario, area);
  // A figure fixed by others of its year (an urban population beside the rate and population) is no observation of its own.
  const { kept: fitted, determined } = independentFigures(points.filter((u) => u.status !== 'excluded' && (o.until === undefined || u.point.year <= o.until)));
  if (fitted.length === 0) {
    const why = points.map((u) => `  ${describePoint(u.point)}: ${u.status === 'excluded' ? u.reason : `after --until ${o.until}`}`);
    throw new CalibrationError(
      `no observed figure of ${area} can be fitted by scenario ${scenario.name} (years ${scenario.years.start}–${scenario.years.end}${o.until !== undefined ? `, up to ${o.until}` : ''}):\n${why.join('\n')}`,
    );
  }
  return { area, acceptFraction, points, fitted, determined };
}

/**
 * A figure in a message: metric, period, value as written and where it is.
 *
 * @example
 * describePoint(p); // 'registered_rate 2014 = 41.56% (observed.csv:212)'
 */
export function describePoint(p: ObservedPoint): string {
  return `${p.metric} ${periodText(p)} = ${p.written} (${p.file.split('/').at(-1)}:${p.line})`;
}

/**
 * Runs given to fit: all runs of the scenario calibrated, or a CalibrationError saying what they are instead. Looks
 * at their scenario and run range only: `urbsim calibrate --runs-from` checks a folder's meta.json so before it reads
 * the runs.
 *
 * @example
 * givenRuns(readRunsMerged(['out/dalian']), scenario); // throws when out/dalian ran another scenario, seed or --runs
 */
export function givenRuns<R extends Pick<MonteCarloResult, 'scenario' | 'runStart' | 'runEnd'>>(result: R, scenario: ResolvedScenario): R {
  if (scenarioHash(result.scenario) !== scenarioHash(scenario))
    throw new CalibrationError(
      `the runs given are of another scenario than ${scenario.name} as calibrated (${result.scenario.name}, seed ${result.scenario.monteCarlo.seed}, ` +
        `${runsText(result.scenario.monteCarlo.runs)}; calibrating seed ${scenario.monteCarlo.seed}, ${runsText(scenario.monteCarlo.runs)})`,
    );
  // Run numbers with the separator as well, as urbsim run's shard line writes them ("runs 500–999 of 1,000").
  if (result.runStart !== 0 || result.runEnd !== scenario.monteCarlo.runs)
    throw new CalibrationError(`the runs given are runs ${result.runStart.toLocaleString('en')}–${(result.runEnd - 1).toLocaleString('en')}, expected all ${scenario.monteCarlo.runs.toLocaleString('en')}`);
  return result;
}

/**
 * {@link abcWeigh} on each figure's error scale (logit of a rate, log of a count), with the sd of its caliber; with
 * `shared` ({@link sharedErrors}), a later figure of a series whose base-year figure the run started from is compared
 * with the run's value moved by the run's base error times β, at the smaller sd (src/analysis/seriesError.ts).
 */
export function weighByObservationError(prior: Float64Array, simulated: Float64Array, points: readonly ObservedPoint[], shared?: SharedErrors) {
  const errors = points.map((p) => observationError(p));
  const m = points.length;
  return abcWeigh({
    prior,
    simulated: simulated.map((v, i) => onScale(v, errors[i % m].scale) + (shared ? shared.shift[i] : 0)),
    observed: Float64Array.from(errors, (e) => e.at),
    sd: shared ? Float64Array.from(shared.sd) : Float64Array.from(errors, (e) => e.sd),
  });
}

/**
 * The support of each sampled scalar's prior, in sampledNames order (see {@link priorSupport}), and which are a choice
 * among values (the change of count's year), which the regression adjustment leaves as drawn.
 */
function sampledSupport(scenario: ResolvedScenario, names: readonly string[]): { support: { lower: Float64Array; upper: Float64Array }; choice: boolean[] } {
  // the scenario's distributions and the change of count's draws (montecarlo/compileWithTrees.ts, breakDraws)
  const c = compileScenario(scenario);
  const specs = new Map(c.sampledNames.map((name, i) => [name, c.sampledSpecs[i]]));
  const bounds = names.map((name) => {
    const spec = specs.get(name);
    return spec ? priorSupport(spec, scalarRule(name)) : { lower: -Infinity, upper: Infinity };
  });
  return {
    support: { lower: Float64Array.from(bounds, (b) => b.lower), upper: Float64Array.from(bounds, (b) => b.upper) },
    choice: names.map((name) => specs.get(name)?.dist === 'choice'),
  };
}

function stats(values: Float64Array): ParameterStats {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    mean: mean(sorted),
    sd: sorted.length > 1 ? sampleStandardDeviation(sorted) : 0,
    p10: quantileSorted(sorted, 0.1),
    p50: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
  };
}
