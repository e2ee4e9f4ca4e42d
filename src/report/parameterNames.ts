import { GROUP_INDEX, SETTLEMENT_GROUP_FILTERS, type SettlementGroup } from '../model/settlementGroups.ts';
import type { GroupLeverName } from '../scenario/groupLevers.ts';
import type { ParameterKey } from '../scenario/parameterKeys.ts';
import type { ValueSpec } from '../scenario/resolved.ts';
import type { Lang } from './labels.ts';

// The words of the plans and of China's statistical yearbooks, so that a
// planner reading a sensitivity ranking or a solve in Chinese sees policy
// terms, not the scenario file's keys.
const ZH: Readonly<Record<ParameterKey, string>> = {
  e0_male: '男性出生时预期寿命',
  e0_female: '女性出生时预期寿命',
  tfr_urban_hukou: '城镇户籍妇女总和生育率',
  tfr_rural_hukou: '农业户籍妇女总和生育率',
  tfr_migrant: '外来妇女总和生育率',
  migrant_newborn_stay: '外来人口新生儿留在本地抚养比例',
  sex_ratio_at_birth: '出生性别比',
  migrant_return_multiplier: '外来人口返乡率倍数',
  local_departure_rate: '本地人口外出率',
  away_return_rate: '外出人口回流率',
  away_return_urban_share: '回流农业户籍人口进城比例',
  hukou_exit_rate: '外出人口迁出户籍率',
  inflow: '每年迁入人数',
  inflow_child_share: '迁入人口中随迁子女比例',
  inflow_urban_share: '迁入人口住城镇比例',
  rural_to_town_rate: '农民进城率',
  urban_hukou_to_town_rate: '住乡村城镇户籍人口进城率',
  reclass_share: '就地城镇化比例（村改居）',
  reclass_persons: '就地城镇化人数（村改居）',
  reclass_hukou_share: '村改居同时转户籍比例',
  hukou_conversion_rate: '就地农转非比例（农业户籍本地居民转城镇户籍）',
  local_settle_rate: '本地农业转移人口落户率',
  migrant_settle_rate: '外来人口落户率',
  settle_willingness: '符合条件者落户意愿',
  settle_quota: '年度落户指标',
  legal_residence_share: '有合法稳定住所（含租赁）比例',
  cond_residence_years: '落户所需居住年限',
  cond_insurance_years: '落户所需社保年限',
  insurance_coverage: '参加社会保险比例',
  legal_job_share: '有合法稳定就业比例',
  legal_housing_share: '有合法住房（自有或租赁）比例',
  points_base: '积分：初始平均分',
  points_per_year: '积分：每居住一年加分',
  points_insurance_per_year: '积分：每参保一年加分',
  points_sd: '积分：分数离散程度',
  points_cutoff: '积分落户分数线',
  open_area_share: '全面放开落户地区的外来人口比例',
  land_rights_kept: '落户保留农村土地权益',
  land_rights_takeup_multiplier: '保留土地权益时落户意愿倍数',
  rental_settle_share: '租赁住房落户者比例',
  permit_school_years: '居住证入读公办学校所需年限',
  permit_housing_years: '居住证申请公租房所需年限',
  school_places: '公办义务教育学位',
  public_access_share: '随迁子女公办学校准入比例',
  child_shortage_elasticity: '学位缺口对随迁子女的影响弹性',
  return_shortage_elasticity: '学位缺口对返乡的影响弹性',
  housing_units: '公租房／保障房套数',
  housing_apply_share: '符合条件家庭申请住房比例',
  household_size: '户均人口',
  housing_inflow_elasticity: '住房余量对迁入的影响弹性',
  cost_one_off: '人均一次性市民化成本（元）',
  cost_recurring: '人均每年市民化成本（元）',
  cost_share_government: '政府承担成本比例',
  cost_share_enterprise: '企业承担成本比例',
  land_per_settled: '人均挂钩建设用地（平方米）',
  transfer_per_settled: '每落户一人转移支付（元）',
  transfer_per_resident: '每常住人口转移支付（元）',
};

const GROUP_LEVER_ZH: Readonly<Record<GroupLeverName, string>> = { eligible_share: '符合条件比例', take_up: '年落户比例', yearly_target: '年度落户目标' };

/** A scenario's own variables (`variables:`), each with the parameters and group levers whose expressions read it, directly or through other variables. */
export type VariableUses = Readonly<Record<string, readonly string[]>>;

/**
 * What each variable of a scenario feeds: the parameters and source-group
 * levers whose expressions read it, directly or through another variable
 * (a variable read by nothing has none). From a resolved scenario, as
 * meta.json records it.
 *
 * @example
 * variableUses(meta.scenario); // Dalian: { inflow_growth: ['inflow'] }
 */
export function variableUses(s: {
  readonly variables?: Readonly<Record<string, ValueSpec>>;
  readonly parameters?: Readonly<Record<string, ValueSpec>>;
  readonly settlementGroups?: Readonly<Record<string, Readonly<Record<string, ValueSpec>> | undefined>>;
}): VariableUses {
  const variables = s.variables ?? {};
  const readers = new Map<string, string[]>();
  const read = (name: string, spec: ValueSpec) => {
    if (spec.kind === 'expr') for (const symbol of spec.symbols) readers.set(symbol, [...(readers.get(symbol) ?? []), name]);
  };
  for (const [k, v] of Object.entries(variables)) read(k, v);
  for (const [k, v] of Object.entries(s.parameters ?? {})) read(k, v);
  for (const [g, levers] of Object.entries(s.settlementGroups ?? {})) for (const [l, v] of Object.entries(levers ?? {})) read(`settlement_groups.${g}.${l}`, v);
  const uses: Record<string, string[]> = {};
  for (const v of Object.keys(variables)) {
    const seen = new Set([v]);
    const reached: string[] = [];
    for (const stack = [v]; stack.length; )
      for (const r of readers.get(stack.pop()!) ?? [])
        if (!seen.has(r)) {
          seen.add(r);
          if (Object.hasOwn(variables, r)) stack.push(r);
          else reached.push(r);
        }
    uses[v] = reached;
  }
  return uses;
}

/**
 * The name of an uncertain input or lever as shown on charts and tables: in
 * Chinese the policy term, in English the scenario key as written. A run's
 * own randomness (`noise:shocks.inflow+process+…`, one input in a
 * sensitivity analysis) is named with the sources it holds, the yearly
 * shocks after the parameters they move; a source
 * group's lever after the group and the lever. A scenario's own variable
 * has no name but the one its file gives it: in Chinese that name, said to
 * be the scenario's variable, with the parameters it feeds when `uses`
 * (from {@link variableUses}) says which.
 *
 * @example
 * parameterName('zh', 'migrant_settle_rate'); // '外来人口落户率'
 * parameterName('en', 'noise:shocks.inflow+process'); // "each run's own randomness (yearly shocks: inflow; year-to-year variation)"
 * parameterName('zh', 'noise:shocks.inflow+process'); // '各次模拟自身的随机性（年度冲击：每年迁入人数；逐年波动）'
 * parameterName('zh', 'settlement_groups.rural_students.take_up'); // '农村籍大中专学生：年落户比例'
 * parameterName('zh', 'inflow_growth', { inflow_growth: ['inflow'] }); // 'inflow_growth（情景变量，用于每年迁入人数）'
 */
export function parameterName(lang: Lang, key: string, uses?: VariableUses): string {
  if (key.startsWith('noise:')) return ownRandomnessName(lang, key.slice('noise:'.length).split('+'));
  // Sensitivity outputs written before the run's other randomness was named with the shocks.
  if (key.startsWith('shocks:')) {
    const keys = key.slice('shocks:'.length).split('+');
    return lang === 'zh' ? `年度随机冲击：${keys.map((k) => parameterName('zh', k)).join('、')}` : `yearly shocks: ${keys.join(', ')}`;
  }
  if (lang === 'en') return key;
  if (Object.hasOwn(ZH, key)) return ZH[key as ParameterKey];
  if (Object.hasOwn(BREAK_ZH, key)) return BREAK_ZH[key];
  const group = /^settlement_groups\.(\w+)\.(\w+)$/.exec(key);
  if (group && Object.hasOwn(GROUP_INDEX, group[1]) && Object.hasOwn(GROUP_LEVER_ZH, group[2]))
    return `${SETTLEMENT_GROUP_FILTERS[GROUP_INDEX[group[1] as SettlementGroup]].zh}：${GROUP_LEVER_ZH[group[2] as GroupLeverName]}`;
  // Each by its name without its own brackets: inside this name's, they would close twice (…（平方米））.
  const fed = (uses?.[key] ?? []).map((u) => parameterName('zh', u).replace(/（[^（）]*）$/, ''));
  // Two names at most: a chart's axis has room for a name, not a list.
  const list = fed.length > 2 ? `${fed.slice(0, 2).join('、')}等` : fed.join('、');
  return list ? `${key}（情景变量，用于${list}）` : `${key}（情景变量）`;
}

/** The change of count's draws, params.arrow columns (montecarlo/compileWithTrees.ts, breakDraws). */
const BREAK_ZH: Readonly<Record<string, string>> = {
  'uncertainty.registered_break.year': '户籍统计口径变化年份',
  'uncertainty.registered_break.share': '口径变化：计为城镇户籍的城镇农业户籍人口比例',
  'uncertainty.registered_break.village_share': '口径变化：计为城镇户籍的乡村农业户籍人口比例',
};

const NOISE_SOURCE: Readonly<Record<string, { readonly en: string; readonly zh: string }>> = {
  process: { en: 'year-to-year variation', zh: '逐年波动' },
  baseline: { en: 'base-year error', zh: '基期误差' },
  break: { en: 'hukou break', zh: '户籍口径变化' },
};

/** The input of a sensitivity analysis that holds each run's own randomness, named with its sources (analysis/ownRandomnessKey.ts). */
function ownRandomnessName(lang: Lang, sources: readonly string[]): string {
  const shocked = sources.filter((x) => x.startsWith('shocks.')).map((x) => x.slice('shocks.'.length));
  const parts: string[] = [];
  if (shocked.length) parts.push(lang === 'zh' ? `年度冲击：${shocked.map((k) => parameterName('zh', k)).join('、')}` : `yearly shocks: ${shocked.join(', ')}`);
  for (const x of sources) if (Object.hasOwn(NOISE_SOURCE, x)) parts.push(NOISE_SOURCE[x][lang]);
  return lang === 'zh' ? `各次模拟自身的随机性（${parts.join('；')}）` : `each run's own randomness (${parts.join('; ')})`;
}
