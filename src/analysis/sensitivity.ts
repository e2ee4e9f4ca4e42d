import { mean, sampleStandardDeviation } from 'simple-statistics';
import { compileScenario } from '../montecarlo/compileScenario.ts';
import { withMonteCarloPool } from '../montecarlo/monteCarloPool.ts';
import { type Shard, checkRunsMemory, runMonteCarlo, shardRange } from '../montecarlo/runMonteCarlo.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { isRate, targetValueText } from '../report/labels.ts';
import { AnalysisInputError } from './analysisInputError.ts';
import type { LeverInput } from './withLeverRanges.ts';
import { checkMetricYear } from './checkMetricYear.ts';
import { fisherInterval } from './fisherInterval.ts';
import { type SobolIndices, sobolJansen } from './jansen.ts';
import { metricAt } from './metricAt.ts';
import { prcc } from './prcc.ts';
import { type DesignInputs, sensitivityDesign } from './sensitivityDesign.ts';
import { throughYear } from './throughYear.ts';
import { withMonteCarlo } from '../scenario/withMonteCarlo.ts';
import { ownRandomnessKey } from './ownRandomnessKey.ts';
import { runsText } from '../report/batchMarks.ts';

export interface SensitivityOptions {
  readonly metric: string;
  readonly year: number;
  /** Runs of the plain Monte Carlo (PRCC) and base rows n of the Saltelli design; default the scenario's runs. */
  readonly runs?: number;
  /** Bootstrap resamples of the Sobol' intervals (default 200). */
  readonly bootstrap?: number;
  /** Default the scenario's seed. */
  readonly seed?: number;
  /** Interval level (default 0.95). */
  readonly level?: number;
  readonly workers?: number;
  /** Progress of each stage: the plain runs, the drawing of the design (rows of A and B), the design's runs. */
  readonly onProgress?: (stage: 'prcc' | 'design' | 'sobol', done: number, total: number) => void;
  /** The runs, made already (the shards of a job array, joined): analysed instead of running them. */
  readonly given?: SensitivityRuns;
  /**
   * The plan {@link sensitivityPlan} gives for this scenario and these options, where the caller built it already
   * (readSensitivityShards checks the shards against it): used as it is, not built again.
   */
  readonly plan?: SensitivityPlan;
  /** Inputs that are policy levers drawn over a range ({@link withLeverRanges}), to mark them as such. */
  readonly levers?: readonly LeverInput[];
}

/**
 * What the analysis needs of its runs: the metric in the year and the
 * sampled inputs of each plain Monte Carlo run (runs × inputs, row-major), and
 * the metric of each row of the Saltelli design.
 */
export interface SensitivityRuns {
  readonly y: Float64Array;
  readonly sampled: Float64Array;
  readonly f: Float64Array;
}

/**
 * A sensitivity analysis before anything runs: the scenario as run (seed,
 * runs, stopped at the year), its sampled inputs, and what the design's
 * parameter rows are drawn from ({@link sensitivityDesign}) — all that shards need to run their part
 * ({@link sensitivityShardRuns}). The rows themselves are drawn where they are run: drawing takes a while
 * (Dalian: ~0.1 ms a base row), and neither a submission to Slurm nor an analysis of shards' runs needs them.
 */
export interface SensitivityPlan {
  readonly metric: string;
  readonly year: number;
  readonly seed: number;
  readonly runs: number;
  readonly bootstrap: number;
  readonly level: number;
  /** The scenario with the seed and runs analysed, years as written (what meta.json records). */
  readonly analysed: ResolvedScenario;
  /** …stopped at the year: what is run. */
  readonly run: ResolvedScenario;
  readonly names: readonly string[];
  readonly parameters: readonly string[];
  /** The design's inputs, and its rows in all: blocks × base rows. */
  readonly design: DesignInputs & { readonly rows: number };
}

/**
 * Which uncertain inputs drive one metric in one year, by two measures: PRCC, and Sobol' first-order and total indices
 * with bootstrap intervals and the interval of first − total ({@link SobolIndices}: the same fields).
 */
export interface SensitivityResult extends Pick<SobolIndices, 'first' | 'firstLower' | 'firstUpper' | 'total' | 'totalLower' | 'totalUpper' | 'excessLower' | 'excessUpper'> {
  /** The scenario as analysed (seed and runs as used; years as written). */
  readonly scenario: ResolvedScenario;
  readonly metric: string;
  readonly year: number;
  readonly seed: number;
  /** Runs of the plain Monte Carlo, and base rows of the design. */
  readonly runs: number;
  /** Model runs of the Saltelli design: (inputs + 2) · runs. */
  readonly designRuns: number;
  readonly bootstrap: number;
  readonly level: number;
  /**
   * The inputs: every sampled scalar (params.arrow order), then, when a run
   * has randomness of its own, one input for all of it, keyed by its sources
   * ({@link ownRandomnessKey}: `noise:shocks.inflow+process+baseline`).
   */
  readonly parameters: readonly string[];
  /** Partial rank correlation with the metric and its approximate interval (NaN for the run's own randomness). */
  readonly prcc: Float64Array;
  readonly prccLower: Float64Array;
  readonly prccUpper: Float64Array;
  /** Mean and standard deviation of the metric over the plain Monte Carlo runs. */
  readonly mean: number;
  readonly sd: number;
  /** Policy levers among the inputs, each drawn uniformly over its range. */
  readonly levers: readonly LeverInput[];
  /** How far each sampled input moves the metric in the plain Monte Carlo: its lowest tenth against its highest, an input of few values its lowest value against its highest ({@link inputSwing}). */
  readonly swing: readonly InputSwing[];
  readonly elapsedMs: number;
}

/**
 * Rank a scenario's uncertain inputs by how much they move `metric` in
 * `year`, two ways:
 *
 * - **PRCC**, partial rank correlation coefficients, from a plain Monte
 *   Carlo of the scenario (its sampler and seed, `runs` runs): the sign says
 *   which way an input pushes, the size how tightly, after the other inputs
 *   are accounted for; interval by Fisher's z (approximate).
 * - **Sobol' indices**, first-order (the input alone) and total (with its
 *   interactions), by a Saltelli design of `runs` base rows and Jansen's
 *   estimators, with bootstrap percentile intervals: shares of the metric's
 *   variance, the measure that does not assume monotone effects.
 *
 * The design's rows are run with their parameter values given
 * ({@link runMonteCarlo} `parameters`). A run's own randomness — yearly
 * shocks, year-to-year variation, base-year error, the hukou break, all drawn
 * from the streams of the run's index ({@link ownRandomnessKey}) — is one more
 * input of the design: rows of A and of AB_i use the streams of A's row, rows
 * of B and of the extra block AB_noise (A's parameters, B's streams) those of
 * B's row, so that randomness gets indices like a parameter and never leaks
 * into the parameters' indices. Runs stop at `year`
 * ({@link throughYear}), which gives the same numbers for less work.
 *
 * Throws {@link AnalysisInputError} for an unknown metric, a year outside
 * the projection, fewer than 2 sampled parameters or fewer than 20 runs, and
 * — after the plain Monte Carlo, before the design is run — for a metric that
 * takes the same value in every run: its variance is 0, so Sobol' indices
 * are 0/0 and PRCCs rank ties; there is no answer to give.
 *
 * @example
 * const s = await sensitivity(loadScenario('scenarios/dalian.yaml'), { metric: 'registered_rate', year: 2020, runs: 1000 });
 * s.parameters[s.total.indexOf(Math.max(...s.total))]; // 'migrant_settle_rate'
 */
export async function sensitivity(scenario: ResolvedScenario, o: SensitivityOptions): Promise<SensitivityResult> {
  const t0 = performance.now();
  const workers = Math.max(1, Math.floor(o.workers ?? 1));
  // The design's runs, here run and held, against memory before the design is drawn (runs given are not run).
  const plan = o.plan ?? sensitivityPlan(scenario, o, o.given ? undefined : { workers });
  const { names, parameters, run: s } = plan;
  const k = names.length;
  const n = plan.runs;
  const inputs = parameters.length;
  return withMonteCarloPool(o.given ? 1 : workers, async (pool) => {
    let y = o.given?.y;
    let sampled = o.given?.sampled;
    if (!y || !sampled) {
      const mc = await runMonteCarlo(s, { workers, pool, onProgress: (d, t) => o.onProgress?.('prcc', d, t) });
      y = metricAt(mc.rows, mc.years, o.metric, o.year);
      sampled = mc.sampled;
    }
    checkVaries(y, o.metric, o.year, names);
    const r = prcc(sampled, k, y);
    const prccAll = new Float64Array(inputs).fill(NaN);
    const prccLower = new Float64Array(inputs).fill(NaN);
    const prccUpper = new Float64Array(inputs).fill(NaN);
    for (let i = 0; i < k; i++) {
      prccAll[i] = r[i];
      const ci = fisherInterval(r[i], n, k - 1, plan.level);
      prccLower[i] = ci.lower;
      prccUpper[i] = ci.upper;
    }

    let f = o.given?.f;
    if (!f) {
      const parameters = await sensitivityDesign(plan.design, { onProgress: (d, t) => o.onProgress?.('design', d, t) });
      const design = await runMonteCarlo(s, { parameters, workers, pool, onProgress: (d, t) => o.onProgress?.('sobol', d, t) });
      f = metricAt(design.rows, design.years, o.metric, o.year);
    }
    const fAB = Array.from({ length: inputs }, (_, i) => f.subarray((2 + i) * n, (3 + i) * n));
    const sobol = sobolJansen(f.subarray(0, n), f.subarray(n, 2 * n), fAB, { bootstrap: plan.bootstrap, seed: plan.seed, level: plan.level });

    const finite = [...y].filter(Number.isFinite);
    const swing = names.map((name, j) => inputSwing(name, sampled, k, j, y));
    return {
      scenario: plan.analysed,
      metric: o.metric,
      year: o.year,
      seed: plan.seed,
      runs: n,
      designRuns: (inputs + 2) * n,
      bootstrap: plan.bootstrap,
      level: plan.level,
      parameters,
      prcc: prccAll,
      prccLower,
      prccUpper,
      first: sobol.first,
      firstLower: sobol.firstLower,
      firstUpper: sobol.firstUpper,
      total: sobol.total,
      totalLower: sobol.totalLower,
      totalUpper: sobol.totalUpper,
      excessLower: sobol.excessLower,
      excessUpper: sobol.excessUpper,
      mean: finite.length ? mean(finite) : NaN,
      sd: finite.length > 1 ? sampleStandardDeviation(finite) : NaN,
      levers: o.levers ?? [],
      swing,
      elapsedMs: performance.now() - t0,
    };
  });
}

/**
 * The checks and the design of {@link sensitivity}, without running: the
 * scenario as it will be run, its inputs, and the design's parameter rows.
 * Throws {@link AnalysisInputError} for an unknown metric, a year outside the
 * projection, fewer than 2 sampled parameters or fewer than 20 runs.
 *
 * @example
 * sensitivityPlan(loadScenario('scenarios/dalian.yaml'), { metric: 'registered_rate', year: 2020, runs: 1000 }).parameters.length; // 8
 */
export function sensitivityPlan(scenario: ResolvedScenario, o: Omit<SensitivityOptions, 'workers' | 'onProgress' | 'given' | 'levers'>, held?: { readonly workers: number }): SensitivityPlan {
  checkMetricYear(scenario, o.metric, o.year);
  const seed = o.seed ?? scenario.monteCarlo.seed;
  const n = o.runs ?? scenario.monteCarlo.runs;
  const analysed = withMonteCarlo(scenario, { seed, runs: n });
  const s = throughYear(analysed, o.year);
  const compiled = compileScenario(s);
  const names = compiled.sampledNames;
  const k = names.length;
  if (k < 2)
    throw new AnalysisInputError(
      `sensitivity needs at least 2 sampled parameters; ${scenario.name} samples ${k === 0 ? 'none' : `only ${names[0]}`}` +
        ' (write more parameters or variables as distributions, e.g. inflow: { dist: lognormal, median: 20万, sigma: 0.2 })',
    );
  if (!(Number.isInteger(n) && n >= 20)) throw new AnalysisInputError(`sensitivity needs at least 20 runs, got ${n}`);
  const specs = compiled.sampledSpecs;
  const noise = ownRandomnessKey(compiled);
  const parameters = noise ? [...names, noise] : [...names];
  // `held`: the design's runs will be run here and held, every indicator of every run, (k + 2) or (k + 3) times the
  // base rows: memory is checked now, as those runs would check it, not after the plain runs ran (sensitivity --runs
  // 1000000 drew its design for 13 minutes, deaf to Ctrl-C, and then ran a million plain runs before it was refused).
  const blocks = k + 2 + (noise ? 1 : 0);
  if (held)
    checkRunsMemory(compiled, blocks * n, {
      workers: held.workers,
      streaming: false,
      advice: (fit) => `run at most about ${Math.floor(fit / blocks).toLocaleString('en-US')} base rows (--runs; the design runs ${blocks} times as many), or split the runs into shards (--shard k/n) and analyse them together (--runs-from)`,
    });
  return {
    metric: o.metric,
    year: o.year,
    seed,
    runs: n,
    bootstrap: o.bootstrap ?? 200,
    level: o.level ?? 0.95,
    analysed,
    run: s,
    names,
    parameters,
    design: { names, specs, runs: n, seed, noise: noise !== undefined, rows: blocks * n },
  };
}

/**
 * Shard `shard` of a sensitivity analysis's runs: its slice of the plain
 * Monte Carlo and its slice of the design's rows (each cut as {@link shardRange}
 * cuts runs), with the metric in the year. The slices of every shard, joined in
 * order, are the `given` runs of {@link sensitivity}: the same result as one machine.
 *
 * @example
 * const part = await sensitivityShardRuns(plan, { index: 2, count: 4 });
 * part.f.length; // design rows of shard 2
 */
export async function sensitivityShardRuns(
  plan: SensitivityPlan,
  shard: Shard,
  o: { readonly workers?: number; readonly onProgress?: SensitivityOptions['onProgress'] } = {},
): Promise<SensitivityRuns & { readonly runRange: [number, number]; readonly designRange: [number, number] }> {
  const workers = Math.max(1, Math.floor(o.workers ?? 1));
  return withMonteCarloPool(workers, async (pool) => {
    const mc = await runMonteCarlo(plan.run, { shard, workers, pool, onProgress: (d, t) => o.onProgress?.('prcc', d, t) });
    // Only the rows this shard runs go through their laws' quantiles (the stream read in full: the same rows to the bit).
    const rows = shardRange(plan.design.rows, shard);
    const parameters = await sensitivityDesign(plan.design, { rows, onProgress: (d, t) => o.onProgress?.('design', d, t) });
    const design = await runMonteCarlo(plan.run, { parameters, shard, workers, pool, onProgress: (d, t) => o.onProgress?.('sobol', d, t) });
    return {
      y: metricAt(mc.rows, mc.years, plan.metric, plan.year),
      sampled: mc.sampled,
      f: metricAt(design.rows, design.years, plan.metric, plan.year),
      runRange: [mc.runStart, mc.runEnd],
      designRange: [design.runStart, design.runEnd],
    };
  });
}

/**
 * An input drawn among at most this many values, some of them repeated (the change of count's year, a `dist: choice`),
 * is grouped by value in the swing: a tenth of its draws would be an arbitrary tenth of the runs tied at its lowest value.
 */
export const SWING_BY_VALUE = 10;

/** One input's lowest and highest tenth of draws (or, by value, its lowest and highest value), and the metric's mean over the runs in each. */
export interface InputSwing {
  readonly parameter: string;
  readonly low: { readonly min: number; readonly max: number; readonly metric: number; readonly runs: number };
  readonly high: { readonly min: number; readonly max: number; readonly metric: number; readonly runs: number };
  /** Grouped by value: an input of at most {@link SWING_BY_VALUE} values, some repeated; `low` is every run at its lowest value, `high` at its highest. */
  readonly byValue: boolean;
  /** The runs a tenth holds here (a tenth of the runs with a finite draw and metric, at least 1): what each end of a row by tenths rests on. */
  readonly tenthRuns: number;
}

/**
 * Whether a row grouped by value rests on fewer runs, at either end, than a
 * row by tenths does ({@link InputSwing} `tenthRuns`): its mean is then less
 * sure than those of the rows it is ranked among (a value drawn once is one
 * run's metric). Rows by tenths never are.
 *
 * @example
 * fewRuns({ byValue: true, low: { runs: 1 }, high: { runs: 10 }, tenthRuns: 2 }); // true
 */
export function fewRuns(w: Pick<InputSwing, 'byValue' | 'tenthRuns'> & { readonly low: { readonly runs: number }; readonly high: { readonly runs: number } }): boolean {
  return w.byValue && Math.min(w.low.runs, w.high.runs) < w.tenthRuns;
}

/**
 * What a tornado chart in the metric's own units shows: the runs whose draw
 * of input `j` lies in its lowest tenth, and those in its highest, with the
 * range of the input's values and the metric's mean in each (other inputs as
 * drawn: a main effect, by conditional means). An input of few values
 * ({@link SWING_BY_VALUE}), some drawn more than once, is grouped by value
 * instead: every run at its lowest value, and every run at its highest. `sampled` is runs × k,
 * row-major; runs with a non-finite metric are left out.
 *
 * @example
 * inputSwing('points_cutoff', mc.sampled, k, 3, y); // { low: { min: 100, max: 106, metric: 0.262, runs: 100 }, high: { min: 154, max: 160, metric: 0.221, runs: 100 }, byValue: false, tenthRuns: 100 }
 * inputSwing('uncertainty.registered_break.year', mc.sampled, k, 9, y); // { low: { min: 2015, max: 2015, runs: 598, … }, high: { min: 2016, max: 2016, runs: 402, … }, byValue: true, tenthRuns: 100 }
 */
export function inputSwing(parameter: string, sampled: Float64Array, k: number, j: number, y: Float64Array): InputSwing {
  const value = (r: number) => sampled[r * k + j];
  const runs = Array.from({ length: y.length }, (_, r) => r).filter((r) => Number.isFinite(y[r]) && Number.isFinite(value(r)));
  runs.sort((a, b) => value(a) - value(b) || a - b);
  const distinct = runs.filter((r, i) => i === 0 || value(r) !== value(runs[i - 1])).length;
  const byValue = distinct > 0 && distinct <= SWING_BY_VALUE && distinct < runs.length;
  const part = (rs: number[]) => ({
    min: rs.length ? value(rs[0]) : NaN,
    max: rs.length ? value(rs[rs.length - 1]) : NaN,
    metric: rs.length ? rs.reduce((s, r) => s + y[r], 0) / rs.length : NaN,
    runs: rs.length,
  });
  const tenth = Math.max(1, Math.floor(runs.length / 10));
  if (byValue) {
    const lowest = value(runs[0]);
    const highest = value(runs[runs.length - 1]);
    return { parameter, low: part(runs.filter((r) => value(r) === lowest)), high: part(runs.filter((r) => value(r) === highest)), byValue, tenthRuns: tenth };
  }
  return { parameter, low: part(runs.slice(0, tenth)), high: part(runs.slice(runs.length - tenth)), byValue, tenthRuns: tenth };
}

/**
 * Stop when the metric is the same in every run (to 1e-12 relative, for
 * sums taken in another order) or finite in fewer than two.
 */
function checkVaries(y: Float64Array, metric: string, year: number, names: readonly string[]): void {
  let lo = Infinity;
  let hi = -Infinity;
  let finite = 0;
  for (const v of y)
    if (Number.isFinite(v)) {
      finite++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  const inputs = names.join(', ');
  if (finite < 2)
    throw new AnalysisInputError(`${metric} in ${year} is finite in ${finite.toLocaleString('en')} of ${runsText(y.length)} (unlimited, or undefined); nothing to rank`);
  if (hi - lo <= 1e-12 * Math.max(Math.abs(lo), Math.abs(hi)))
    throw new AnalysisInputError(
      `${metric} in ${year} does not vary across runs (${isRate(metric) ? `${(lo * 100).toFixed(1)}%` : targetValueText(metric, lo)} in all ${finite.toLocaleString('en')}${finite < y.length ? ` finite` : ''} runs); nothing to rank: ` +
        `none of the sampled inputs (${inputs}) acts on it by ${year}. Pick another metric or year, or sample what drives it`,
    );
}
