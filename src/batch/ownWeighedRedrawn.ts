import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Piscina } from 'piscina';
import { HISTORY_RUNS, conditionOnHistory } from '../analysis/conditionOnHistory.ts';
import { independentFigures } from '../analysis/independentFigures.ts';
import { type FittedDefaultsFile, type SdProfile, fittedDefaults } from '../data/fittedDefaults.ts';
import { laterFigures } from '../analysis/fitDefaults.ts';
import type { ObservedPoint } from '../io/readObserved.ts';
import { MemoryError } from '../montecarlo/memoryNeed.ts';
import { runMonteCarlo } from '../montecarlo/runMonteCarlo.ts';
import { drawnProcessSigmas } from '../montecarlo/runSampler.ts';
import { sdPosteriorMasses } from '../analysis/sdPosterior.ts';
import type { ParameterKey } from '../scenario/parameterKeys.ts';
import type { DistSpec, ResolvedScenario } from '../scenario/resolved.ts';
import { withMonteCarlo } from '../scenario/withMonteCarlo.ts';
import { defensiveMixture, importanceRatios, isMixableLaw, mixtureYaml } from './defensiveMixture.ts';
import { type IndependentLaw, independentLaws } from './independentLaws.ts';
import { type OwnWeighed, weighTargets } from './ownFigures.ts';
import { REFERENCE_PRIORS, figuresInLaws, shippedPilotDefaults } from './pilotDefaults.ts';
import { REDRAWN_MAX_RUNS, REDRAWN_RUNS_PER_RUN } from '../report/batchMarks.ts';

/**
 * A scenario's targets weighed by all its area's own figures after its base year, where its laws were fitted to some
 * of them (a generated pilot's paces updated with its own figures, data/observed/fitted-defaults.json; {@link
 * figuresInLaws}). Such a pilot conditions its paces on the figures but draws each year's path afresh from the base
 * year, so its runs ignore where the area stood at its last figure; weighing those runs would count the figures
 * twice. Instead the scenario is run again — `runs` runs, its own seed — with those laws' prior the law an area
 * without these figures draws ({@link independentLaws}: the pooled laws; an urbanization pace the pilot also conditions
 * on the area's resident rates before its base year, the pooled law conditioned on those alone), and these runs are
 * weighed by every figure as `urbsim calibrate` weighs them ({@link weighTargets}): paces and path both conditioned,
 * each figure counted once. So is the conversion's yearly σ, where the scenario draws it from the posterior fitted with
 * the area's own registered series: its prior the one fitted without them, on the fit's grid ({@link
 * sigmaLawsWithout}). Half the runs' laws are drawn from the prior, half from the scenario's own — σ's from the one
 * fitted with the series, on the same grid — ({@link defensiveProposal}), each run weighed back to the prior: the same
 * answer, from about three times the effective runs.
 * `file` is the scenario's file: the second scenario is a file extending it (written to a temporary folder, read by
 * `load`, removed). Where `more` asks for more runs after the first draw, they are drawn once more with the same
 * laws; memory that cannot hold them leaves the first draw's answer (`onRefused`). Undefined when no law of the scenario was fitted to the figures, or one of them is a law no
 * generated pilot writes (then {@link ownWeighedTargets} weighs its own runs, without the figures in its laws), or
 * when it has no targets, no area or no such figure.
 *
 * @example
 * const w = await ownWeighedRedrawn('scenarios/pilots/weihai.yaml', s, shippedObserved(), { runs: 40_000, load: loadScenario });
 * w?.redrawn; // { keys: ['rural_to_town_rate', 'hukou_conversion_rate'], runs: 40000 }
 */
export async function ownWeighedRedrawn(
  file: string,
  s: ResolvedScenario,
  observed: readonly ObservedPoint[],
  o: {
    readonly runs: number;
    readonly load: (file: string) => ResolvedScenario;
    readonly workers?: number;
    readonly pool?: Piscina;
    /** The runs done of each draw, counted from 0 again in the second (and in the history's, before them). */
    readonly onProgress?: (done: number, total: number) => void;
    /** Before the runs conditioning the pooled pace on the area's history ({@link pooledWithHistory}), when there are any. */
    readonly onHistory?: (runs: number) => void;
    /** Before each draw, which takes many times the scenario's time: with `effective`, the first draw's, before a second. */
    readonly onStart?: (runs: number, effective?: number) => void;
    /** How many runs to draw once more, given the first draw's answer; nothing more when not above `runs`. */
    readonly more?: (first: OwnWeighed) => number;
    /** Memory could not hold the second draw's `runs`: the answer is the first draw's, of `kept` runs. */
    readonly onRefused?: (e: { runs: number; kept: number; effective: number }) => void;
  },
): Promise<OwnWeighed | undefined> {
  const redraw = toRedraw(s, observed);
  if (!redraw) return undefined;
  const { area, points, keys, sigma } = redraw;
  const dir = mkdtempSync(join(tmpdir(), 'urbsim-redrawn-'));
  try {
    // The laws once (conditioning a pace on the area's history is a Monte Carlo fit of its own), for every draw.
    const drawnLaws = independentLaws(keys, await pooledWithHistory(area, keys, observed, { dir, workers: o.workers, pool: o.pool, onStart: o.onHistory, onProgress: o.onProgress }));
    const laws = sigma ? [...drawnLaws, sigmaLaw(sigma.prior)] : drawnLaws;
    const proposal = defensiveProposal(file, s, laws, dir, o.load, sigma?.fitted);
    const drawn = async (runs: number): Promise<OwnWeighed> => {
      // Named as the scenario, which its messages (memory, draws) are about: not after the temporary file.
      const scenario = { ...withMonteCarlo(extension(file, proposal.laws, dir, o.load), { runs, seed: s.monteCarlo.seed }), name: s.name };
      const result = await runMonteCarlo(scenario, { workers: o.workers, pool: o.pool, onProgress: o.onProgress, memoryAdvice: secondRunsAdvice });
      const ratios = proposal.ratios.size ? importanceRatios(result.sampled, result.sampledNames, proposal.ratios) : undefined;
      // σ is drawn within the run, not a sampled column: its ratio from the σ each run drew.
      const sigmaRatios = proposal.sigma && importanceRatios(drawnProcessSigmas(scenario, 'hukou_conversion_rate', runs)!, [CONVERSION_SIGMA_KEY], new Map([[CONVERSION_SIGMA_KEY, proposal.sigma]]));
      return { figures: points, inLaws: [], redrawn: { keys: laws.map((l) => l.key), runs }, ...weighTargets(s, result, points, observed, product(ratios, sigmaRatios)) };
    };
    o.onStart?.(o.runs);
    const first = await drawn(o.runs);
    const more = o.more?.(first) ?? 0;
    if (more <= o.runs) return first;
    o.onStart?.(more, first.kishRuns);
    // Only memory: any other problem of the second draw stops the caller as it would the first.
    return await drawn(more).catch((e) => {
      if (!(e instanceof MemoryError)) throw e;
      o.onRefused?.({ runs: more, kept: o.runs, effective: first.kishRuns });
      return { ...first, redrawn: { ...first.redrawn!, refused: more } };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What {@link ownWeighedRedrawn} draws again and weighs by, when it does: the scenario's figures after its base year
 * and the keys of its laws fitted to some of them. Undefined when the answer is its own runs weighed instead: no
 * targets, no area, no law fitted to the figures, or one of them a law no generated pilot writes (drawn as an area
 * without the figures draws it, it would count the ones it was fitted to twice). `urbsim run`, which weighs its own
 * runs, keeps its answer as the batch's only when this is undefined.
 *
 * @example
 * toRedraw(loadScenario('scenarios/pilots/weihai.yaml'), shippedObserved())?.keys; // ['rural_to_town_rate', 'hukou_conversion_rate']
 * toRedraw(loadScenario('scenarios/pilots/weihai.yaml'), shippedObserved())?.sigma?.prior.values.length; // 101: σ fitted without Weihai, on the fit's grid
 */
export function toRedraw(
  s: ResolvedScenario,
  observed: readonly ObservedPoint[],
  file: FittedDefaultsFile = fittedDefaults(),
): { area: string; points: ObservedPoint[]; keys: readonly string[]; sigma?: SigmaLaws } | undefined {
  if (!s.city || s.targets.length === 0) return undefined;
  const points = independentFigures(laterFigures(s, observed, s.city)).kept.map((u) => u.point);
  const { keys } = figuresInLaws(s, s.city, points);
  if (keys.length === 0 || independentLaws(keys).length < keys.length) return undefined;
  const sigma = sigmaLawsWithout(s, s.city, file);
  return { area: s.city, points, keys, ...(sigma && { sigma }) };
}

/** The conversion's σ a weighed answer draws ({@link sigmaLawsWithout}). */
export interface SigmaLaws {
  /** The law an area without its own registered series draws: its prior. */
  readonly prior: ChoiceLaw;
  /** The law fitted with them, on the same values, that half the runs draw σ from (absent: the prior alone). */
  readonly fitted?: ChoiceLaw;
}

type ChoiceLaw = Extract<DistSpec, { dist: 'choice' }>;

/**
 * The conversion's yearly σ an answer weighed by the area's own figures draws, where the scenario draws σ fitted with
 * them ({@link sigmasWithout}): the posterior fitted without them, on the fit's grid of the stationary sd s (σ = s·√(1
 * − φ²), each value with its probability, {@link sdPosteriorMasses}), and the one fitted with them on the same grid —
 * not their 8 equal-odds values: weighing multiplies the law by the figures' likelihood, which grows where an area's
 * series is lumpy (Shijiazhuang's 0.09 then 3.09 points) towards the tail the last of 8 values stands for. Without the
 * fits' profiles (a file written before 2026-12-06) the 8 values fitted without the area, drawn alone.
 *
 * @example
 * sigmaLawsWithout(loadScenario('scenarios/pilots/weihai.yaml'), 'weihai')?.prior.values.length; // 101: the grid 0, 0.05, … 5 of s
 */
export function sigmaLawsWithout(s: Pick<ResolvedScenario, 'uncertainty'>, area: string, file: FittedDefaultsFile = fittedDefaults()): SigmaLaws | undefined {
  const sigmas = sigmasWithout(s, area, file);
  if (!sigmas) return undefined;
  const fit = file.registeredProcess!;
  const without = fit.withoutArea![area].profile;
  if (!without || !fit.profile) return { prior: { dist: 'choice', values: [...sigmas], weights: sigmas.map(() => 1) } };
  const law = (p: SdProfile): ChoiceLaw => ({
    dist: 'choice',
    // To 12 digits, as the file the runs draw from writes them: the two laws then load on the very same values.
    values: p.s.map((x) => Number((x * Math.sqrt(1 - fit.phi * fit.phi)).toPrecision(12))),
    weights: sdPosteriorMasses(p.s.map((x, i) => ({ s: x, logLik: p.logLik[i] })), REFERENCE_PRIORS.hukou_conversion_rate.sd),
  });
  return { prior: law(without), fitted: law(fit.profile) };
}

/** Run by run, the product of two runs' ratios, either of which may be absent (1). */
const product = (a?: Float64Array, b?: Float64Array): Float64Array | undefined => (a && b ? a.map((x, i) => x * b[i]) : (a ?? b));

/** The key under which the redrawn conversion σ is named (weighed.json's `redrawn.keys`): its place in a scenario. */
export const CONVERSION_SIGMA_KEY = 'uncertainty.process.hukou_conversion_rate.sigma';

/**
 * The conversion's yearly σ values an area without its own registered series draws (fitted-defaults.json
 * `registeredProcess.withoutArea`), where the scenario draws σ from the shipped posterior, fitted with them (its
 * values as written, to 3 or 4 significant digits): weighed by the area's figures, that σ would count them twice.
 * Undefined where the area's figures are not in σ's fit or the scenario sets a σ of its own.
 *
 * @example
 * sigmasWithout(loadScenario('scenarios/pilots/weihai.yaml'), 'weihai'); // 8 values, fitted without Weihai 2013/2015
 */
export function sigmasWithout(s: Pick<ResolvedScenario, 'uncertainty'>, area: string, file: FittedDefaultsFile = fittedDefaults()): readonly number[] | undefined {
  const without = file.registeredProcess?.withoutArea?.[area]?.sigmas;
  const shipped = file.registeredProcess?.posterior?.sigmas;
  const drawn = s.uncertainty?.process.hukou_conversion_rate?.sigma;
  if (!without || !shipped || typeof drawn === 'number' || drawn?.dist !== 'choice' || drawn.values.length !== shipped.length) return undefined;
  // A pilot writes 3 significant digits (pilotScenarioYaml), a curated scenario's defaults 4 (uncertaintyDefaults).
  const written = (v: number, i: number) => v === Number(shipped[i].toPrecision(3)) || v === Number(shipped[i].toPrecision(4));
  return drawn.values.every(written) ? without : undefined;
}

/**
 * Where a scenario's own runs are weighed by its area's figures (not drawn again: no law of it was fitted to them) and
 * one of those figures is a registered rate of the series the conversion's σ was fitted with: that series and the σ
 * values fitted without it ({@link sigmasWithout}) — the figure counts twice there, in σ's draw and in the weights.
 * Undefined otherwise.
 *
 * @example
 * sigmaCountedTwice(loadScenario('scenarios/dalian.yaml'), [dalianRegistered2015]); // { years: [2010, 2015], sigmas: [0.363, …, 2.38] }
 */
export function sigmaCountedTwice(s: Pick<ResolvedScenario, 'uncertainty' | 'city'>, figures: readonly Pick<ObservedPoint, 'metric' | 'year'>[], file: FittedDefaultsFile = fittedDefaults()): { years: readonly number[]; sigmas: readonly number[] } | undefined {
  const sigmas = s.city ? sigmasWithout(s, s.city, file) : undefined;
  const series = file.registeredProcess?.series.filter((x) => x.area === s.city) ?? [];
  const hit = series.find((x) => figures.some((f) => f.metric === 'registered_rate' && x.years.includes(f.year)));
  return sigmas && hit ? { years: hit.years, sigmas } : undefined;
}

/** The redrawn σ as a law under `uncertainty.process` (φ kept from the scenario). */
const sigmaLaw = (law: ChoiceLaw): IndependentLaw => ({ key: CONVERSION_SIGMA_KEY, section: 'process', line: lawLine(CONVERSION_SIGMA_KEY, mixtureYaml(law)) });

/**
 * The laws an area without figures after its base year draws — the pooled ones —, but for an urbanization pace its
 * pilot conditions on the area's resident rates before its base year (data/observed/fitted-defaults.json `history`):
 * the pooled law conditioned on those alone, as `urbsim fit-defaults` conditions it ({@link conditionOnHistory}, its
 * runs and seed). No run reaches back before the base year, so weighing cannot take those figures' word: the law keeps it.
 */
async function pooledWithHistory(
  area: string,
  keys: readonly string[],
  observed: readonly ObservedPoint[],
  o: { dir: string; workers?: number; pool?: Piscina; onStart?: (runs: number) => void; onProgress?: (done: number, total: number) => void },
) {
  const pooled = shippedPilotDefaults();
  const file = fittedDefaults();
  if (!keys.includes('rural_to_town_rate') || !file.history?.some((h) => h.area === area)) return pooled;
  return (await conditionOnHistory(area, observed, pooled, { ...o, runs: HISTORY_RUNS, seed: file.seed, dir: join(o.dir, 'history') })).defaults;
}

/**
 * The laws the second runs are drawn from. Each refitted law is drawn from its prior p (as an area without the
 * figures draws it) mixed half and half with the scenario's own law q, fitted to those figures ({@link
 * defensiveMixture}); weighed back by p/m (`ratios`, the laws as loaded from the file the runs draw from), the runs'
 * posterior is the prior's, while half of them start where the figures point, which the prior's draws seldom do
 * (Shijiazhuang's: 59 effective runs of 40,000 from p alone, 177 from the mixture). The conversion's σ, drawn within
 * the run, is mixed with `sigmaFitted` (its q, on p's values) and weighed back by `sigma`, from the σ each run drew. A
 * law whose p and q are not both logit-normal or both normal (or mixtures of them), or choices among the same values,
 * is drawn from p alone.
 */
function defensiveProposal(file: string, s: ResolvedScenario, laws: readonly IndependentLaw[], dir: string, load: (file: string) => ResolvedScenario, sigmaFitted?: ChoiceLaw) {
  const prior = extension(file, laws, dir, load);
  // σ's own law is q only where it is on the prior's values: the scenario's 8 values are not.
  const mixed = laws.map((law) => ({ law, mix: defensiveMixture(lawOf(prior, law.key), law.key === CONVERSION_SIGMA_KEY ? sigmaFitted : lawOf(s, law.key)) }));
  if (!mixed.some((x) => x.mix)) return { laws, ratios: new Map() };
  const drawn = mixed.map(({ law, mix }) => (mix ? { ...law, line: lawLine(law.key, mixtureYaml(mix)) } : law));
  const scenario = extension(file, drawn, dir, load);
  const pairs = mixed.flatMap(({ law, mix }) => {
    const p = lawOf(prior, law.key);
    const m = lawOf(scenario, law.key);
    return mix && isMixableLaw(p) && isMixableLaw(m) ? [[law.key, { prior: p, proposal: m }] as const] : [];
  });
  return { laws: drawn, ratios: new Map(pairs.filter(([key]) => key !== CONVERSION_SIGMA_KEY)), sigma: pairs.find(([key]) => key === CONVERSION_SIGMA_KEY)?.[1] };
}

/** A key's law in a scenario, whether it is a variable, a parameter or the conversion's σ; undefined when it is not drawn. */
function lawOf(r: ResolvedScenario, key: string): DistSpec | undefined {
  if (key === CONVERSION_SIGMA_KEY) {
    const sigma = r.uncertainty?.process.hukou_conversion_rate?.sigma;
    return typeof sigma === 'object' ? sigma : undefined;
  }
  const v = r.variables[key] ?? r.parameters[key as ParameterKey];
  return v?.kind === 'dist' ? v.spec : undefined;
}

/** A law's line in the file extending the scenario, under its section. */
const lawLine = (key: string, yaml: string): string => (key === CONVERSION_SIGMA_KEY ? `hukou_conversion_rate: { sigma: ${yaml} }` : `${key}: ${yaml}`);

/** The scenario extending `file` with `laws`, written to `dir` and loaded. */
function extension(file: string, laws: readonly IndependentLaw[], dir: string, load: (file: string) => ResolvedScenario): ResolvedScenario {
  const sections = (['variables', 'parameters'] as const).flatMap((section) => {
    const lines = laws.filter((l) => l.section === section).map((l) => `  ${l.line}`);
    return lines.length ? [`${section}:`, ...lines] : [];
  });
  const process = laws.filter((l) => l.section === 'process').map((l) => `    ${l.line}`);
  if (process.length) sections.push('uncertainty:', '  process:', ...process);
  // JSON quoting: a path is a valid YAML string whatever it holds.
  const text = [`extends: ${JSON.stringify(resolve(file))}`, ...sections, ''].join('\n');
  writeFileSync(join(dir, 'redrawn.yaml'), text);
  return load(join(dir, 'redrawn.yaml'));
}

/** What to do when memory cannot hold the second runs: they are not split into shards; fewer runs make fewer of them. */
const secondRunsAdvice = (fit: number): string =>
  `these are the runs drawn again to weigh its targets by its own figures (${REDRAWN_RUNS_PER_RUN} times the batch's --runs, at most ${REDRAWN_MAX_RUNS.toLocaleString('en-US')}), held in one process: give the batch fewer --runs (at most about ${Math.max(1, Math.floor(fit / REDRAWN_RUNS_PER_RUN)).toLocaleString('en-US')}) or more memory`;
