import { type Caliber, CALIBER_ERRORS } from '../data/calibers.ts';
import { type FittedDefaultsFile, fittedDefaults } from '../data/fittedDefaults.ts';
import { NEWBORN_STAY_RANGE } from '../model/migrantChildren.ts';
import { PARAMETERS, type ParameterKey } from './parameterKeys.ts';
import type { BaselineErrorSpec, BaselineFigure, ProcessSpec, RegisteredBreakSpec } from './resolved.ts';

/** Where a default comes from, for the model reference and the generated scenarios' comments. */
export type Provenance = 'fitted' | 'assumption';

/** The main rates that carry year-to-year variation by default, and where each value comes from. */
export const PROCESS_KEYS = {
  // The paces of urbanization and settlement: fitted from the areas whose resident rate is known at three dates.
  rural_to_town_rate: 'fitted',
  reclass_share: 'fitted',
  local_settle_rate: 'fitted',
  migrant_settle_rate: 'fitted',
  settle_willingness: 'fitted',
  hukou_conversion_rate: 'fitted', // its own σ: from the areas' registered rates of one count at two or more dates, pooled
  // Flows of people and fertility: no series in data/observed measures their year-to-year variation.
  inflow: 'assumption',
  migrant_return_multiplier: 'assumption',
  // Where arrivals live (town or country): a lasting trait of a city, unmeasured by the seeds.
  inflow_urban_share: 'assumption',
  tfr_urban_hukou: 'assumption',
  tfr_rural_hukou: 'assumption',
  tfr_migrant: 'assumption',
} as const satisfies Partial<Record<ParameterKey, Provenance>>;

/** Assumed stationary sd and autocorrelation of the flows, of fertility and of where arrivals live (ranges in src/model/README.md). */
const ASSUMED: Record<'flows' | 'fertility' | 'where', { stationarySd: number; phi: number }> = {
  flows: { stationarySd: 0.2, phi: 0.5 },
  fertility: { stationarySd: 0.05, phi: 0.8 },
  where: { stationarySd: 0.5, phi: 0.9 },
};

/** Log scale for counts and multipliers, logit scale for rates (so a rate stays in [0, 1] and 0 stays 0). */
export function processScale(key: ParameterKey): ProcessSpec['scale'] {
  return PARAMETERS[key].unit === 'rate' ? 'logit' : 'log';
}

/**
 * Whether a year-to-year variation moves anything: a σ above 0, or a law of σ (drawn per run).
 *
 * @example
 * processVaries({ sigma: 0, phi: 0.5, scale: 'logit' }); // false
 */
export const processVaries = (spec: ProcessSpec | undefined): boolean => spec !== undefined && (typeof spec.sigma !== 'number' || spec.sigma > 0);

/**
 * The default year-to-year variation of the main rates: an AR(1) on the
 * logit (rates) or log (counts) scale per rate. The paces' σ and φ are the
 * fitted ones of data/observed/fitted-defaults.json (φ an assumption there
 * too): the hukou conversion's from the registered rates, the others' from
 * the resident rates; flows and fertility are assumptions.
 *
 * @example
 * defaultProcess().rural_to_town_rate; // { sigma: 0.1266, phi: 0.5, scale: 'logit' } (hukou_conversion_rate: a choice of 8 σ values)
 */
export function defaultProcess(): Partial<Record<ParameterKey, ProcessSpec>> {
  const { process, registeredProcess } = fittedDefaults();
  const out: Partial<Record<ParameterKey, ProcessSpec>> = {};
  for (const [key, from] of Object.entries(PROCESS_KEYS) as [keyof typeof PROCESS_KEYS, Provenance][]) {
    const a = key.startsWith('tfr_') ? ASSUMED.fertility : key === 'inflow_urban_share' ? ASSUMED.where : ASSUMED.flows;
    const fitted = key === 'hukou_conversion_rate' ? (registeredProcess ?? process) : process;
    const { sigma, phi } = from === 'fitted' ? fitted : { sigma: a.stationarySd * Math.sqrt(1 - a.phi * a.phi), phi: a.phi };
    // The conversion's σ is drawn a run from its posterior where the fit gives one (src/analysis/sdPosterior.ts).
    const drawn = key === 'hukou_conversion_rate' ? registeredProcess?.posterior?.sigmas : undefined;
    out[key] = { sigma: drawn ? { dist: 'choice', values: drawn.map(round), weights: drawn.map(() => 1 / drawn.length) } : round(sigma), phi, scale: processScale(key) };
  }
  return out;
}

/** Figures of the base year that can carry an error. */
export const BASELINE_FIGURES = ['resident_pop', 'registered_pop', 'resident_rate', 'registered_rate', 'migrant_pop'] as const satisfies readonly BaselineFigure[];

/**
 * A base-year figure's error under a caliber: the caliber's population sd for
 * populations, its rate sd for rates (CALIBER_ERRORS).
 *
 * @example
 * baselineError('resident_rate', 'sample'); // { caliber: 'sample', sd: 0.004 }
 */
export function baselineError(figure: BaselineFigure, caliber: Caliber): BaselineErrorSpec {
  const e = CALIBER_ERRORS[caliber];
  return { caliber, sd: figure.endsWith('_rate') ? e.rate : e.population };
}

/**
 * The calibers of a city's base-year figures: resident figures are census
 * counts in a census year and sample estimates otherwise; the registered
 * population comes from the registry; the registered rate is a registry
 * figure where the data say what it counts (areas.csv's definition, or a hukou
 * unified before the base year) and a plan figure otherwise.
 *
 * @example
 * defaultCalibers(2013, { definitionKnown: false }).registered_rate; // 'plan'
 */
export function defaultCalibers(baseYear: number, o: { readonly definitionKnown: boolean }): Record<BaselineFigure, Caliber> {
  const resident: Caliber = baseYear === 2000 || baseYear === 2010 || baseYear === 2020 ? 'census' : 'sample';
  return { resident_pop: resident, resident_rate: resident, registered_pop: 'registry', registered_rate: o.definitionKnown ? 'registry' : 'plan', migrant_pop: 'sample' };
}

/** The year the State Council abolished the hukou split nationally (国发〔2014〕25号); cities followed in the next years. */
export const HUKOU_REFORM_YEAR = 2014;
/** When a city's own date is unknown: the dates the seeds give for cities that followed the 2014 reform (Luoyang 2015, 001:511; Huizhou 2016, 001:355). */
export const DEFAULT_BREAK_YEARS: readonly number[] = [2015, 2016];

/**
 * The share of rural-hukou villagers a change of count relabels by default, uniform on 0–10 % (an **assumption**,
 * src/model/README.md "Sources of uncertainty", 3). The seeds' counts of villagers made urban hukou around the reform
 * lie below it: Dalian 2013–2015 at most 7.9 % of its rural-hukou people (普兰店 −13.8万 agricultural, 甘井子 +3.4万
 * urban hukou, 001:429, of 591.4万 × 36.9 %, 004:891), Xiantao's 村改居 4.2万 by 2016 (001:251) 2.7 % of its
 * registered people (004:8528). The registered rates on both sides of 2014 in data/observed cannot fit it: each area's
 * one later figure is moved by it, the town dwellers' share and the conversion alike, and the conversion is fitted from
 * the same figures; only two areas (Shijiazhuang, Weihai) have a series of one count to tell them apart.
 */
export const DEFAULT_BREAK_VILLAGE_SHARE = { min: 0, max: 0.1 } as const;

/**
 * The default definition break of a registered rate counted by hukou type:
 * none when the city unified its hukou on or before the base year; at the
 * city's own date when the data give one; else, for a base year up to 2014,
 * in 2015 or 2016 with equal odds. The share of rural-hukou town dwellers the
 * new count turns urban is uniform on 0–100 % (the seeds do not say how each
 * city counts after it), the share of rural-hukou villagers uniform in
 * {@link DEFAULT_BREAK_VILLAGE_SHARE}.
 *
 * @example
 * defaultBreak(2013, 2020, undefined); // { years: [2015, 2016], share: { min: 0, max: 1 }, villageShare: { min: 0, max: 0.1 } }
 * defaultBreak(2013, 2020, 2004);      // undefined: Weihai counts the unified way throughout
 */
export function defaultBreak(start: number, end: number, unified: number | undefined): RegisteredBreakSpec | undefined {
  const years = unified !== undefined ? [unified] : start <= HUKOU_REFORM_YEAR ? DEFAULT_BREAK_YEARS : [];
  // Years after the end stay in the list: a run that draws one has no break within the projection.
  if (!years.some((y) => y > start && y <= end)) return undefined;
  return { years: years.filter((y) => y > start), share: { min: 0, max: 1 }, villageShare: { ...DEFAULT_BREAK_VILLAGE_SHARE } };
}

/**
 * The default law of a city's yearly hukou conversion in place
 * (`hukou_conversion_rate`, src/model/README.md, "Sources of uncertainty"):
 * the law `urbsim fit-defaults` pooled across areas from their registered
 * rates — its mixture of logit-normals where the file has one, else the
 * logit-normal of its mean and sd — scaled about its centre by the fitted
 * spread factor: the law a generated pilot of a new area draws. Not updated with the city's own
 * figures, so that calibrating or back-testing a scenario on them does not use
 * them twice. Undefined when the file did not fit it (fewer than three areas).
 *
 * @example
 * defaultConversion(); // { dist: 'logitnormal', median: 0.02285, sigma: 0.5777 } (fitted 2026-12-04)
 */
export function defaultConversion(
  file: FittedDefaultsFile = fittedDefaults(),
): { dist: 'logitnormal'; median: number; sigma: number } | { dist: 'logitnormalmix'; weights: number[]; medians: number[]; sigmas: number[] } | undefined {
  const pace = file.paces.hukou_conversion_rate;
  if (!pace?.fitted) return undefined;
  const k = file.spread.factor;
  const m = pace.mix;
  // The pooled law's mixture (src/analysis/paceLaw.ts), scaled by κ about its centre, where the file has one.
  if (m && m.weights.length > 1)
    return {
      dist: 'logitnormalmix',
      weights: m.weights.map(round),
      medians: m.centers.map((c) => round(1 / (1 + Math.exp(-(pace.center + k * (c - pace.center)))))),
      sigmas: m.sds.map((s) => round(k * s)),
    };
  return { dist: 'logitnormal', median: round(1 / (1 + Math.exp(-pace.center))), sigma: round(k * pace.sd) };
}

/**
 * The parameters a scenario naming a city draws when it leaves them unset, each with the `uncertainty` key whose
 * `none` turns that draw off (the engine default is then kept).
 */
export const DRAWN_BY_DEFAULT = { hukou_conversion_rate: 'hukou_conversion', migrant_newborn_stay: 'newborn_stay' } as const satisfies Partial<Record<ParameterKey, string>>;

/**
 * The default law of `migrant_newborn_stay`: uniform on the census's range ({@link NEWBORN_STAY_RANGE}, 0.295–0.583). A scenario without it (no city,
 * or `uncertainty.newborn_stay: none`) takes the engine default, the range's midpoint 0.439.
 *
 * @example
 * defaultNewbornStay(); // { dist: 'uniform', min: 0.295, max: 0.583 }
 */
export function defaultNewbornStay(): { dist: 'uniform'; min: number; max: number } {
  return { dist: 'uniform', ...NEWBORN_STAY_RANGE };
}

const round = (x: number): number => Number(x.toPrecision(4));
