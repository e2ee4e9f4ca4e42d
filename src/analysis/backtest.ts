import { type ObservedPoint, periodText } from '../io/readObserved.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { type BacktestScore, backtestScore } from './backtestScore.ts';
import { type CalibrateOptions, type Calibration, CalibrationError, calibrate, describePoint, planCalibration } from './calibrate.ts';
import type { PointUse } from './selectObserved.ts';
import { simulatedAtPoints } from './simulatedAtPoints.ts';
import { withObservationError } from './observationError.ts';
import { sharedErrors } from './seriesError.ts';

export interface Backtest {
  /** The fit on figures up to `until`. */
  readonly calibration: Calibration;
  /** The figures after `until` that the model can be compared with, in file order. */
  readonly scored: readonly PointUse[];
  /** Score of the accepted runs (the posterior-predictive sample). */
  readonly score: BacktestScore;
  /** Score of all runs (the prior predictive), to see what the calibration changed. */
  readonly priorScore: BacktestScore;
}

/**
 * Calibrate on the figures up to `until` (see {@link calibrate}), then score
 * the figures after it against the kept runs' own trajectories, with their
 * weights: each kept run is a draw of parameters from the posterior together
 * with the path they produced, so they are a posterior-predictive sample and
 * nothing is run again. (Regression-adjusted parameters would need a re-run
 * at given values, so the score always uses the kept runs' own paths.) Each
 * run's value at a later figure gets that figure's observation error by
 * caliber ({@link withObservationError}): what is scored is the figure the
 * statistics will publish. Scores: error of the median, whether the 50 % and
 * 80 % intervals cover each figure, PIT and CRPS ({@link backtestScore}); the
 * prior predictive (all runs) is scored alongside.
 *
 * @example
 * const b = await backtest(loadScenario('scenarios/shijiazhuang-backtest.yaml'), points, { until: 2014 });
 * b.score.totals.coverage80; // share of later figures inside the posterior 80 % interval
 */
export async function backtest(scenario: ResolvedScenario, observed: readonly ObservedPoint[], o: CalibrateOptions & { readonly until: number }): Promise<Backtest> {
  const plan = planCalibration(scenario, observed, o);
  const scored = plan.points.filter((u) => u.status !== 'excluded' && u.point.year > o.until);
  if (scored.length === 0) {
    const later = plan.points.filter((u) => u.point.year > o.until);
    throw new CalibrationError(
      `no observed figure of ${plan.area} after ${o.until} can be scored by scenario ${scenario.name} (years ${scenario.years.start}–${scenario.years.end})${
        later.length ? `:\n${later.map((u) => `  ${describePoint(u.point)}: ${u.reason}`).join('\n')}` : ': the file has none'
      }`,
    );
  }
  const calibration = await calibrate(scenario, observed, o);
  const points = scored.map((u) => u.point);
  const { result, fit } = calibration;
  // Each run predicts what the statistics will read: its own value plus the figure's error by caliber (given the
  // run's base error, for a later figure of a series whose base-year figure the run started from).
  const all = withObservationError(simulatedAtPoints(result, points), points, scenario.monteCarlo.seed, result.runStart, sharedErrors(result, points, observed));
  const m = points.length;
  const predictive = new Float64Array(fit.accepted.length * m);
  fit.accepted.forEach((run, a) => predictive.set(all.subarray(run * m, (run + 1) * m), a * m));
  const observedValues = Float64Array.from(points, (p) => p.value);
  const labels = points.map((p) => `${p.metric} ${periodText(p)}`);
  return {
    calibration,
    scored,
    // Rejection keeps its runs equally (the regression's weights belong to adjusted parameters, not to the runs' paths).
    score: backtestScore(predictive, observedValues, labels, fit.kernel === 'observation' ? fit.weights : undefined),
    priorScore: backtestScore(all, observedValues, labels),
  };
}
