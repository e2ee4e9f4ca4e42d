import type { YearlyKey } from '../model/params.ts';
import { MOST_PERSONS } from './mostPersons.ts';

/** What a parameter's numbers mean, for validation and for the docs. */
export type ParameterUnit = 'rate' | 'persons' | 'places' | 'dwellings' | 'years' | 'children per woman' | 'males per female' | 'multiplier';

/** Units that count things: written like persons (万 allowed), never below 0. */
export const COUNT_UNITS: ReadonlySet<ParameterUnit> = new Set(['persons', 'places', 'dwellings']);

export interface ParameterInfo {
  /** The engine's name for it (src/model/params.ts). */
  readonly model: YearlyKey;
  readonly unit: ParameterUnit;
  /** Inclusive bounds a constant value must respect. */
  readonly min: number;
  readonly max: number;
  /** `.inf` allowed: it means no limit (a quota, places, units); every other value must be finite. */
  readonly unlimited?: true;
  readonly description: string;
  /** What an unset value means, where it is not the engine default's number (the docs say this instead). */
  readonly defaultText?: string;
}

/**
 * The yearly parameters a scenario may set, under their scenario (snake_case)
 * names. Each can be a number, a distribution or an expression of `year` and
 * other parameters.
 *
 * @example
 * PARAMETERS.inflow.model; // 'inflow'
 */
export const PARAMETERS = {
  e0_male: { model: 'e0M', unit: 'years', min: 20, max: 100, description: 'life expectancy at birth, men' },
  e0_female: { model: 'e0F', unit: 'years', min: 20, max: 100, description: 'life expectancy at birth, women' },
  tfr_urban_hukou: { model: 'tfrUrbanHukou', unit: 'children per woman', min: 0, max: 10, description: 'total fertility of urban-hukou women' },
  tfr_rural_hukou: { model: 'tfrRuralHukou', unit: 'children per woman', min: 0, max: 10, description: 'total fertility of rural-hukou women' },
  tfr_migrant: { model: 'tfrMigrant', unit: 'children per woman', min: 0, max: 10, description: 'total fertility of migrant women' },
  migrant_newborn_stay: { model: 'migrantNewbornStay', unit: 'rate', min: 0, max: 1, description: "share of migrant mothers' newborns raised in the city; the others leave as infants (out-migrants)" },
  sex_ratio_at_birth: { model: 'sexRatioAtBirth', unit: 'males per female', min: 0.8, max: 1.5, description: 'boys per girl at birth' },
  migrant_return_multiplier: { model: 'migrantReturnMultiplier', unit: 'multiplier', min: 0, max: 100, description: 'multiplier on the migrant return hazard' },
  local_departure_rate: { model: 'localDepartureRate', unit: 'rate', min: 0, max: 1, description: 'locals moving away, yearly, at the peak age' },
  away_return_rate: { model: 'awayReturnRate', unit: 'rate', min: 0, max: 1, description: 'locals living away who come back, yearly' },
  away_return_urban_share: { model: 'awayReturnUrbanShare', unit: 'rate', min: 0, max: 1, description: 'share of returning rural-hukou locals who settle in town' },
  hukou_exit_rate: { model: 'hukouExitRate', unit: 'rate', min: 0, max: 1, description: 'locals living away who give up the hukou, yearly' },
  inflow: { model: 'inflow', unit: 'persons', min: 0, max: MOST_PERSONS, description: 'migrants arriving per year' },
  inflow_child_share: { model: 'inflowChildShare', unit: 'rate', min: 0, max: 1, description: 'accompanying children 0–14 among arrivals' },
  inflow_urban_share: { model: 'inflowUrbanShare', unit: 'rate', min: 0, max: 1, description: 'arrivals living in the urban area' },
  rural_to_town_rate: { model: 'ruralToTownRate', unit: 'rate', min: 0, max: 1, description: 'Rr→Ru, villagers moving to town, yearly' },
  urban_hukou_to_town_rate: {
    model: 'urbanHukouToTownRate', unit: 'rate', min: 0, max: 1,
    description: 'Ur→Uu, urban-hukou villagers moving to town (converted and relabelled ones too), yearly',
    defaultText: "unset: at the villagers' share of rural_to_town_rate",
  },
  reclass_share: { model: 'reclassShare', unit: 'rate', min: 0, max: 1, description: 'rural residents made urban in place, yearly share' },
  reclass_persons: { model: 'reclassPersons', unit: 'persons', min: 0, max: MOST_PERSONS, description: 'persons made urban in place this year' },
  reclass_hukou_share: { model: 'reclassHukouShare', unit: 'rate', min: 0, max: 1, description: 'reclassified villagers who also get urban hukou' },
  hukou_conversion_rate: { model: 'hukouConversionRate', unit: 'rate', min: 0, max: 1, description: 'rural-hukou locals given urban hukou where they live (Rr→Ur, Ru→Uu), yearly; not counted as settled' },
  local_settle_rate: { model: 'localSettleRate', unit: 'rate', min: 0, max: 1, description: 'Ru→Uu settlement, yearly' },
  migrant_settle_rate: { model: 'migrantSettleRate', unit: 'rate', min: 0, max: 1, description: 'settlement of eligible urban migrants, yearly' },
  settle_willingness: { model: 'settleWillingness', unit: 'rate', min: 0, max: 1, description: 'yearly take-up among eligible migrants (modes other than plain)' },
  settle_quota: { model: 'settleQuota', unit: 'persons', min: 0, max: MOST_PERSONS, unlimited: true, description: 'most migrants settled a year by the settlement mode; local take-up and source groups (own targets) do not count against it (.inf = no quota)' },
  legal_residence_share: { model: 'legalResidenceShare', unit: 'rate', min: 0, max: 1, description: 'open mode: migrants with legal residence, rentals included' },
  cond_residence_years: { model: 'condResidenceYears', unit: 'years', min: 0, max: 10, description: 'conditions mode: years of residence needed' },
  cond_insurance_years: { model: 'condInsuranceYears', unit: 'years', min: 0, max: 10, description: 'conditions mode: years of social insurance needed' },
  insurance_coverage: { model: 'insuranceCoverage', unit: 'rate', min: 0, max: 1, description: 'chance a year of stay adds a year of social insurance' },
  legal_job_share: { model: 'legalJobShare', unit: 'rate', min: 0, max: 1, description: 'conditions mode: share with a legal job' },
  legal_housing_share: { model: 'legalHousingShare', unit: 'rate', min: 0, max: 1, description: 'conditions mode: share with owned or rented housing' },
  points_base: { model: 'pointsBase', unit: 'multiplier', min: 0, max: 1000, description: 'points mode: mean score at arrival' },
  points_per_year: { model: 'pointsPerYear', unit: 'multiplier', min: 0, max: 1000, description: 'points mode: points per year of stay' },
  points_insurance_per_year: { model: 'pointsInsurancePerYear', unit: 'multiplier', min: 0, max: 1000, description: 'points mode: points per insured year' },
  points_sd: { model: 'pointsSd', unit: 'multiplier', min: 0, max: 1000, description: 'points mode: spread of scores' },
  points_cutoff: { model: 'pointsCutoff', unit: 'multiplier', min: 0, max: 10000, description: 'points mode: cut-off score (Dongguan 130 → 100)' },
  open_area_share: { model: 'openAreaShare', unit: 'rate', min: 0, max: 1, description: 'tiers: share of migrants where settlement is open' },
  land_rights_kept: { model: 'landRightsKept', unit: 'rate', min: 0, max: 1, description: '1 if settling keeps rural land rights, else 0' },
  land_rights_takeup_multiplier: { model: 'landRightsTakeupMultiplier', unit: 'multiplier', min: 0, max: 100, description: 'local take-up multiplier when land rights are kept' },
  rental_settle_share: { model: 'rentalSettleShare', unit: 'rate', min: 0, max: 1, description: 'migrant settlers on rentals: each household needs a free public unit and holds it; the others are not held back' },
  permit_school_years: { model: 'permitSchoolYears', unit: 'years', min: 0, max: 10, description: 'residence-permit years before public school' },
  permit_housing_years: { model: 'permitHousingYears', unit: 'years', min: 0, max: 10, description: 'residence-permit years before public rental housing' },
  school_places: { model: 'schoolPlaces', unit: 'places', min: 0, max: MOST_PERSONS, unlimited: true, description: 'public compulsory-school places (.inf = ample)' },
  public_access_share: { model: 'publicAccessShare', unit: 'rate', min: 0, max: 1, description: 'share of permitted migrant children let into public school' },
  child_shortage_elasticity: { model: 'childShortageElasticity', unit: 'multiplier', min: 0, max: 100, description: 'fall of the accompanying-children share per unit shortage ratio' },
  return_shortage_elasticity: { model: 'returnShortageElasticity', unit: 'multiplier', min: 0, max: 100, description: 'rise of migrant return per unit shortage ratio' },
  housing_units: { model: 'housingUnits', unit: 'dwellings', min: 0, max: MOST_PERSONS, unlimited: true, description: 'public rental / affordable units (.inf = ample)' },
  housing_apply_share: { model: 'housingApplyShare', unit: 'rate', min: 0, max: 1, description: 'eligible migrant households applying for a unit' },
  household_size: { model: 'householdSize', unit: 'multiplier', min: 0.5, max: 20, description: 'persons per household' },
  housing_inflow_elasticity: { model: 'housingInflowElasticity', unit: 'multiplier', min: -100, max: 100, description: 'inflow response to housing slack' },
  cost_one_off: { model: 'costOneOff', unit: 'multiplier', min: 0, max: 1e9, description: 'yuan per person settled (Dalian 11万)' },
  cost_recurring: { model: 'costRecurring', unit: 'multiplier', min: 0, max: 1e9, description: 'yuan per settled person per year after' },
  cost_share_government: { model: 'costShareGovernment', unit: 'rate', min: 0, max: 1, description: 'government share of cost' },
  cost_share_enterprise: { model: 'costShareEnterprise', unit: 'rate', min: 0, max: 1, description: 'enterprise share of cost' },
  land_per_settled: { model: 'landPerSettled', unit: 'multiplier', min: 0, max: 1e6, description: 'm² construction land per person settled (人地挂钩)' },
  transfer_per_settled: { model: 'transferPerSettled', unit: 'multiplier', min: 0, max: 1e9, description: 'yuan transfer per person settled (钱随人走)' },
  transfer_per_resident: { model: 'transferPerResident', unit: 'multiplier', min: 0, max: 1e9, description: 'yuan transfer per resident per year' },
} as const satisfies Record<string, ParameterInfo>;

export type ParameterKey = keyof typeof PARAMETERS;
export const PARAMETER_KEYS = Object.keys(PARAMETERS) as ParameterKey[];
