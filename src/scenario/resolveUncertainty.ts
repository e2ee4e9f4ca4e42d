import type { Caliber } from '../data/calibers.ts';
import { isMapping } from './isMapping.ts';
import type { IssueSink } from './issueSink.ts';
import { PARAMETER_KEYS, type ParameterKey } from './parameterKeys.ts';
import { readConstant } from './readConstant.ts';
import { BASELINE_FIELD, type BaselineErrorSpec, type BaselineFigure, type BaselineSpec, type DistSpec, type ProcessSpec, type RegisteredBreakSpec, type UncertaintySpec } from './resolved.ts';
import { BASELINE_FIGURES, DEFAULT_BREAK_VILLAGE_SHARE, DRAWN_BY_DEFAULT, baselineError, defaultBreak, defaultCalibers, defaultConversion, defaultNewbornStay, defaultProcess, processScale } from './uncertaintyDefaults.ts';
import { resolveDistribution } from './resolveDistribution.ts';
import { RATE_RULE, type ValueRule } from './valueRule.ts';

/** What the defaults depend on besides the `uncertainty:` key itself. */
export interface UncertaintyContext {
  /** Whether the scenario names a city: a real projection carries the defaults, a hand-built one none. */
  readonly hasCity: boolean;
  readonly years: { readonly start: number; readonly end: number };
  readonly baseline: BaselineSpec;
  readonly registeredRateDefinition: 'hukou' | 'residence';
  /** The data say what the registered rate counts (areas.csv's registered_rate_definition). */
  readonly definitionKnown: boolean;
  /** The city's hukou unification year, when the data give it. */
  readonly hukouUnified?: number;
}

const CALIBER_NAMES: readonly string[] = ['census', 'sample', 'registry', 'plan'];

/**
 * The uncertainty a scenario's runs carry besides its distributions
 * (`uncertainty:`; src/model/README.md, "Sources of uncertainty"): year-to-year
 * variation of the main rates, error of the base-year figures by caliber, and
 * the break in the registered rate at the hukou unification. Absent, it is
 * `default` for a scenario naming a city and `none` otherwise; a mapping
 * changes the defaults part by part, and within `process` and `baseline`
 * key by key (`KEY: none` drops one). The structure has been checked by the
 * schema; sds are read here.
 *
 * @example
 * resolveUncertainty(undefined, { hasCity: false, … }, sink); // { process: {}, baseline: {} }
 */
export function resolveUncertainty(raw: unknown, ctx: UncertaintyContext, sink: IssueSink): UncertaintySpec {
  const whole = raw ?? (ctx.hasCity ? 'default' : 'none');
  if (whole === 'none') return { process: {}, baseline: {} };
  const parts = isMapping(whole) ? whole : {};
  const part = (key: string): unknown => parts[key] ?? 'default';
  const process = resolveProcess(part('process'), sink);
  const baseline = resolveBaselineErrors(part('baseline'), ctx, sink);
  const registeredBreak = resolveBreak(part('registered_break'), ctx, sink);
  const hukouConversion = conversionLaw(raw, ctx);
  const newbornStay = newbornStayLaw(raw, ctx);
  return { process, baseline, ...(registeredBreak && { registeredBreak }), ...(hukouConversion && { hukouConversion }), ...(newbornStay && { newbornStay }) };
}

/**
 * The law of `migrant_newborn_stay` a scenario draws when it does not set the parameter: uniform on the range the
 * 2010 census's young children of migrants give ({@link defaultNewbornStay}) for a scenario carrying the default
 * uncertainty (`uncertainty.newborn_stay` not `none`). Undefined otherwise: the engine default, the range's midpoint.
 *
 * @example
 * newbornStayLaw(undefined, { hasCity: true }); // { dist: 'uniform', min: 0.295, max: 0.583 }
 */
export function newbornStayLaw(raw: unknown, ctx: Pick<UncertaintyContext, 'hasCity'>): DistSpec | undefined {
  return defaultDrawOn(raw, ctx, 'newborn_stay') ? defaultNewbornStay() : undefined;
}

/**
 * Whether the `uncertainty:` value `raw` keeps the default draw `key` of a parameter left unset
 * ({@link DRAWN_BY_DEFAULT}): on by default for a scenario naming a city, off by `uncertainty: none` or
 * `uncertainty: { <key>: none }`.
 */
function defaultDrawOn(raw: unknown, ctx: Pick<UncertaintyContext, 'hasCity'>, key: (typeof DRAWN_BY_DEFAULT)[keyof typeof DRAWN_BY_DEFAULT]): boolean {
  const whole = raw ?? (ctx.hasCity ? 'default' : 'none');
  return whole !== 'none' && !(isMapping(whole) && whole[key] === 'none');
}

/**
 * The law of `hukou_conversion_rate` a scenario draws when it does not set the
 * parameter: the fitted default ({@link defaultConversion}) for a scenario
 * carrying the default uncertainty (`uncertainty.hukou_conversion` not `none`)
 * whose registered rate counts hukou (under `residence` a conversion in place
 * changes no rate). Undefined otherwise.
 *
 * @example
 * conversionLaw(undefined, { hasCity: true, registeredRateDefinition: 'hukou' }); // { dist: 'logitnormal', … }
 */
export function conversionLaw(raw: unknown, ctx: Pick<UncertaintyContext, 'hasCity' | 'registeredRateDefinition'>): DistSpec | undefined {
  return ctx.registeredRateDefinition !== 'residence' && defaultDrawOn(raw, ctx, 'hukou_conversion') ? defaultConversion() : undefined;
}

/** A yearly σ drawn from a law: every draw inside the schema's 0–5. */
const SIGMA_RULE: ValueRule = { kind: 'number', min: 0, max: 5, support: 'both', noun: 'a yearly σ' };

function resolveProcess(raw: unknown, sink: IssueSink): Partial<Record<ParameterKey, ProcessSpec>> {
  if (raw === 'none') return {};
  const out = defaultProcess();
  if (!isMapping(raw)) return out;
  for (const key of PARAMETER_KEYS) {
    const v = raw[key];
    if (v === 'none') delete out[key];
    else if (!isMapping(v) || typeof v.phi !== 'number') continue;
    else if (typeof v.sigma === 'number') out[key] = { sigma: v.sigma, phi: v.phi, scale: processScale(key) };
    else if (isMapping(v.sigma)) {
      const law = resolveDistribution(v.sigma, ['uncertainty', 'process', key, 'sigma'], SIGMA_RULE, sink);
      if (law) out[key] = { sigma: law, phi: v.phi, scale: processScale(key) };
    }
  }
  return out;
}

function resolveBaselineErrors(raw: unknown, ctx: UncertaintyContext, sink: IssueSink): Partial<Record<BaselineFigure, BaselineErrorSpec>> {
  if (raw === 'none') return {};
  const calibers = defaultCalibers(ctx.years.start, { definitionKnown: ctx.definitionKnown });
  const out: Partial<Record<BaselineFigure, BaselineErrorSpec>> = {};
  for (const figure of BASELINE_FIGURES) {
    if (ctx.baseline[BASELINE_FIELD[figure]] === undefined) continue; // a figure the baseline builder derives carries the others' errors
    const v = isMapping(raw) ? raw[figure] : undefined;
    if (v === 'none') continue;
    if (typeof v === 'string' && CALIBER_NAMES.includes(v)) out[figure] = baselineError(figure, v as Caliber);
    else if (isMapping(v)) {
      const sd = readConstant(v.sd, ['uncertainty', 'baseline', figure, 'sd'], RATE_RULE, sink);
      if (sd !== undefined) out[figure] = { sd };
    } else out[figure] = baselineError(figure, calibers[figure]);
  }
  return out;
}

function resolveBreak(raw: unknown, ctx: UncertaintyContext, sink: IssueSink): RegisteredBreakSpec | undefined {
  // Under the residence definition the registered rate already counts where people live: the unification changes
  // nothing. A break written out is still checked first, so that what is wrong in it is said whatever the definition.
  const residence = ctx.registeredRateDefinition === 'residence';
  if (raw === 'none') return undefined;
  if (!isMapping(raw)) return residence ? undefined : defaultBreak(ctx.years.start, ctx.years.end, ctx.hukouUnified);
  const years = Array.isArray(raw.years) ? raw.years.filter((y): y is number => Number.isInteger(y)) : [];
  years.forEach((y, i) => {
    if (y <= ctx.years.start) sink.add(['uncertainty', 'registered_break', 'years', i], `a year after the base year ${ctx.years.start}`, String(y));
    // a year written twice would be drawn twice as often, or make the year's params.arrow column a constant
    else if (years.indexOf(y) < i) sink.add(['uncertainty', 'registered_break', 'years', i], 'each year once (drawn with equal odds)', `${y} again`);
  });
  const share = readRange(raw.share, 'share', sink);
  // A key left out takes its default, as everywhere in uncertainty: rewriting the years alone keeps the villagers.
  const villageShare = raw.village_share === undefined ? { ...DEFAULT_BREAK_VILLAGE_SHARE } : readRange(raw.village_share, 'village_share', sink);
  return !residence && years.length && share && villageShare ? { years, share, villageShare } : undefined;
}

/** A uniform range of shares `{ min, max }` of uncertainty.registered_break, min ≤ max. */
function readRange(raw: unknown, key: 'share' | 'village_share', sink: IssueSink): { min: number; max: number } | undefined {
  const range = isMapping(raw) ? raw : {};
  const min = readConstant(range.min, ['uncertainty', 'registered_break', key, 'min'], RATE_RULE, sink);
  const max = readConstant(range.max, ['uncertainty', 'registered_break', key, 'max'], RATE_RULE, sink);
  if (min !== undefined && max !== undefined && min > max) sink.add(['uncertainty', 'registered_break', key, 'max'], `a share at least min ${min * 100}%`, `${max * 100}%`);
  return min !== undefined && max !== undefined && min <= max ? { min, max } : undefined;
}
