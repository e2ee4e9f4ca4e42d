
import { writeFileAtomic } from '../io/atomicWrite.ts';
import { median } from 'simple-statistics';
import { join } from 'node:path';
import { cityFacts, loadAreas } from '../data/areas.ts';
import type { FittedArea, FittedDefaultsFile, FittedHistory, FittedPace, FittedTakeUp, SdProfile } from '../data/fittedDefaults.ts';
import type { ObservedPoint } from '../io/readObserved.ts';
import { runMonteCarlo } from '../montecarlo/runMonteCarlo.ts';
import { loadScenario } from '../scenario/loadScenario.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { withMonteCarlo } from '../scenario/withMonteCarlo.ts';
import { INFORMS, PACE_KEYS, type PaceKey, type PacePrior, type PilotDefaults, REFERENCE_PRIORS, drawnLaw, shippedPilotDefaults } from '../batch/pilotDefaults.ts';
import { HISTORY_RUNS, conditionOnHistory } from './conditionOnHistory.ts';
import { TAKE_UP_RUNS, fitMigrantTakeUp } from './migrantTakeUp.ts';
import { checkPreBaseSpans, preBaseSpan } from './preBaseSpan.ts';
import { pilotScenarioYaml } from '../batch/pilotScenarioYaml.ts';
import { observationError, onScale } from './observationError.ts';
import { type OwnErrors, populationOwnErrors, sharedErrors } from './seriesError.ts';
import { type PaceLikelihood, binLikelihood, poolLikelihoods, posteriorOn } from './poolLikelihoods.ts';
import { type PaceLaw, posteriorLaw } from './paceLaw.ts';
import { type ProcessVariation, processVariation } from './processVariation.ts';
import { type RegisteredVariation, registeredPaceVariation } from './registeredPaceVariation.ts';
import { pilotCountBreak } from './pilotCountBreak.ts';
import { independentFigures } from './independentFigures.ts';
import { type PointUse, selectObserved } from './selectObserved.ts';
import { fitSpread } from './spreadFactor.ts';
import { paceDraws } from './paceDraws.ts';
import { simulatedAtPoints } from './simulatedAtPoints.ts';
import { type FitPass, type PassSample, SMALL_FIT_ESS, likelihoodWeight, pooledEss, weighPasses } from './weighPasses.ts';
import { writtenLaw } from './writtenLaw.ts';
import { pooledProposal } from './pooledProposal.ts';
import { runsText } from '../report/batchMarks.ts';
import { stream } from '../montecarlo/rng.ts';
import { makeDirs } from '../io/makeDirs.ts';

/** Definitions that count only part of what the model counts (some channels of settlement, access to services, permit applicants): never fitted or scored here. */
const PARTIAL_COUNTS: ReadonlySet<string> = new Set(['settled_some_channels', 'citizenized', 'permits_new']);

/**
 * The figures of an area a generated scenario's runs can be compared with
 * after its base year ({@link selectObserved}: inside the years, a matching or
 * roughly matching definition, whole years), leaving out the counts that
 * cover only part of what the model counts.
 *
 * @example
 * laterFigures(scenario, points, 'dalian').map((u) => u.point.year); // [2015]
 */
export function laterFigures(scenario: ResolvedScenario, observed: readonly ObservedPoint[], area: string): PointUse[] {
  return selectObserved(observed, scenario, area).filter((u) => u.status !== 'excluded' && !PARTIAL_COUNTS.has(u.point.definition));
}

/**
 * The generated scenario of a pilot under given defaults, written to
 * `dir/<area>.yaml` and loaded, projecting to `end` (default: the plan's last
 * target year). Undefined for an area without a generated scenario.
 *
 * @example
 * const s = pilotScenario('dalian', shippedPilotDefaults(), 'out/cv/scenarios', 2015);
 */
export function pilotScenario(area: string, defaults: PilotDefaults, dir: string, end?: number): ResolvedScenario | undefined {
  const yaml = pilotScenarioYaml(cityFacts(area), { defaults });
  if (!yaml) return undefined;
  makeDirs(dir);
  const file = join(dir, `${area}.yaml`);
  writeFileAtomic(file, yaml);
  const s = loadScenario(file);
  if (end === undefined || end >= s.years.end) return s;
  // Only as far as the figures go: the runs need no later years (the plan's targets lie there).
  return { ...s, years: { start: s.years.start, end }, targets: s.targets.filter((t) => t.year <= end), settlementPlan: s.settlementPlan?.filter((p) => p.year <= end) };
}

/** What one area's own figures say about a pace, for the reader: its posterior under the wide reference prior. */
export interface PaceEstimate {
  /** Median and 80 % interval of the pace on its scale (logit of a rate, or the value). */
  readonly median: number;
  readonly lower80: number;
  readonly upper80: number;
  /** Effective number of runs behind it (all passes together). */
  readonly ess: number;
}

/** What one area's own figures say about each pace. */
export interface AreaFit {
  readonly area: string;
  readonly baseYear: number;
  /** The figures that inform a pace ({@link INFORMS}), as `metric year (file:line)`. */
  readonly figures: readonly string[];
  /** Runs of each pass, and the passes run. */
  readonly runs: number;
  readonly passes: number;
  /** Per pace its figures inform: the area's posterior under the reference prior; absent where its figures say little. */
  readonly estimates: Readonly<Partial<Record<PaceKey, PaceEstimate>>>;
  /** The same paces' likelihoods on their grids, the other paces integrated out under their reference priors (kept in memory, not written). */
  readonly likelihoods: Readonly<Partial<Record<PaceKey, PaceLikelihood>>>;
  /** The weighed runs behind them, so that pooling can weigh each pace's likelihood again with the other paces under their pooled laws (in memory, not written). */
  readonly sample?: PassSample;
  /** The passes themselves, each with the laws its runs were drawn from, so that a pass can be added ({@link fitPass}; in memory, not written). */
  readonly drawn?: readonly FitPass[];
}

// Which figures inform which pace: src/batch/pilotDefaults.ts (INFORMS), where a pilot's notes name them too.
export { INFORMS };

/**
 * An area informs a pace when its figures narrow the reference prior to below √0.8 ≈ 0.89 of its sd (what a
 * normal likelihood of twice the prior's sd would do): an area whose figures say next to nothing about a pace
 * neither enters its pooling nor counts towards the three areas a fitted pace needs.
 */
const INFORMATIVE_SD = Math.sqrt(0.8);
/** Passes of adaptive importance sampling, and the effective number of runs that ends them early. */
const PASSES = 3;
const ENOUGH_ESS = 300;

/** Year-to-year variation the fit's runs carry: the σ and φ a projection of the area would carry. */
export type FitProcess = {
  readonly sigma: number;
  readonly phi: number;
  readonly conversionSigma?: number;
  /** The conversion's σ as equal-odds values a run draws one of (its posterior, {@link registeredPaceVariation}); absent: `conversionSigma` for every run. */
  readonly conversionSigmas?: readonly number[];
  /** The form of the urbanization pace the runs move villagers by (src/model/README.md, step 6); absent: `share`. */
  readonly ruralToTownForm?: 'share' | 'logit';
};

/**
 * `process` with the urbanization pace's form set (absent for `share`, the engine's default).
 *
 * @example
 * withPaceForm({ sigma: 0.16, phi: 0.5 }, 'logit').ruralToTownForm; // 'logit'
 */
export const withPaceForm = (process: FitProcess, form?: 'share' | 'logit'): FitProcess => (form === 'logit' ? { ...process, ruralToTownForm: 'logit' } : process);

/**
 * The year-to-year variation a projection carries, fitted from `observed`
 * without the area `excludeArea` (a cross-validation fold's): the urbanization
 * pace's σ from the resident rates at three dates ({@link processVariation}),
 * the hukou conversion's from the areas' registered rates of one count at two or more dates, and of
 * one document across the 2014 reform with the change of count their pilots draw ({@link pilotCountBreak}),
 * pooled ({@link registeredPaceVariation}; each run draws it from its posterior, also where no series bounds it from
 * below; without any series the conversion varies as the urbanization pace). Its Monte Carlo draws come from the stream
 * `seed/registered-pace`.
 *
 * @example
 * yearlyVariation(points, 2014).process.conversionSigma; // ≈ 0.77: Shijiazhuang 2013/2014/2015, Weihai 2013/2015, Dalian and Liuzhou 2010/2015
 */
export function yearlyVariation(observed: readonly ObservedPoint[], seed: number, excludeArea?: string): { resident: ProcessVariation; registered: RegisteredVariation; process: FitProcess } {
  const resident = processVariation(observed, PROCESS_PHI, { excludeArea });
  const registered = registeredPaceVariation(observed, PROCESS_PHI, stream(seed, 0, 'registered-pace'), { excludeArea, countBreak: pilotCountBreak });
  const innovation = Math.sqrt(1 - PROCESS_PHI * PROCESS_PHI);
  const sigmas = registered.posterior?.map((s) => s * innovation);
  // Without a point estimate (no series bounds s from below) the posterior's median stands for it where one σ is shown.
  const conversion = sigmas && { conversionSigma: registered.sigma ?? median(sigmas), conversionSigmas: sigmas };
  return { resident, registered, process: { sigma: resident.sigma, phi: resident.phi, ...conversion } };
}

/**
 * Fit one pilot's paces to its own figures after its base year: run its
 * generated scenario up to its last figure, with the year-to-year variation
 * `process` a projection carries, and weigh the runs by the figures'
 * observation errors by caliber ({@link observationError}), each pace by the
 * figures that measure it ({@link INFORMS}), the wide reference priors
 * ({@link REFERENCE_PRIORS}) being the prior. Precise figures leave few runs
 * of a wide prior with weight, so the runs are drawn adaptively: each pass
 * draws every pace from a normal on its scale centred on the posterior so far
 * with 1.5 times its sd (the first pass from the reference priors), until
 * every informed pace's effective sample size reaches 300 (at most three
 * passes). All passes' runs are weighed together as one sample of the
 * deterministic mixture of the passes' proposals (the balance heuristic,
 * Veach & Guibas 1995; adaptive multiple importance sampling, Cornuet et al.
 * 2012, Scand. J. Stat. 39:798): a run's weight divides by
 * q(z) = Σ_p (R_p / R) q_p(z), never by one pass's density alone, and as the
 * first pass is the reference prior, prior / q never exceeds the number of
 * passes — no run of a later, narrower pass gets a runaway weight.
 *
 * For pace k a run's weight as a sample of the area's likelihood of k is
 * L_k(run) · Π_{j≠k} π_j(z_j) / q(z): the likelihood of k's figures (which
 * already integrates over the year-to-year variation, one path per run),
 * with the other paces integrated out under their reference priors π_j, as
 * the area knows nothing more of them when k is pooled. Kept in memory on the
 * pace's grid ({@link binLikelihood}) for pooling
 * ({@link poolPaces}); the estimate written for the reader is the area's
 * posterior under the reference prior (median, 80 % interval). Undefined when
 * the area has no generated scenario or no later figure.
 *
 * @example
 * const fit = await fitArea('jinchang', points, { runs: 2000, seed: 2014, dir, process: { sigma: 0.16, phi: 0.5 } });
 * fit.estimates.rural_to_town_rate; // { median: −3.4, lower80: …, upper80: …, ess: … } (logit)
 */
export async function fitArea(
  area: string,
  observed: readonly ObservedPoint[],
  o: { runs: number; seed: number; dir: string; process: FitProcess; workers?: number; own?: OwnErrors },
): Promise<AreaFit | undefined> {
  const ctx = fitContext(area, observed, o);
  if (!ctx) return undefined;
  const passes: FitPass[] = [];
  let weighed: ReturnType<typeof weighPasses> | undefined;
  for (let pass = 0; pass < PASSES; pass++) {
    let proposal: Record<PaceKey, PacePrior> = { ...REFERENCE_PRIORS };
    if (weighed) {
      const w = weighed;
      if (ctx.informed.every((k) => w.posterior[k]!.ess >= ENOUGH_ESS)) break;
      proposal = Object.fromEntries(
        PACE_KEYS.map((k) => {
          const p = w.posterior[k];
          return [k, p ? { center: p.mean, sd: Math.min(REFERENCE_PRIORS[k].sd, 1.5 * p.sd), note: 'proposal of the fit' } : REFERENCE_PRIORS[k]];
        }),
      ) as Record<PaceKey, PacePrior>;
    }
    passes.push(await ctx.draw(proposal, pass));
    weighed = weighPasses(passes, ctx.informed);
  }
  return ctx.summary(passes, weighed!);
}

/**
 * One more pass of an area's fit, its runs drawn from `proposal` (each pace from its normal, or mixture of normals,
 * on its scale) with the seed `seed + passes so far`, weighed with the fit's earlier passes as one sample of all the
 * passes' deterministic mixture ({@link weighPasses}): the area's likelihoods and posteriors keep their target,
 * whatever the proposal; only the runs behind them change. The fit as {@link fitArea} would give it with that pass
 * among its own.
 *
 * @example
 * const more = await fitPass(fit, points, { runs: 2000, seed: 2014, dir, process }, pooledProposal(fit, pooled));
 */
export async function fitPass(
  fit: AreaFit,
  observed: readonly ObservedPoint[],
  o: { runs: number; seed: number; dir: string; process: FitProcess; workers?: number; own?: OwnErrors },
  proposal: Readonly<Record<PaceKey, PacePrior>>,
): Promise<AreaFit> {
  if (!fit.drawn) throw new RangeError(`${fit.area}: the fit kept no passes to add one to`);
  const ctx = fitContext(fit.area, observed, o)!;
  const passes = [...fit.drawn, await ctx.draw(proposal, fit.drawn.length)];
  return ctx.summary(passes, weighPasses(passes, ctx.informed));
}

/** What every pass of an area's fit shares: its figures, the paces they inform, how to draw a pass and how to sum the passes up. */
function fitContext(
  area: string,
  observed: readonly ObservedPoint[],
  o: { runs: number; seed: number; dir: string; process: FitProcess; workers?: number; own?: OwnErrors },
) {
  const defaults = (paces: Readonly<Record<PaceKey, PacePrior>>): PilotDefaults => ({ paces, ruralToTownForm: o.process.ruralToTownForm, process: { ...o.process, note: 'year-to-year variation of the fit' } });
  const probe = pilotScenario(area, defaults(REFERENCE_PRIORS), o.dir);
  if (!probe) return undefined;
  // Each figure an observation of its own: an urban population beside the rate and population of its year is their product.
  const figures = independentFigures(laterFigures(probe, observed, area)).kept;
  if (figures.length === 0) return undefined;
  const end = Math.max(...figures.map((u) => u.point.year));
  const points = figures.map((u) => u.point);
  const errors = points.map((p) => observationError(p));
  const y = errors.map((e) => e.at);
  const own = o.own ?? populationOwnErrors(observed).errors;
  const informing = PACE_KEYS.map((k) => points.map((p, j) => (INFORMS[k].has(p.metric) ? j : -1)).filter((j) => j >= 0));
  const informed = PACE_KEYS.filter((_, i) => informing[i].length > 0);
  const draw = async (proposal: Readonly<Record<PaceKey, PacePrior>>, pass: number): Promise<FitPass> => {
    // Each pass its own seed: fresh draws, the same on every machine.
    const scenario = withMonteCarlo(pilotScenario(area, defaults(proposal), o.dir, end)!, { runs: o.runs, seed: o.seed + pass });
    const result = await runMonteCarlo(scenario, { workers: o.workers });
    const sim = simulatedAtPoints(result, points);
    const m = points.length;
    // A later figure of a series whose base-year figure the run started from: its error given the run's base error.
    const shared = sharedErrors(result, points, observed, own);
    const shift = (r: number, j: number) => (shared ? shared.shift[r * m + j] : 0);
    const sd = shared ? shared.sd : Float64Array.from(errors, (e) => e.sd);
    const draws = paceDraws(result);
    const z = PACE_KEYS.map((key) => draws[key]);
    const logLik = PACE_KEYS.map((_, i) =>
      Float64Array.from({ length: o.runs }, (_, r) => {
        let l = 0;
        for (const j of informing[i]) l -= 0.5 * ((onScale(sim[r * m + j], errors[j].scale) + shift(r, j) - y[j]) / sd[j]) ** 2;
        return Number.isNaN(l) ? -Infinity : l;
      }),
    );
    // The law each pace was drawn from as the scenario wrote it (rounded), not as asked: that is the proposal's density.
    return { z, laws: PACE_KEYS.map((key) => writtenLaw(scenario, key)), logLik };
  };
  const summary = (passes: readonly FitPass[], w: ReturnType<typeof weighPasses>): AreaFit => {
    const estimates: Partial<Record<PaceKey, PaceEstimate>> = {};
    const likelihoods: Partial<Record<PaceKey, PaceLikelihood>> = {};
    for (const key of informed) {
      const i = PACE_KEYS.indexOf(key);
      const lik = binLikelihood(w.z[i], w.logLikWeight[key]!, REFERENCE_PRIORS[key]);
      if (!lik) continue;
      const post = posteriorOn(lik, REFERENCE_PRIORS[key], [0.1, 0.5, 0.9]);
      if (!(post.sd < INFORMATIVE_SD * REFERENCE_PRIORS[key].sd)) continue;
      estimates[key] = { median: post.quantiles[1], lower80: post.quantiles[0], upper80: post.quantiles[2], ess: w.posterior[key]!.ess };
      likelihoods[key] = lik;
    }
    // The figures that inform a pace (a cross-validation still scores the others: the area stays in it whatever they are).
    const figureText = points.filter((p) => PACE_KEYS.some((k) => INFORMS[k].has(p.metric))).map((p) => `${p.metric} ${p.year} (${p.file.split('/').at(-1)}:${p.line})`);
    return { area, baseYear: probe.years.start, figures: figureText, runs: o.runs, passes: passes.length, estimates, likelihoods, sample: w.sample, drawn: passes };
  };
  return { informed, draw, summary };
}

/**
 * Every pilot with figures after its base year, fitted one by one ({@link fitArea}), then given pooled passes: the
 * areas are pooled ({@link pooledPaces}, none left out), and each area with a pace whose likelihood as pooled rests on
 * fewer than {@link ENOUGH_ESS} effective runs ({@link pooledEss}) gets one more pass ({@link fitPass}) drawn where the
 * pooled laws read it ({@link pooledProposal}); pooled again, at most {@link POOLED_PASSES} such passes. The adaptive
 * passes draw each pace its figures do not inform from its wide reference prior, but the pooling integrates it under
 * its pooled law (the urbanization pace's sd 1.5 against 0.27: alone, a Kish factor of about √2 · 0.27 / 1.5 ≈ 0.25),
 * so more runs of those proposals buy little. Every pass is weighed as one sample of the passes' deterministic mixture,
 * so the target — reference priors, likelihoods, pooled laws — is the same whatever a pass drew from (declared
 * 2026-12-04 17:58, before measuring). A cross-validation fold pools without one area the fits of all areas, whose
 * pooled passes were drawn from the laws of all: a proposal moves only the Monte Carlo noise, not a fold's target.
 *
 * @example
 * const fits = await fitAreas(points, { runs: 4000, seed: 2014, dir, process: { sigma: 0.16, phi: 0.5 } });
 */
export async function fitAreas(
  observed: readonly ObservedPoint[],
  o: { runs: number; seed: number; dir: string; process: FitProcess; workers?: number; onArea?: (area: string) => void; own?: OwnErrors },
): Promise<AreaFit[]> {
  const fits: AreaFit[] = [];
  // Only areas with a figure after their base year have anything to fit.
  for (const a of loadAreas()) {
    if (a.pilotGroup === '') continue;
    const base = cityFacts(a.id).baseYear;
    if (base === undefined || !observed.some((p) => p.area === a.id && p.year > base)) continue;
    o.onArea?.(a.id);
    const fit = await fitArea(a.id, observed, o);
    if (fit) fits.push(fit);
  }
  let out = fits;
  for (let round = 0; round < POOLED_PASSES; round++) {
    const { paces, likelihoods, ess } = pooledPaces(out);
    const thin = (f: AreaFit) => Object.values(ess.get(f.area) ?? {}).some((n) => n! < ENOUGH_ESS);
    if (!out.some(thin)) break;
    const next: AreaFit[] = [];
    for (const f of out) {
      if (thin(f)) o.onArea?.(`${f.area} (pass drawn from the pooled laws)`);
      next.push(thin(f) ? await fitPass(f, observed, o, pooledProposal(likelihoods.get(f.area)!, paces)) : f);
    }
    out = next;
  }
  return out;
}

/** Passes drawn from the pooled laws an area's fit gets at most ({@link fitAreas}). */
export const POOLED_PASSES = 2;

/** Rounds of weighing the areas' likelihoods again under the pooled laws, and the change (in reference sds) that ends them early. */
const POOL_ROUNDS = 8;
const POOL_SETTLED = 0.005;

/**
 * Each pace's law for a new area from the areas' likelihoods of it
 * ({@link poolLikelihoods}: the hierarchical model θ_i ~ N(μ, τ²) with each
 * area's importance-sampled likelihood as it is, τ with a half-normal prior
 * scaled like the pace's reference prior), leaving out the areas `exclude`
 * (the area a cross-validation fold predicts). A pace fewer than three areas
 * inform keeps the reference prior, marked not fitted.
 *
 * An area's likelihood of a pace integrates the other paces out; a pilot then draws those from their pooled laws
 * (their sd times the spread factor κ), so the likelihood integrates them under those laws — the pooled centre and
 * predictive sd, not κ times it (below) — not under the fit's wide reference priors: a figure
 * a pace moves non-linearly (the resident rate rises with arrivals, who mostly live in towns, but does not fall
 * when locals leave — src/model/README.md step 5, and the pilots' inflow) is read otherwise at the same pace under
 * a net migration of sd 2 % than under the pooled sd of under 1 %. So the paces are pooled first with the other
 * paces under their reference priors ({@link AreaFit.likelihoods}), then each area's likelihood of each pace is
 * weighed again from its runs with the other paces under their pooled laws ({@link likelihoodWeight}; a pace not
 * fitted keeps its reference prior), and pooled again, until no pooled centre or sd moves by more than 0.005 of its
 * reference prior's sd (at most 8 rounds). Which areas inform a pace is decided once, under the reference priors.
 *
 * Why the pooled predictive sd and not κ × it, with an outer loop refitting κ (decided 2026-12-04; src/model/README.md,
 * source 5, has the measurements, made once by a script not in the repository): on the runs of the fit of 2a0e402,
 * the other paces at 0.6 × their sd leave a median of 35 effective runs behind an area's likelihood instead of 112
 * (17 of 21 under 50 instead of 3), so what would move rests on a few dozen runs; the pooling alone then needs 6 rounds (10 at κ = 0.5), and κ, refitted on a grid through the
 * one-standard-error rule, need not have a fixed point; each outer round repeats the spread factor's forecasts in
 * fit-defaults and in every cross-validation fold; and κ is a correction of the forecasts' width fitted on their
 * CRPS, not a parameter of the hierarchical model whose law of an area's pace the others are integrated under.
 *
 * @example
 * poolPaces(fits, ['dalian']).rural_to_town_rate; // { fitted: true, center: …, sd: …, areas: [7 areas] }
 */
export function poolPaces(fits: readonly AreaFit[], exclude: readonly string[] = []): Record<PaceKey, FittedPace> {
  return pooledPaces(fits, exclude).paces;
}

/**
 * {@link poolPaces}, with each area's likelihoods of the paces as the last round weighed them (the other paces under
 * their pooled laws), and the effective number of runs behind each ({@link pooledEss}: the settled laws, the pace
 * itself under its own pooled law; a pace not fitted under its reference prior).
 */
export function pooledPaces(fits: readonly AreaFit[], exclude: readonly string[] = []): PooledPaces {
  // The same set of areas is pooled again and again (a cross-validation's inner folds: A without B is B without A).
  const cache = pooledCache.get(fits) ?? new Map<string, PooledPaces>();
  pooledCache.set(fits, cache);
  const key = [...new Set(exclude)].sort().join('\u0000');
  const known = cache.get(key);
  if (known) return known;
  const pooled = fits.filter((f) => !exclude.includes(f.area));
  let likelihoods = new Map(pooled.map((f) => [f.area, { ...f.likelihoods }]));
  let paces = poolOnce(pooled, likelihoods);
  for (let round = 0; round < POOL_ROUNDS; round++) {
    const laws = pooledLaws(paces);
    likelihoods = new Map(
      pooled.map((f) => [
        f.area,
        Object.fromEntries(
          PACE_KEYS.filter((k) => f.likelihoods[k]).map((k) => [k, (f.sample && binLikelihood(f.sample.z[PACE_KEYS.indexOf(k)], likelihoodWeight(f.sample, k, laws), REFERENCE_PRIORS[k])) || f.likelihoods[k]!]),
        ),
      ]),
    );
    const next = poolOnce(pooled, likelihoods);
    const moved = Math.max(...PACE_KEYS.map((k) => Math.max(Math.abs(next[k].center - paces[k].center), Math.abs(next[k].sd - paces[k].sd)) / REFERENCE_PRIORS[k].sd));
    paces = next;
    if (!(moved > POOL_SETTLED)) break;
  }
  // The runs behind each area's likelihood where the settled laws read it (pooledEss): the last round's weights, the pace itself under its pooled law.
  const settled = pooledLaws(paces);
  const ess = new Map(
    pooled.flatMap((f) => (f.sample ? [[f.area, Object.fromEntries(PACE_KEYS.filter((k) => f.likelihoods[k]).map((k) => [k, pooledEss(f.sample!, k, settled)]))] as const] : [])),
  );
  const out = { paces, likelihoods, ess };
  cache.set(key, out);
  return out;
}

/** The fitted paces' pooled laws (their mixtures, {@link FittedPace}'s `mix`), unscaled: what the other paces are integrated under. */
const pooledLaws = (paces: Readonly<Record<PaceKey, FittedPace>>): Partial<Record<PaceKey, PaceLaw>> =>
  Object.fromEntries(PACE_KEYS.filter((k) => paces[k].fitted).map((k) => [k, drawnLaw(paces[k], 1)]));

type PooledPaces = {
  readonly paces: Record<PaceKey, FittedPace>;
  readonly likelihoods: ReadonlyMap<string, Partial<Record<PaceKey, PaceLikelihood>>>;
  /** Per area (those whose runs are kept), per pace it informs: the effective number of runs behind its likelihood as pooled ({@link pooledEss}). */
  readonly ess: ReadonlyMap<string, Partial<Record<PaceKey, number>>>;
};
const pooledCache = new WeakMap<readonly AreaFit[], Map<string, PooledPaces>>();

function poolOnce(fits: readonly AreaFit[], likelihoods: ReadonlyMap<string, Partial<Record<PaceKey, PaceLikelihood>>>): Record<PaceKey, FittedPace> {
  return Object.fromEntries(
    PACE_KEYS.map((key) => {
      const informing = fits.filter((f) => f.likelihoods[key]);
      const areas = informing.map((f) => {
        const e = f.estimates[key]!;
        return { area: f.area, median: e.median, lower80: e.lower80, upper80: e.upper80 };
      });
      const r = REFERENCE_PRIORS[key];
      if (areas.length < 3) return [key, { fitted: false, center: r.center, sd: r.sd, tau: NaN, se: NaN, areas }];
      const p = poolLikelihoods(informing.map((f) => likelihoods.get(f.area)![key]!), r);
      return [key, { fitted: true, center: p.mean, sd: p.predictiveSd, mix: p.mix, tau: p.tau, se: p.se, areas }];
    }),
  ) as Record<PaceKey, FittedPace>;
}

/**
 * What the file keeps of an area's fit: its figures, and per pace its posterior under the reference prior and the
 * law its own pilot draws — its likelihood times the law a pilot without figures draws (a fitted pace: the pooled law,
 * sd times the spread factor, the empirical-Bayes estimate of the area's pace; a pace too few areas fit: the
 * reference prior, unscaled, so the area's posterior under it), as a normal of the same mean and sd — or, when the
 * pooled law is a mixture, as the mixture posterior ({@link posteriorLaw}). Until
 * 2026-12-04 10:05 a pace too few areas fit kept no law of the area's own, and its pilot ignored its own figures.
 */
function areaSummary(f: AreaFit, paces: Readonly<Record<PaceKey, FittedPace>>, likelihoods: Partial<Record<PaceKey, PaceLikelihood>>, spread: number, ess: Partial<Record<PaceKey, number>> = {}): FittedArea {
  const estimates = Object.fromEntries(
    PACE_KEYS.filter((k) => f.estimates[k]).map((k) => {
      const p = paces[k];
      const own = posteriorLaw(likelihoods[k] ?? f.likelihoods[k]!, drawnLaw(p, spread));
      return [k, { ...f.estimates[k]!, ...(ess[k] !== undefined && { pooledEss: ess[k] }), pilot: own }];
    }),
  );
  return { area: f.area, baseYear: f.baseYear, figures: f.figures, passes: f.passes, estimates };
}

/** φ of the paces' year-to-year variation: an assumption (only σ²(1 − ρ) is identified from two periods per area). */
export const PROCESS_PHI = 0.5;

/**
 * `urbsim fit-defaults`: everything data/observed/fitted-defaults.json holds —
 * the year-to-year variation of the paces ({@link yearlyVariation}),
 * every pilot's own estimates ({@link fitAreas}), the pooled paces the
 * generated pilots draw from ({@link poolPaces}) and the factor their sds are
 * drawn with, chosen by leaving one area out at a time ({@link fitSpread}),
 * the urbanization pace of each pilot with a resident rate before its base
 * year conditioned on it ({@link conditionOnHistory}; `history`), and the migrants' take-up of each pilot with its
 * own counts of migrants settled after its base year ({@link fitMigrantTakeUp}; `migrantTakeUp`).
 *
 * @example
 * const file = await fitDefaults(points, { observedFile: 'data/observed/observed.csv', runs: 4000, seed: 2014, dir });
 */
export async function fitDefaults(
  observed: readonly ObservedPoint[],
  o: { observedFile: string; command: string; runs: number; seed: number; dir: string; workers?: number; onArea?: (area: string) => void; ruralToTownForm?: 'share' | 'logit' },
): Promise<FittedDefaultsFile & { readonly areas: readonly FittedArea[]; readonly runs: number; readonly seed: number }> {
  // Before anything runs: a pre-base-year span no city could make is refused, an unusual one warned about.
  const spanWarnings = checkPreBaseSpans(observed);
  const variation = yearlyVariation(observed, o.seed);
  const { resident, registered } = variation;
  const process = withPaceForm(variation.process, o.ruralToTownForm);
  const fits = await fitAreas(observed, { ...o, process });
  o.onArea?.('spread of the pooled paces (leave one area out)');
  const spread = await fitSpread(fits, observed, { exclude: [], process, runs: o.runs, seed: o.seed, dir: o.dir, workers: o.workers });
  const { paces, likelihoods, ess } = pooledPaces(fits);
  const file = {
    command: o.command,
    observed: o.observedFile,
    runs: o.runs,
    seed: o.seed,
    process: { phi: resident.phi, stationarySd: resident.stationarySd, sigma: resident.sigma, pairs: resident.pairs.map((p) => ({ area: p.area, years: p.years, gains: p.gains, logRatio: p.logRatio, lines: p.lines })) },
    ...(registered.sigma !== undefined && {
      registeredProcess: {
        phi: registered.phi,
        stationarySd: registered.stationarySd!,
        sigma: registered.sigma,
        rule: registered.rule!,
        interval: registered.interval!,
        argmax: registered.argmax!,
        ...(process.conversionSigmas && { posterior: { prior: `half-normal, scale ${REFERENCE_PRIORS.hukou_conversion_rate.sd}`, stationarySds: registered.posterior!, sigmas: process.conversionSigmas } }),
        series: registered.series.map((x) => ({ area: x.area, years: x.years, lines: x.lines, ...(x.countBreak && { countBreak: x.countBreak }) })),
        profile: profileOf(registered),
        withoutArea: withoutArea(observed, o.seed, registered),
      },
    }),
    paces,
    ...(process.ruralToTownForm && { ruralToTownForm: process.ruralToTownForm }),
    spread: { factor: spread.spread, scores: spread.scores },
    areas: fits.map((f) => areaSummary(f, paces, likelihoods.get(f.area)!, spread.spread, ess.get(f.area))),
  };
  const warnings = [...spanWarnings, ...fewRuns(fits, ess, o.runs)];
  o.onArea?.('the urbanization pace of areas with a resident rate before their base year');
  const history = await historyOfPilots(observed, file, { runs: HISTORY_RUNS, seed: o.seed, dir: o.dir, workers: o.workers });
  const withHistory = { ...file, ...(history.length && { history }) };
  o.onArea?.('the migrants\' take-up of areas with their own counts of migrants settled');
  const migrantTakeUp = await takeUpOfPilots(observed, withHistory, { runs: TAKE_UP_RUNS, seed: o.seed, dir: o.dir, workers: o.workers, onWarning: (w) => warnings.push(w) });
  return { ...withHistory, ...(migrantTakeUp.length && { migrantTakeUp }), ...(warnings.length && { warnings }) };
}

/**
 * Per area whose registered series enters the conversion's σ: the σ values a run draws where the fit leaves that
 * area's figures out ({@link yearlyVariation} without it, as the area's cross-validation fold draws them; one value,
 * the urbanization pace's, where no other series remains). σ is common to every area: an answer weighed by the area's
 * own figures must start from what the others say of it, or its figures count twice — in σ's posterior and in the
 * weights (src/batch/ownWeighedRedrawn.ts).
 *
 * @example
 * withoutArea(points, 2014, yearlyVariation(points, 2014).registered).weihai.sigmas; // 8 values, fitted without Weihai 2013/2015
 */
export function withoutArea(observed: readonly ObservedPoint[], seed: number, registered: RegisteredVariation): Record<string, { sigmas: readonly number[]; profile?: SdProfile }> {
  const areas = [...new Set(registered.series.map((x) => x.area))];
  return Object.fromEntries(
    areas.map((area) => {
      const { process, registered: without } = yearlyVariation(observed, seed, area);
      return [area, { sigmas: process.conversionSigmas ?? [process.sigma], ...(without.profile.length && { profile: profileOf(without) }) }];
    }),
  );
}

/** A fit's profile log-likelihood of the stationary sd as the file keeps it: the grid and the values, relative to the maximum. */
const profileOf = (r: RegisteredVariation): SdProfile => ({ s: r.profile.map((p) => p.s), logLik: r.profile.map((p) => p.logLik) });

/** An area's estimate of a pace on fewer than {@link SMALL_FIT_ESS} effective runs: under the reference prior (`own`), or as pooled (`pooled`). */
export interface ThinEstimate {
  readonly fit: AreaFit;
  readonly key: PaceKey;
  readonly own: number;
  readonly pooled?: number;
}

/**
 * The areas' estimates of a pace that rest on fewer than {@link SMALL_FIT_ESS} effective runs, under the reference
 * prior (the estimate's `ess`) or as pooled (`pooledOf`: {@link pooledEss} where the area is pooled, the fewest when
 * it is pooled several times; undefined where it is not): what `fit-defaults` and the cross-validation warn about.
 *
 * @example
 * thinEstimates(fits, (area, key) => ess.get(area)?.[key]).map((t) => `${t.fit.area} ${t.key}`); // ['dongguan local_settle_rate']
 */
export function thinEstimates(fits: readonly AreaFit[], pooledOf: (area: string, key: PaceKey) => number | undefined): ThinEstimate[] {
  return fits.flatMap((fit) =>
    PACE_KEYS.filter((k) => fit.estimates[k]).flatMap((key) => {
      const own = fit.estimates[key]!.ess;
      const pooled = pooledOf(fit.area, key);
      return own < SMALL_FIT_ESS || (pooled !== undefined && pooled < SMALL_FIT_ESS) ? [{ fit, key, own, ...(pooled !== undefined && { pooled }) }] : [];
    }),
  );
}

/** The runs an area's fit weighed, for a warning: `of 6,000 runs in 3 passes`. */
export const runsInPasses = (runs: number, passes: number): string => `of ${runsText(runs * passes)} in ${passes} pass${passes === 1 ? '' : 'es'}`;

/**
 * {@link thinEstimates} of a fit, one warning line each: `runs` is the runs of a pass, for the advice.
 *
 * @example
 * fewRuns(fits, ess, 2000); // ['dongguan local_settle_rate: 16 effective runs under the reference prior, 5 as pooled (of 6,000 runs in 3 passes; under 50: raise --runs)']
 */
export function fewRuns(fits: readonly AreaFit[], ess: ReadonlyMap<string, Partial<Record<PaceKey, number>>>, runs: number): string[] {
  return thinEstimates(fits, (area, key) => ess.get(area)?.[key]).map(
    ({ fit, key, own, pooled }) =>
      `${fit.area} ${key}: ${runsText(own, 'effective')} under the reference prior${pooled === undefined ? '' : `, ${Math.round(pooled).toLocaleString('en')} as pooled`} (${runsInPasses(runs, fit.passes)}; under ${SMALL_FIT_ESS}: raise --runs)`,
  );
}

/**
 * Every pilot with its own counts of migrants settled after its base year, its migrants' take-up updated with them
 * ({@link fitMigrantTakeUp}), its pilot as shipped under `file` (pooled and own laws, history included). After the
 * pooling, the spread factor and the history, and read by nothing of theirs: no pooled law, no other pilot and no
 * cross-validation fold (whose pilots draw `foldDefaults`) moves with it.
 */
async function takeUpOfPilots(
  observed: readonly ObservedPoint[],
  file: FittedDefaultsFile,
  o: { runs: number; seed: number; dir: string; workers?: number; onWarning?: (warning: string) => void },
): Promise<FittedTakeUp[]> {
  const out: FittedTakeUp[] = [];
  for (const a of loadAreas()) {
    const base = a.pilotGroup === '' ? undefined : cityFacts(a.id).baseYear;
    if (base === undefined || !observed.some((p) => p.area === a.id && p.metric === 'settled_migrants' && p.year > base)) continue;
    const t = await fitMigrantTakeUp(a.id, observed, shippedPilotDefaults(a.id, file), o);
    if (t) out.push(t);
  }
  return out;
}

/**
 * Every pilot with a resident rate before its base year, its urbanization pace conditioned on it
 * ({@link conditionOnHistory}), starting from the law its pilot draws under `file` (the pooled law, updated with
 * its figures after the base year where it has some).
 */
async function historyOfPilots(observed: readonly ObservedPoint[], file: FittedDefaultsFile, o: { runs: number; seed: number; dir: string; workers?: number }): Promise<FittedHistory[]> {
  const out: FittedHistory[] = [];
  for (const a of loadAreas()) {
    const base = a.pilotGroup === '' ? undefined : cityFacts(a.id).baseYear;
    if (base === undefined || !preBaseSpan(observed, a.id, base)) continue;
    const { history } = await conditionOnHistory(a.id, observed, shippedPilotDefaults(a.id, file), o);
    if (history) out.push(history);
  }
  return out;
}
