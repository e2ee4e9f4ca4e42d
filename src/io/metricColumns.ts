import type { Metric } from '../model/indicators.ts';
import { SETTLEMENT_GROUP_FILTERS } from '../model/settlementGroups.ts';

/** What one indicator means: its unit, what it counts, its names, and when it has no value. */
export interface MetricDoc {
  readonly unit: string;
  readonly description: string;
  /** Chinese name, in the statistical terms of the plans (seed 004), so a planner sees the words of their own documents. */
  readonly zh: string;
  /** Short English name for charts. */
  readonly en: string;
  /** When the value is null in a file; absent when it always has one. */
  readonly nulls?: string;
}

const BASE_YEAR = 'base year (no flow before the first year)';
const flow = (description: string, zh: string, en: string, unit = 'persons/year'): MetricDoc => ({ unit, description, zh, en, nulls: BASE_YEAR });

/**
 * Every indicator of the engine (src/model/indicators.ts), documented once:
 * the Arrow schemas carry these as field metadata, the column dictionary
 * (src/io/README.md) prints them, and charts take their names from here.
 *
 * @example
 * METRIC_DOCS.registered_rate.zh; // '户籍人口城镇化率'
 * METRIC_DOCS.school_places.nulls; // 'no limit set (unlimited places)'
 */
export const METRIC_DOCS = {
  resident_pop: { unit: 'persons', description: 'residents (常住: living in the city 6 months or more) at the end of the year', zh: '常住人口', en: 'resident population' },
  registered_pop: { unit: 'persons', description: 'holders of the city\'s hukou (户籍), wherever they live, at the end of the year', zh: '户籍人口', en: 'registered population' },
  urban_resident_pop: { unit: 'persons', description: 'residents of the urban area', zh: '城镇常住人口', en: 'urban resident population' },
  urban_registered_pop: {
    unit: 'persons',
    description: 'the registered rate\'s numerator: urban-hukou holders (definition hukou) or registered persons living in the urban area (residence)',
    zh: '城镇户籍人口', en: 'urban registered population',
  },
  resident_rate: { unit: 'fraction (0–1)', description: 'resident urbanization rate: urban residents / residents', zh: '常住人口城镇化率', en: 'resident urbanization rate', nulls: 'no residents' },
  registered_rate: {
    unit: 'fraction (0–1)',
    description: 'registered urbanization rate: urban_registered_pop / registered_pop (or / resident_pop where the scenario\'s denominator is resident)',
    zh: '户籍人口城镇化率', en: 'registered urbanization rate', nulls: 'no registered population',
  },
  rate_gap: { unit: 'fraction (0–1)', description: 'resident_rate − registered_rate', zh: '两率差距（常住 − 户籍）', en: 'gap (resident − registered)', nulls: 'either rate is null' },
  away_pop: { unit: 'persons', description: 'registered persons living outside the city (人户分离)', zh: '外出户籍人口', en: 'registered, living away' },
  migrant_pop: { unit: 'persons', description: 'residents holding another place\'s hukou (农业转移人口 from elsewhere and other migrants)', zh: '外来常住人口', en: 'migrants living in the city' },
  total_pop: { unit: 'persons', description: 'residents plus registered persons living away: the whole account', zh: '常住及外出户籍人口', en: 'residents and registered away' },
  births: flow('births during the year', '出生', 'births'),
  deaths: flow('deaths during the year, residents and registered persons living away', '死亡', 'deaths'),
  in_migrants: flow('migrants arriving during the year, accompanying children included', '迁入', 'in-migrants'),
  out_migrants: flow('persons leaving the account during the year: migrants going back, registered persons living away who give up the hukou, and newborns of migrants sent to be raised elsewhere', '迁出', 'out-migrants'),
  settled_local: flow('local rural-hukou persons given urban hukou during the year (落户)', '本地农业转移人口落户', 'locals settled (落户)'),
  settled_migrants: flow('migrants given the city\'s urban hukou during the year (落户)', '外来人口落户', 'migrants settled (落户)'),
  reclassified: flow('rural residents made urban in place during the year (村改居, 撤县设区)', '就地城镇化（村改居）', 'reclassified in place'),
  converted_in_place: flow(
    'rural-hukou locals given urban hukou where they live during the year (hukou_conversion_rate: 农转非 in place, Rr→Ur and Ru→Uu): nobody moves, so the resident rate does not change; not counted as settled (落户)',
    '就地农转非', 'converted in place (农转非)',
  ),
  relabelled: flow(
    'rural-hukou locals counted as urban hukou during the year because the registry changed its definition (uncertainty.registered_break: Ru→Uu and Rr→Ur in the year drawn): a change of count, not of anyone\'s hukou; 0 in every other year',
    '统计口径调整计为城镇户籍', 'relabelled (change of count)',
  ),
  ...(Object.fromEntries(
    SETTLEMENT_GROUP_FILTERS.map((f) => [
      `settled_${f.name}`,
      flow(`settled during the year from the source group ${f.name}: ${f.en} (seed ${f.seed}); 0 when the scenario has no such group`, `落户：${f.zh}`, `settled: ${f.en}`),
    ]),
  ) as Record<`settled_${(typeof SETTLEMENT_GROUP_FILTERS)[number]['name']}`, MetricDoc>),
  school_demand: { unit: 'children', description: 'children asking for a public compulsory-school place: local children of school age and permitted migrant children × public access share', zh: '义务教育学位需求', en: 'compulsory-school demand' },
  school_places: { unit: 'places', description: 'public compulsory-school places (the scenario\'s school_places)', zh: '公办义务教育学位', en: 'public school places', nulls: 'no limit set (unlimited places)' },
  school_shortage: { unit: 'children', description: 'max(0, school_demand − school_places)', zh: '学位缺口', en: 'school-place shortage' },
  migrant_children_public_share: {
    unit: 'fraction (0–1)', description: 'migrant children of school age seated in public school / all migrant children of school age',
    zh: '随迁子女公办学校就读比例', en: "migrant children's public-school share", nulls: 'no migrant children of school age',
  },
  housing_demand: { unit: 'dwellings', description: 'public rental / affordable units asked for: permitted migrant households applying, plus units held by settled renters', zh: '保障性住房需求（套）', en: 'public housing demand (units)' },
  housing_units: { unit: 'dwellings', description: 'public rental / affordable units (the scenario\'s housing_units)', zh: '公租房／保障房（套）', en: 'public rental / affordable units', nulls: 'no limit set (unlimited units)' },
  housing_shortage: { unit: 'dwellings', description: 'max(0, housing_demand − housing_units)', zh: '住房缺口（套）', en: 'housing shortage (units)' },
  cost_government: flow('government share of the cost of 市民化 in the year (one-off for this year\'s settlers, recurring for earlier ones)', '市民化成本：政府', '市民化 cost: government', 'yuan/year'),
  cost_enterprise: flow('enterprises\' share of the cost of 市民化 in the year', '市民化成本：企业', '市民化 cost: enterprises', 'yuan/year'),
  cost_individual: flow('individuals\' share of the cost of 市民化 in the year', '市民化成本：个人', '市民化 cost: individuals', 'yuan/year'),
  land_quota_m2: flow('construction land linked to the year\'s settlers (人地挂钩)', '挂钩建设用地（平方米）', 'linked construction land (m²)', 'm²/year'),
  transfer_yuan: flow('fiscal transfers following people in the year (钱随人走)', '转移支付（元）', 'fiscal transfers (yuan)', 'yuan/year'),
  settled: flow('settled_local + settled_migrants: people whose hukou moved to the towns during the year, what the registry counts as 落户', '落户人数', 'people settled (落户)'),
  new_migrants: {
    unit: 'persons', description: 'migrants who arrived during the year and still live here at its end (those who become eligible for a residence permit during it)',
    zh: '新增外来常住人口（可办居住证）', en: 'new migrants staying (residence-permit eligible)',
  },
} as const satisfies Record<Metric, MetricDoc>;

/** Capacity columns where null means "no limit": read back as Infinity, which is what the engine uses for it. */
export const UNLIMITED_METRICS: readonly Metric[] = ['school_places', 'housing_units'];
