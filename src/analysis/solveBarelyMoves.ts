import type { SolvePoint } from './solvePoint.ts';

type Answer = Pick<SolvePoint, 'probability' | 'lower' | 'upper'>;

/**
 * Whether a lever moves a solve's answer by no more than its Monte Carlo error over the range searched: the
 * probabilities at the two ends differ, yet each lies inside the other's 95 % Wilson interval (the error of a
 * probability over this many runs, as every solve table prints it). Equal probabilities are not "barely": where they
 * tie (often 0 % at both ends) the lever may still move the target's figure a long way short of the threshold, which
 * the probability cannot show (the solve reads the targets' margins then).
 *
 * The intervals are each end's own; the ends share their draws (common random numbers), so the difference itself is
 * known more closely than either interval: the rule does not say the move is noise, only that it is no larger than
 * the uncertainty of the answer itself — too small to reach a target the lever does not already nearly meet.
 *
 * @example
 * barelyMoves({ probability: 0.089, lower: 0.073, upper: 0.108 }, { probability: 0.084, lower: 0.068, upper: 0.103 }); // true: Weihai, 1,000 runs
 * barelyMoves({ probability: 0.089, lower: 0.073, upper: 0.108 }, { probability: 0.12, lower: 0.101, upper: 0.142 });  // false
 * barelyMoves({ probability: 0, lower: 0, upper: 0.0038 }, { probability: 0, lower: 0, upper: 0.0038 });               // false: a tie
 */
export function barelyMoves(a: Answer, b: Answer): boolean {
  const inside = (p: number, c: Answer) => p >= c.lower && p <= c.upper;
  return a.probability !== b.probability && inside(a.probability, b) && inside(b.probability, a);
}
