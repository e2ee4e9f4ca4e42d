import { mean, sampleStandardDeviation } from 'simple-statistics';
import { compileScenario } from '../montecarlo/compileScenario.ts';
import { quantile } from '../montecarlo/distributions.ts';
import { withMonteCarloPool } from '../montecarlo/monteCarloPool.ts';
import { stream } from '../montecarlo/rng.ts';
import { runMonteCarlo } from '../montecarlo/runMonteCarlo.ts';
import type { DistSpec, ResolvedScenario } from '../scenario/resolved.ts';
import { targetValueText } from '../report/labels.ts';
import { AnalysisInputError } from './analysisInputError.ts';
import { checkMetricYear } from './checkMetricYear.ts';
import { fisherInterval } from './fisherInterval.ts';
import { sobolJansen } from './jansen.ts';
import { metricAt } from './metricAt.ts';
import { prcc } from './prcc.ts';
import { saltelliDesign } from './saltelli.ts';
import { throughYear } from './throughYear.ts';
import { withMonteCarlo } from '../scenario/withMonteCarlo.ts';

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
  readonly onProgress?: (stage: 'prcc' | 'sobol', done: number, total: number) => void;
}

/** Which uncertain inputs drive one metric in one year, by two measures. */
export interface SensitivityResult {
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
   * The inputs: every sampled scalar (params.arrow order), then, when the
   * scenario has yearly shocks, one input for all of them (`shocks:inflow`).
   */
  readonly parameters: readonly string[];
  /** Partial rank correlation with the metric and its approximate interval (NaN for the shocks). */
  readonly prcc: Float64Array;
  readonly prccLower: Float64Array;
  readonly prccUpper: Float64Array;
  /** Sobol' first-order and total indices with bootstrap intervals. */
  readonly first: Float64Array;
  readonly firstLower: Float64Array;
  readonly firstUpper: Float64Array;
  readonly total: Float64Array;
  readonly totalLower: Float64Array;
  readonly totalUpper: Float64Array;
  /** Mean and standard deviation of the metric over the plain Monte Carlo runs. */
  readonly mean: number;
  readonly sd: number;
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
 * ({@link runMonteCarlo} `parameters`). Yearly shocks are one more input of
 * the design: rows of A and of AB_i share the shock streams of A's row,
 * rows of B and of the extra block AB_shocks (A's parameters, B's shocks)
 * those of B's row, so the shocks get indices like a parameter and never
 * leak into the parameters' indices as noise. Runs stop at `year`
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
  checkMetricYear(scenario, o.metric, o.year);
  const seed = o.seed ?? scenario.monteCarlo.seed;
  const n = o.runs ?? scenario.monteCarlo.runs;
  const level = o.level ?? 0.95;
  const bootstrap = o.bootstrap ?? 200;
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
  const specs = names.map((name) => {
    const slot = compiled.slots.find((sl) => sl.name === name);
    return (slot as { spec: DistSpec }).spec;
  });
  const shockKeys = compiled.shocks.map((sh) => sh.key);
  const parameters = shockKeys.length ? [...names, `shocks:${shockKeys.join('+')}`] : [...names];
  const inputs = parameters.length;

  const workers = Math.max(1, Math.floor(o.workers ?? 1));
  return withMonteCarloPool(workers, async (pool) => {
    const mc = await runMonteCarlo(s, { workers, pool, onProgress: (d, t) => o.onProgress?.('prcc', d, t) });
    const y = metricAt(mc.rows, mc.years, o.metric, o.year);
    checkVaries(y, o.metric, o.year, names);
    const r = prcc(mc.sampled, k, y);
    const prccAll = new Float64Array(inputs).fill(NaN);
    const prccLower = new Float64Array(inputs).fill(NaN);
    const prccUpper = new Float64Array(inputs).fill(NaN);
    for (let i = 0; i < k; i++) {
      prccAll[i] = r[i];
      const ci = fisherInterval(r[i], n, k - 1, level);
      prccLower[i] = ci.lower;
      prccUpper[i] = ci.upper;
    }

    const { values, shockRuns } = designMatrix(n, specs, shockKeys.length > 0, seed);
    const design = await runMonteCarlo(s, { parameters: { names, values, shockRuns }, workers, pool, onProgress: (d, t) => o.onProgress?.('sobol', d, t) });
    const f = metricAt(design.rows, design.years, o.metric, o.year);
    const fAB = Array.from({ length: inputs }, (_, i) => f.subarray((2 + i) * n, (3 + i) * n));
    const sobol = sobolJansen(f.subarray(0, n), f.subarray(n, 2 * n), fAB, { bootstrap, seed, level });

    const finite = [...y].filter(Number.isFinite);
    return {
      scenario: analysed,
      metric: o.metric,
      year: o.year,
      seed,
      runs: n,
      designRuns: (inputs + 2) * n,
      bootstrap,
      level,
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
      mean: finite.length ? mean(finite) : NaN,
      sd: finite.length > 1 ? sampleStandardDeviation(finite) : NaN,
      elapsedMs: performance.now() - t0,
    };
  });
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
    throw new AnalysisInputError(`${metric} in ${year} is finite in ${finite} of ${y.length} runs (unlimited, or undefined); nothing to rank`);
  if (hi - lo <= 1e-12 * Math.max(Math.abs(lo), Math.abs(hi)))
    throw new AnalysisInputError(
      `${metric} in ${year} does not vary across runs (${targetValueText(metric, lo)} in all ${finite}${finite < y.length ? ` finite` : ''} runs); nothing to rank: ` +
        `none of the sampled inputs (${inputs}) acts on it by ${year}. Pick another metric or year, or sample what drives it`,
    );
}

/**
 * The Saltelli design mapped to parameter values: blocks A, B, AB_0 …
 * AB_{k−1} of n rows, and with shocks one more block, A's values with B's
 * shock streams. Block A row r uses the shock streams of run r, block B those
 * of run n + r.
 */
function designMatrix(n: number, specs: readonly DistSpec[], shocks: boolean, seed: number): { values: Float64Array; shockRuns: Int32Array } {
  const k = specs.length;
  const u = saltelliDesign(n, k, stream(seed, 'saltelli', 'design'));
  const blocks = k + 2 + (shocks ? 1 : 0);
  const values = new Float64Array(blocks * n * k);
  for (let row = 0; row < (k + 2) * n; row++)
    for (let j = 0; j < k; j++) values[row * k + j] = quantile(specs[j], u[row * k + j]);
  if (shocks) values.copyWithin((k + 2) * n * k, 0, n * k);
  const shockRuns = new Int32Array(blocks * n);
  for (let b = 0; b < blocks; b++) {
    const fromB = b === 1 || (shocks && b === blocks - 1);
    for (let r = 0; r < n; r++) shockRuns[b * n + r] = fromB ? n + r : r;
  }
  return { values, shockRuns };
}
