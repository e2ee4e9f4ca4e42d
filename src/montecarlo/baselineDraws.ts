import { BaselineError, buildBaseline } from '../model/baseline.ts';
import { BASELINE_FIELD, type BaselineFigure, type BaselineSpec, type ResolvedScenario } from '../scenario/resolved.ts';
import { normalQuantile } from './normalQuantile.ts';
import { permutation, stream } from './rng.ts';

/** How many perturbed baselines a scenario with baseline error builds; each run starts from one of them. */
export const BASELINE_DRAWS = 100;

/** The perturbed starting states of a scenario, each built the first time a run starts from it. */
export interface BaselineDraws {
  /** The state of draw `k` (0 ≤ k < BASELINE_DRAWS); the same array on every call. */
  state(k: number): Float64Array;
}

/**
 * The starting states of a scenario whose base-year figures carry errors
 * (`uncertainty.baseline`): BASELINE_DRAWS baselines, each built by the
 * baseline builder from figures moved by their error — a population by
 * exp(sd·z), a rate r on the logit scale by sd·z / (r(1 − r)), so that its sd
 * is `sd` points near r and it stays in (0, 1) — with z stratified over the
 * draws (a Latin hypercube per figure, from streams named by the seed alone).
 * Run r starts from draw {@link baselineIndex}(seed, r), so a run depends on
 * (seed, run) only. Undefined when no figure carries an error. A draw is
 * built when a run first needs it (about 1 ms each), so a command of a few
 * runs builds only those.
 *
 * Migrants and away people given with the populations are moved just enough
 * to keep residents = registered − away + migrants with neither below 0; a
 * draw the builder still rejects is pulled halfway back to the figures until
 * it builds, or replaced by the figures themselves.
 *
 * @example
 * const draws = baselineDraws(resolved, baselineBuilder(resolved)); // or undefined
 * draws?.state(baselineIndex(resolved.monteCarlo.seed, 7)); // run 7's starting state
 */
export function baselineDraws(s: ResolvedScenario, build: (b: BaselineSpec) => Float64Array): BaselineDraws | undefined {
  const errors = Object.entries(s.uncertainty?.baseline ?? {}).filter(([, e]) => e && e.sd > 0) as [BaselineFigure, { sd: number }][];
  if (errors.length === 0) return undefined;
  const seed = s.monteCarlo.seed;
  const z = new Map<BaselineFigure, Float64Array>();
  for (const [figure] of errors) {
    const perm = permutation(BASELINE_DRAWS, stream(seed, 'baseline-lhs', figure));
    const u = stream(seed, 'baseline', figure);
    z.set(figure, Float64Array.from(perm, (p) => normalQuantile((p + u()) / BASELINE_DRAWS)));
  }
  const states: (Float64Array | undefined)[] = new Array(BASELINE_DRAWS);
  const draw = (k: number): Float64Array => {
    for (let shrink = 1; ; shrink /= 2) {
      // The figures themselves (shrink 0) build: the scenario's own baseline is checked before any run.
      const b = shrink < 1e-3 ? s.baseline : perturbed(s.baseline, errors, (f) => shrink * z.get(f)![k]);
      try {
        return build(b);
      } catch (e) {
        if (!(e instanceof BaselineError) || b === s.baseline) throw e;
      }
    }
  };
  return { state: (k) => (states[k] ??= draw(k)) };
}

/**
 * The index of the perturbed baseline run `run` starts from.
 *
 * @example
 * baselineIndex(42, 7); // the same on every machine and worker
 */
export function baselineIndex(seed: number, run: number): number {
  return Math.floor(stream(seed, run, 'baseline')() * BASELINE_DRAWS);
}

function perturbed(b: BaselineSpec, errors: readonly [BaselineFigure, { sd: number }][], z: (f: BaselineFigure) => number): BaselineSpec {
  const out: Record<string, unknown> = { ...b };
  for (const [figure, { sd }] of errors) {
    const v = b[BASELINE_FIELD[figure]] as number;
    out[BASELINE_FIELD[figure]] = figure.endsWith('_rate') ? moveRate(v, sd, z(figure)) : v * Math.exp(sd * z(figure));
  }
  const p = out as unknown as BaselineSpec;
  // Keep residents = registered − away + migrants feasible with the moved populations: away people and migrants ≥ 0.
  const gap = p.residentPop - p.registeredPop;
  if (p.awayPop === undefined) return p.migrantPop === undefined ? p : { ...p, migrantPop: Math.min(p.residentPop, Math.max(gap, p.migrantPop)) };
  const away = Math.min(p.registeredPop, Math.max(p.awayPop, -gap));
  return p.migrantPop === undefined ? { ...p, awayPop: away } : { ...p, awayPop: away, migrantPop: gap + away };
}

/** A rate moved by sd·z points near its value, on the logit scale. */
function moveRate(r: number, sd: number, z: number): number {
  if (!(r > 0 && r < 1)) return r;
  const x = Math.log(r / (1 - r)) + (sd * z) / (r * (1 - r));
  return 1 / (1 + Math.exp(-x));
}

/** The builder's input of a resolved scenario's baseline (as compileWithTrees builds it). */
export function baselineBuilder(s: ResolvedScenario): (b: BaselineSpec) => Float64Array {
  return (b) => buildBaseline({ year: s.years.start, definition: s.registeredRateDefinition, denominator: s.registeredRateDenominator, ...b }).state;
}
