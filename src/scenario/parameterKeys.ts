import type { YearlyKey } from '../model/params.ts';

/** What a parameter's numbers mean, for validation and for the docs. */
export type ParameterUnit = 'rate' | 'persons' | 'years' | 'children per woman' | 'males per female' | 'multiplier';

export interface ParameterInfo {
  /** The engine's name for it (src/model/params.ts). */
  readonly model: YearlyKey;
  readonly unit: ParameterUnit;
  /** Inclusive bounds a constant value must respect. */
  readonly min: number;
  readonly max: number;
  readonly description: string;
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
  sex_ratio_at_birth: { model: 'sexRatioAtBirth', unit: 'males per female', min: 0.8, max: 1.5, description: 'boys per girl at birth' },
  migrant_return_multiplier: { model: 'migrantReturnMultiplier', unit: 'multiplier', min: 0, max: 100, description: 'multiplier on the migrant return hazard' },
  local_departure_rate: { model: 'localDepartureRate', unit: 'rate', min: 0, max: 1, description: 'locals moving away, yearly, at the peak age' },
  away_return_rate: { model: 'awayReturnRate', unit: 'rate', min: 0, max: 1, description: 'locals living away who come back, yearly' },
  away_return_urban_share: { model: 'awayReturnUrbanShare', unit: 'rate', min: 0, max: 1, description: 'share of returning rural-hukou locals who settle in town' },
  hukou_exit_rate: { model: 'hukouExitRate', unit: 'rate', min: 0, max: 1, description: 'locals living away who give up the hukou, yearly' },
  inflow: { model: 'inflow', unit: 'persons', min: 0, max: 1e9, description: 'migrants arriving per year' },
  inflow_child_share: { model: 'inflowChildShare', unit: 'rate', min: 0, max: 1, description: 'accompanying children 0–14 among arrivals' },
  inflow_urban_share: { model: 'inflowUrbanShare', unit: 'rate', min: 0, max: 1, description: 'arrivals living in the urban area' },
  rural_to_town_rate: { model: 'ruralToTownRate', unit: 'rate', min: 0, max: 1, description: 'Rr→Ru, villagers moving to town, yearly' },
  urban_hukou_to_town_rate: { model: 'urbanHukouToTownRate', unit: 'rate', min: 0, max: 1, description: 'Ur→Uu, yearly' },
  reclass_share: { model: 'reclassShare', unit: 'rate', min: 0, max: 1, description: 'rural residents made urban in place, yearly share' },
  reclass_persons: { model: 'reclassPersons', unit: 'persons', min: 0, max: 1e9, description: 'persons made urban in place this year' },
  reclass_hukou_share: { model: 'reclassHukouShare', unit: 'rate', min: 0, max: 1, description: 'reclassified villagers who also get urban hukou' },
  local_settle_rate: { model: 'localSettleRate', unit: 'rate', min: 0, max: 1, description: 'Ru→Uu settlement, yearly' },
  migrant_settle_rate: { model: 'migrantSettleRate', unit: 'rate', min: 0, max: 1, description: 'settlement of eligible urban migrants, yearly' },
} as const satisfies Record<string, ParameterInfo>;

export type ParameterKey = keyof typeof PARAMETERS;
export const PARAMETER_KEYS = Object.keys(PARAMETERS) as ParameterKey[];
