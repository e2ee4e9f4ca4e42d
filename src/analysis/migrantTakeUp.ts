import { type PilotDefaults, REFERENCE_PRIORS } from '../batch/pilotDefaults.ts';
import type { FittedTakeUp } from '../data/fittedDefaults.ts';
import type { ObservedPoint } from '../io/readObserved.ts';
import { runMonteCarlo } from '../montecarlo/runMonteCarlo.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { withMonteCarlo } from '../scenario/withMonteCarlo.ts';
import { pilotScenario } from './fitDefaults.ts';
import { observationError, onScale } from './observationError.ts';
import { type PaceGrid, type PaceLikelihood, onPaceGrid, posteriorOn } from './poolLikelihoods.ts';
import { type PointUse, selectObserved } from './selectObserved.ts';
import { simulatedAtPoints } from './simulatedAtPoints.ts';
import { withLever } from './withLever.ts';

/**
 * Definitions of a count of migrants settled that count hukou moved in (落户): the registry's count of every channel,
 * or of some channels only (Dongguan's talent and points channels, 001:311). Not `citizenized` (access to services in
 * some cities, data/observed/README.md).
 */
const SETTLEMENT_COUNTS: ReadonlySet<string> = new Set(['as_model', 'settled_registry', 'settled_some_channels']);

/**
 * The prior an area's own counts of migrants settled update: the fit's wide reference prior of a take-up (logit-normal
 * around 5 % a year, σ 1.5: the local take-up's, {@link REFERENCE_PRIORS}), not the uniform 2–8 % a pilot without such
 * counts draws — a likelihood times a bounded range only says where the range ends when the counts lie outside it.
 */
export const MIGRANT_TAKE_UP_PRIOR: PaceGrid = { center: REFERENCE_PRIORS.local_settle_rate.center, sd: REFERENCE_PRIORS.local_settle_rate.sd };

/**
 * The take-up medians the pilot is run at, on the logit scale: the prior's centre ± 4 sd in steps of 0.5. Between
 * two of them a run's log count is interpolated linearly (the count of a small take-up is nearly proportional to
 * it, so its log nearly linear in the logit); beyond them it is held at the end (prior mass there: 6e-5).
 */
export const TAKE_UP_GRID: readonly number[] = Array.from({ length: 8 * MIGRANT_TAKE_UP_PRIOR.sd / 0.5 + 1 }, (_, i) => MIGRANT_TAKE_UP_PRIOR.center - 4 * MIGRANT_TAKE_UP_PRIOR.sd + 0.5 * i);

/**
 * The key of a scenario's migrants' yearly take-up: `migrant_settle_rate` under the `plain` mode, `settle_willingness`
 * under the modes with an eligible share (π(d) = e(d) · settle_willingness, src/model/README.md step 8); none when the
 * mode settles no migrant (`closed`) or the scenario does not draw it.
 *
 * @example
 * takeUpKey(dongguanPilot); // 'settle_willingness'
 */
export function takeUpKey(s: Pick<ResolvedScenario, 'settlementMode' | 'parameters'>): 'settle_willingness' | 'migrant_settle_rate' | undefined {
  if (s.settlementMode === 'closed') return undefined;
  const key = s.settlementMode === 'plain' ? 'migrant_settle_rate' : 'settle_willingness';
  return s.parameters[key] ? key : undefined;
}

/**
 * An area's own counts of migrants settled a scenario's runs can be compared with after its base year (as
 * {@link selectObserved} selects: whole years inside the projection, the period starting after the base year),
 * of a definition that counts hukou moved in ({@link SETTLEMENT_COUNTS}). Read as counts of what the model's
 * `settled_migrants` counts: the migrants the mode's track settles, every age (settling families count as persons).
 *
 * @example
 * migrantSettledFigures(dongguanPilot, points, 'dongguan').map((u) => u.point.value); // [17865]
 */
export function migrantSettledFigures(scenario: ResolvedScenario, observed: readonly ObservedPoint[], area: string): PointUse[] {
  return selectObserved(observed, scenario, area).filter((u) => u.status !== 'excluded' && u.point.metric === 'settled_migrants' && SETTLEMENT_COUNTS.has(u.point.definition));
}

/**
 * The likelihood of a scenario's migrants' take-up (`key`, on the logit scale) given counts of migrants settled,
 * on the grid of {@link MIGRANT_TAKE_UP_PRIOR}: the scenario run to the last count's year at each of
 * {@link TAKE_UP_GRID} (the take-up's median held there; its yearly variation, if the scenario carries one, stays
 * on), everything else drawn as the scenario draws it, with common random numbers across the grid; each run's log
 * count interpolated between grid points, its likelihood the counts' observation errors by caliber
 * ({@link observationError}: log scale), and the likelihood at a take-up the mean over runs. Undefined when no run
 * settles anyone.
 *
 * @example
 * const lik = await migrantTakeUpLikelihood(dongguanPilot, 'settle_willingness', [count2015], { runs: 200, seed: 2014 });
 */
export async function migrantTakeUpLikelihood(
  scenario: ResolvedScenario,
  key: 'settle_willingness' | 'migrant_settle_rate',
  points: readonly ObservedPoint[],
  o: { runs: number; seed: number; workers?: number; onOutside?: (point: ObservedPoint, side: 'below' | 'above', range: readonly [number, number]) => void },
): Promise<PaceLikelihood | undefined> {
  const end = Math.max(...points.map((p) => p.year));
  const trimmed: ResolvedScenario = {
    ...scenario,
    years: { start: scenario.years.start, end },
    targets: scenario.targets.filter((t) => t.year <= end),
    settlementPlan: scenario.settlementPlan?.filter((p) => p.year <= end),
  };
  const m = points.length;
  const errors = points.map((p) => observationError(p));
  const y = errors.map((e) => e.at);
  // Per grid point, per run, per count: the run's count on its error's scale.
  const logs: Float64Array[] = [];
  for (const theta of TAKE_UP_GRID) {
    const s = withMonteCarlo(withLever(trimmed, key, 1 / (1 + Math.exp(-theta))), { runs: o.runs, seed: o.seed });
    const sim = simulatedAtPoints(await runMonteCarlo(s, { workers: o.workers }), points);
    logs.push(Float64Array.from(sim, (v, i) => (v > 0 ? onScale(v, errors[i % m].scale) : -Infinity)));
  }
  // A count no run reaches at any take-up (more than the pilot can settle): said, as calibrate says a figure outside every run.
  points.forEach((p, j) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const l of logs)
      for (let r = 0; r < o.runs; r++) {
        const v = l[r * m + j];
        if (v > -Infinity) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
      }
    if (hi > -Infinity && (y[j] < lo || y[j] > hi)) o.onOutside?.(p, y[j] < lo ? 'below' : 'above', [Math.exp(lo), Math.exp(hi)]);
  });
  const g = TAKE_UP_GRID;
  const logLikelihood = (x: number): number => {
    const c = Math.min(Math.max(x, g[0]), g[g.length - 1]);
    const i = Math.min(g.length - 2, Math.floor((c - g[0]) / (g[1] - g[0])));
    const f = (c - g[i]) / (g[i + 1] - g[i]);
    let top = -Infinity;
    const ll = new Float64Array(o.runs);
    for (let r = 0; r < o.runs; r++) {
      let l = 0;
      for (let j = 0; j < m; j++) {
        const a = logs[i][r * m + j];
        const b = logs[i + 1][r * m + j];
        const v = f === 0 ? a : f === 1 ? b : (1 - f) * a + f * b;
        l -= 0.5 * ((v - y[j]) / errors[j].sd) ** 2;
      }
      ll[r] = Number.isNaN(l) ? -Infinity : l;
      if (ll[r] > top) top = ll[r];
    }
    if (!Number.isFinite(top)) return -Infinity;
    let sum = 0;
    for (let r = 0; r < o.runs; r++) sum += Math.exp(ll[r] - top);
    return top + Math.log(sum / o.runs);
  };
  return onPaceGrid(MIGRANT_TAKE_UP_PRIOR, logLikelihood);
}

/** Runs of the pilot at each take-up of {@link TAKE_UP_GRID}. */
export const TAKE_UP_RUNS = 200;

/**
 * An area's migrants' take-up updated with its own counts of migrants settled after its base year (empirical Bayes,
 * as a pace too few areas fit is for its local take-up): the likelihood ({@link migrantTakeUpLikelihood}) of its
 * pilot under `defaults` (the pilot as shipped: its other paces at the laws it draws) times the wide reference
 * prior {@link MIGRANT_TAKE_UP_PRIOR}, drawn as a normal of the same mean and sd on the logit scale. What is updated
 * is the take-up, not the mode's eligibility (the points scores, the conditions' shares): a yearly count identifies
 * only the product Σ_d M(d)·e(d)·take-up, and the take-up is the scalar the pilot already draws as uncertain, the
 * same at every duration; e(d) stays the stated assumption. Undefined when the area has no generated pilot, its mode
 * settles no migrant, it has no such count, or no run settles anyone.
 *
 * @example
 * const t = await fitMigrantTakeUp('dongguan', points, shippedPilotDefaults('dongguan', file), { runs: 200, seed: 2014, dir });
 * t?.key; // 'settle_willingness'
 */
export async function fitMigrantTakeUp(
  area: string,
  observed: readonly ObservedPoint[],
  defaults: PilotDefaults,
  o: { runs: number; seed: number; dir: string; workers?: number; onWarning?: (warning: string) => void },
): Promise<FittedTakeUp | undefined> {
  const scenario = pilotScenario(area, defaults, o.dir);
  if (!scenario) return undefined;
  const key = takeUpKey(scenario);
  if (!key) return undefined;
  const figures = migrantSettledFigures(scenario, observed, area).map((u) => u.point);
  if (figures.length === 0) return undefined;
  const outside: string[] = [];
  const count = (v: number) => Math.round(v).toLocaleString('en-US');
  const onOutside = (p: ObservedPoint, side: 'below' | 'above', [lo, hi]: readonly [number, number]) =>
    outside.push(`${describeCount(p)} is ${side === 'below' ? 'fewer' : 'more'} than any run settles at any take-up (${count(lo)}–${count(hi)})`);
  const lik = await migrantTakeUpLikelihood(scenario, key, figures, { runs: o.runs, seed: o.seed, workers: o.workers, onOutside });
  if (!lik) return undefined;
  const post = posteriorOn(lik, MIGRANT_TAKE_UP_PRIOR, [0.1, 0.5, 0.9]);
  const end = gridEndReached(lik);
  const pct = (z: number) => `${(100 / (1 + Math.exp(-z))).toPrecision(2)} %`;
  const g = TAKE_UP_GRID;
  const why = [
    ...outside,
    ...(end ? [`the likelihood is highest at the ${end === 'low' ? 'lowest' : 'highest'} take-up the pilot was run at (${pct(end === 'low' ? g[0] : g[g.length - 1])}) and flat beyond`] : []),
  ];
  if (why.length)
    o.onWarning?.(
      `${area}: its own counts of migrants settled do not fit its pilot: ${why.join('; ')}; its migrants' take-up (median ${pct(post.quantiles[1])}) ` +
        'rests on where the counts push the prior, not on a fit: check the counts (a count of 0, one larger than the migrants, a part of a year)',
    );
  return {
    area,
    key,
    figures: figures.map((p) => `${p.metric} ${p.fromYear !== undefined && p.fromYear !== p.year ? `${p.fromYear}–` : ''}${p.year} (${p.file.split('/').at(-1)}:${p.line})`),
    runs: o.runs,
    median: post.quantiles[1],
    lower80: post.quantiles[0],
    upper80: post.quantiles[2],
    pilot: { center: post.mean, sd: post.sd },
  };
}

/**
 * Whether a take-up likelihood is highest at or beyond an end of {@link TAKE_UP_GRID}, where the counts are outside
 * what the pilot settles at any take-up it was run at and the likelihood is held flat: 'low' or 'high', else undefined.
 *
 * @example
 * gridEndReached(likelihoodOfACountOf0); // 'low'
 */
export function gridEndReached(lik: PaceLikelihood): 'low' | 'high' | undefined {
  const g = TAKE_UP_GRID;
  let top = -Infinity;
  for (const w of lik.weights) top = Math.max(top, w);
  let low = false;
  let high = false;
  lik.weights.forEach((w, b) => {
    if (w < top) return;
    const x = lik.lo + b * lik.step;
    if (x <= g[0] + 1e-9) low = true;
    if (x >= g[g.length - 1] - 1e-9) high = true;
  });
  return low === high ? undefined : low ? 'low' : 'high';
}

const describeCount = (p: ObservedPoint) => `${p.written} in ${p.fromYear !== undefined && p.fromYear !== p.year ? `${p.fromYear}–` : ''}${p.year}`;
