import type { Calibration } from './calibrate.ts';
import { type TargetResult, metByRun, targetProbabilities } from './targetProbabilities.ts';
import { wilson } from './wilson.ts';
import type { TargetSpec } from '../scenario/resolved.ts';

/** A share of weighted runs meeting a target, with the 95 % interval of {@link weightedProportion}. */
export interface WeightedProportion {
  /** Σ w·met / Σ w over the runs (NaN when no run weighs anything). */
  readonly probability: number;
  readonly lower: number;
  readonly upper: number;
  /** The effective number of runs the interval rests on: the smaller of `kishRuns` and the target's own (see {@link weightedProportion}). */
  readonly effectiveRuns: number;
  /** Kish's effective sample size of the weights, (Σw)² / Σw² (the calibration's `fit.ess` when the weights are its runs'). */
  readonly kishRuns: number;
}

/**
 * The weighted share of runs meeting a target, p = Σ wᵢ·xᵢ / Σ wᵢ (xᵢ = 1 if run i meets it, else 0), with a 95 %
 * Wilson score interval computed as if p were a plain share of n_eff runs: wilson(p·n_eff, n_eff).
 *
 * Which n_eff, and why. The runs are weighted (an importance sample of the posterior), so the share rests on fewer
 * runs than there are: n_eff is the smaller of
 * - Kish's effective sample size (Σw)² / Σw², the number of equally weighted runs the weights are worth — the figure
 *   the calibration reports and warns under 100; right on average for a target met independently of the weights;
 * - the target's own, p(1 − p)·(Σw)² / Σ wᵢ²(xᵢ − p)²: the n at which p(1 − p)/n equals the delta-method variance of
 *   the self-normalised weighted share. It is smaller than Kish's when the runs that decide the target are the heavy
 *   ones (one run carrying 1 % of the weight and all of the met share: Kish may count thousands of runs, the share
 *   rests on one), and is taken only when it is smaller, since the delta method itself is unreliable on few heavy
 *   runs. At p = 0 or 1 it is undefined (no run varies) and Kish's alone is used.
 * Wilson rather than p ± 1.96·se: it stays inside [0, 1] and keeps a width at p = 0 and p = 1 (no run, or every run,
 * meeting the target: the upper end is then about 3.84 / (n_eff + 3.84) above 0). With equal weights n_eff is the
 * number of runs and the interval is the plain one {@link targetProbabilities} gives.
 *
 * The interval is the Monte Carlo error of p given the model, the prior and the figures' error model (how much p
 * would move with other draws of as many effective runs), not the model's own error.
 *
 * @example
 * weightedProportion([1, 0, 1, 0], [1, 1, 1, 1]); // { probability: 0.5, effectiveRuns: 4, … } as wilson(2, 4)
 * weightedProportion([1, 0, 0], [2, 1, 1]);       // probability 0.5, kishRuns 16/6 ≈ 2.67
 */
export function weightedProportion(met: ArrayLike<number>, weights: ArrayLike<number>): WeightedProportion {
  if (met.length !== weights.length) throw new RangeError(`${met.length} runs met or not, ${weights.length} weights`);
  let largest = 0;
  for (let i = 0; i < weights.length; i++) {
    const wi = weights[i];
    if (!(wi >= 0 && Number.isFinite(wi))) throw new RangeError(`weight ${i}: expected a finite number ≥ 0, found ${wi}`);
    largest = Math.max(largest, wi);
  }
  if (!(largest > 0)) return { probability: NaN, lower: 0, upper: 1, effectiveRuns: 0, kishRuns: 0 };
  // Relative to the largest weight, so that squares of tiny weights do not underflow (the result is scale-free).
  const rel = (i: number) => weights[i] / largest;
  let w = 0;
  let wx = 0;
  let w2 = 0;
  for (let i = 0; i < weights.length; i++) {
    const wi = rel(i);
    w += wi;
    w2 += wi * wi;
    if (met[i]) wx += wi;
  }
  // Every weight met (or none): wx and w summed alike, so p is exactly 1 (or 0).
  const p = wx === w ? 1 : wx / w;
  const kish = (w * w) / w2;
  let own = Infinity;
  if (p > 0 && p < 1) {
    let s = 0;
    for (let i = 0; i < weights.length; i++) s += rel(i) ** 2 * ((met[i] ? 1 : 0) - p) ** 2;
    own = (p * (1 - p) * w * w) / s;
  }
  // Equal weights make both n (up to rounding): take Kish's unless the target's own is clearly smaller.
  const n = own < kish * (1 - 1e-9) ? own : kish;
  const { lower, upper } = wilson(p * n, n);
  return { probability: p, lower, upper, effectiveRuns: n, kishRuns: kish };
}

/** A target (or `all`, every target jointly) before and after calibration. */
export interface CalibratedTarget {
  /** Over every run of the scenario, equally: what `urbsim run` reports (its 95 % Wilson interval on the runs). */
  readonly prior: TargetResult;
  /** Over the calibration's runs weighed by the fitted figures ({@link weightedProportion}). */
  readonly calibrated: WeightedProportion;
}

/**
 * Each of the scenario's targets, then all of them jointly, met in the runs as drawn (the prior) and in the runs
 * weighed by the city's published figures (the calibration): the planner's P(target met) before and after the figures.
 * The runs' weights are the calibration's: with observation errors (the default) each kept run's likelihood, the
 * others 0; with `--accept`, 1 for each accepted run and 0 for the others (the regression's kernel weights belong to
 * adjusted parameters, not to the runs' paths, as in {@link backtest}). A run whose value at the target is not a
 * number does not meet it, as in {@link targetProbabilities}. Empty when the scenario has no targets.
 *
 * @example
 * const c = await calibrate(loadScenario('scenarios/dalian.yaml'), readObserved('data/observed/observed.csv'));
 * calibratedTargets(c).map((t) => [t.prior.id, t.prior.probability, t.calibrated.probability, t.calibrated.lower, t.calibrated.upper]);
 */
export function calibratedTargets(c: Calibration): CalibratedTarget[] {
  const { rows, years } = c.result;
  const targets = c.scenario.targets;
  if (targets.length === 0) return [];
  const prior = targetProbabilities(rows, years, targets);
  const kept = Float64Array.from(c.fit.accepted, () => 1);
  if (c.fit.kernel === 'observation') kept.set(c.fit.weights);
  const weighed = weighedTargets(rows, years, targets, c.fit.accepted, kept);
  return prior.map((t, i) => ({ prior: t, calibrated: weighed[i] }));
}

/**
 * Each target's (then all targets' jointly) {@link weightedProportion} over runs `runs` of `rows` (indices from the
 * rows' first run) with weights `weights`; the other runs weigh 0. Empty when there are no targets.
 *
 * @example
 * weighedTargets(result.rows, result.years, scenario.targets, fit.accepted, fit.weights).map((w) => w.probability);
 */
export function weighedTargets(rows: Float64Array, years: Int32Array, targets: readonly TargetSpec[], runs: ArrayLike<number>, weights: ArrayLike<number>): WeightedProportion[] {
  if (targets.length === 0) return [];
  if (runs.length !== weights.length) throw new RangeError(`${runs.length} runs, ${weights.length} weights`);
  return metByRun(rows, years, targets).map((met) => weightedProportion(Array.from(runs, (r) => met[r]), weights));
}
