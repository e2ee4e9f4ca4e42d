import type { MonteCarloResult } from '../montecarlo/runMonteCarlo.ts';
import type { TargetSpec } from '../scenario/resolved.ts';
import { everyRunIdentical } from './everyRunIdentical.ts';
import { type SolveEffects, solveEffects } from './solveEffects.ts';
import { type TargetResult, targetProbabilities } from './targetProbabilities.ts';

/** What a solve reads from the runs at one setting of its lever(s): all its targets met jointly, as {@link TargetResult} counts them (P(met), 95 % Wilson interval), and the runs' effects. */
export interface SolvePoint extends Pick<TargetResult, 'met' | 'runs' | 'probability' | 'lower' | 'upper'> {
  /** People settled a year, the 市民化 cost split and land quota at this setting, through the last target year. */
  readonly effects: SolveEffects;
  /** Every run the same projection (the scenario draws nothing at random): P is 0 or 1 with no Monte Carlo error, the interval is printed as such. */
  readonly same?: boolean;
}

/**
 * The runs `r` at one setting of a solve's lever(s), run through `horizon` (the last target year), as the solve weighs
 * them: the runs meeting every target jointly, P(met) with its interval, the effects ({@link solveEffects}), and
 * whether every run is the same projection ({@link everyRunIdentical}).
 *
 * @example
 * const r = await runMonteCarlo(withLever(base, 'migrant_settle_rate', 0.1));
 * solvePoint(r, targets, 2017).probability; // the share of runs meeting every target, e.g. 0.83
 */
export function solvePoint(r: MonteCarloResult, targets: readonly TargetSpec[], horizon: number): Required<SolvePoint> {
  const all = targetProbabilities(r.rows, r.years, targets).at(-1)!;
  return {
    met: all.met, runs: all.runs, probability: all.probability, lower: all.lower, upper: all.upper,
    effects: solveEffects(r.rows, r.years, horizon, targets), same: everyRunIdentical(r.rows, r.runEnd - r.runStart),
  };
}
