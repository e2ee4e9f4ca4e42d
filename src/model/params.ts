import { AGES, DURATIONS, SEXES } from './layout.ts';
import { LifeTableFamily } from './lifeTable.ts';
import { standardFertilitySchedule, standardMortality } from './standards.ts';
import { migrantAgeProfile, rogersCastro, splitChildren } from './schedules.ts';

/**
 * The fully specified parameters of one projection run, in the units the
 * kernel reads. Yearly values are arrays indexed by step `y`, the year
 * running from `startYear + y` to `startYear + y + 1`. Rates are yearly
 * probabilities in [0, 1]; populations are persons. This is the engine's
 * input after a scenario has been parsed, sampled and resolved; nothing here
 * is validated again by the kernel.
 */
export interface ModelParams {
  readonly startYear: number;
  readonly endYear: number;
  /** `hukou`: urban-hukou holders / registered; `residence`: registered living in urban areas / registered. */
  readonly registeredRateDefinition: 'hukou' | 'residence';

  // 1. survival
  readonly lifeTables: { readonly M: LifeTableFamily; readonly F: LifeTableFamily };
  /** Life expectancy at birth, years, by sex. */
  readonly e0M: Float64Array;
  readonly e0F: Float64Array;

  // 2. births
  /** Total fertility rate (children per woman) of urban-hukou, rural-hukou and migrant women. */
  readonly tfrUrbanHukou: Float64Array;
  readonly tfrRuralHukou: Float64Array;
  readonly tfrMigrant: Float64Array;
  /** Share of the TFR at each single age of the mother, summing to 1. */
  readonly fertilitySchedule: Float64Array;
  /** Sex ratio at birth, males per female (e.g. 1.15). */
  readonly sexRatioAtBirth: Float64Array;

  // 4. out-migration
  /** Yearly return (leave-the-city) hazard of migrants by completed years of stay 0..10+. */
  readonly migrantReturnHazard: Float64Array;
  /** Multiplier on the return hazard (shocks, capacity pressure); 1 = as given. */
  readonly migrantReturnMultiplier: Float64Array;
  /** Yearly rate at which local residents leave to live away, at the peak age of `departureProfile`. */
  readonly localDepartureRate: Float64Array;
  /** Age profile of local departures (peak 1). */
  readonly departureProfile: Float64Array;
  /** Yearly rate at which locals living away come back. */
  readonly awayReturnRate: Float64Array;
  /** Share of returning rural-hukou locals who settle in the urban area (`Ra→Ru`, rest `Ra→Rr`). */
  readonly awayReturnUrbanShare: Float64Array;
  /** Yearly rate at which locals living away give up the city's hukou (leave the account for good). */
  readonly hukouExitRate: Float64Array;

  // 5. in-migration
  /** Migrants arriving in the year, persons. */
  readonly inflow: Float64Array;
  /** Share of arrivals who are accompanying children (ages 0–14). */
  readonly inflowChildShare: Float64Array;
  /** Share of arrivals who live in the urban area. */
  readonly inflowUrbanShare: Float64Array;
  /** Age–sex distribution of adult and child arrivals, `[sex * AGES + age]`, each summing to 1. */
  readonly inflowAdult: Float64Array;
  readonly inflowChild: Float64Array;

  // 6. local moves
  /** `Rr→Ru`: rural-hukou locals moving to town, yearly rate. */
  readonly ruralToTownRate: Float64Array;
  /** `Ur→Uu`: urban-hukou locals in rural areas moving to town, yearly rate. */
  readonly urbanHukouToTownRate: Float64Array;

  // 7. reclassification in place
  /** Share of rural residents whose place becomes urban this year. */
  readonly reclassShare: Float64Array;
  /** Persons made urban in place this year (scheduled events), on top of the share. */
  readonly reclassPersons: Float64Array;
  /** Share of reclassified rural-hukou locals whose hukou is converted too (`Rr→Uu`). */
  readonly reclassHukouShare: Float64Array;

  // 8. settlement (plain form)
  /** `Ru→Uu`: yearly settlement rate of local rural-hukou urban residents. */
  readonly localSettleRate: Float64Array;
  /** `Mu[d≥Y]→Uu`: yearly settlement rate of eligible urban migrants (whole households). */
  readonly migrantSettleRate: Float64Array;
  /** Y: completed years of stay needed to be eligible. */
  readonly migrantSettleMinYears: number;
}

/** The yearly parameter keys of {@link ModelParams}. */
export const YEARLY_KEYS = [
  'e0M', 'e0F', 'tfrUrbanHukou', 'tfrRuralHukou', 'tfrMigrant', 'sexRatioAtBirth',
  'migrantReturnMultiplier', 'localDepartureRate', 'awayReturnRate', 'awayReturnUrbanShare', 'hukouExitRate',
  'inflow', 'inflowChildShare', 'inflowUrbanShare', 'ruralToTownRate', 'urbanHukouToTownRate',
  'reclassShare', 'reclassPersons', 'reclassHukouShare', 'localSettleRate', 'migrantSettleRate',
] as const satisfies readonly (keyof ModelParams)[];
export type YearlyKey = (typeof YEARLY_KEYS)[number];

/** Number of projection steps. */
export const stepCount = (p: { startYear: number; endYear: number }): number => p.endYear - p.startYear;

let sharedLifeTables: { M: LifeTableFamily; F: LifeTableFamily } | undefined;
/** Brass logit families on the shipped WPP 2019 China standard (built once per process). */
export function defaultLifeTables(): { M: LifeTableFamily; F: LifeTableFamily } {
  if (!sharedLifeTables) {
    const mx = standardMortality();
    sharedLifeTables = { M: new LifeTableFamily(mx.M), F: new LifeTableFamily(mx.F) };
  }
  return sharedLifeTables;
}

/**
 * Default return hazards of migrants by years of stay: high in the first
 * two years, falling to 4 % a year after ten. An assumption, not a seed
 * figure; scenarios set their own.
 */
export const DEFAULT_RETURN_HAZARD = [0.15, 0.12, 0.1, 0.09, 0.08, 0.07, 0.06, 0.055, 0.05, 0.045, 0.04];

/** Default values of every yearly parameter (documented in src/model/README.md). */
export const YEARLY_DEFAULTS: Record<YearlyKey, number> = {
  e0M: 74,
  e0F: 79,
  tfrUrbanHukou: 1.1,
  tfrRuralHukou: 1.5,
  tfrMigrant: 1.3,
  sexRatioAtBirth: 1.15,
  migrantReturnMultiplier: 1,
  localDepartureRate: 0.005,
  awayReturnRate: 0.05,
  awayReturnUrbanShare: 0.5,
  hukouExitRate: 0.02,
  inflow: 0,
  inflowChildShare: 0.2,
  inflowUrbanShare: 0.9,
  ruralToTownRate: 0.01,
  urbanHukouToTownRate: 0.02,
  reclassShare: 0,
  reclassPersons: 0,
  reclassHukouShare: 0,
  localSettleRate: 0.03,
  migrantSettleRate: 0.02,
};

export type ModelParamsInput = Partial<Record<YearlyKey, number | ArrayLike<number>>> &
  Partial<Omit<ModelParams, YearlyKey | 'startYear' | 'endYear'>> & { startYear: number; endYear: number };

/**
 * Build a complete {@link ModelParams} from defaults and overrides. A yearly
 * value may be a number (the same every year) or an array of one value per step.
 *
 * @example
 * const p = modelParams({ startYear: 2013, endYear: 2020, inflow: 150_000, e0F: [80, 80.2, 80.4, 80.6, 80.8, 81, 81.2] });
 */
export function modelParams(input: ModelParamsInput): ModelParams {
  const n = stepCount(input);
  const yearly = {} as Record<YearlyKey, Float64Array>;
  for (const k of YEARLY_KEYS) {
    const v = input[k] ?? YEARLY_DEFAULTS[k];
    const arr = new Float64Array(n);
    if (typeof v === 'number') arr.fill(v);
    else for (let y = 0; y < n; y++) arr[y] = v[Math.min(y, v.length - 1)];
    yearly[k] = arr;
  }
  const { adult, child } = splitChildren(migrantAgeProfile());
  return {
    startYear: input.startYear,
    endYear: input.endYear,
    registeredRateDefinition: input.registeredRateDefinition ?? 'hukou',
    lifeTables: input.lifeTables ?? defaultLifeTables(),
    fertilitySchedule: input.fertilitySchedule ?? standardFertilitySchedule(),
    migrantReturnHazard: input.migrantReturnHazard ?? Float64Array.from(DEFAULT_RETURN_HAZARD),
    departureProfile: input.departureProfile ?? rogersCastro(),
    inflowAdult: input.inflowAdult ?? adult,
    inflowChild: input.inflowChild ?? child,
    migrantSettleMinYears: input.migrantSettleMinYears ?? 3,
    ...yearly,
  };
}

/** Sanity of shapes only; value checks belong to the scenario validator. */
export function assertShapes(p: ModelParams): void {
  const n = stepCount(p);
  if (!(n >= 0) || !Number.isInteger(n)) throw new RangeError(`endYear ${p.endYear} must be an integer ≥ startYear ${p.startYear}`);
  for (const k of YEARLY_KEYS)
    if (p[k].length < n) throw new RangeError(`${k} has ${p[k].length} yearly values, needs ${n}`);
  if (p.migrantReturnHazard.length !== DURATIONS) throw new RangeError(`migrantReturnHazard needs ${DURATIONS} values`);
  for (const k of ['fertilitySchedule', 'departureProfile'] as const)
    if (p[k].length !== AGES) throw new RangeError(`${k} needs ${AGES} values`);
  for (const k of ['inflowAdult', 'inflowChild'] as const)
    if (p[k].length !== SEXES * AGES) throw new RangeError(`${k} needs ${SEXES * AGES} values`);
}
