import { type FittedDefaultsFile, type FittedPace, fittedDefaults } from '../data/fittedDefaults.ts';
import type { ValueSpec } from '../scenario/resolved.ts';
import { type ObservedPoint, periodText } from '../io/readObserved.ts';
import { stationaryDurations } from '../model/baseline.ts';
import { AGES, SEXES } from '../model/layout.ts';
import { DEFAULT_RETURN_HAZARD, YEARLY_DEFAULTS } from '../model/params.ts';
import { rogersCastro } from '../model/schedules.ts';
import { standardPyramid } from '../model/standards.ts';
import { scaledLaw } from '../analysis/paceLaw.ts';

/**
 * The paces a generated pilot draws from defaults rather than its own figures:
 * the yearly share of rural residents who become urban residents (moves to
 * town and reclassification of villages, which the data cannot tell apart),
 * the yearly settlement take-up of rural-hukou town dwellers, the yearly
 * net migration as a share of residents, and the yearly share of rural-hukou
 * locals whose hukou is converted where they live (农转非, 村改居 with the hukou).
 */
export const PACE_KEYS = ['rural_to_town_rate', 'local_settle_rate', 'net_migration', 'hukou_conversion_rate'] as const;
export type PaceKey = (typeof PACE_KEYS)[number];

/**
 * Which figures inform which pace: the resident rate (and urban residents) the
 * urbanization pace, people settled (all, or locals) the settlement take-up of
 * rural-hukou town dwellers, the registered rate (and urban registered people)
 * the hukou conversion in place, the populations of residents and migrants net
 * migration. Each figure informs one pace, so a figure the model cannot reach
 * on one side does not move the estimate of another, and no figure is counted
 * twice: the registered rate, which take-up, conversion and the unification
 * break all move, is read as conversion (in most cities the baseline holds too
 * few rural-hukou town dwellers for take-up to move it; src/model/README.md,
 * "Sources of uncertainty").
 *
 * The registered population and migrants settled inform no pace: local take-up
 * (`Ru → Uu`) moves no one into or out of the registry, and what does — migrants
 * settling (`settle_willingness` or `migrant_settle_rate` times the mode's
 * eligible share), registered births and deaths, and away locals giving up
 * the hukou (`hukouExitRate`, step 3; net migration below the migrants'
 * departures sends more locals away, a second-order pull) — is an assumption
 * of the pilots or a pace read from other figures, not a pace fitted here
 * from it. Until 2026-12-04 they informed the take-up, and Dongguan's 2015
 * registered population, which its runs miss by far, gave it an "estimate" of
 * take-up from 16 effective runs (importance-sampling noise narrow enough to
 * pass `INFORMATIVE_SD` (src/analysis/fitDefaults.ts)), the third area of a fitted law.
 *
 * Counts of migrants settled do inform, after the pooling, the migrants' take-up of the area's own pilot, which is no
 * pace here (src/analysis/migrantTakeUp.ts).
 *
 * A figure computed from others of its year (an urban population beside the
 * rate and population, a migrant population equal to residents less registered
 * people) is not fitted at all (src/analysis/independentFigures.ts).
 */
export const INFORMS: Readonly<Record<PaceKey, ReadonlySet<string>>> = {
  rural_to_town_rate: new Set(['resident_rate', 'urban_resident_pop']),
  local_settle_rate: new Set(['settled', 'settled_local']),
  net_migration: new Set(['resident_pop', 'migrant_pop']),
  hukou_conversion_rate: new Set(['registered_rate', 'urban_registered_pop']),
};

/** How a pace is drawn: logit-normal for the rates (median, sigma of the logit), normal for net migration (mean, sd). */
export const PACE_SCALE: Readonly<Record<PaceKey, 'logit' | 'linear'>> = { rural_to_town_rate: 'logit', local_settle_rate: 'logit', net_migration: 'linear', hukou_conversion_rate: 'logit' };

/** A pace's distribution on its scale (`center`: logit of the median rate, or the mean), and where it comes from. */
export interface PacePrior {
  readonly center: number;
  readonly sd: number;
  /** The law as a mixture of normals (src/analysis/paceLaw.ts), its mean `center` and sd `sd`; absent: the normal of them. */
  readonly mix?: { readonly weights: readonly number[]; readonly centers: readonly number[]; readonly sds: readonly number[] };
  readonly note: string;
  /** Updated with the area's own figures (an empirical-Bayes estimate), not the pooled law alone. */
  readonly own?: boolean;
}

export interface PilotDefaults {
  readonly paces: Readonly<Record<PaceKey, PacePrior>>;
  /** Year-to-year variation of the paces written into the scenario, or none (the fit measures each area's own paces); absent: the city's defaults. */
  readonly process?: { readonly sigma: number; readonly phi: number; readonly note: string; readonly conversionSigma?: number; readonly conversionSigmas?: readonly number[] } | 'none';
  /** The form of the urbanization pace `rural_to_town_rate` (src/model/README.md, step 6); absent: `share`, the engine's. */
  readonly ruralToTownForm?: 'share' | 'logit';
  /**
   * The migrants' yearly take-up (the mode's key: `settle_willingness`, or `migrant_settle_rate` under the plain mode)
   * updated with the area's own counts of migrants settled (src/analysis/migrantTakeUp.ts), logit-normal; absent: the
   * uniform 2–8 % assumption.
   */
  readonly migrantTakeUp?: PacePrior;
}

const logit = (x: number): number => Math.log(x / (1 - x));

/**
 * The wide priors the fit starts each area from (assumptions): urbanization
 * pace and hukou conversion around 2 % a year and settlement take-up around 5 %,
 * each within a factor of about e^±3 at 95 %; net migration 0 ± 2 % of residents a year.
 * Wide enough that an area's own figures, not these, place its estimate.
 */
export const REFERENCE_PRIORS: Readonly<Record<PaceKey, PacePrior>> = {
  rural_to_town_rate: { center: logit(0.02), sd: 1.5, note: 'reference prior of the fit (assumption)' },
  local_settle_rate: { center: logit(0.05), sd: 1.5, note: 'reference prior of the fit (assumption)' },
  net_migration: { center: 0, sd: 0.02, note: 'reference prior of the fit (assumption)' },
  hukou_conversion_rate: { center: logit(0.02), sd: 1.5, note: 'reference prior of the fit (assumption)' },
};

/**
 * Yearly share of a stationary migrant stock that leaves at the default return
 * hazards (the baseline builder's years of stay): the inflow that keeps the
 * stock level. 1 / 16.93 ≈ 5.9 %.
 *
 * @example
 * stationaryDeparture(); // 0.0591
 */
export function stationaryDeparture(): number {
  const shares = stationaryDurations(DEFAULT_RETURN_HAZARD);
  let total = 0;
  let leaving = 0;
  shares.forEach((s, d) => {
    total += s;
    leaving += s * DEFAULT_RETURN_HAZARD[d];
  });
  return leaving / total;
}

/** Pace k of the fitted file; a file written before the pace existed does not hold it: the fit's reference prior. */
function fittedPace(file: FittedDefaultsFile, k: PaceKey): FittedPace {
  return file.paces[k] ?? { fitted: false, center: REFERENCE_PRIORS[k].center, sd: REFERENCE_PRIORS[k].sd, areas: [] };
}

/**
 * The sd a pace is drawn with from the pooled defaults, by a shipped pilot and by a cross-validation fold alike: a
 * fitted pace's pooled sd times the spread factor; a pace too few areas fit, the fit's reference prior as it is.
 *
 * @example
 * drawnSd({ fitted: true, sd: 0.266 }, 0.6); // 0.1596
 * drawnSd({ fitted: false, sd: 1.5 }, 0.6); // 1.5
 */
export const drawnSd = (p: Pick<FittedPace, 'fitted' | 'sd'>, spread: number): number => (p.fitted ? spread * p.sd : p.sd);

/**
 * The law a pace is drawn with from the pooled defaults ({@link drawnSd}'s sd): a fitted pace's pooled law — its
 * mixture, when the file has one — scaled by the spread factor about its centre ({@link scaledLaw}: each component's
 * offset and sd times κ); a pace too few areas fit, the fit's reference prior as it is.
 *
 * @example
 * drawnLaw({ fitted: true, center: 0, sd: 1, mix: { weights: [0.5, 0.5], centers: [-0.5, 0.5], sds: [0.866, 0.866] } }, 0.6); // sd 0.6, centres ±0.3, sds 0.52
 */
export function drawnLaw(p: Pick<FittedPace, 'fitted' | 'center' | 'sd' | 'mix'>, spread: number): { center: number; sd: number; mix?: PacePrior['mix'] } {
  if (!p.fitted) return { center: p.center, sd: p.sd };
  return scaledLaw(p.mix ? { center: p.center, sd: p.sd, mix: p.mix } : { center: p.center, sd: p.sd }, spread);
}

/**
 * The defaults of a shipped pilot: data/observed/fitted-defaults.json as
 * `urbsim fit-defaults` wrote it, each with its provenance for the file's
 * comments: the pooled laws with their sds times the fitted spread factor.
 * For an area whose own figures after its base year informed a pace (`areas`
 * of the file), that law is updated with them: the `pilot` law the fit wrote,
 * the area's likelihood times the pooled law as a normal of the same mean and
 * sd — the empirical-Bayes estimate of the area's own pace. Where the area's
 * resident rate is known before its base year (`history` of the file), the
 * urbanization pace is that law conditioned on it as well (src/analysis/conditionOnHistory.ts). A
 * pace the data could not fit keeps the fit's reference prior, said so — updated, as a fitted pace's law
 * is, with the area's own figures where they inform it (its posterior under the reference prior).
 *
 * @example
 * shippedPilotDefaults('jinchang').paces.rural_to_town_rate.note; // 'fitted: … pooled over 8 areas, spread ×0.7, and this area's own figures (…)'
 */
/**
 * The figures of an area's fit (`metric year (file:line)`, `areas[].figures` of the file) that inform pace `key`
 * ({@link INFORMS}), `; `-separated: what a pilot's note names as the area's own figures behind that pace. A file that
 * lists none for it (written before the notes named them per pace) gives them all.
 *
 * @example
 * informing(['resident_rate 2015 (observed.csv:214)', 'settled 2015 (observed.csv:215)'], 'local_settle_rate'); // 'settled 2015 (observed.csv:215)'
 */
export function informing(figures: readonly string[], key: PaceKey): string {
  const mine = figures.filter((f) => INFORMS[key].has(f.split(' ')[0]));
  return (mine.length ? mine : figures).join('; ');
}

export function shippedPilotDefaults(area?: string, file: FittedDefaultsFile = fittedDefaults()): PilotDefaults {
  const own = file.areas?.find((a) => a.area === area);
  const factor = file.spread.factor;
  const paces = Object.fromEntries(
    PACE_KEYS.map((k) => {
      const p = fittedPace(file, k);
      const mine = own?.estimates[k];
      const sd = drawnSd(p, factor);
      const drawn = drawnLaw(p, factor);
      if (!p.fitted && mine?.pilot)
        return [k, { center: mine.pilot.center, sd: mine.pilot.sd, note: `fitted: ${file.command} (data/observed/fitted-defaults.json), this area's own figures (${informing(own!.figures, k)}) under the fit's wide reference prior (too few areas to pool: ${p.areas.length})`, own: true }];
      if (!p.fitted) return [k, { center: p.center, sd, note: `assumption: too few areas to fit (${p.areas.length}), the fit's wide reference prior` }];
      const pooled = `fitted: ${file.command} (data/observed/fitted-defaults.json), pooled over ${p.areas.length} areas, spread ×${factor}`;
      if (!mine?.pilot) return [k, { ...drawn, note: pooled }];
      return [k, { center: mine.pilot.center, sd: mine.pilot.sd, ...(mine.pilot.mix && { mix: mine.pilot.mix }), note: `${pooled}, and this area's own figures (${informing(own!.figures, k)})`, own: true }];
    }),
  ) as Record<PaceKey, PacePrior>;
  const takeUp = file.migrantTakeUp?.find((t) => t.area === area);
  const history = file.history?.find((h) => h.area === area);
  if (history) {
    const p = paces.rural_to_town_rate;
    paces.rural_to_town_rate = { center: history.after.center, sd: history.after.sd, ...(history.after.mix && { mix: history.after.mix }), note: `${p.note}, and this area's resident rates before its base year (${history.figures.join(' → ')})`, own: true };
  }
  return {
    paces,
    ...(file.ruralToTownForm === 'logit' && { ruralToTownForm: 'logit' as const }),
    ...(takeUp && {
      migrantTakeUp: {
        center: takeUp.pilot.center,
        sd: takeUp.pilot.sd,
        note: `fitted: ${file.command} (data/observed/fitted-defaults.json), this area's own migrants settled (${takeUp.figures.join('; ')}, read as what the mode's track settles, family included) under the fit's wide reference prior of a take-up (logit-normal around 5 %, σ 1.5; not pooled), at the mode's assumed eligibility`,
        own: true,
      },
    }),
    process: {
      sigma: file.process.sigma,
      phi: file.process.phi,
      ...(file.registeredProcess && { conversionSigma: file.registeredProcess.sigma }),
      ...(file.registeredProcess?.posterior && { conversionSigmas: file.registeredProcess.posterior.sigmas }),
      note: `fitted: ${file.command}, ${residentRateAreas(file.process.pairs)}${file.registeredProcess ? `; the conversion's from ${registeredAreas(file.registeredProcess.series)}${file.registeredProcess.posterior ? `, each run drawing one of ${file.registeredProcess.posterior.sigmas.length} values of its posterior (prior on its stationary sd ${file.registeredProcess.posterior.prior})` : ''}` : ''} (φ assumed)`,
    },
  };
}

/**
 * The areas whose resident rates gave the fit's year-to-year variation, each counted once (an area with four rates
 * gives two windows of three, not two areas), as the pilots' notes and `urbsim fit-defaults` say it.
 *
 * @example
 * residentRateAreas(fittedDefaults().process.pairs); // '5 areas with three or more resident rates'
 */
export function residentRateAreas(pairs: readonly { readonly area: string }[]): string {
  const n = new Set(pairs.map((p) => p.area)).size;
  return `${n} area${n === 1 ? '' : 's'} with three or more resident rates`;
}

/**
 * The areas whose registered rates of one count gave the conversion's year-to-year variation, as the pilots' notes
 * and `urbsim fit-defaults` say it.
 *
 * @example
 * registeredAreas(fittedDefaults().registeredProcess!.series); // "4 areas' registered rates of one count at two or more dates, 2 of them of one document across the 2014 reform, its change of count drawn"
 */
export function registeredAreas(series: readonly { readonly area: string; readonly countBreak?: object }[]): string {
  const n = new Set(series.map((x) => x.area)).size;
  const crossing = new Set(series.filter((x) => x.countBreak).map((x) => x.area)).size;
  const across = crossing ? `, ${crossing} of them of one document across the 2014 reform, its change of count drawn` : '';
  return `${n} area${n === 1 ? "'s" : "s'"} registered rates of one count at two or more dates${across}`;
}

// Written at 3 significant digits by the generator, at 4 by the defaults a curated scenario draws (defaultConversion):
// equal at either, or a 4-digit value's 3-digit rounding would miss the law's (2.285 → 2.28, 2.2853 → 2.29).
const same = (written: number, fitted: number) => [3, 4].some((n) => Number(written.toPrecision(n)) === Number(fitted.toPrecision(n)));

/**
 * The paces of a scenario drawn from the pooled defaults as they are, not
 * fitted to the area's own figures nor written by an author: its answer on
 * the rates rests on them. Compared as they are written (three significant
 * digits by the generator, four by a curated scenario's drawn defaults).
 *
 * @example
 * pacesOnDefaults(loadScenario('scenarios/pilots/anhui.yaml')); // ['rural_to_town_rate', 'local_settle_rate', 'net_migration', 'hukou_conversion_rate']
 */
export function pacesOnDefaults(s: ScenarioLaws, file: FittedDefaultsFile = fittedDefaults()): PaceKey[] {
  return PACE_KEYS.filter((k) => {
    const p = fittedPace(file, k);
    return drawsLaw(s, k, drawnLaw(p, file.spread.factor));
  });
}

/**
 * The paces a scenario draws at the law its area's pilot takes from the area's own figures after its base year (as
 * `scenarios/pilots` and `urbsim init AREA` write it, {@link shippedPilotDefaults}): weighing its runs by those figures
 * again would count them twice. Compared as written, as {@link pacesOnDefaults} compares.
 *
 * @example
 * pacesOnOwnFigures(loadScenario('scenarios/pilots/dalian.yaml'), 'dalian'); // ['hukou_conversion_rate']
 * pacesOnOwnFigures(loadScenario('scenarios/dalian.yaml'), 'dalian');        // []: the curated file draws the pooled laws
 */
export function pacesOnOwnFigures(s: ScenarioLaws, area: string, file: FittedDefaultsFile = fittedDefaults()): PaceKey[] {
  const own = file.areas?.find((a) => a.area === area);
  if (!own) return [];
  const laws = shippedPilotDefaults(area, file).paces;
  return PACE_KEYS.filter((k) => own.estimates[k]?.pilot !== undefined && drawsLaw(s, k, laws[k]));
}

/**
 * Of an area's figures, those the fit used (by metric and period) for a law the scenario draws as fitted to the area's
 * own figures — a pace ({@link pacesOnOwnFigures}; `areas[].figures` of the file, the pace's {@link INFORMS}) or the
 * migrants' take-up ({@link migrantTakeUpOwn}; `migrantTakeUp[].figures`) —, and the keys of those laws: what
 * weighing or scoring its runs by these figures would count a second time.
 *
 * @example
 * figuresInLaws(loadScenario('scenarios/pilots/dalian.yaml'), 'dalian', readObserved('data/observed/observed.csv'));
 * // { keys: ['hukou_conversion_rate'], figures: [registered_rate 2015 (observed.csv:43)] }
 */
export function figuresInLaws(s: ScenarioLaws, area: string, points: readonly ObservedPoint[], file: FittedDefaultsFile = fittedDefaults()): { keys: string[]; figures: ObservedPoint[] } {
  const named = (figures: readonly string[] | undefined) => new Set((figures ?? []).map((f) => f.split(' (')[0]));
  const used = named(file.areas?.find((a) => a.area === area)?.figures);
  const laws = pacesOnOwnFigures(s, area, file).map((k) => ({ key: k as string, has: (p: ObservedPoint) => INFORMS[k].has(p.metric) && used.has(`${p.metric} ${periodText(p)}`) }));
  const t = file.migrantTakeUp?.find((x) => x.area === area);
  if (t && migrantTakeUpOwn({ city: area, parameters: s.parameters }, file)) {
    const counted = named(t.figures);
    laws.push({ key: t.key, has: (p) => counted.has(`${p.metric} ${periodText(p)}`) });
  }
  const hit = laws.filter((l) => points.some(l.has));
  return { keys: hit.map((l) => l.key), figures: points.filter((p) => hit.some((l) => l.has(p))) };
}

type ScenarioLaws = { readonly parameters: Readonly<Record<string, ValueSpec>>; readonly variables: Readonly<Record<string, ValueSpec>> };

/**
 * Whether a scenario draws pace `k` from the law (centre on the pace's scale, sd), as written: a normal law as a
 * logit-normal or normal of that centre and sd, a mixture ({@link PacePrior}'s `mix`) as the mixture of the same
 * components (each weight, median or mean, and sigma or sd compared as written), or — as a curated scenario's drawn
 * defaults write the pooled law (src/scenario/uncertaintyDefaults.ts) — as the normal of its mean and sd.
 */
function drawsLaw(s: ScenarioLaws, k: PaceKey, law: Pick<PacePrior, 'center' | 'sd' | 'mix'>): boolean {
  const v = k === 'net_migration' ? s.variables[k] : s.parameters[k];
  if (v?.kind !== 'dist') return false;
  const d = v.spec;
  const m = law.mix;
  if (m && (d.dist === 'logitnormalmix' || d.dist === 'normalmix')) {
    const logit = PACE_SCALE[k] === 'logit';
    if ((d.dist === 'logitnormalmix') !== logit || d.weights.length !== m.weights.length) return false;
    return m.weights.every((w, j) => {
      const center = d.dist === 'logitnormalmix' ? same(d.medians[j] * 100, 100 / (1 + Math.exp(-m.centers[j]))) : same(d.means[j] * 100, m.centers[j] * 100);
      const sd = d.dist === 'logitnormalmix' ? same(d.sigmas[j], m.sds[j]) : same(d.sds[j] * 100, m.sds[j] * 100);
      // Weights written at 3 or 4 significant digits and normalized to sum 1 again: equal within 0.001.
      return Math.abs(d.weights[j] - w) < 1e-3 && center && sd;
    });
  }
  if (PACE_SCALE[k] === 'logit') return isLogitNormalLaw(v, law.center, law.sd);
  return d.dist === 'normal' && same(d.mean * 100, law.center * 100) && same(d.sd * 100, law.sd * 100);
}

/** Whether a value is the logit-normal law of centre `center` (the logit of its median) and sd `sd`, as written. */
function isLogitNormalLaw(v: ValueSpec | undefined, center: number, sd: number): boolean {
  return v?.kind === 'dist' && v.spec.dist === 'logitnormal' && same(v.spec.median * 100, 100 / (1 + Math.exp(-center))) && same(v.spec.sigma, sd);
}

/**
 * Whether a scenario draws its migrants' take-up from its city's own counts of migrants settled: the law
 * data/observed/fitted-defaults.json gives the city (`migrantTakeUp`, src/analysis/migrantTakeUp.ts), as written.
 *
 * @example
 * migrantTakeUpOwn(loadScenario('scenarios/pilots/dongguan.yaml')); // true
 */
export function migrantTakeUpOwn(s: { readonly city?: string; readonly parameters: Readonly<Record<string, ValueSpec>> }, file: FittedDefaultsFile = fittedDefaults()): boolean {
  const t = file.migrantTakeUp?.find((x) => x.area === s.city);
  return t !== undefined && isLogitNormalLaw(s.parameters[t.key], t.pilot.center, t.pilot.sd);
}

/**
 * Yearly share of the locals living in the city who move away at
 * `local_departure_rate` r: r times the departure profile (peak 1) averaged
 * over the 2010 census pyramid, the baseline's age structure of locals.
 *
 * @example
 * departureWeight(); // ≈ 0.39: at r = 1 %, 0.39 % of locals leave a year
 */
export function departureWeight(): number {
  const profile = rogersCastro();
  const pyramid = standardPyramid();
  let total = 0;
  let weighted = 0;
  for (let sex = 0; sex < SEXES; sex++)
    for (let x = 0; x < AGES; x++) {
      total += pyramid[sex * AGES + x];
      weighted += pyramid[sex * AGES + x] * profile[x];
    }
  return weighted / total;
}

/** The engine's default local departure rate, which net out-migration adds to. */
export const DEFAULT_DEPARTURE = YEARLY_DEFAULTS.localDepartureRate;
