import type { SolvePoint } from './solvePoint.ts';

type Answer = Pick<SolvePoint, 'probability' | 'lower' | 'upper'>;

/**
 * Whether a lever moves a solve's answer by no more than its Monte Carlo error over the range searched: the
 * probabilities at the values evaluated (an unreachable answer's: the two ends) are not all equal, yet each lies
 * inside every other's 95 % Wilson interval (the error of a probability over this many runs, as every solve table
 * prints it) — so a curve that rises between its ends beyond that error is not "barely". Equal probabilities are not
 * "barely" either: where they tie (often 0 % at both ends) the lever may still move the target's figure a long way
 * short of the threshold, which the probability cannot show (the solve reads the targets' margins then).
 *
 * The intervals are each value's own; the values share their draws (common random numbers), so a difference is
 * known more closely than either interval: the rule does not say the move is noise, only that it is no larger than
 * the uncertainty of the answer itself — too small to reach a target the lever does not already nearly meet.
 *
 * @example
 * barelyMoves([{ probability: 0.089, lower: 0.073, upper: 0.108 }, { probability: 0.084, lower: 0.068, upper: 0.103 }]); // true: Weihai, 1,000 runs
 * barelyMoves([{ probability: 0.089, lower: 0.073, upper: 0.108 }, { probability: 0.12, lower: 0.101, upper: 0.142 }]);  // false
 * barelyMoves([{ probability: 0, lower: 0, upper: 0.0038 }, { probability: 0, lower: 0, upper: 0.0038 }]);               // false: a tie
 */
export function barelyMoves(points: readonly Answer[]): boolean {
  const inside = (p: number, c: Answer) => p >= c.lower && p <= c.upper;
  return points.some((a) => a.probability !== points[0].probability) && points.every((a) => points.every((b) => inside(a.probability, b)));
}

/**
 * How far apart two probabilities are, in points to one decimal, as solve's answer and its report say it; undefined
 * under 0.05 point, which they say as "less than 0.1" (one run of 10,000 moves it 0.01 point: not "0.0 points").
 *
 * @example
 * pointsApart(0.089, 0.084);   // '0.5'
 * pointsApart(0.5, 0.5001);    // undefined
 */
export function pointsApart(a: number, b: number): string | undefined {
  const points = Math.abs(a - b) * 100;
  return points < 0.05 ? undefined : points.toFixed(1);
}
