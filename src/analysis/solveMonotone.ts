/** Where a lever value reaches the target probability, and every point tried on the way. */
export interface MonotoneSolution {
  /**
   * `found`: `value` is the least (increasing) or greatest (decreasing) x
   * found to reach the target, within `bracket`; `always`: the worst end of
   * the range already reaches it (`value` is that end); `unreachable`: even
   * the best end misses it (no `value`).
   */
  readonly status: 'found' | 'unreachable' | 'always';
  readonly value?: number;
  /** Last interval [x missing the target, x reaching it] (ordered low, high); its width is the precision reached. */
  readonly bracket?: readonly [number, number];
  /** False when `maxEvaluations` ran out before the bracket narrowed to `tolerance`. */
  readonly converged: boolean;
  /** Every point evaluated, sorted by x: what a lever chart plots. */
  readonly curve: { x: number; probability: number }[];
  readonly message: string;
}

export interface MonotoneOptions {
  readonly lo: number;
  readonly hi: number;
  /** The probability to reach (evaluate(x) ≥ target counts as reached). */
  readonly target: number;
  /** How the probability moves as x grows. */
  readonly direction: 'increasing' | 'decreasing';
  /** Stop when the bracket is this narrow (ignored with `integer`: integers stop at width 1). */
  readonly tolerance: number;
  /** Upper bound on calls of `evaluate`, ends included; at least 2. */
  readonly maxEvaluations: number;
  /** Only integer x (settlement quotas, school places): lo is rounded up, hi down. */
  readonly integer?: boolean;
}

/**
 * The inverse question of a plan: what lever value makes a target reached
 * with probability p? Evaluates both ends of [lo, hi] to bracket the answer,
 * then bisects, assuming the probability is monotone in x. Each evaluation is
 * typically a whole Monte Carlo run, hence bisection (one evaluation per
 * halving) and a hard budget. Run every evaluation with the same seed
 * (common random numbers): the estimated curve is then monotone whenever the
 * model is, not only on average, and bisection cannot be misled by noise
 * between points. The answer returned always reached the target when
 * evaluated: with an increasing probability it is the upper end of the last
 * bracket, so it errs on the side of enough. A NaN probability counts as a miss.
 *
 * @example
 * // probability of meeting the 2020 targets as a function of the yearly settlement quota
 * await solveMonotone((q) => probabilityWithQuota(q), {
 *   lo: 0, hi: 200_000, target: 0.8, direction: 'increasing', tolerance: 1, maxEvaluations: 24, integer: true,
 * });
 * // { status: 'found', value: 86_413, bracket: [86_412, 86_413], converged: true, curve: [...], message: '…' }
 */
export async function solveMonotone(
  evaluate: (x: number) => Promise<number> | number,
  options: MonotoneOptions,
): Promise<MonotoneSolution> {
  const { target, direction, maxEvaluations } = options;
  const integer = options.integer === true;
  const lo = integer ? Math.ceil(options.lo) : options.lo;
  const hi = integer ? Math.floor(options.hi) : options.hi;
  const tolerance = integer ? 1 : options.tolerance;
  if (!(lo <= hi)) throw new RangeError(`empty range [${options.lo}, ${options.hi}]${integer ? ' of integers' : ''}`);
  if (!(maxEvaluations >= 2)) throw new RangeError(`maxEvaluations must be at least 2 (both ends), got ${maxEvaluations}`);
  if (!(tolerance > 0)) throw new RangeError(`tolerance must be positive, got ${options.tolerance}`);

  const curve: { x: number; probability: number }[] = [];
  const at = async (x: number): Promise<boolean> => {
    const probability = await evaluate(x);
    curve.push({ x, probability });
    return probability >= target;
  };
  const sorted = () => curve.sort((a, b) => a.x - b.x);
  const fmt = (x: number) => (integer ? String(x) : String(Number(x.toPrecision(6))));
  const increasing = direction === 'increasing';
  // "best" is the end where the probability is highest, "worst" the other.
  const best = increasing ? hi : lo;
  const worst = increasing ? lo : hi;

  if (!(await at(best))) {
    const p = curve[0].probability;
    return {
      status: 'unreachable',
      converged: true,
      curve: sorted(),
      message: `unreachable: even at x = ${fmt(best)} the probability is ${fmtP(p)}, below ${fmtP(target)}`,
    };
  }
  if (lo === hi || (await at(worst))) {
    const p = curve[curve.length - 1].probability;
    return {
      status: 'always',
      value: worst,
      converged: true,
      curve: sorted(),
      message: `always: already at x = ${fmt(worst)} the probability is ${fmtP(p)}, at least ${fmtP(target)}`,
    };
  }
  // Invariant: `miss` does not reach the target, `reach` does.
  let miss = worst;
  let reach = best;
  while (Math.abs(reach - miss) > tolerance && curve.length < maxEvaluations) {
    const mid = integer ? Math.floor((miss + reach) / 2) : miss + (reach - miss) / 2;
    // Integers one apart have no midpoint; the width test above stops before that.
    if (mid === miss || mid === reach) break;
    if (await at(mid)) reach = mid;
    else miss = mid;
  }
  const converged = Math.abs(reach - miss) <= tolerance;
  const bracket: [number, number] = miss < reach ? [miss, reach] : [reach, miss];
  const p = curve.find((c) => c.x === reach)!.probability;
  const verb = increasing ? 'first reaches' : 'last reaches';
  return {
    status: 'found',
    value: reach,
    bracket,
    converged,
    curve: sorted(),
    message:
      `the probability ${verb} ${fmtP(target)} at x = ${fmt(reach)} (probability ${fmtP(p)}; ` +
      `between ${fmt(bracket[0])} and ${fmt(bracket[1])}, ${curve.length} evaluations)` +
      (converged ? '' : `; stopped by the limit of ${maxEvaluations} evaluations before the tolerance ${fmt(tolerance)}`),
  };
}

const fmtP = (p: number) => (Number.isNaN(p) ? 'NaN' : `${Number((p * 100).toFixed(2))} %`);
