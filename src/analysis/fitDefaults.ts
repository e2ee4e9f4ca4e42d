import { mkdirSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomicWrite.ts';
import { join } from 'node:path';
import { cityFacts, loadAreas } from '../data/areas.ts';
import type { FittedDefaultsFile, FittedPace } from '../data/fittedDefaults.ts';
import type { ObservedPoint } from '../io/readObserved.ts';
import { runMonteCarlo } from '../montecarlo/runMonteCarlo.ts';
import { loadScenario } from '../scenario/loadScenario.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { withMonteCarlo } from '../scenario/withMonteCarlo.ts';
import { PACE_KEYS, PACE_SCALE, type PaceKey, type PacePrior, type PilotDefaults, REFERENCE_PRIORS } from '../batch/pilotDefaults.ts';
import { pilotScenarioYaml } from '../batch/pilotScenarioYaml.ts';
import { effectiveSampleSize } from './abc.ts';
import { observationError, onScale } from './observationError.ts';
import { type AreaEstimate, pool } from './poolEstimates.ts';
import { processVariation } from './processVariation.ts';
import { type PointUse, selectObserved } from './selectObserved.ts';
import { fitSpread } from './spreadFactor.ts';
import { simulatedAtPoints } from './simulatedAtPoints.ts';

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
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${area}.yaml`);
  writeFileAtomic(file, yaml);
  const s = loadScenario(file);
  if (end === undefined || end >= s.years.end) return s;
  // Only as far as the figures go: the runs need no later years (the plan's targets lie there).
  return { ...s, years: { start: s.years.start, end }, targets: s.targets.filter((t) => t.year <= end), settlementPlan: s.settlementPlan?.filter((p) => p.year <= end) };
}

/** What one area's own figures say about each pace. */
export interface AreaFit {
  readonly area: string;
  readonly baseYear: number;
  /** The figures fitted, as `metric year (file:line)`. */
  readonly figures: readonly string[];
  readonly runs: number;
  /** Per pace on its scale: the area's likelihood as a normal (reference prior divided out), with the effective number of runs behind it; absent where its figures say little. */
  readonly estimates: Readonly<Partial<Record<PaceKey, { readonly estimate: number; readonly se: number; readonly ess: number }>>>;
}

/**
 * Which figures inform which pace: the resident rate (and urban residents) the
 * urbanization pace, the registry's counts of people (registered population,
 * people settled) the settlement take-up, the registered rate (and urban
 * registered people) the hukou conversion in place, the populations of
 * residents and migrants net migration. Each figure informs one pace, so a
 * figure the model cannot reach on one side does not move the estimate of
 * another, and no figure is counted twice: the registered rate, which take-up,
 * conversion and the unification break all move, is read as conversion (in most
 * cities the baseline holds too few rural-hukou town dwellers for take-up to
 * move it; src/model/README.md, "Sources of uncertainty").
 */
const INFORMS: Readonly<Record<PaceKey, ReadonlySet<string>>> = {
  rural_to_town_rate: new Set(['resident_rate', 'urban_resident_pop']),
  local_settle_rate: new Set(['registered_pop', 'settled', 'settled_local', 'settled_migrants']),
  net_migration: new Set(['resident_pop', 'migrant_pop']),
  hukou_conversion_rate: new Set(['registered_rate', 'urban_registered_pop']),
};

/** A likelihood broader than twice the reference prior tells nothing the prior did not: that pace is left out for the area. */
const UNINFORMATIVE = 2;
/** Passes of adaptive importance sampling, and the effective number of runs that ends them early. */
const PASSES = 3;
const ENOUGH_ESS = 300;

const logNormal = (x: number, center: number, sd: number) => -0.5 * ((x - center) / sd) ** 2 - Math.log(sd);

/** Year-to-year variation the fit's runs carry: the σ and φ a projection of the area would carry. */
export type FitProcess = { readonly sigma: number; readonly phi: number };

/**
 * Fit one pilot's paces to its own figures after its base year: run its
 * generated scenario up to its last figure, with the year-to-year variation
 * `process` a projection carries, and weigh the runs by the figures'
 * observation errors by caliber ({@link observationError}), the wide
 * reference priors ({@link REFERENCE_PRIORS}) being the prior. Each pace is
 * weighed by the figures that measure it ({@link INFORMS}). Precise figures
 * leave few runs of a wide prior with weight, so the runs are drawn
 * adaptively (population Monte Carlo): each pass draws each pace from a normal
 * on its scale centred on the last pass's posterior with 1.5 times its sd, and
 * weighs by likelihood × prior / proposal, until every pace's effective
 * sample size reaches 300 (at most three passes). A pace's weighted mean and
 * sd on its scale, with the normal reference prior divided out, give the
 * area's likelihood as a normal (estimate, se): what pooling across areas
 * needs. Undefined when the area has no generated scenario or no later figure.
 *
 * @example
 * const fit = await fitArea('jinchang', points, { runs: 4000, seed: 2014, dir, process: { sigma: 0.37, phi: 0.5 } });
 * fit.estimates.rural_to_town_rate; // { estimate: −3.4, se: 0.3, ess: … } (logit)
 */
export async function fitArea(
  area: string,
  observed: readonly ObservedPoint[],
  o: { runs: number; seed: number; dir: string; process: FitProcess; workers?: number },
): Promise<AreaFit | undefined> {
  const defaults = (paces: Record<PaceKey, PacePrior>): PilotDefaults => ({ paces, process: { ...o.process, note: 'year-to-year variation of the fit' } });
  const probe = pilotScenario(area, defaults(REFERENCE_PRIORS), o.dir);
  if (!probe) return undefined;
  const figures = laterFigures(probe, observed, area);
  if (figures.length === 0) return undefined;
  const end = Math.max(...figures.map((u) => u.point.year));
  const points = figures.map((u) => u.point);
  const errors = points.map((p) => observationError(p));
  const y = points.map((p, j) => onScale(p.value, errors[j].scale));
  const informing = PACE_KEYS.map((k) => points.map((p, j) => (INFORMS[k].has(p.metric) ? j : -1)).filter((j) => j >= 0));
  let proposal: Record<PaceKey, PacePrior> = { ...REFERENCE_PRIORS };
  const posterior = new Map<PaceKey, { mean: number; sd: number; ess: number }>();
  for (let pass = 0; pass < PASSES; pass++) {
    if (pass > 0) {
      if (PACE_KEYS.every((k, i) => informing[i].length === 0 || posterior.get(k)!.ess >= ENOUGH_ESS)) break;
      proposal = Object.fromEntries(
        PACE_KEYS.map((k) => {
          const p = posterior.get(k);
          return [k, p ? { center: p.mean, sd: Math.min(REFERENCE_PRIORS[k].sd, 1.5 * p.sd), note: 'proposal of the fit' } : REFERENCE_PRIORS[k]];
        }),
      ) as Record<PaceKey, PacePrior>;
    }
    // Each pass its own seed: fresh draws, the same on every machine.
    const scenario = withMonteCarlo(pilotScenario(area, defaults(proposal), o.dir, end)!, { runs: o.runs, seed: o.seed + pass });
    const result = await runMonteCarlo(scenario, { workers: o.workers });
    const sim = simulatedAtPoints(result, points);
    const m = points.length;
    const k = result.sampledNames.length;
    const z = PACE_KEYS.map((key) => {
      const i = result.sampledNames.indexOf(key);
      return Float64Array.from({ length: o.runs }, (_, r) => {
        const v = result.sampled[r * k + i];
        return PACE_SCALE[key] === 'logit' ? Math.log(v / (1 - v)) : v;
      });
    });
    // Every run was drawn from the proposal for all paces at once: its prior / proposal ratio enters every pace's weights.
    const ratio = Float64Array.from({ length: o.runs }, (_, r) =>
      PACE_KEYS.reduce((l, key, i) => l + logNormal(z[i][r], REFERENCE_PRIORS[key].center, REFERENCE_PRIORS[key].sd) - logNormal(z[i][r], proposal[key].center, proposal[key].sd), 0),
    );
    PACE_KEYS.forEach((key, i) => {
      if (informing[i].length === 0) return;
      const logW = Float64Array.from({ length: o.runs }, (_, r) => {
        let l = ratio[r];
        for (const j of informing[i]) l -= 0.5 * ((onScale(sim[r * m + j], errors[j].scale) - y[j]) / errors[j].sd) ** 2;
        return Number.isNaN(l) ? -Infinity : l;
      });
      const top = Math.max(...logW);
      const w = logW.map((l) => Math.exp(l - top));
      let total = 0;
      for (const x of w) total += x;
      let mean = 0;
      for (let r = 0; r < o.runs; r++) mean += (w[r] * z[i][r]) / total;
      let variance = 0;
      for (let r = 0; r < o.runs; r++) variance += (w[r] * (z[i][r] - mean) ** 2) / total;
      posterior.set(key, { mean, sd: Math.sqrt(variance), ess: effectiveSampleSize(w) });
    });
  }
  const estimates: Partial<Record<PaceKey, { estimate: number; se: number; ess: number }>> = {};
  for (const [key, { mean, sd, ess }] of posterior) {
    const prior = REFERENCE_PRIORS[key];
    // Posterior ∝ likelihood × N(center, sd²): the likelihood's precision is the posterior's less the prior's.
    const precision = 1 / sd ** 2 - 1 / prior.sd ** 2;
    if (!(precision > 1 / (UNINFORMATIVE * prior.sd) ** 2)) continue;
    estimates[key] = { estimate: (mean / sd ** 2 - prior.center / prior.sd ** 2) / precision, se: Math.sqrt(1 / precision), ess };
  }
  return { area, baseYear: probe.years.start, figures: points.map((p) => `${p.metric} ${p.year} (${p.file.split('/').at(-1)}:${p.line})`), runs: o.runs, estimates };
}

/**
 * Every pilot with figures after its base year, fitted one by one ({@link fitArea}).
 *
 * @example
 * const fits = await fitAreas(points, { runs: 4000, seed: 2014, dir, process: { sigma: 0.37, phi: 0.5 } });
 */
export async function fitAreas(
  observed: readonly ObservedPoint[],
  o: { runs: number; seed: number; dir: string; process: FitProcess; workers?: number; onArea?: (area: string) => void },
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
  return fits;
}

/**
 * Each pace's law for a new area from the areas' own estimates ({@link pool}, a
 * normal hierarchical model whose between-area sd has a half-normal prior
 * scaled like the pace's reference prior),
 * leaving out the areas `exclude` (the area a cross-validation fold predicts). A pace
 * fewer than three areas inform keeps the reference prior, marked not fitted.
 *
 * @example
 * poolPaces(fits, ['dalian']).local_settle_rate; // { fitted: true, center: …, sd: …, areas: [5 areas] }
 */
export function poolPaces(fits: readonly AreaFit[], exclude: readonly string[] = []): Record<PaceKey, FittedPace> {
  return Object.fromEntries(
    PACE_KEYS.map((key) => {
      const areas: AreaEstimate[] = fits.filter((f) => !exclude.includes(f.area) && f.estimates[key]).map((f) => ({ area: f.area, estimate: f.estimates[key]!.estimate, se: f.estimates[key]!.se }));
      const r = REFERENCE_PRIORS[key];
      if (areas.length < 3) return [key, { fitted: false, center: r.center, sd: r.sd, tau: NaN, se: NaN, areas }];
      // The reference prior's sd is the scale of τ's half-normal prior: areas may differ by about as much as it allows.
      const p = pool(areas, r.sd);
      return [key, { fitted: true, center: p.mean, sd: p.predictiveSd, tau: p.tau, se: p.se, areas }];
    }),
  ) as Record<PaceKey, FittedPace>;
}

/** φ of the paces' year-to-year variation: an assumption (only σ²(1 − ρ) is identified from two periods per area). */
export const PROCESS_PHI = 0.5;

/**
 * `urbsim fit-defaults`: everything data/observed/fitted-defaults.json holds —
 * the year-to-year variation of the urbanization pace ({@link processVariation}),
 * every pilot's own estimates ({@link fitAreas}), the pooled paces the
 * generated pilots draw from ({@link poolPaces}) and the factor their sds are
 * drawn with, chosen by leaving one area out at a time ({@link fitSpread}).
 *
 * @example
 * const file = await fitDefaults(points, { observedFile: 'data/observed/observed.csv', runs: 4000, seed: 2014, dir });
 */
export async function fitDefaults(
  observed: readonly ObservedPoint[],
  o: { observedFile: string; command: string; runs: number; seed: number; dir: string; workers?: number; onArea?: (area: string) => void },
): Promise<FittedDefaultsFile & { readonly areas: readonly AreaFit[]; readonly runs: number; readonly seed: number }> {
  const process = processVariation(observed, PROCESS_PHI);
  const fits = await fitAreas(observed, { ...o, process });
  o.onArea?.('spread of the pooled paces (leave one area out)');
  const spread = await fitSpread(fits, observed, { exclude: [], process, runs: o.runs, seed: o.seed, dir: o.dir, workers: o.workers });
  return {
    command: o.command,
    observed: o.observedFile,
    runs: o.runs,
    seed: o.seed,
    process: { phi: process.phi, stationarySd: process.stationarySd, sigma: process.sigma, pairs: process.pairs.map((p) => ({ area: p.area, years: p.years, gains: p.gains, logRatio: p.logRatio, lines: p.lines })) },
    paces: poolPaces(fits),
    spread: { factor: spread.spread, scores: spread.scores },
    areas: fits,
  };
}
