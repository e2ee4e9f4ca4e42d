import { withMonteCarloPool } from '../montecarlo/monteCarloPool.ts';
import { runMonteCarlo } from '../montecarlo/runMonteCarlo.ts';
import type { ResolvedScenario, TargetSpec } from '../scenario/resolved.ts';
import { withMonteCarlo } from '../scenario/withMonteCarlo.ts';
import { AnalysisInputError } from './analysisInputError.ts';
import { type LeverRange, leverRangeInBounds, wholeRange } from './leverRange.ts';
import { withLeverRanges } from './withLeverRanges.ts';
import { type PlanRate, planRate } from './solveEffects.ts';
import { askedText } from './askedText.ts';
import { checkSolveQuestion, leverEnd, leverText, missedTargetsText, snapped } from './solveLever.ts';
import { solveMonotone } from './solveMonotone.ts';
import { type SolvePoint, solvePoint } from './solvePoint.ts';
import { targetText } from './targetText.ts';
import { throughYear } from './throughYear.ts';
import { withLever } from './withLever.ts';
import { probabilityText as pct } from './probabilityText.ts';

/** One lever of a frontier and the values it may take. */
export interface FrontierLever {
  readonly lever: string;
  /** Search range; default from the scenario ({@link leverRange}). */
  readonly range?: readonly [number, number];
}

export interface SolveFrontierOptions {
  /** Two or more levers; the last one that moves the target is solved for, the others are laid on a grid. */
  readonly levers: readonly FrontierLever[];
  readonly targets: readonly TargetSpec[];
  /** The probability to reach, in (0, 1]. */
  readonly probability: number;
  /** Values per grid lever, ends included (default 6 with two levers, 4 with three, 3 with more). */
  readonly grid?: number;
  /** Resolution of the solved lever (default 2 % of its range; whole numbers for persons and years). */
  readonly tolerance?: number;
  /** Most evaluations per bisection, both ends included (default 30). */
  readonly maxEvaluations?: number;
  readonly runs?: number;
  readonly seed?: number;
  readonly workers?: number;
  readonly onEvaluation?: (point: FrontierPoint) => void;
}

/** The probability of meeting the target(s) at one combination of lever values. */
export interface FrontierPoint extends SolvePoint {
  /** One value per lever, in the order the levers were given. */
  readonly values: readonly number[];
  readonly evaluation: number;
}

/** How one lever acts, found from the first evaluations. */
export interface FrontierLeverInfo {
  readonly lever: string;
  readonly range: LeverRange;
  /** Values it helps towards: `up` (quotas, rates), `down` (cut-offs), `none` (it does not move the target here). */
  readonly helps: 'up' | 'down' | 'none';
  /** `grid` levers are laid on a grid; the `solved` one is bisected for each grid combination; `fixed`: acts on nothing, left at its low end. */
  readonly role: 'grid' | 'solved' | 'fixed';
  readonly step: number;
}

export interface FrontierSolution {
  readonly scenario: ResolvedScenario;
  readonly levers: readonly FrontierLeverInfo[];
  readonly targets: readonly TargetSpec[];
  readonly probability: number;
  /**
   * `found`: `frontier` holds, for each grid combination that can reach it,
   * the least demanding value of the solved lever; `always`: every lever at
   * its least helpful end already reaches it; `unreachable`: not even every
   * lever at its most helpful end does (`best` is that combination).
   */
  readonly status: 'found' | 'always' | 'unreachable';
  readonly frontier: readonly FrontierPoint[];
  /** Grid combinations where even the solved lever's best end misses, each at that end. */
  readonly short: readonly FrontierPoint[];
  /** The most helpful combination: every lever at the end it pushes towards. */
  readonly best: FrontierPoint;
  /** Every evaluation, in order. */
  readonly evaluations: readonly FrontierPoint[];
  readonly plan?: PlanRate;
  readonly message: string;
  readonly runs: number;
  readonly seed: number;
  readonly elapsedMs: number;
}

/**
 * The multi-lever form of the planner's inverse question: which
 * combinations of several levers meet the target(s) with at least
 * probability p? Each combination is set as constants on the scenario and
 * run with the same seed and runs (common random numbers), so the
 * probability is as monotone in each lever as the model is.
 *
 * First each lever's direction is found (each from its low end to its high
 * end, the others in the middle of their ranges: the probability, or where
 * it ties, the targets' margins, say whether it helps up, down or not at all). If every
 * lever at its most helpful end misses p, the answer is "unreachable within
 * the levers' bounds", with that best probability and which ends bind (a
 * lever's own bound, or the end of a range that could be widened). Else the
 * last lever that acts is solved for: on a grid of the others (`grid` values
 * each, ends included), the least demanding value of it that reaches p is
 * bisected ({@link solveMonotone}); these points are the frontier. Each
 * point carries people settled a year, the 市民化 cost split and the land
 * quota ({@link solveEffects}), and the plan's own yearly figure is kept to
 * compare with.
 *
 * Throws {@link AnalysisInputError} for fewer than two levers, one named
 * twice, an unknown lever, a bad range, a target outside the projection or
 * a probability outside (0, 1].
 *
 * @example
 * const f = await solveFrontier(dalian, {
 *   levers: [{ lever: 'local_settle_rate', range: [0.03, 0.3] }, { lever: 'migrant_settle_rate', range: [0.03, 0.4] }],
 *   targets: solveTargets(dalian, 'registered_rate>=67%@2017'), probability: 0.8,
 * });
 * f.frontier.map((p) => p.values); // [[0.03, 0.2298], [0.084, 0.205], …]: for each local rate, the least migrant rate
 */
export async function solveFrontier(scenario: ResolvedScenario, o: SolveFrontierOptions): Promise<FrontierSolution> {
  const t0 = performance.now();
  const p = o.probability;
  checkSolveQuestion(scenario, o);
  if (o.levers.length < 2) throw new AnalysisInputError('a frontier needs at least two levers (one lever: solveLever)');
  const names = o.levers.map((l) => l.lever);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new AnalysisInputError(`lever ${twice} is named twice`);
  const grid = o.grid ?? (o.levers.length === 2 ? 6 : o.levers.length === 3 ? 4 : 3);
  if (!(Number.isInteger(grid) && grid >= 2)) throw new AnalysisInputError(`grid: expected a whole number of values per lever, at least 2, found ${grid}`);
  // Each end of a range given, and values inside it, against what its lever feeds, the other levers over their ranges (as the CLI checks them).
  withLeverRanges(scenario, o.levers.flatMap((l) => (l.range ? [{ lever: l.lever, lo: l.range[0], hi: l.range[1] }] : [])));
  const ranges = o.levers.map((l) => wholeRange(leverRangeInBounds(scenario, l.lever, l.range), l.lever));

  const seed = o.seed ?? scenario.monteCarlo.seed;
  const runs = o.runs ?? scenario.monteCarlo.runs;
  const analysed = withMonteCarlo(scenario, { seed, runs });
  const horizon = Math.max(...o.targets.map((t) => t.year));
  const base = throughYear(analysed, horizon);
  const workers = Math.max(1, Math.floor(o.workers ?? 1));
  // Rounded to 12 digits so that values print and store as written (0.1974, not 0.19740000000000002), and 0 where
  // rounding only just misses it (a range symmetric about 0).
  const clean = (x: number, r: LeverRange) => (r.integer ? Math.round(x) : snapped(x, (r.hi - r.lo) / 1000));

  return withMonteCarloPool(workers, async (pool) => {
    const evaluations: FrontierPoint[] = [];
    const cache = new Map<string, FrontierPoint>();
    const evaluate = async (values: readonly number[]): Promise<FrontierPoint> => {
      const key = values.join('|');
      const known = cache.get(key);
      if (known) return known;
      const s = values.reduce((acc, v, i) => withLever(acc, names[i], v), base);
      const r = await runMonteCarlo(s, { workers, pool });
      const point: FrontierPoint = { values: [...values], ...solvePoint(r, o.targets, horizon), evaluation: evaluations.length + 1 };
      cache.set(key, point);
      evaluations.push(point);
      o.onEvaluation?.(point);
      return point;
    };

    // Directions: each lever from its low end to its high end, the others in the middle of their ranges (at an
    // end, another lever can silence it: no migrant settles under a quota of 0, whatever their rate).
    const mids = ranges.map((r) => clean((r.lo + r.hi) / 2, r));
    const helps: FrontierLeverInfo['helps'][] = [];
    for (let i = 0; i < ranges.length; i++) {
      const low = await evaluate(mids.map((v, j) => (j === i ? ranges[i].lo : v)));
      const high = await evaluate(mids.map((v, j) => (j === i ? ranges[i].hi : v)));
      const by = Math.sign(high.probability - low.probability) || Math.sign(high.effects.margin - low.effects.margin);
      helps.push(by > 0 ? 'up' : by < 0 ? 'down' : 'none');
    }
    const bestEnd = (i: number) => (helps[i] === 'down' ? ranges[i].lo : helps[i] === 'none' ? ranges[i].lo : ranges[i].hi);
    const worstEnd = (i: number) => (helps[i] === 'down' ? ranges[i].hi : ranges[i].lo);
    const best = await evaluate(ranges.map((_, i) => bestEnd(i)));
    const solvedIndex = helps.map((h, i) => (h === 'none' ? -1 : i)).filter((i) => i >= 0).at(-1) ?? ranges.length - 1;
    const step = (i: number) => {
      const r = ranges[i];
      const raw = i === solvedIndex && o.tolerance !== undefined ? o.tolerance : i === solvedIndex ? (r.hi - r.lo) / 50 : (r.hi - r.lo) / (grid - 1);
      return r.integer ? Math.max(1, Math.round(raw)) : raw;
    };
    const info: FrontierLeverInfo[] = ranges.map((range, i) => ({
      lever: names[i], range, helps: helps[i], role: i === solvedIndex ? 'solved' : helps[i] === 'none' ? 'fixed' : 'grid', step: step(i),
    }));
    const done = (status: FrontierSolution['status'], frontier: FrontierPoint[], short: FrontierPoint[]): FrontierSolution => {
      const plan = planRate(analysed, horizon);
      const solution = { levers: info, targets: o.targets, probability: p, status, frontier, short, best, evaluations, plan };
      return { ...solution, scenario: analysed, message: frontierMessage(solution), runs, seed, elapsedMs: performance.now() - t0 };
    };
    if (best.probability < p || helps[solvedIndex] === 'none') return done('unreachable', [], []);
    const worst = await evaluate(ranges.map((_, i) => worstEnd(i)));
    if (worst.probability >= p) return done('always', [worst], []);

    // The grid: every combination of the grid levers' values, the fixed ones at their low end.
    const axes = info.map((l, i) => {
      if (l.role === 'fixed') return [ranges[i].lo];
      if (l.role === 'solved') return [NaN];
      const r = ranges[i];
      return Array.from({ length: grid }, (_, k) => clean(k === grid - 1 ? r.hi : r.lo + ((r.hi - r.lo) * k) / (grid - 1), r));
    });
    const combos = axes.reduce<number[][]>((acc, axis) => acc.flatMap((c) => axis.map((v) => [...c, v])), [[]]);
    const solved = ranges[solvedIndex];
    const sStep = info[solvedIndex].step;
    const last = Math.max(1, Math.ceil((solved.hi - solved.lo) / sStep - 1e-9));
    const up = helps[solvedIndex] === 'up';
    // Grid index i of the solved lever, counted from its least helpful end.
    const xAt = (i: number) => clean(i >= last ? (up ? solved.hi : solved.lo) : up ? solved.lo + i * sStep : solved.hi - i * sStep, solved);
    const frontier: FrontierPoint[] = [];
    const short: FrontierPoint[] = [];
    for (const combo of combos) {
      const at = (i: number) => evaluate(combo.map((v, j) => (j === solvedIndex ? xAt(i) : v)));
      const s = await solveMonotone(async (i) => (await at(i)).probability, {
        lo: 0, hi: last, target: p, direction: 'increasing', tolerance: 1, integer: true, maxEvaluations: o.maxEvaluations ?? 30,
      });
      if (s.status === 'unreachable') short.push(await at(last));
      else frontier.push(await at(s.value!));
    }
    return done('found', frontier, short);
  });
}

/** The answer in words: the frontier's ends, or why there is none, naming the bounds that bind. */
function frontierMessage(s: Omit<FrontierSolution, 'message' | 'scenario' | 'runs' | 'seed' | 'elapsedMs'>): string {
  const what = s.targets.length === 1 ? targetText(s.targets[0]) : `all ${s.targets.length} targets jointly`;
  const v = (i: number, x: number) => leverText(x, s.levers[i].range, s.levers[i].step);
  const combo = (pt: FrontierPoint) => pt.values.map((x, i) => `${s.levers[i].lever} = ${v(i, x)}`).join(', ');
  const idle = s.levers.filter((l) => l.helps === 'none').map((l) => l.lever);
  const idleText = idle.length ? `; ${idle.join(', ')} ${idle.length === 1 ? 'does' : 'do'} not move it in the range searched` : '';
  if (s.status === 'unreachable') {
    const ends = s.levers
      .map((l, i) => ({ l, i }))
      .filter(({ l }) => l.helps !== 'none')
      .map(({ l, i }) => leverEnd(l.lever, l.helps === 'down' ? 'max' : 'min', l.range, (x) => v(i, x), { multi: true }));
    if (ends.length === 0) return `none of ${s.levers.map((l) => l.lever).join(', ')} moves ${what} in the ranges searched (P = ${pct(s.best.probability)} throughout): look at other levers`;
    const bound = ends.filter((e) => e.atBound);
    const within = bound.length === ends.length ? "the levers' bounds" : 'the ranges searched';
    // With joint targets, say which of them the best combination still misses.
    const missing = missedTargetsText(s.targets, s.best.effects.each, s.probability);
    return (
      `${what} with probability ≥ ${askedText(s.probability)} is unreachable within ${within}: best ${pct(s.best.probability)} ` +
      `(${s.best.same ? 'every run the same projection, no Monte Carlo error' : `95% interval ${pct(s.best.lower)}–${pct(s.best.upper)}`}) with ${ends.map((e) => e.text).join('; ')}${missing}${idleText}`
    );
  }
  if (s.status === 'always') return `every lever at its least helpful end already meets ${what} with probability ≥ ${askedText(s.probability)}: ${combo(s.frontier[0])} (P = ${pct(s.frontier[0].probability)})`;
  const solved = s.levers.find((l) => l.role === 'solved')!;
  const short = s.short.length ? `; ${s.short.length} grid combination${s.short.length === 1 ? '' : 's'} cannot reach it even with ${solved.lever} at its best end` : '';
  return (
    `${s.frontier.length} combination${s.frontier.length === 1 ? '' : 's'} on the frontier of ${what} with probability ≥ ${askedText(s.probability)}: ` +
    `for each value of ${s.levers.filter((l) => l.role === 'grid').map((l) => l.lever).join(' × ')}, the ${solved.helps === 'up' ? 'smallest' : 'largest'} ${solved.lever} that reaches it${short}${idleText}`
  );
}
