import { fileURLToPath } from 'node:url';
import { backtestScore } from '../analysis/backtestScore.ts';
import { laterFigures } from '../analysis/fitDefaults.ts';
import { observationError, withObservationError } from '../analysis/observationError.ts';
import { simulatedAtPoints } from '../analysis/simulatedAtPoints.ts';
import type { Caliber } from '../data/calibers.ts';
import { type ObservedPoint, periodText, readObserved } from '../io/readObserved.ts';
import type { MonteCarloResult } from '../montecarlo/runMonteCarlo.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';

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
  const predictive = withObservationError(simulatedAtPoints(runs, points), points, s.monteCarlo.seed, runs.runStart);
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
