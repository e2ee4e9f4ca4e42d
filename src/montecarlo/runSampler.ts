import { processVaries } from '../scenario/uncertaintyDefaults.ts';
import { PARAMETERS, type ParameterKey } from '../scenario/parameterKeys.ts';
import type { ModelParams } from '../model/params.ts';
import { type BoundsCheck, boundsChecks } from './boundsChecks.ts';
import { type CompiledScenario, emptyModelParams, modelArrayOf } from './compileWithTrees.ts';
import { quantile } from './distributions.ts';
import { breakDraw } from './breakDraw.ts';
import { normalQuantile } from './normalQuantile.ts';
import { RunStreams, permutation, stream } from './rng.ts';
import { baselineIndex } from './baselineDraws.ts';
import type { ProcessSpec, ResolvedScenario } from '../scenario/resolved.ts';
import { keepsRule } from '../scenario/valueRule.ts';

/**
 * Parameter values given per run instead of drawn, for designed experiments
 * (a Saltelli design): row r holds run r's value of every sampled scalar, in
 * `sampledNames` order. `shockRuns[r]` names the run whose own streams run r
 * uses (default r itself) — its yearly shocks, year-to-year variation, hukou
 * break and perturbed baseline — so that a design can hold that randomness
 * fixed or vary it like any other input.
 */
export interface GivenParameters {
  /** runs × k, row-major. */
  readonly values: Float64Array;
  readonly shockRuns?: Int32Array;
}

/**
 * Draws one run's parameters. Each sampled scalar has its own stream named
 * by (seed, run, name), so a run's draws do not depend on which other runs,
 * workers or parameters exist (common random numbers across variants). With
 * Latin hypercube sampling the run's stratum for a scalar is a permutation
 * drawn once per (seed, name) over all runs, and the stream jitters inside it.
 *
 * With `given`, a run's sampled values are read from its row instead.
 *
 * @example
 * const s = new RunSampler(compiled, 1000);
 * const p = s.fill(17);  // ModelParams of run 17 (reused object)
 * s.sampled;              // the values drawn for run 17
 */
export class RunSampler {
  readonly params: ModelParams;
  readonly sampled: Float64Array;
  private readonly perms = new Map<string, Int32Array>();
  private readonly scope: Record<string, number> = {};
  /** Slots evaluated per year: expressions that depend on draws, and what they read. */
  private readonly dynamic: number[];
  /** The yearly ModelParams array each slot writes to, or null for variables. */
  private readonly targets: (Float64Array | null)[];
  /** Parameters that only a run reveals out of bounds ({@link boundsChecks}), and their yearly arrays. */
  readonly checks: readonly BoundsCheck[];
  private readonly checked: readonly Float64Array[];
  /**
   * Per check, the years of the last filled run whose value was outside the key's bounds (the kernel clamps rates
   * and counts); −1 − y when the value of year index y (the first such) is not finite (but .inf where the key is a
   * limit, as a quota), which stops the Monte Carlo
   * ({@link nonFiniteDraw}).
   */
  readonly outside: Int32Array;
  /** The perturbed baseline the last filled run starts from (see {@link startState}). */
  baselineIndex = 0;
  private readonly process: readonly { readonly key: ParameterKey; readonly spec: ProcessSpec; readonly purpose: string }[];
  /** The scenario's shocks, with their streams' purposes. */
  private readonly shocks: readonly { readonly key: ParameterKey; readonly phi: number; readonly sigma: number; readonly purpose: string }[];
  /** Each slot's stream purpose (`param:<name>`), made once. */
  private readonly purposes: readonly string[];
  private readonly streams = new RunStreams();
  /** The last run's change of count, [year, b, v] ({@link breakDraw}). */
  private readonly drawnBreak = new Float64Array(3);
  /**
   * The slots fill writes each run: draws, expressions, and numbers whose yearly array a shock or the year-to-year
   * variation changes in place. The other numbers' arrays are written once, here (no one else writes them).
   */
  private readonly perRun: readonly number[];

  constructor(
    private readonly c: CompiledScenario,
    private readonly totalRuns: number,
    private readonly given?: GivenParameters,
  ) {
    this.params = emptyModelParams(c);
    this.sampled = new Float64Array(c.sampledNames.length);
    const read = new Set<string>();
    for (const slot of c.slots) if (slot.kind === 'expr') for (const d of slot.symbols) read.add(d);
    this.dynamic = c.slots.map((_, i) => i).filter((i) => c.slots[i].kind === 'expr' || read.has(c.slots[i].name));
    this.targets = c.slots.map((slot) => modelArrayOf(this.params, slot.name));
    this.checks = boundsChecks(c);
    this.checked = this.checks.map((ch) => modelArrayOf(this.params, ch.name)!);
    this.outside = new Int32Array(this.checks.length);
    this.process = (Object.entries(c.resolved.uncertainty?.process ?? {}) as [ParameterKey, ProcessSpec][])
      .filter(([, spec]) => processVaries(spec))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, spec]) => ({ key, spec, purpose: processPurpose(key) }));
    this.shocks = c.shocks.map(({ key, spec }) => ({ key, phi: spec.phi, sigma: spec.sigma, purpose: `shock:${key}` }));
    this.purposes = c.slots.map((slot) => `param:${slot.name}`);
    const changed = new Set([...c.shocks, ...this.process].map(({ key }) => this.params[PARAMETERS[key].model]));
    this.perRun = c.slots.map((_, i) => i).filter((i) => this.targets[i] && (c.slots[i].kind !== 'static' || changed.has(this.targets[i]!)));
    c.slots.forEach((slot, i) => {
      if (slot.kind === 'static' && !this.perRun.includes(i)) this.targets[i]?.set(slot.values);
    });
  }

  /** The state the last filled run starts from: the baseline, or its perturbed draw when the figures carry errors. */
  startState(): Float64Array {
    return this.c.baselineStates ? this.c.baselineStates.state(this.baselineIndex) : this.c.baselineState;
  }

  fill(run: number): ModelParams {
    const { c } = this;
    const { seed, sampler } = c.resolved.monteCarlo;
    if (this.given) {
      const k = this.sampled.length;
      for (let j = 0; j < k; j++) this.sampled[j] = this.given.values[run * k + j];
    } else {
      this.streams.forRun(seed, run);
      for (let i = 0; i < c.slots.length; i++) {
        const slot = c.slots[i];
        if (slot.kind !== 'dist') continue;
        const u = this.streams.start(this.purposes[i]).double();
        let p = u;
        if (sampler === 'lhs') {
          let perm = this.perms.get(slot.name);
          if (!perm) {
            perm = permutation(this.totalRuns, stream(seed, 'lhs', slot.name));
            this.perms.set(slot.name, perm);
          }
          p = (perm[run] + u) / this.totalRuns;
        }
        this.sampled[slot.column] = quantile(slot.spec, p);
      }
    }
    for (const i of this.perRun) {
      const slot = c.slots[i];
      if (slot.kind === 'static') this.targets[i]!.set(slot.values);
      else if (slot.kind === 'dist') this.targets[i]!.fill(this.sampled[slot.column]);
    }
    if (c.hasDynamic) {
      const start = c.resolved.years.start;
      const scope = this.scope;
      for (let y = 0; y < c.steps; y++) {
        scope.year = start + y + 1;
        scope.t = y + 1;
        for (const i of this.dynamic) {
          const slot = c.slots[i];
          const v = slot.kind === 'static' ? slot.values[y] : slot.kind === 'dist' ? this.sampled[slot.column] : slot.fn(scope);
          scope[slot.name] = v;
          if (slot.kind === 'expr' && this.targets[i]) this.targets[i]![y] = v;
        }
      }
    }
    const shockRun = this.given?.shockRuns ? this.given.shockRuns[run] : run;
    this.streams.forRun(seed, shockRun);
    for (const { key, phi, sigma, purpose } of this.shocks) this.applyShock(purpose, key, phi, sigma);
    // Counted before the uncertainty's own noise, which keeps rates in [0, 1] and counts ≥ 0 by construction.
    this.countOutside();
    for (const { key, spec, purpose } of this.process) this.applyProcess(purpose, key, spec);
    if (c.resolved.uncertainty?.registeredBreak) this.applyBreak();
    if (c.baselineStates) this.baselineIndex = baselineIndex(c.resolved.monteCarlo.seed, shockRun);
    return this.params;
  }

  /**
   * Year-to-year variation of a main rate (uncertainty.process): e_t an AR(1)
   * started from its stationary law, added on the logit scale of a rate
   * (x → 1/(1 + (1/x − 1)·e^−e), so 0 and 1 stay put) or the log scale of a count. A σ given as a law is drawn
   * once a run, before the path.
   */
  private applyProcess(purpose: string, key: ParameterKey, spec: ProcessSpec): void {
    const { phi, scale } = spec;
    const u = this.streams.start(purpose);
    // A law of σ takes the stream's first number; a fixed σ none, so its paths stay what they were.
    const sigma = typeof spec.sigma === 'number' ? spec.sigma : quantile(spec.sigma, u.double());
    const target = this.params[PARAMETERS[key].model] as Float64Array;
    let e = (sigma / Math.sqrt(1 - phi * phi)) * normalQuantile(u.double());
    for (let y = 0; y < this.c.steps; y++) {
      if (y > 0) e = phi * e + sigma * normalQuantile(u.double());
      const x = target[y];
      target[y] = scale === 'log' ? x * Math.exp(e) : x > 0 && x < 1 ? 1 / (1 + ((1 - x) / x) * Math.exp(-e)) : x;
    }
  }

  /**
   * The hukou unification (uncertainty.registeredBreak): in a year drawn from
   * its list, a share b drawn uniform in [share.min, share.max] of the
   * rural-hukou town dwellers (Ru) and a share v uniform in its own range of
   * the rural-hukou villagers (Rr) are counted urban by the registry (step
   * 7b's relabelling, not settlement: nobody moves a hukou in). The parts that
   * vary are sampled scalars of their own (compiled.breakColumns, params.arrow):
   * drawn here from the run's stream `break`, or read from the given row of a
   * designed experiment.
   */
  private applyBreak(): void {
    const spec = this.c.resolved.uncertainty!.registeredBreak!;
    const { years, share, villageShare } = spec;
    const col = this.c.breakColumns;
    let year: number;
    let b: number;
    let v: number;
    if (this.given) {
      // given like any sampled scalar; a part that is not a column is fixed (one year, or a range that is a point)
      year = col.year === undefined ? years[0] : this.sampled[col.year];
      b = col.share === undefined ? share.min : this.sampled[col.share];
      v = col.village_share === undefined ? villageShare.min : this.sampled[col.village_share];
    } else {
      const u = this.streams.start('break');
      // v drawn after the year and b, so that a break without villagers draws the year and b it drew before.
      const uYear = u.double();
      const uShare = u.double();
      breakDraw(spec, uYear, uShare, u.double(), this.drawnBreak);
      year = this.drawnBreak[0];
      b = this.drawnBreak[1];
      v = this.drawnBreak[2];
      if (col.year !== undefined) this.sampled[col.year] = year;
      if (col.share !== undefined) this.sampled[col.share] = b;
      if (col.village_share !== undefined) this.sampled[col.village_share] = v;
    }
    const y = year - this.c.resolved.years.start - 1;
    // Not parameters of the scenario, so no slot refills them: the last run's year is cleared here.
    const relabel = this.params.hukouRelabelShare;
    const villages = this.params.hukouRelabelVillageShare;
    relabel.fill(0);
    villages.fill(0);
    if (y >= 0 && y < this.c.steps) {
      relabel[y] = b;
      villages[y] = v;
    }
  }

  /** Here, once per run over a few yearly arrays, rather than in the kernel, which clamps silently and must stay lean. */
  private countOutside(): void {
    const steps = this.c.steps;
    for (let i = 0; i < this.checks.length; i++) {
      const rule = this.checks[i].rule;
      const values = this.checked[i];
      let n = 0;
      let firstNonFinite = -1;
      for (let y = 0; y < steps; y++) {
        const v = values[y];
        if (keepsRule(v, rule)) continue;
        n++;
        if (firstNonFinite < 0 && !Number.isFinite(v)) firstNonFinite = y;
      }
      this.outside[i] = firstNonFinite < 0 ? n : -1 - firstNonFinite;
    }
  }

  /** Multiply a yearly parameter by exp(e_t), e_t an AR(1) started from its stationary law. */
  private applyShock(purpose: string, key: ParameterKey, phi: number, sigma: number): void {
    const u = this.streams.start(purpose);
    const target = this.params[PARAMETERS[key].model] as Float64Array;
    const sd0 = Math.abs(phi) < 1 ? sigma / Math.sqrt(1 - phi * phi) : sigma;
    let e = sd0 * normalQuantile(u.double());
    for (let y = 0; y < this.c.steps; y++) {
      if (y > 0) e = phi * e + sigma * normalQuantile(u.double());
      target[y] *= Math.exp(e);
    }
  }
}

/** The stream of a run's yearly variation of `key` (uncertainty.process): a σ given as a law takes its first number. */
const processPurpose = (key: ParameterKey): string => `process:${key}`;

/**
 * The σ of the yearly variation of `key` that runs 0, 1, … `runs` − 1 of a scenario drew, where σ is a law (drawn once a
 * run, as {@link RunSampler} draws it: the first number of the run's stream `process:<key>`); undefined where σ is not
 * a law. Of runs drawn by the scenario's own Monte Carlo only: a designed experiment draws run r's σ from the stream of
 * the run it shares shocks with (`shockRuns`). Not a sampled column: what weighs runs drawn from a law of σ other than
 * the one they are weighed to reads it here (src/batch/ownWeighedRedrawn.ts).
 *
 * @example
 * drawnProcessSigmas(loadScenario('scenarios/pilots/weihai.yaml'), 'hukou_conversion_rate', 3); // e.g. [0.796, 2.02, 0.258]
 */
export function drawnProcessSigmas(s: Pick<ResolvedScenario, 'uncertainty' | 'monteCarlo'>, key: ParameterKey, runs: number): Float64Array | undefined {
  const spec = s.uncertainty?.process[key];
  if (!spec || typeof spec.sigma === 'number') return undefined;
  const law = spec.sigma;
  return Float64Array.from({ length: runs }, (_, run) => quantile(law, stream(s.monteCarlo.seed, run, processPurpose(key))()));
}
