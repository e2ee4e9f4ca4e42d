/**
 * The closed vocabulary of `field` values in data/areas/figures.csv.
 *
 * Kept in code so the tests can reject a typo'd field and the README can be
 * checked against it. Each entry says what the number measures; the unit is
 * whatever the seed wrote (see the `unit` column).
 */
export const FIGURE_FIELDS: Readonly<Record<string, string>> = {
  // Stocks
  resident_pop: '常住人口, persons living in the area',
  registered_pop: '户籍人口, persons holding the local hukou',
  migrant_pop: '流动/外来/暂住/非户籍/未落户 population living in the area',
  urban_pop: '城镇(常住)人口',
  total_pop: '总人口/全市人口/人口总数 whose type (resident or registered) the text does not state',
  nonagri_hukou_pop: '非农(业)户籍人口',
  agri_hukou_pop: '农业户籍人口',
  urban_agri_hukou_pop: 'urban residents who hold agricultural hukou',
  resident_minus_registered_pop: 'stated excess of resident over registered population',
  net_inflow_pop: '净流入人口',
  outflow_pop: '流出人口 (out-migrants from the area)',
  registered_share_of_residents: '户籍人口占常住人口的比重, % of residents holding the local hukou',
  migrant_share_of_residents: '外来人口占常住人口的比重, % of residents holding another place\'s hukou',
  // Rates (%)
  resident_rate: '常住人口城镇化率',
  registered_rate: '户籍人口城镇化率 (definition: see areas.csv registered_rate_definition)',
  rate_unspecified: '城镇化率/城市化率 that the text does not tie to resident or registered population',
  target_resident_rate: 'target 常住人口城镇化率 for `year`',
  target_registered_rate: 'target 户籍人口城镇化率 for `year`',
  // Changes over a period stated in `text`; `year` is the period end
  resident_pop_change: 'change of resident population over the stated period',
  registered_pop_change: 'change of registered population over the stated period',
  urban_pop_change: 'change of urban population over the stated period',
  resident_rate_change: 'change of the resident rate, percentage points',
  registered_rate_change: 'change of the registered rate, percentage points',
  // Population targets
  target_resident_pop: 'target resident population for `year`',
  target_resident_pop_min: 'lower end of a target resident-population range',
  target_resident_pop_max: 'upper end of a target resident-population range',
  target_urban_pop: 'target urban population for `year`',
  // Settlement (落户/市民化)
  settle_target: 'cumulative persons to settle or citizenize by `year`',
  settle_target_local: 'settle_target for local (本地/本市) agricultural migrants',
  settle_target_nonlocal: 'settle_target for non-local (外地/市外/异地) migrants',
  settle_target_period: 'persons to settle within a period ending in `year` (period in `text`), not cumulative',
  settle_quota: 'persons to settle per year',
  settle_quota_points: 'persons to settle per year through points (积分入户)',
  settled_actual: 'persons settled in the period stated in `text`; `year` is the period end',
  target_residence_permits: 'target number of people given residence-permit rights',
  residence_permits: 'residence permits issued in the period stated in `text`',
  points_cutoff: 'qualifying score of a points-based settlement scheme',
  hukou_unified: 'year the agricultural / non-agricultural hukou split was abolished (统一登记为居民户口); value and year are that year',
  // Schools
  school_places: 'school places provided or added (compulsory education unless `text` says otherwise)',
  school_places_purchased: 'places bought from private schools for migrant children',
  high_school_places: 'public senior-high places for migrant children',
  kindergarten_places: 'kindergarten places added',
  migrant_children: 'migrant children (随迁子女/外地学生) in school; level as in `text`',
  migrant_children_public: 'migrant children in public schools',
  migrant_children_public_share: '% of migrant children in public schools',
  migrant_children_enrolment_rate: '% of migrant children of school age enrolled',
  target_migrant_children_enrolment_rate: 'target % of migrant children enrolled',
  migrant_children_intake: 'migrant children newly enrolled in the year',
  // Housing
  housing_units: 'affordable/public-rental housing units built, started or planned (see `text`)',
  housing_units_migrants: 'affordable housing units or households allocated to migrants',
  housing_share_migrants: '% of affordable-housing allocations going to migrants or settlers',
  home_purchase_quota: 'preferential home-purchase qualifications released (e.g. through points)',
  purchase_subsidy_per_m2_government: 'government subsidy per m² for settlers buying a home',
  purchase_subsidy_per_m2_developer: 'developer subsidy per m² for settlers buying a home',
  purchase_subsidy_per_unit: 'cash subsidy per home bought by settlers',
  // Costs of 市民化
  cost_per_person: 'total 市民化 cost per person',
  cost_per_person_min: 'lower end of a stated per-person cost range',
  cost_per_person_max: 'upper end of a stated per-person cost range',
  cost_per_person_government: 'per-person cost borne by government (公共成本/政府成本)',
  cost_per_person_enterprise: 'per-person cost borne by enterprises',
  cost_per_person_individual: 'per-person cost borne by the migrant',
  cost_per_person_local: 'per-person cost for local farmers (本区农业人口)',
  cost_per_person_nonlocal: 'per-person cost for non-local residents (外来常住人口)',
  cost_per_person_annual_government: 'recurrent government cost per new resident per year',
  cost_per_person_hukou_extra_government: 'extra one-off government cost per new hukou holder',
  cost_per_person_hukou_extra_annual_government: 'extra recurrent government cost per new hukou holder per year',
  cost_share_government: '% of 市民化 cost borne by government',
  cost_share_enterprise: '% of 市民化 cost borne by enterprises',
  cost_share_individual: '% of 市民化 cost borne by individuals',
  cost_share_city: "% of the government cost borne by the city's own budget",
  cost_total: 'total 市民化 cost for the stated number of people',
  cost_total_government: 'government part of the total cost',
  cost_total_enterprise: 'enterprise part of the total cost',
  cost_total_individual: 'individual part of the total cost',
  cost_total_services: 'basic public-service part of the total cost',
  cost_total_infrastructure: 'infrastructure part of the total cost',
  citizenization_budget_annual: 'annual public budget committed to 市民化',
  transfer_per_person: 'fiscal transfer per settled person',
  // Land
  land_per_person_m2: 'construction land per person',
  land_quota_km2: 'construction-land quota granted for settled people (人地挂钩)',
  // Services and economy
  target_service_coverage_share: 'target % of residents enjoying urban basic public services',
  target_migrant_service_coverage: 'target % coverage of equal basic public services for migrants',
  consumption_gain_per_person: 'extra consumption per settled person per year',
  urban_rural_consumption_gap: 'urban-rural consumption gap per person per year',
};

/**
 * Fields written `base:<group>`, with the group ids each allows.
 *
 * Groups split a stock, flow or target into parts the seed names; the parts
 * of one base need not add up to a total in the same table.
 */
export const GROUP_FIELDS: Readonly<Record<string, readonly string[]>> = {
  settle_target_group: [
    'newgen_workers', 'first_gen_workers', 'rural_students', 'home_buyers', 'returnees',
    'relatives', 'veterans', 'others', 'urban_village', 'in_place', 'migrant_workers',
    'in_city_migrants', 'new_agri_migrants', 'existing_migrant_workers', 'agri_migrants',
    'rural_residents', 'other_residents',
  ],
  settle_quota_group: ['in_county', 'in_prefecture', 'in_province'],
  settle_share_group: ['nonlocal', 'new_districts_counties'],
  settled_actual_group: [
    'nonlocal', 'out_of_province', 'migrant_workers', 'age_16_60', 'migration',
    'village_to_residence', 'public_hukou', 'public_employees', 'relatives', 'towns', 'central_city',
  ],
  settled_share_group: ['nonlocal', 'migrant_workers', 'age_16_60', 'target_zones', 'relatives'],
  settle_work_years_group: ['extension_zone', 'new_development_zone'],
  agri_migrant_pop_group: ['out_of_province', 'in_province'],
  agri_migrant_pop_change_group: ['out_of_province', 'in_province'],
  migrant_children_intake_group: ['primary', 'junior'],
  migrant_children_intake_share_group: ['primary', 'junior'],
};

/**
 * Whether `field` is in the vocabulary (plain or `base:<group>`).
 *
 * @example
 * isKnownField('settle_target_group:veterans'); // true
 */
export function isKnownField(field: string): boolean {
  const colon = field.indexOf(':');
  if (colon < 0) return field in FIGURE_FIELDS;
  const groups = GROUP_FIELDS[field.slice(0, colon)];
  return groups !== undefined && groups.includes(field.slice(colon + 1));
}
