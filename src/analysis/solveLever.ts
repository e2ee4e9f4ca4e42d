import { withMonteCarloPool } from '../montecarlo/monteCarloPool.ts';
import { runMonteCarlo } from '../montecarlo/runMonteCarlo.ts';
import type { ResolvedScenario, TargetSpec } from '../scenario/resolved.ts';
import { openMax, showValue } from '../scenario/valueRule.ts';
import { AnalysisInputError } from './analysisInputError.ts';
import { checkMetricYear } from './checkMetricYear.ts';
import { type LeverRange, searchRange } from './leverRange.ts';
import { solveMonotone } from './solveMonotone.ts';
import { type PlanRate, planRate } from './solveEffects.ts';
import { type SolvePoint, solvePoint } from './solvePoint.ts';
import { targetText } from './targetText.ts';
import { throughYear } from './throughYear.ts';
import { withLever } from './withLever.ts';
import { withMonteCarlo } from '../scenario/withMonteCarlo.ts';
import { probabilityText as pct } from './probabilityText.ts';
import { askedText } from './askedText.ts';
import { leverShown } from './leverRounded.ts';
import { barelyMoves, pointsApart } from './solveBarelyMoves.ts';

export interface SolveLeverOptions {
  /** A parameter key (settle_quota, school_places, points_cutoff, …) or a variable of the scenario. */
  readonly lever: string;
  /** What must be met; several targets must be met jointly (in the same run). */
  readonly targets: readonly TargetSpec[];
  /** The probability to reach, in (0, 1]. */
  readonly probability: number;
  /**
   * `min`: the smallest lever value reaching the probability (levers that help as they grow: quotas, places, rates);
   * `max`: the largest (levers that hurt as they grow: a points cut-off, years of residence required);
   * `auto` (default): `max` if the probability falls from the low end of the range to the high end, else `min`.
   */
  readonly direction?: 'min' | 'max' | 'auto';
  /** Search range; default from the scenario ({@link leverRange}). */
  readonly range?: readonly [number, number];
  /** Resolution: lever values are searched on a grid of this step from the low end (default 1 % of the range; whole numbers for persons and years). */
  readonly tolerance?: number;
  /** Most Monte Carlo runs of the scenario to spend, both ends included (default 30). */
  readonly maxEvaluations?: number;
  readonly runs?: number;
  readonly seed?: number;
  readonly workers?: number;
  /** Called after each evaluation, in the order they are made. */
  readonly onEvaluation?: (point: CurvePoint) => void;
  readonly onProgress?: (done: number, total: number) => void;
}

/** The probability of meeting the target(s) at one lever value. */
export interface CurvePoint extends SolvePoint {
  readonly x: number;
  /** 1 for the first evaluation, 2 for the next, … */
  readonly evaluation: number;
}

export interface LeverSolution {
  /** The scenario as searched (seed and runs as used; years as written). */
  readonly scenario: ResolvedScenario;
  readonly lever: string;
  readonly targets: readonly TargetSpec[];
  readonly probability: number;
  readonly direction: 'min' | 'max';
  /** How the probability moved from the low end of the range to the high end. */
  readonly trend: 'increasing' | 'decreasing' | 'flat';
  readonly range: LeverRange;
  /** Grid step searched. */
  readonly step: number;
  /**
   * `found`: `value` is the least (min) or greatest (max) grid value reaching
   * the probability; `always`: the range's worst end already reaches it
   * (`value` is that end); `unreachable`: no value of the range does, as far
   * as a monotone curve goes (no `value`).
   */
  readonly status: 'found' | 'always' | 'unreachable';
  readonly value?: number;
  /** Last interval [value missing, value reaching] (low, high) when found. */
  readonly bracket?: readonly [number, number];
  /** False when the evaluations ran out before the bracket narrowed to one step. */
  readonly converged: boolean;
  /** Every evaluation, sorted by lever value. */
  readonly curve: readonly CurvePoint[];
  /** The settlement the plan promises, a year, to set beside each value's (through the last target year). */
  readonly plan?: PlanRate;
  readonly message: string;
  readonly runs: number;
  readonly seed: number;
  readonly elapsedMs: number;
}

/**
 * What a solve asks, one lever or several ({@link solveLever}, solveFrontier): a probability in (0, 1] and at least
 * one target, each of a metric and year the scenario projects, and the answer's resolution (`tolerance`), when
 * given, positive; else an {@link AnalysisInputError}.
 *
 * @example
 * checkSolveQuestion(dalian, { probability: 0.8, targets: solveTargets(dalian, 'registered_rate>=67%@2017') }); // passes
 * checkSolveQuestion(dalian, { probability: 80, targets }); // throws: probability: expected a number in (0, 1] such as 0.8 or 80%, found 80
 * checkSolveQuestion(dalian, { probability: 0.8, targets, tolerance: -1 }); // throws: --tolerance: expected a positive number, found -1
 */
export function checkSolveQuestion(scenario: ResolvedScenario, o: { probability: number; targets: readonly TargetSpec[]; tolerance?: number }): void {
  if (!(o.probability > 0 && o.probability <= 1)) throw new AnalysisInputError(`probability: expected a number in (0, 1] such as 0.8 or 80%, found ${o.probability}`);
  if (o.targets.length === 0) throw new AnalysisInputError('solve needs a target');
  for (const t of o.targets) checkMetricYear(scenario, t.metric, t.year);
  if (o.tolerance !== undefined && !(o.tolerance > 0)) throw new AnalysisInputError(`--tolerance: expected a positive number, found ${o.tolerance}`);
}

/**
 * The inverse question of a plan: which value of a lever meets the
 * target(s) with at least probability p? Each candidate value is set as a
 * constant on the scenario ({@link withLever}) and the scenario's Monte Carlo
 * is run with the same seed and runs, so every other uncertain input keeps
 * its draws run by run (common random numbers) and the probability curve is
 * as monotone as the model. Both ends of the range are evaluated first, which
 * shows which way the probability moves, then {@link solveMonotone} bisects
 * on a grid of `tolerance` steps; every evaluation is kept as the curve. Runs
 * stop at the last target year ({@link throughYear}).
 *
 * Throws {@link AnalysisInputError} for an unknown lever, a bad range, a
 * target outside the projection or a probability outside (0, 1]. A target
 * no value reaches is an answer, not an error: status `unreachable`, with
 * the best probability seen in the message.
 *
 * @example
 * const s = await solveLever(loadScenario('scenarios/dalian.yaml'), {
 *   lever: 'migrant_settle_rate', targets: solveTargets(dalian, 'registered_rate>=67%@2017'), probability: 0.8, range: [0.03, 0.3],
 * });
 * s.status; // 'found'
 * s.value;  // the smallest settlement rate meeting the 2017 target in 80 % of runs
 */
export async function solveLever(scenario: ResolvedScenario, o: SolveLeverOptions): Promise<LeverSolution> {
  const t0 = performance.now();
  const p = o.probability;
  checkSolveQuestion(scenario, o);
  const range = searchRange(scenario, o.lever, o.range);
  const { lo, hi } = range;
  const rawStep = o.tolerance ?? (hi - lo) / 100;
  const step = range.integer ? Math.max(1, Math.ceil(rawStep)) : rawStep;
  const last = Math.max(1, Math.ceil((hi - lo) / step - 1e-9));
  // Rounded to 12 digits so that grid values print and store as written (0.1974, not 0.19740000000000002).
  // (and 0 where the sum only misses it by rounding: a range symmetric about 0 put 6.93889e-18 in the table)
  const xAt = (i: number) => (i >= last ? hi : snapped(lo + i * step, step));

  const seed = o.seed ?? scenario.monteCarlo.seed;
  const runs = o.runs ?? scenario.monteCarlo.runs;
  const analysed = withMonteCarlo(scenario, { seed, runs });
  const horizon = Math.max(...o.targets.map((t) => t.year));
  const base = throughYear(analysed, horizon);
  const workers = Math.max(1, Math.floor(o.workers ?? 1));
  return withMonteCarloPool(workers, async (pool) => {
    const points = new Map<number, CurvePoint>();
    const evaluate = async (i: number): Promise<CurvePoint> => {
      const known = points.get(i);
      if (known) return known;
      const x = xAt(i);
      const r = await runMonteCarlo(withLever(base, o.lever, x), { workers, pool, onProgress: o.onProgress });
      const point = { x, ...solvePoint(r, o.targets, horizon), evaluation: points.size + 1 };
      points.set(i, point);
      o.onEvaluation?.(point);
      return point;
    };
    const atLo = await evaluate(0);
    const atHi = await evaluate(last);
    // Where the probability is the same at both ends (often 0), the targets' margins tell which way the lever acts.
    const by = (a: CurvePoint, b: CurvePoint) => Math.sign(b.probability - a.probability) || Math.sign(b.effects.margin - a.effects.margin);
    const trend: LeverSolution['trend'] = by(atLo, atHi) > 0 ? 'increasing' : by(atLo, atHi) < 0 ? 'decreasing' : 'flat';
    const direction = o.direction === 'min' || o.direction === 'max' ? o.direction : trend === 'decreasing' ? 'max' : 'min';
    // The end the answer is sought from, and the end that can rescue it.
    const [worst, best, helps] = direction === 'min' ? [atLo, atHi, trend === 'increasing'] : [atHi, atLo, trend === 'decreasing'];
    let status: LeverSolution['status'];
    let value: number | undefined;
    let bracket: [number, number] | undefined;
    let converged = true;
    if (worst.probability >= p) {
      status = 'always';
      value = worst.x;
    } else if (!helps || best.probability < p) {
      status = 'unreachable';
    } else {
      const s = await solveMonotone(async (i) => (await evaluate(i)).probability, {
        lo: 0,
        hi: last,
        target: p,
        direction: direction === 'min' ? 'increasing' : 'decreasing',
        tolerance: 1,
        integer: true,
        maxEvaluations: o.maxEvaluations ?? 30,
      });
      status = 'found';
      value = xAt(s.value!);
      bracket = [xAt(s.bracket![0]), xAt(s.bracket![1])];
      converged = s.converged;
    }
    const curve = [...points.values()].sort((a, b) => a.x - b.x);
    const plan = planRate(analysed, horizon);
    const solution = { lever: o.lever, targets: o.targets, probability: p, direction, trend, range, step, status, value, bracket, converged, curve, plan };
    return { ...solution, scenario: analysed, message: solveMessage(solution), runs, seed, elapsedMs: performance.now() - t0 };
  });
}

/** The answer in one sentence, with the evidence a planner needs to trust it. */
function solveMessage(s: Omit<LeverSolution, 'message' | 'scenario' | 'runs' | 'seed' | 'elapsedMs'>): string {
  const v = (x: number) => leverText(x, s.range, s.step);
  const at = (x: number) => s.curve.find((c) => c.x === x)!;
  const what = s.targets.length === 1 ? targetText(s.targets[0]) : `all ${s.targets.length} targets jointly`;
  const range = `[${v(s.range.lo)}, ${v(s.range.hi)}]`;
  if (s.status === 'unreachable') {
    // On a tie (often 0 % everywhere) name the end the lever pushes towards: the high end for min, the low end for max.
    const best = s.curve.reduce((a, b) => (b.probability > a.probability || (s.direction === 'min' && b.probability === a.probability) ? b : a));
    const bestText = `best ${pct(best.probability)} at ${v(best.x)}`;
    // With joint targets, say which of them the value named still misses (as the frontier does): a target no value of
    // this lever moves (a resident rate, for a settlement lever) is what to look at, not a wider range.
    const missing = (c: CurvePoint) => missedTargetsText(s.targets, c.effects.each, s.probability);
    if (s.trend === 'flat') return `${s.lever} does not move ${what} in ${range} (${bestText}, the same at both ends${missing(best)}): no value of it reaches ${askedText(s.probability)}; look at other levers`;
    // A lever that moves the answer by no more than its Monte Carlo error (Weihai's local_settle_rate: 8.9 → 8.4 %):
    // "combine levers" would promise a share it hardly has. Said before the direction's advice, which cannot help either.
    if (barelyMoves(s.curve)) return barelyText(s, what, s.curve[0], s.curve.at(-1)!, v, missing(best));
    if ((s.trend === 'increasing') !== (s.direction === 'min'))
      return `${s.lever} ${s.trend === 'increasing' ? 'raises' : 'lowers'} the chance of ${what} as it grows, but --direction ${s.direction} asks for the ${s.direction === 'min' ? 'smallest' : 'largest'} value meeting it (${bestText}); try --direction ${s.direction === 'min' ? 'max' : 'min'}`;
    const e = leverEnd(s.lever, s.direction, s.range, v);
    const at = s.curve.find((c) => c.x === e.end) ?? best;
    const head = `${what} with probability ≥ ${askedText(s.probability)} is unreachable within`;
    return e.atBound
      ? `${head} the bounds of ${s.lever} (${v(s.range.rule.min)} to ${Number.isFinite(openMax(s.range.rule)) ? v(s.range.rule.max) : '∞'}): best ${pct(at.probability)} with ${e.text}${missing(at)}; no value of this lever reaches it — combine levers (--lever A --lever B) or revisit the target`
      : `${head} ${range} of ${s.lever}: best ${pct(at.probability)} with ${e.text}${missing(at)}`;
  }
  const c = at(s.value!);
  const p = c.same ? `P = ${pct(c.probability)}: every run the same projection, no Monte Carlo error` : `P = ${pct(c.probability)}, 95% interval ${pct(c.lower)}–${pct(c.upper)}`;
  if (s.status === 'always')
    return `${s.lever} = ${v(s.value!)}, the ${s.direction === 'min' ? 'low' : 'high'} end of ${range}, already meets ${what} with probability ≥ ${askedText(s.probability)} (${p})`;
  const miss = at(s.bracket![s.direction === 'min' ? 0 : 1]);
  const which = s.direction === 'min' ? 'smallest' : 'largest';
  return (
    `${which} ${s.lever} meeting ${what} with probability ≥ ${askedText(s.probability)}: ${v(s.value!)} (${p}; at ${v(miss.x)}: ${pct(miss.probability)})` +
    (s.converged ? '' : `; evaluations ran out before the resolution of ${v(s.step)}: the answer lies between ${v(s.bracket![0])} and ${v(s.bracket![1])}`)
  );
}

/**
 * The answer of a lever that moves the probability by no more than its Monte Carlo error over the range searched
 * ({@link barelyMoves}): how far it moves it, from one end to the other, and that it cannot reach the target alone;
 * where the range stops short of the lever's bound, where it could still go.
 */
function barelyText(s: Omit<LeverSolution, 'message' | 'scenario' | 'runs' | 'seed' | 'elapsedMs'>, what: string, lo: CurvePoint, hi: CurvePoint, v: (x: number) => string, missing: string): string {
  // The end it helps towards, as the runs say (not a --direction given against them).
  const e = leverEnd(s.lever, s.trend === 'decreasing' ? 'max' : 'min', s.range, v);
  const apart = pointsApart(lo.probability, hi.probability);
  const by = apart === undefined ? 'less than 0.1 point' : `${apart} points`;
  const whole = s.range.lo === s.range.rule.min && s.range.hi === s.range.rule.max;
  const over = whole ? `over its whole range (${v(s.range.lo)} to ${v(s.range.hi)})` : `over [${v(s.range.lo)}, ${v(s.range.hi)}]`;
  const further = e.atBound ? '' : `; ${e.text}`;
  return `${s.lever} barely moves ${what}: ${pct(lo.probability)} at ${v(lo.x)}, ${pct(hi.probability)} at ${v(hi.x)}, ${by} ${over}, within the Monte Carlo error of ${lo.runs.toLocaleString('en')} runs (each end inside the other's 95% interval)${missing}: it cannot reach ${askedText(s.probability)} alone${further}`;
}

/**
 * With joint targets, which of them a point still misses, and how often each is
 * met there ('' for a single target, or when none is missed).
 *
 * @example
 * missedTargetsText([settled, migrants], [0.9, 0.42], 0.8);
 * // '; there, migrant_pop ≤ 1,500,000 in 2030 is met in 42.0% of runs' (migrants being that target)
 */
export function missedTargetsText(targets: readonly TargetSpec[], each: readonly number[], probability: number): string {
  const missed = targets.length > 1 ? targets.map((t, k) => ({ t, p: each[k] })).filter((x) => x.p < probability) : [];
  return missed.length ? `; there, ${missed.map((x) => `${targetText(x.t)} is met in ${pct(x.p)} of runs`).join(', ')}` : '';
}

/**
 * Where a lever's search stopped at the end it pushes towards: its own bound
 * (the bound binds: no value of this lever will do), or the end of the range
 * searched, with how much further the lever could go.
 *
 * @example
 * leverEnd('migrant_settle_rate', 'min', { lo: 0.03, hi: 0.09, rule: RATE_RULE, from: 'distribution', … }, v);
 * // { atBound: false, end: 0.09, text: "migrant_settle_rate at 9%, the end of the range of the scenario's distribution (it may go to 100%: try --range 3%,100%)" }
 */
export function leverEnd(
  lever: string,
  direction: 'min' | 'max',
  r: LeverRange,
  v: (x: number) => string,
  o: { multi?: boolean } = {},
): { atBound: boolean; end: number; text: string } {
  const { end, atBound, bound } = leverReach(r, direction);
  if (atBound) return { atBound, end, text: `${lever} at ${v(end)}, its bound` };
  const option = o.multi ? `--lever ${lever}=LO..HI` : '--range';
  const from = r.from === 'option' ? 'the range given' : r.from === 'distribution' ? "the range of the scenario's distribution" : "the key's bounds";
  const [lo, hi] = direction === 'min' ? [r.lo, bound] : [bound, r.hi];
  const further = Number.isFinite(bound)
    ? `it may go to ${v(bound)}: try ${o.multi ? `--lever ${lever}=${v(lo)}..${v(hi)}` : `--range ${v(lo)},${v(hi)}`}`
    : `it has no ${direction === 'min' ? 'upper' : 'lower'} bound: widen ${option}`;
  return { atBound: false, end, text: `${lever} at ${v(end)}, the end of ${from} (${further})` };
}

/**
 * The end of a lever's range the search pushes it towards (the high end for `min`, the low end for `max`), whether
 * that end is the lever's own bound, and the bound it could go to — a count's ceiling of 20亿 is none ({@link openMax}):
 * what {@link leverEnd} says, and the solve report's Chinese answer.
 *
 * @example
 * leverReach({ lo: 0.03, hi: 0.09, rule: RATE_RULE }, 'min'); // { end: 0.09, atBound: false, bound: 1 }
 * leverReach({ lo: 0, hi: 1, rule: RATE_RULE }, 'max');       // { end: 0, atBound: true, bound: 0 }
 */
export function leverReach(r: Pick<LeverRange, 'lo' | 'hi' | 'rule'>, direction: 'min' | 'max'): { end: number; atBound: boolean; bound: number } {
  const end = direction === 'min' ? r.hi : r.lo;
  return { end, atBound: end === (direction === 'min' ? r.rule.max : r.rule.min), bound: direction === 'min' ? openMax(r.rule) : r.rule.min };
}

/**
 * A lever value as a planner writes it: rates in percent, persons with
 * thousands separators; to four significant figures, or finer where the grid `step` searched needs it
 * ({@link leverShown}: it printed six, '1.13307%' for an end of a law's range).
 *
 * @example
 * leverText(0.0625, range);           // '6.25%'
 * leverText(0.0113307, range);        // '1.133%'
 * leverText(0.4000123, range, 1e-5);  // '40.001%'
 * leverText(86000, quotas);           // '86,000'
 */
export function leverText(x: number, r: Pick<LeverRange, 'rule' | 'integer' | 'percent'>, step?: number): string {
  if (!Number.isFinite(x)) return showValue(x, r.rule);
  const percent = r.rule.kind === 'rate' || r.percent === true;
  const n = leverShown(x, { percent, integer: r.integer }, step);
  return percent ? `${n}%` : r.integer ? n.toLocaleString('en') : showValue(n, r.rule);
}

/**
 * A grid value as searched and printed: rounded to 12 significant digits (0.1974, not 0.19740000000000002), and 0
 * where it lies within a billionth of a step of it (−0.0618 + 50 · 0.001236 is 6.9e-18, not 0).
 *
 * @example
 * snapped(-0.0618046 + 50 * 0.00123609, 0.00123609); // 0
 */
export function snapped(x: number, step: number): number {
  return Math.abs(x) < Math.abs(step) * 1e-9 ? 0 : Number(x.toPrecision(12));
}
