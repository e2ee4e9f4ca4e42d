import { AGES, DURATIONS, SEXES } from './layout.ts';
import { LifeTableFamily } from './lifeTable.ts';
import { CENSUS_MIGRANT_CHILD_SHARE, NEWBORN_STAY_MIDPOINT } from './migrantChildren.ts';
import { standardFertilitySchedule, standardMortality } from './standards.ts';
import { migrantAgeProfile, rogersCastro, splitChildren } from './schedules.ts';
import { GROUP_COUNT, SETTLEMENT_GROUPS, type SettlementGroup } from './settlementGroups.ts';

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
  /** What `registered_rate` is a share of: registered population (default) or residents. */
  readonly registeredRateDenominator: 'registered' | 'resident';

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
  /** Share of migrant mothers' newborns raised in the city; the others leave as infants (out-migrants). */
  readonly migrantNewbornStay: Float64Array;
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
  /** `Rr→Ru`: rural-hukou locals moving to town, yearly rate (the urbanization pace, read by `ruralToTownForm`). */
  readonly ruralToTownRate: Float64Array;
  /**
   * How the urbanization pace c moves villagers: `share` (default) moves share c of them a year (dp/dt = c(1 − p)
   * were they all the rural residents); `logit` moves the share that would raise the logit of the resident rate p by c
   * (dp/dt = c p(1 − p), the UN's urban–rural growth difference): see src/model/README.md, step 6.
   */
  readonly ruralToTownForm: RuralToTownForm;
  /**
   * Whether urban-hukou villagers (`Ur→Uu`) move to town at the villagers' share of the year (true, the default): the
   * share `ruralToTownRate` gives under `ruralToTownForm`, computed once for `Rr` and `Ur` alike, so that a hukou
   * conversion or a change of count (`Rr→Ur`) changes nobody's residence. False: they move at
   * `urbanHukouToTownRate` instead (a scenario's `urban_hukou_to_town_rate`), and so do converted and relabelled
   * villagers. See src/model/README.md, step 6.
   */
  readonly urbanHukouToTownFollowsPace: boolean;
  /** `Ur→Uu` yearly rate, read only when `urbanHukouToTownFollowsPace` is false. */
  readonly urbanHukouToTownRate: Float64Array;

  // 7. reclassification in place
  /** Share of rural residents whose place becomes urban this year. */
  readonly reclassShare: Float64Array;
  /** Persons made urban in place this year (scheduled events), on top of the share. */
  readonly reclassPersons: Float64Array;
  /** Share of reclassified rural-hukou locals whose hukou is converted too (`Rr→Uu`). */
  readonly reclassHukouShare: Float64Array;

  // 7b. hukou conversion in place
  /** Yearly share of the rural-hukou locals living in the city whose hukou becomes urban where they live (`Rr→Ur`, `Ru→Uu`). */
  readonly hukouConversionRate: Float64Array;
  /**
   * Share of the rural-hukou town dwellers (`Ru→Uu`) counted as urban hukou this year by a change of the registry's
   * definition (the 2014 unification: uncertainty.registered_break sets it in one year of a run); not settled.
   */
  readonly hukouRelabelShare: Float64Array;
  /**
   * Share of the rural-hukou villagers (`Rr→Ur`) counted as urban hukou by the same change of definition, in the same
   * year (villages and counties the new count calls urban: 村改居, 撤县设区 counted at once); not settled.
   */
  readonly hukouRelabelVillageShare: Float64Array;

  // 8. settlement (plain form)
  /** `Ru→Uu`: yearly settlement rate of local rural-hukou urban residents. */
  readonly localSettleRate: Float64Array;
  /** `Mu[d≥Y]→Uu`: yearly settlement rate of eligible urban migrants (whole households). */
  readonly migrantSettleRate: Float64Array;
  /** Y: completed years of stay needed to be eligible. */
  readonly migrantSettleMinYears: number;

  // 8. settlement policy (levers; `plain` keeps the plain form above)
  /** How migrants become eligible: see src/model/README.md, step 8. */
  readonly settlementMode: SettlementMode;
  /** Yearly take-up among eligible migrants (all modes but `plain`, which uses migrantSettleRate). */
  readonly settleWillingness: Float64Array;
  /** Most migrants settled in a year by the settlement mode (persons); local take-up and source groups do not count. Infinity = no quota. */
  readonly settleQuota: Float64Array;
  /** `open`: share of migrants with legal residence (rentals included). */
  readonly legalResidenceShare: Float64Array;
  /** `conditions`: years of residence needed. */
  readonly condResidenceYears: Float64Array;
  /** `conditions`: years of social insurance needed; each year of stay adds one with probability `insuranceCoverage`. */
  readonly condInsuranceYears: Float64Array;
  readonly insuranceCoverage: Float64Array;
  /** `conditions`: share with a legal job, and with owned or rented housing. */
  readonly legalJobShare: Float64Array;
  readonly legalHousingShare: Float64Array;
  /** `points`: score ~ Normal(base + perYear · d + insurancePerYear · coverage · d, sd); eligible when ≥ cutoff. */
  readonly pointsBase: Float64Array;
  readonly pointsPerYear: Float64Array;
  readonly pointsInsurancePerYear: Float64Array;
  readonly pointsSd: Float64Array;
  readonly pointsCutoff: Float64Array;
  /** Tiers by area: share of migrants living where settlement is open (county towns); the mode applies to the rest. */
  readonly openAreaShare: Float64Array;
  /** 1 when settling keeps rural land rights (multiplies local take-up by `landRightsTakeupMultiplier`), else 0. */
  readonly landRightsKept: Float64Array;
  readonly landRightsTakeupMultiplier: Float64Array;
  /** Share of migrant settlers who settle on a rented home and so need a public rental unit. */
  readonly rentalSettleShare: Float64Array;

  // 8b. settlement by source group
  /** Levers of each source group, in catalogue order (settlementGroups.ts); inactive while take-up is 0. */
  readonly settlementGroups: readonly SettlementGroupLevers[];

  // 9. capacity and residence permits
  /** Years of residence (permit) before a migrant's children may enter public school / the family may apply for public rental housing. */
  readonly permitSchoolYears: Float64Array;
  readonly permitHousingYears: Float64Array;
  /** Public compulsory-school places; Infinity = ample. */
  readonly schoolPlaces: Float64Array;
  /** Share of permit-holding migrants' children the policy lets into public school. */
  readonly publicAccessShare: Float64Array;
  /** Accompanying-children share falls by this times last year's shortage ratio. */
  readonly childShortageElasticity: Float64Array;
  /** Migrant return hazard rises by this times last year's shortage ratio. */
  readonly returnShortageElasticity: Float64Array;
  /** Public rental / affordable units; Infinity = ample. */
  readonly housingUnits: Float64Array;
  /** Share of eligible migrant households applying for a unit; persons per household. */
  readonly housingApplyShare: Float64Array;
  readonly householdSize: Float64Array;
  /** Inflow scales by (1 + this × last year's housing slack ratio), slack in [−1, 1]. */
  readonly housingInflowElasticity: Float64Array;
  /** First and last age of compulsory schooling (default 6–14). */
  readonly schoolAgeMin: number;
  readonly schoolAgeMax: number;
  /** Parents settling with each school-age child, for the school cap on households. */
  readonly parentsPerChild: number;

  // 10. cost of 市民化 and linkages
  /** Yuan per person settled, once; and per settled person per year after. */
  readonly costOneOff: Float64Array;
  readonly costRecurring: Float64Array;
  /** Shares of the cost borne by government and enterprises; individuals bear the rest. */
  readonly costShareGovernment: Float64Array;
  readonly costShareEnterprise: Float64Array;
  /** 人地挂钩: construction land (m²) earned per person settled. 钱随人走: transfers (yuan) per person settled and per resident per year. */
  readonly landPerSettled: Float64Array;
  readonly transferPerSettled: Float64Array;
  readonly transferPerResident: Float64Array;
}

export type SettlementMode = 'plain' | 'closed' | 'open' | 'conditions' | 'points';

/** The form of the urbanization pace `ruralToTownRate` (src/model/README.md, step 6). */
export type RuralToTownForm = 'share' | 'logit';

/** The yearly levers of one source group (src/model/README.md, step 8b). */
export interface SettlementGroupLevers {
  /** Share of the group's pool (its filter on the state) that meets the group's rules. */
  readonly eligibleShare: Float64Array;
  /** Yearly share of the eligible who settle. */
  readonly takeUp: Float64Array;
  /** Most persons of the group settled in a year (when binding, exactly this many); Infinity = no target. */
  readonly yearlyTarget: Float64Array;
}
export const GROUP_LEVER_KEYS = ['eligibleShare', 'takeUp', 'yearlyTarget'] as const;
export type GroupLeverKey = (typeof GROUP_LEVER_KEYS)[number];
/** Engine defaults: a group nobody names settles nobody (take-up 0). */
export const GROUP_LEVER_DEFAULTS: Record<GroupLeverKey, number> = { eligibleShare: 1, takeUp: 0, yearlyTarget: Infinity };

/** The yearly parameter keys of {@link ModelParams}. */
export const YEARLY_KEYS = [
  'e0M', 'e0F', 'tfrUrbanHukou', 'tfrRuralHukou', 'tfrMigrant', 'migrantNewbornStay', 'sexRatioAtBirth',
  'migrantReturnMultiplier', 'localDepartureRate', 'awayReturnRate', 'awayReturnUrbanShare', 'hukouExitRate',
  'inflow', 'inflowChildShare', 'inflowUrbanShare', 'ruralToTownRate', 'urbanHukouToTownRate',
  'reclassShare', 'reclassPersons', 'reclassHukouShare', 'hukouConversionRate', 'hukouRelabelShare', 'hukouRelabelVillageShare', 'localSettleRate',
  'migrantSettleRate', 'settleWillingness', 'settleQuota', 'legalResidenceShare', 'condResidenceYears', 'condInsuranceYears',
  'insuranceCoverage',
  'legalJobShare', 'legalHousingShare', 'pointsBase', 'pointsPerYear', 'pointsInsurancePerYear', 'pointsSd', 'pointsCutoff',
  'openAreaShare', 'landRightsKept', 'landRightsTakeupMultiplier', 'rentalSettleShare',
  'permitSchoolYears', 'permitHousingYears', 'schoolPlaces', 'publicAccessShare', 'childShortageElasticity',
  'returnShortageElasticity', 'housingUnits', 'housingApplyShare', 'householdSize', 'housingInflowElasticity',
  'costOneOff', 'costRecurring', 'costShareGovernment', 'costShareEnterprise', 'landPerSettled', 'transferPerSettled',
  'transferPerResident',
] as const satisfies readonly (keyof ModelParams)[];
export type YearlyKey = (typeof YEARLY_KEYS)[number];

/** Number of projection steps. */
export const stepCount = (p: { startYear: number; endYear: number }): number => p.endYear - p.startYear;

let sharedLifeTables: { M: LifeTableFamily; F: LifeTableFamily } | undefined;
/**
 * Brass logit families on the shipped WPP 2019 China standard, made once per thread.
 *
 * @example
 * defaultLifeTables().F.fill(79.3, new SurvivalRatios());
 */
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
  // The midpoint of the range the 2010 census's young children of migrants give, which a scenario naming a city draws from.
  migrantNewbornStay: NEWBORN_STAY_MIDPOINT,
  sexRatioAtBirth: 1.15,
  migrantReturnMultiplier: 1,
  localDepartureRate: 0.005,
  awayReturnRate: 0.05,
  awayReturnUrbanShare: 0.5,
  hukouExitRate: 0.02,
  inflow: 0,
  inflowChildShare: CENSUS_MIGRANT_CHILD_SHARE,
  inflowUrbanShare: 0.9,
  ruralToTownRate: 0.01,
  urbanHukouToTownRate: 0.02,
  reclassShare: 0,
  reclassPersons: 0,
  reclassHukouShare: 0,
  hukouConversionRate: 0,
  hukouRelabelShare: 0,
  hukouRelabelVillageShare: 0,
  localSettleRate: 0.03,
  migrantSettleRate: 0.02,
  settleWillingness: 0.1,
  settleQuota: Infinity,
  legalResidenceShare: 1,
  condResidenceYears: 0,
  condInsuranceYears: 0,
  insuranceCoverage: 1,
  legalJobShare: 1,
  legalHousingShare: 1,
  pointsBase: 60,
  pointsPerYear: 8,
  pointsInsurancePerYear: 0,
  pointsSd: 20,
  pointsCutoff: 100,
  openAreaShare: 0,
  landRightsKept: 0,
  landRightsTakeupMultiplier: 1,
  rentalSettleShare: 0,
  permitSchoolYears: 0,
  permitHousingYears: 0,
  schoolPlaces: Infinity,
  publicAccessShare: 1,
  childShortageElasticity: 0,
  returnShortageElasticity: 0,
  housingUnits: Infinity,
  housingApplyShare: 0.3,
  householdSize: 3,
  housingInflowElasticity: 0,
  costOneOff: 0,
  costRecurring: 0,
  costShareGovernment: 0.4,
  costShareEnterprise: 0.32,
  landPerSettled: 0,
  transferPerSettled: 0,
  transferPerResident: 0,
};

type YearlyInput = number | ArrayLike<number>;
export type ModelParamsInput = Partial<Record<YearlyKey, YearlyInput>> &
  Partial<Omit<ModelParams, YearlyKey | 'startYear' | 'endYear' | 'settlementGroups'>> & {
    startYear: number;
    endYear: number;
    /** Levers of the source groups to switch on, by name; the others stay off. */
    settlementGroups?: Partial<Record<SettlementGroup, Partial<Record<GroupLeverKey, YearlyInput>>>>;
  };

/**
 * Build a complete {@link ModelParams} from defaults and overrides. A yearly
 * value may be a number (the same every year) or an array of one value per step.
 * `urbanHukouToTownFollowsPace` defaults to whether `urbanHukouToTownRate` is left out: a rate given is read.
 *
 * @example
 * const p = modelParams({ startYear: 2013, endYear: 2020, inflow: 150_000, e0F: [80, 80.2, 80.4, 80.6, 80.8, 81, 81.2],
 *   settlementGroups: { rural_students: { eligibleShare: 0.3, takeUp: 0.5, yearlyTarget: 400_000 } } });
 */
export function modelParams(input: ModelParamsInput): ModelParams {
  const n = stepCount(input);
  const toArray = (v: YearlyInput): Float64Array =>
    Float64Array.from({ length: n }, (_, y) => (typeof v === 'number' ? v : v[Math.min(y, v.length - 1)]));
  const yearly = {} as Record<YearlyKey, Float64Array>;
  for (const k of YEARLY_KEYS) yearly[k] = toArray(input[k] ?? YEARLY_DEFAULTS[k]);
  const settlementGroups = SETTLEMENT_GROUPS.map((g) => {
    const over = input.settlementGroups?.[g];
    return Object.fromEntries(GROUP_LEVER_KEYS.map((k) => [k, toArray(over?.[k] ?? GROUP_LEVER_DEFAULTS[k])])) as unknown as SettlementGroupLevers;
  });
  const { adult, child } = splitChildren(migrantAgeProfile());
  return {
    startYear: input.startYear,
    endYear: input.endYear,
    registeredRateDefinition: input.registeredRateDefinition ?? 'hukou',
    registeredRateDenominator: input.registeredRateDenominator ?? 'registered',
    lifeTables: input.lifeTables ?? defaultLifeTables(),
    fertilitySchedule: input.fertilitySchedule ?? standardFertilitySchedule(),
    migrantReturnHazard: input.migrantReturnHazard ?? Float64Array.from(DEFAULT_RETURN_HAZARD),
    departureProfile: input.departureProfile ?? rogersCastro(),
    inflowAdult: input.inflowAdult ?? adult,
    inflowChild: input.inflowChild ?? child,
    migrantSettleMinYears: input.migrantSettleMinYears ?? 3,
    settlementMode: input.settlementMode ?? 'plain',
    ruralToTownForm: input.ruralToTownForm ?? 'share',
    // an `Ur→Uu` rate given is meant to be read; else Ur follow the villagers' pace
    urbanHukouToTownFollowsPace: input.urbanHukouToTownFollowsPace ?? input.urbanHukouToTownRate === undefined,
    schoolAgeMin: input.schoolAgeMin ?? 6,
    schoolAgeMax: input.schoolAgeMax ?? 14,
    parentsPerChild: input.parentsPerChild ?? 1.5,
    settlementGroups,
    ...yearly,
  };
}

/** Sanity of shapes only; value checks belong to the scenario validator. */
export function assertShapes(p: ModelParams): void {
  const n = stepCount(p);
  if (!(n >= 0) || !Number.isInteger(n)) throw new RangeError(`endYear ${p.endYear} must be an integer ≥ startYear ${p.startYear}`);
  for (const k of YEARLY_KEYS)
    if (p[k].length < n) throw new RangeError(`${k} has ${p[k].length} yearly values, needs ${n}`);
  if (p.settlementGroups.length !== GROUP_COUNT) throw new RangeError(`settlementGroups needs ${GROUP_COUNT} groups`);
  for (const g of p.settlementGroups)
    for (const k of GROUP_LEVER_KEYS) if (g[k].length < n) throw new RangeError(`settlementGroups.${k} has ${g[k].length} yearly values, needs ${n}`);
  if (p.migrantReturnHazard.length !== DURATIONS) throw new RangeError(`migrantReturnHazard needs ${DURATIONS} values`);
  for (const k of ['fertilitySchedule', 'departureProfile'] as const)
    if (p[k].length !== AGES) throw new RangeError(`${k} needs ${AGES} values`);
  for (const k of ['inflowAdult', 'inflowChild'] as const)
    if (p[k].length !== SEXES * AGES) throw new RangeError(`${k} needs ${SEXES * AGES} values`);
}
