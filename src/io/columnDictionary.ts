import { METRICS } from '../model/indicators.ts';
import { GROUP_INDEX, SETTLEMENT_GROUP_FILTERS, type SettlementGroup } from '../model/settlementGroups.ts';
import { GROUP_LEVERS, type GroupLeverName } from '../scenario/groupLevers.ts';
import { PARAMETERS, type ParameterInfo, type ParameterKey } from '../scenario/parameterKeys.ts';
import { parameterName } from '../report/parameterNames.ts';
import { METRIC_DOCS, type MetricDoc } from './metricColumns.ts';

/** Arrow types the outputs use; strings that repeat are dictionary-encoded. */
export type ColumnType = 'dictionary<utf8>' | 'utf8' | 'int32' | 'uint32' | 'float64' | 'bool';

/** One column: its Arrow type, unit, meaning, Chinese label, and when it is null (absent: never). */
export interface ColumnDoc {
  readonly type: ColumnType;
  readonly unit: string;
  readonly description: string;
  readonly zh: string;
  readonly nulls?: string;
}

/** Columns named after something that varies (a metric, a sampled parameter), documented by a rule. */
export interface ColumnFamily {
  /** How the family is shown in the dictionary, e.g. `<metric>`. */
  readonly placeholder: string;
  readonly description: string;
  /** The doc of a column of the family, or undefined if `name` is not one. */
  readonly doc: (name: string) => ColumnDoc | undefined;
  /** Every member, when the family is fixed (the metrics); listed in the dictionary. */
  readonly members?: readonly string[];
}

/** One output file: which commands write it, what a row is, and its columns in order. */
export interface FileDoc {
  readonly writtenBy: string;
  readonly rows: string;
  readonly columns: Readonly<Record<string, ColumnDoc>>;
  /** Where the family's columns go: after the fixed column named here. */
  readonly family?: ColumnFamily & { readonly after: string };
  /** Keys of the schema's own metadata, if any. */
  readonly schemaMetadata?: Readonly<Record<string, string>>;
}

const FRACTION = 'fraction (0–1)';
const NONE = '–';
const metricUnit = 'the metric\'s unit (column `unit`)';

const scenario: ColumnDoc = { type: 'dictionary<utf8>', unit: NONE, description: 'scenario name (`name:` in its file)', zh: '情景' };
const run: ColumnDoc = { type: 'int32', unit: NONE, description: 'run number, 0 to runs − 1; run r draws from its own random stream, seeded from (seed, r) alone', zh: '模拟序号' };
const year: ColumnDoc = { type: 'int32', unit: 'year', description: 'calendar year; values are at the end of it, flows during it', zh: '年份' };
const metric: ColumnDoc = { type: 'dictionary<utf8>', unit: NONE, description: 'indicator: a column name of trajectories.arrow', zh: '指标' };
const unit: ColumnDoc = { type: 'dictionary<utf8>', unit: NONE, description: 'unit of the metric, as in trajectories.arrow\'s column metadata', zh: '单位' };
const quantile = (p: number, of: string, nulls: string): ColumnDoc => ({
  type: 'float64', unit: metricUnit, description: `${p}th percentile ${of} (type 7, linear interpolation)`, zh: `第${p}百分位数`, nulls,
});
const quantiles = (of: string, nulls: string, ps: readonly number[] = [5, 10, 25, 50, 75, 90, 95]) =>
  Object.fromEntries(ps.map((p) => [`p${p}`, quantile(p, of, nulls)]));
const probability = (of: string): ColumnDoc => ({ type: 'float64', unit: FRACTION, description: `share of runs ${of}`, zh: '达成概率' });
const wilson = (side: 'lower' | 'upper'): ColumnDoc => ({
  type: 'float64', unit: FRACTION, description: `${side} end of the 95 % Wilson interval of the probability`, zh: side === 'lower' ? '95%置信区间下限' : '95%置信区间上限',
});
const runsOf = (what: string): ColumnDoc => ({ type: 'int32', unit: 'runs', description: what, zh: '模拟次数' });
/** The † and § columns of a targets table (src/batch/onDefaults.ts, onBreak.ts): what each means in that table. */
const markColumns = (onDefaults: string, onBreak: string, nulls = 'the joint row `all`'): Record<'on_defaults' | 'on_break', ColumnDoc> => ({
  on_defaults: { type: 'bool', unit: NONE, description: onDefaults, zh: '概率主要取决于默认参数', nulls },
  on_break: { type: 'bool', unit: NONE, description: onBreak, zh: '概率取决于假定的户籍统计口径变化', nulls },
});

const PARAMETER_UNITS: Record<ParameterInfo['unit'], string> = {
  rate: FRACTION, persons: 'persons', places: 'places', dwellings: 'dwellings', years: 'years', 'children per woman': 'children per woman', 'males per female': 'males per female', multiplier: 'number',
};
const UNIT_OVERRIDES: Partial<Record<ParameterKey, string>> = { inflow: 'persons/year', reclass_persons: 'persons/year', settle_quota: 'persons/year' };

/** The change of count's draws (uncertainty.registered_break; montecarlo/compileWithTrees.ts, breakDraws). */
const BREAK_DOCS: Readonly<Record<string, { readonly unit: string; readonly description: string }>> = {
  'uncertainty.registered_break.year': {
    unit: 'year',
    description: 'uncertainty.registered_break: the year drawn for the change of count (equal odds among `years`; a column when there are several)',
  },
  'uncertainty.registered_break.share': {
    unit: FRACTION,
    description: 'uncertainty.registered_break: b, the share of rural-hukou town dwellers (Ru) counted as urban hukou in that year (uniform in `share`)',
  },
  'uncertainty.registered_break.village_share': {
    unit: FRACTION,
    description: 'uncertainty.registered_break: v, the share of rural-hukou villagers (Rr) counted as urban hukou in that year (uniform in `village_share`)',
  },
};

/**
 * The doc of a scenario scalar as a column (params.arrow, posterior.arrow):
 * a parameter key, a source group's lever (`settlement_groups.<g>.<lever>`),
 * the change of count's draws (`uncertainty.registered_break.<part>`),
 * or a variable of the scenario, whose unit only the scenario knows.
 *
 * @example
 * parameterDoc('migrant_settle_rate').unit; // 'fraction (0–1)'
 */
export function parameterDoc(name: string, nulls?: string): ColumnDoc {
  const base = { type: 'float64' as const, ...(nulls && { nulls }) };
  if (Object.hasOwn(PARAMETERS, name)) {
    const p: ParameterInfo = PARAMETERS[name as ParameterKey];
    return { ...base, unit: UNIT_OVERRIDES[name as ParameterKey] ?? PARAMETER_UNITS[p.unit], description: `${name}: ${p.description}`, zh: parameterName('zh', name) };
  }
  if (Object.hasOwn(BREAK_DOCS, name)) return { ...base, ...BREAK_DOCS[name], zh: parameterName('zh', name) };
  const m = /^settlement_groups\.(\w+)\.(\w+)$/.exec(name);
  if (m && Object.hasOwn(GROUP_INDEX, m[1]) && Object.hasOwn(GROUP_LEVERS, m[2])) {
    const lever = GROUP_LEVERS[m[2] as GroupLeverName];
    const group = SETTLEMENT_GROUP_FILTERS[GROUP_INDEX[m[1] as SettlementGroup]];
    return {
      ...base, unit: lever.unit === 'rate' ? FRACTION : 'persons/year',
      description: `source group ${group.name} (${group.en}): ${lever.description}`, zh: parameterName('zh', name),
    };
  }
  return { ...base, unit: 'as the scenario defines it', description: `variable ${name} of the scenario`, zh: parameterName('zh', name) };
}


const parameters = (after: string, of: string, nulls?: string): FileDoc['family'] => ({
  after,
  placeholder: '<parameter>',
  description: `one column per sampled scalar of the scenario, named by its key (\`migrant_settle_rate\`, \`settlement_groups.rural_students.take_up\`, a variable), then the change of count's draws that vary (\`uncertainty.registered_break.year\`, \`.share\`, \`.village_share\`; absent when no year of the break falls in the projection): ${of}; its metadata gives the key's unit, meaning and Chinese name (keys: scenarios/README.md)`,
  doc: (name) => parameterDoc(name, nulls),
});

// A non-finite parameter value (an expression of drawn values dividing by 0) makes the whole run NaN; urbsim run warns.
const BROKEN_RUN = 'a run whose parameters went non-finite (meta.json outOfBounds names them)';
const metricDoc = (name: string): ColumnDoc | undefined => {
  if (!Object.hasOwn(METRIC_DOCS, name)) return undefined;
  const d: MetricDoc = METRIC_DOCS[name as keyof typeof METRIC_DOCS];
  return { type: 'float64', unit: d.unit, description: d.description, zh: d.zh, nulls: d.nulls ? `${d.nulls}; ${BROKEN_RUN}` : BROKEN_RUN };
};

const summaryNulls = 'no run has a finite value here (n = 0): a flow in the base year, a capacity with no limit in every run';
const targetId: ColumnDoc = { type: 'dictionary<utf8>', unit: NONE, description: 'target id, `<metric><op><value>@<year>`, or `all` for every target jointly', zh: '目标' };

// What a lever setting does besides meeting the target (src/analysis/solveEffects.ts), over the years after the base year up to the last target year.
const effect = (description: string, zh: string, unit: string): ColumnDoc => ({ type: 'float64', unit, description: `${description}, median over runs`, zh });
const EFFECT_COLUMNS: Readonly<Record<string, ColumnDoc>> = {
  settled_per_year: effect('people settled (落户) a year, base year to the last target year', '年均落户人数', 'persons/year'),
  settled_local_per_year: effect('local agricultural hukou holders settled a year', '年均本地农业转移人口落户', 'persons/year'),
  settled_migrants_per_year: effect('migrants from elsewhere settled a year', '年均外来人口落户', 'persons/year'),
  cost_government: effect('市民化 cost borne by government, summed over those years', '市民化成本：政府', 'yuan'),
  cost_enterprise: effect('市民化 cost borne by enterprises, summed over those years', '市民化成本：企业', 'yuan'),
  cost_individual: effect('市民化 cost borne by individuals, summed over those years', '市民化成本：个人', 'yuan'),
  land_quota_m2: effect('construction land earned under 人地挂钩, summed over those years', '挂钩建设用地', 'm²'),
};

/**
 * Every Arrow file urbsim writes, column by column. Writers take field
 * metadata (`unit`, `description`, `label_zh`, `nulls`) from here and refuse a
 * column missing from it; `src/io/README.md` is printed from it
 * (`npm run docs:columns`); tests read every file written back against it.
 *
 * @example
 * OUTPUT_DICTIONARY['summary.arrow'].columns.n.type; // 'int32'
 */
/** What a target is, as targets.arrow and calibrated-targets.arrow both give it. */
const TARGET_COLUMNS = {
  target: targetId,
  metric: { ...metric, nulls: 'the joint row `all`' },
  year: { ...year, description: 'the target\'s year', nulls: 'the joint row `all`' },
  op: { type: 'dictionary<utf8>', unit: NONE, description: '`>=` or `<=`: how the metric is compared with value; `and` on the joint row', zh: '比较' },
  value: { type: 'float64', unit: 'the metric\'s unit (see trajectories.arrow)', description: 'the target\'s threshold as the plan gives it', zh: '目标值', nulls: 'the joint row `all`' },
} satisfies Record<string, ColumnDoc>;

export const OUTPUT_DICTIONARY: Readonly<Record<string, FileDoc>> = {
  'trajectories.arrow': {
    writtenBy: '`run`, `merge`, `compare` (one per variant), `batch` (one per scenario)',
    rows: 'one per run and year, runs in order',
    columns: { scenario, run, year },
    family: {
      after: 'year',
      placeholder: '<metric>',
      description: 'one column per indicator, in this order',
      doc: metricDoc,
      members: METRICS,
    },
  },
  'summary.arrow': {
    writtenBy: '`run`, `merge`, `compare`, `batch`',
    rows: 'one per year and metric',
    columns: {
      scenario, year, metric, unit,
      n: runsOf('runs with a finite value of the metric in the year: 0 for a flow in the base year'),
      unlimited: runsOf('runs in which the metric has no limit (school_places, housing_units when the scenario sets none); these are not in n'),
      mean: { type: 'float64', unit: metricUnit, description: 'mean over the n runs', zh: '均值', nulls: summaryNulls },
      sd: { type: 'float64', unit: metricUnit, description: 'sample standard deviation over the n runs (0 when they all agree)', zh: '标准差', nulls: `${summaryNulls}; or n = 1` },
      ...quantiles('over the n runs', summaryNulls),
    },
  },
  'params.arrow': {
    writtenBy: '`run`, `merge`, `compare`, `batch`',
    rows: 'one per run',
    columns: { run, seed: { type: 'uint32', unit: NONE, description: 'the scenario\'s seed (monte_carlo.seed or --seed); with run it fixes every draw of the run', zh: '随机种子' } },
    family: parameters('seed', 'the value drawn for the run'),
  },
  'targets.arrow': {
    writtenBy: '`run`, `merge`, `compare`, `batch` (in a batch folder: every scenario\'s targets in one table)',
    rows: 'one per target of the scenario, then one `all` row (every target jointly) when there are targets',
    columns: {
      scenario,
      ...TARGET_COLUMNS,
      met: runsOf('runs meeting the target (all targets, on the joint row)'),
      runs: runsOf('runs in all'),
      probability: probability('meeting the target: met / runs'),
      lower: wilson('lower'),
      upper: wilson('upper'),
      ...markColumns(
        'the probability rests mainly on defaults (the † of reachability.md, of urbsim run\'s table and of the reports; a run folder\'s table has it since 2026-12-05, a batch\'s combined one before): every pace that moves the target\'s figure (urbanization pace and net migration for resident figures; hukou conversion and settlement take-up for the registered rate) is the one pooled over other areas (data/observed/fitted-defaults.json), fitted to no figure of the area\'s own after its base year nor set by the scenario; a figure other than where people live (resident rate and populations) has none where the migrants\' take-up is fitted to the area\'s own counts of migrants settled',
        'the probability rests on an assumed change of the registered count\'s definition (the § of reachability.md, of urbsim run\'s table and of the reports; since 2026-12-05, src/batch/onBreak.ts): the scenario draws uncertainty.registered_break (the 2014 hukou unification: in one of its years a share of rural-hukou town dwellers, by default uniform on 0–100 %, and of villagers, 0–10 %, counted urban hukou — an assumption range no figure of the area\'s fitted), one of its years after the base year and at or before the target\'s, and the target\'s figure is one the relabelling moves: registered_rate, urban_registered_pop, rate_gap, local settlement (settled_local, settled, settled_<group>) and its cost (cost_*, land_quota_m2, transfer_yuan), converted_in_place and relabelled', 'the joint row (`all`): the reports mark each target, not the joint',
      ),
      own_figures: {
        type: 'int32', unit: 'figures',
        description: 'a batch\'s table only: the scenario\'s area\'s own observed figures after its base year held to its runs (data/observed/observed.csv, selected as the cross-validation selects them; reachability.md, "own figures")',
        zh: '本地实际数据个数', nulls: 'a scenario without an area, or whose area has no such figure',
      },
      own_inside: {
        type: 'int32', unit: 'figures',
        description: 'a batch\'s table only: how many of them lie inside the runs\' 80 % interval (p10–p90 of each run\'s value plus the figure\'s observation error); below own_figures is the report\'s ‡',
        zh: '落在80%区间内的个数', nulls: 'as own_figures',
      },
      weighed_probability: {
        type: 'float64', unit: FRACTION,
        description: 'a batch\'s table only: the probability with the runs weighed by those own figures (their likelihood under their observation errors by caliber, as urbsim calibrate weighs); where the scenario\'s laws were already fitted to some of them, the runs weighed are drawn again, 40 times as many (at most 1,000,000) with the scenario\'s seed, with those laws as an area without figures of its own draws them (half the runs from the scenario\'s own laws, weighed back) (reachability.md, "Targets weighed by the area\'s own figures")',
        zh: '按本地实际数据加权的达成概率', nulls: 'no own figure, or, in a batch written by an older urbsim, every one already in the scenario\'s laws (not weighed)',
      },
      weighed_lower: { type: 'float64', unit: FRACTION, description: 'a batch\'s table only: lower end of its 95 % Wilson interval on the effective runs (Monte Carlo error given the model)', zh: '加权概率95%区间下限', nulls: 'as weighed_probability' },
      weighed_upper: { type: 'float64', unit: FRACTION, description: 'a batch\'s table only: upper end of the same interval', zh: '加权概率95%区间上限', nulls: 'as weighed_probability' },
      weighed_runs: { type: 'float64', unit: 'runs', description: 'a batch\'s table only: the effective runs the weighed probability rests on (the smaller of Kish\'s and the target\'s own)', zh: '有效运行次数', nulls: 'as weighed_probability' },
    },
    schemaMetadata: {
      scenarios: 'a batch\'s table only: JSON list of its scenario folders (the scenarios\' names in the order given, targets or not); urbsim report, urbsim widths and the notebooks read these folders of a batch folder, not one an earlier batch into the same --out left (a table without it: every subfolder holding a run)',
      own_figures: 'a batch\'s table only: JSON {inside, figures, items}: the count of own figures inside the 80 % intervals, of all, and per figure (every scenario\'s, with targets or not) scenario, area, metric, period, observed (the model\'s units: a fraction for a rate, persons), definition, caliber, status (used, or flagged: only roughly the model\'s count), source (seed file:line), lower80, median, upper80, inside',
    },
  },
  'pyramid.arrow': {
    writtenBy: '`run` (not a shard), `merge`, `compare` and `batch` (one per run folder); `npm run notebooks:build` makes one for a folder without it',
    rows: 'one per year, sex, age and status group, zeros included, for the base year, every target year and the last year',
    columns: {
      year,
      sex: { type: 'dictionary<utf8>', unit: NONE, description: '`M` or `F`', zh: '性别' },
      age: { type: 'int32', unit: 'years', description: 'completed years of age at the end of the year; 100 = 100 and over', zh: '年龄' },
      status: {
        type: 'dictionary<utf8>', unit: NONE,
        description: 'hukou × residence: `Uu`, `Ur`, `Ua` (local urban hukou living in town, village, away), `Ru`, `Rr`, `Ra` (local rural hukou), `Mu`, `Mr` (migrants in town, village; every duration of stay)',
        zh: '户籍与居住状态',
      },
      persons: { type: 'float64', unit: 'persons', description: 'persons in the cell (expected values: not whole numbers)', zh: '人数', nulls: BROKEN_RUN },
    },
    schemaMetadata: { run: 'the run shown: the one closest to the median path of both rates', seed: 'the scenario\'s seed', scenario: 'the scenario\'s name' },
  },
  'registered_gain.arrow': {
    writtenBy: '`run`, `merge`, `compare` (one per variant) and `batch` (one per run folder), for a scenario with a target on registered_rate after its base year',
    rows: 'one per year of a registered_rate target and part, the parts in the order the engine applies them within a year, then `total`',
    columns: {
      scenario,
      year: { ...year, description: 'the target\'s year: the gain is from the base year to the end of this year' },
      base_year: { type: 'int32', unit: 'year', description: 'the scenario\'s base year, which the gain is counted from', zh: '基年' },
      part: {
        type: 'dictionary<utf8>', unit: NONE,
        description: 'what moved the registered rate (src/montecarlo/registeredGain.ts): `population` (what no flow counter records: births, deaths, hukou given up, moves, and the urban hukou reclassification gives (reclass_hukou_share) — under the residence definition also moves to town, reclassification, and the villagers settled by the source groups rural_students and veterans; engine steps 1–7, taken first), `conversion` (converted_in_place, 农转非/村改居, step 7b), `change_of_count` (relabelled, step 7b), `locals_settling` (settled_local, steps 8–8b), `migrants_settling` (settled_migrants, steps 8–8b, after the locals), `total` (the rate\'s change from the base year). Each year of each run is split in this order: from the rate at the start of the year, each part\'s persons added to the rate\'s numerator and denominator in turn, its share the change of the rate it makes; the parts add up to the total in every run',
        zh: '来源',
      },
      mean: { type: 'float64', unit: 'fraction (0–1): a change of the rate, 0.01 = 1 point', description: 'mean over the n runs (the parts\' means add up to the total\'s; their medians need not)', zh: '均值', nulls: 'n = 0' },
      p10: { type: 'float64', unit: 'as mean', description: '10th percentile over the n runs (type 7)', zh: '第10百分位数', nulls: 'n = 0' },
      p50: { type: 'float64', unit: 'as mean', description: 'median over the n runs (type 7)', zh: '中位数', nulls: 'n = 0' },
      p90: { type: 'float64', unit: 'as mean', description: '90th percentile over the n runs (type 7)', zh: '第90百分位数', nulls: 'n = 0' },
      n: runsOf('runs with a finite value'),
    },
    schemaMetadata: {
      definition: 'the registered rate\'s definition and denominator the split reads it by, e.g. `hukou/registered`',
      unsplit_runs: 'runs in which the source groups rural_students or veterans settled anyone under the residence definition: the villagers among them (the flows do not say how many) are in `population`, not `locals_settling`',
      reclass_hukou: '`true` where the scenario sets reclass_hukou_share other than 0: the urban hukou reclassification gives (Rr → Uu, step 7) is in `population`, since reclassified counts the persons reclassified, not how many of them got hukou',
    },
  },
  'compare.arrow': {
    writtenBy: '`compare` (beside one run folder per variant)',
    rows: 'one per variant (after the first file), year and metric: the distribution over runs of variant − reference, run by run',
    columns: {
      variant: { type: 'dictionary<utf8>', unit: NONE, description: 'the variant scenario\'s name', zh: '方案' },
      reference: { type: 'dictionary<utf8>', unit: NONE, description: 'the first scenario\'s name, which every variant is compared with', zh: '基准方案' },
      year, metric, unit,
      n: runsOf('runs where both scenarios have a finite value (a base-year flow has none; a capacity with no limit on either side is left out)'),
      mean: { type: 'float64', unit: metricUnit, description: 'mean of variant − reference over the n runs', zh: '差值均值', nulls: 'n = 0' },
      sd: { type: 'float64', unit: metricUnit, description: 'sample standard deviation of the differences', zh: '差值标准差', nulls: 'n < 2' },
      ...quantiles('of variant − reference', 'n = 0'),
      pBeats: { type: 'float64', unit: FRACTION, description: 'share of the n runs where the variant is higher, ties counting half', zh: '方案较高的模拟比例', nulls: 'n = 0' },
    },
  },
  'compare-targets.arrow': {
    writtenBy: '`compare` (beside compare.arrow)',
    rows: 'one per target of any variant (then `all`, every target jointly) and variant, the reference first: targets.arrow\'s columns, then the variant against the reference run by run',
    columns: {
      scenario: { ...scenario, description: 'the variant (the reference\'s own rows too)' },
      target: targetId,
      metric: { ...metric, nulls: 'the joint row `all`' },
      year: { ...year, description: 'the target\'s year', nulls: 'the joint row `all`' },
      op: { type: 'dictionary<utf8>', unit: NONE, description: '`>=` or `<=`: how the metric is compared with value; `and` on the joint row', zh: '比较' },
      value: { type: 'float64', unit: 'the metric\'s unit (see trajectories.arrow)', description: 'the target\'s threshold', zh: '目标值', nulls: 'the joint row `all`' },
      met: runsOf('runs of the variant meeting the target'),
      runs: runsOf('runs in all (the same runs in every variant)'),
      probability: probability('of the variant meeting the target: met / runs'),
      lower: wilson('lower'),
      upper: wilson('upper'),
      reference: { type: 'dictionary<utf8>', unit: NONE, description: 'the first scenario\'s name, which every variant is compared with', zh: '基准方案' },
      difference: {
        type: 'float64', unit: FRACTION, description: 'P(variant meets) − P(reference meets) over the same runs: (only_variant − only_reference) / runs',
        zh: '达成概率之差', nulls: 'the reference\'s own rows',
      },
      difference_lower: { type: 'float64', unit: FRACTION, description: 'lower end of Tango\'s 95 % score interval for a difference of paired proportions', zh: '差值95%区间下限', nulls: 'the reference\'s own rows' },
      difference_upper: { type: 'float64', unit: FRACTION, description: 'upper end of the same interval', zh: '差值95%区间上限', nulls: 'the reference\'s own rows' },
      only_variant: { ...runsOf('runs where the variant meets the target and the reference does not'), nulls: 'the reference\'s own rows' },
      only_reference: { ...runsOf('runs where the reference meets the target and the variant does not'), nulls: 'the reference\'s own rows' },
      ...markColumns(
        'the variant\'s probability rests mainly on defaults, by its own scenario\'s laws (the † of urbsim compare\'s table; targets.arrow\'s on_defaults; since 2026-12-05)',
        'the variant\'s probability rests on an assumed change of the registered count\'s definition, by its own scenario (the § of urbsim compare\'s table; targets.arrow\'s on_break; since 2026-12-05)',
      ),
    },
  },
  'sensitivity.arrow': {
    writtenBy: '`sensitivity`',
    rows: 'one per uncertain input and index: `prcc` (not for the run\'s own randomness), `first`, `total`',
    columns: {
      metric: { ...metric, description: 'the metric analysed' },
      year: { ...year, description: 'the year analysed' },
      parameter: { type: 'dictionary<utf8>', unit: NONE, description: 'the uncertain input: a sampled scalar\'s key (the change of count\'s draws included: `uncertainty.registered_break.share`, …), or `noise:<sources>` for each run\'s own randomness (yearly shocks, year-to-year variation, base-year error: `noise:shocks.inflow+process+baseline`; `+break` in outputs written before 2026-12-04)', zh: '不确定输入' },
      index: { type: 'dictionary<utf8>', unit: NONE, description: '`prcc` (partial rank correlation), `first` or `total` (Sobol\' indices, Jansen estimators)', zh: '指数类型' },
      estimate: { type: 'float64', unit: 'PRCC −1 to 1; Sobol\' index: share of the variance (0–1, estimates may stray below 0)', description: 'the index', zh: '估计值' },
      lower: { type: 'float64', unit: 'as estimate', description: '95 % interval, lower end: Fisher z for PRCC, bootstrap for Sobol\'', zh: '95%区间下限', nulls: 'no interval (--bootstrap 0)' },
      upper: { type: 'float64', unit: 'as estimate', description: '95 % interval, upper end', zh: '95%区间上限', nulls: 'no interval (--bootstrap 0)' },
      runs: runsOf('runs behind the estimate: the Monte Carlo runs for PRCC, the design runs for Sobol\''),
    },
  },
  'runs.arrow': {
    writtenBy: '`sensitivity --shard k/n` (a task of `sensitivity --slurm`; `sensitivity --runs-from` reads it)',
    rows: 'one per run of the shard\'s slice of the scenario\'s Monte Carlo',
    columns: {
      run,
      value: { type: 'float64', unit: 'the metric\'s unit', description: 'the metric analysed, in the year analysed (meta.json)', zh: '指标值', nulls: BROKEN_RUN },
    },
    family: parameters('value', 'the value drawn for the run'),
  },
  'design.arrow': {
    writtenBy: '`sensitivity --shard k/n`, beside runs.arrow',
    rows: 'one per row of the shard\'s slice of the Saltelli design',
    columns: {
      row: { type: 'int32', unit: NONE, description: 'design row, 0 to (inputs + 2) · N − 1: its parameters are given by the design, not drawn', zh: '设计行号' },
      value: { type: 'float64', unit: 'the metric\'s unit', description: 'the metric analysed, in the year analysed, for the row', zh: '指标值', nulls: BROKEN_RUN },
    },
  },
  'swing.arrow': {
    writtenBy: '`sensitivity`',
    rows: 'two per sampled input (`low`, `high`): the runs of the plain Monte Carlo whose draw of the input lies in its lowest or highest tenth (an input of few values: at its lowest or highest value)',
    columns: {
      metric: { ...metric, description: 'the metric analysed' },
      year: { ...year, description: 'the year analysed' },
      parameter: { type: 'dictionary<utf8>', unit: NONE, description: 'the input: a sampled scalar\'s key (policy levers included)', zh: '输入' },
      lever: { type: 'bool', unit: NONE, description: 'whether the input is a policy lever drawn over a range given with --lever', zh: '是否为政策杠杆' },
      tenth: { type: 'dictionary<utf8>', unit: NONE, description: '`low`: the runs with the input\'s lowest tenth of draws (by value: at its lowest value); `high`: its highest', zh: '十分位' },
      by_value: {
        type: 'bool',
        unit: NONE,
        description: 'grouped by value: an input drawn among at most 10 values, some repeated (the change of count\'s year), whose tenth would be an arbitrary share of the runs tied at one value; the rows are every run at its lowest and at its highest value',
        zh: '按取值分组',
      },
      input_min: { type: 'float64', unit: 'the input\'s unit (see params.arrow)', description: 'the least value of the input among those runs', zh: '输入最小值' },
      input_max: { type: 'float64', unit: 'the input\'s unit', description: 'the greatest value of the input among those runs', zh: '输入最大值' },
      metric_mean: { type: 'float64', unit: 'the metric\'s unit (see trajectories.arrow)', description: 'mean of the metric over those runs, the other inputs as drawn', zh: '指标均值', nulls: 'no run with a finite value' },
      runs: runsOf('runs in the tenth (or at the value)'),
    },
  },
  'solve.arrow': {
    writtenBy: '`solve`',
    rows: 'one per lever value run, sorted by value',
    columns: {
      lever: { type: 'dictionary<utf8>', unit: NONE, description: 'the lever: a parameter key or a variable of the scenario', zh: '政策杠杆' },
      x: { type: 'float64', unit: 'the lever\'s unit (scenarios/README.md)', description: 'the lever\'s value, set as a constant in every run and year', zh: '杠杆取值' },
      probability: probability('meeting the target(s) at this value'),
      lower: wilson('lower'),
      upper: wilson('upper'),
      met: runsOf('runs meeting the target(s)'),
      runs: runsOf('runs at this value (the same draws at every value)'),
      evaluation: { type: 'int32', unit: NONE, description: 'order in which the values were run, from 1', zh: '求值次序' },
      answer: { type: 'bool', unit: NONE, description: 'whether this value is the answer', zh: '是否为答案' },
      ...EFFECT_COLUMNS,
    },
  },
  'frontier.arrow': {
    writtenBy: '`solve` with two or more `--lever`',
    rows: 'one per combination of lever values run, in the order run',
    columns: {
      evaluation: { type: 'int32', unit: NONE, description: 'order in which the combinations were run, from 1', zh: '求值次序' },
      probability: probability('meeting the target(s) with these values'),
      lower: wilson('lower'),
      upper: wilson('upper'),
      met: runsOf('runs meeting the target(s)'),
      runs: runsOf('runs of the combination (the same draws for every combination)'),
      frontier: {
        type: 'bool', unit: NONE, zh: '是否在前沿上',
        description: 'whether the combination is on the frontier: for its values of the grid levers, the least demanding value of the solved lever that reaches the probability',
      },
      ...EFFECT_COLUMNS,
    },
    family: {
      after: 'evaluation',
      placeholder: '<lever>',
      description: 'one column per lever, in the order given (`--lever`), named by its key: the value set as a constant in every run and year',
      doc: (name) => parameterDoc(name),
    },
  },
  'posterior.arrow': {
    writtenBy: '`calibrate`, `backtest`',
    rows: 'one per run kept in the ABC posterior sample (weighted: every run whose weight is not negligible; --accept: the closest share)',
    columns: {
      run,
      distance: {
        type: 'float64', unit: 'scaled distance',
        description: 'Euclidean distance over the fitted figures of (simulated − observed) / (the figure\'s observation error by caliber, on its logit or log scale); with --accept, / (sd of the simulated values across runs)',
        zh: '距离',
      },
      weight: {
        type: 'float64', unit: NONE,
        description: 'the run\'s weight in the posterior: exp(−(d² − d₀²)/2), the likelihood under the figures\' observation errors relative to the closest run; with --accept, 1 (Epanechnikov kernel of the distance with --regression)',
        zh: '权重',
      },
    },
    family: parameters('weight', 'the value the run drew (regression-adjusted with --regression)'),
  },
  'calibration.arrow': {
    writtenBy: '`calibrate`, `backtest`',
    rows: 'one per sampled parameter',
    columns: {
      parameter: { type: 'dictionary<utf8>', unit: NONE, description: 'the sampled scalar\'s key', zh: '参数' },
      ...Object.fromEntries(
        (['prior', 'posterior'] as const).flatMap((side) =>
          ([['mean', '均值'], ['sd', '标准差'], ['p10', '第10百分位数'], ['p50', '中位数'], ['p90', '第90百分位数']] as const).map(([s, zh]) => [
            `${side}_${s}`,
            {
              type: 'float64', unit: 'the parameter\'s unit',
              description: `${s === 'mean' ? 'mean' : s === 'sd' ? 'standard deviation' : `${s.slice(1)}th percentile`} of the ${side === 'prior' ? 'prior (every run)' : 'posterior (accepted runs, weighted)'}`,
              zh: `${side === 'prior' ? '先验' : '后验'}${zh}`,
              ...(s === 'sd' && { nulls: 'a single run' }),
            } satisfies ColumnDoc,
          ]),
        ),
      ),
    },
  },
  'points.arrow': {
    writtenBy: '`calibrate`, `backtest`',
    rows: 'one per observed figure of the area, whether used or not',
    columns: {
      area: { type: 'dictionary<utf8>', unit: NONE, description: 'area id (data/areas)', zh: '地区' },
      metric: { ...metric, description: 'the metric the figure measures' },
      year: { ...year, description: 'the figure\'s year (the last year of a flow\'s period)' },
      from_year: { type: 'int32', unit: 'year', description: 'first year of a flow\'s period', zh: '起始年份', nulls: 'a stock (a figure at one date)' },
      months: { type: 'int32', unit: 'months', description: 'months of the last year a flow covers (12: all of it)', zh: '覆盖月数', nulls: 'a stock, or a flow whose source does not say (`part` in observed.csv)' },
      value: { type: 'float64', unit: 'the metric\'s unit (rates as fractions, counts in persons)', description: 'the observed value', zh: '观测值' },
      definition: { type: 'dictionary<utf8>', unit: NONE, description: 'what the figure counts (data/observed/README.md)', zh: '统计口径' },
      status: { type: 'dictionary<utf8>', unit: NONE, description: '`used`, `flagged` (used; its definition is only roughly the model\'s) or `excluded`', zh: '使用状态' },
      role: { type: 'dictionary<utf8>', unit: NONE, description: '`fit` (calibrated on), `score` (scored by a back-test) or `none`', zh: '用途' },
      reason: { type: 'utf8', unit: NONE, description: 'why the figure was excluded or flagged', zh: '原因', nulls: 'used as is' },
      source: { type: 'utf8', unit: NONE, description: 'the observed file', zh: '来源文件' },
      line: { type: 'int32', unit: NONE, description: 'line of the figure in that file', zh: '行号' },
      prior_p50: { type: 'float64', unit: 'as value', description: 'median over every run of the simulated value at the figure', zh: '先验中位数', nulls: 'no run has a value there (outside the projection)' },
      posterior_p50: { type: 'float64', unit: 'as value', description: 'median over the posterior\'s runs, weighted', zh: '后验中位数', nulls: 'no accepted run has a value there' },
    },
  },
  'calibrated-targets.arrow': {
    writtenBy: '`calibrate`, `backtest` (when the scenario has targets)',
    rows: 'one per target of the scenario, then one `all` row (every target jointly): targets.arrow\'s columns over every run as drawn (the prior), then the same probability over the calibration\'s weighted runs',
    columns: {
      ...TARGET_COLUMNS,
      met: runsOf('runs meeting the target (all targets, on the joint row), every run counting once'),
      runs: runsOf('runs in all'),
      probability: probability('meeting the target before calibration: met / runs'),
      lower: wilson('lower'),
      upper: wilson('upper'),
      calibrated_probability: {
        type: 'float64', unit: FRACTION, zh: '校准后达成概率', nulls: 'no run weighs anything',
        description: 'the weighted share of runs meeting the target, Σ w·met / Σ w, with the weights of posterior.arrow (with --accept: 1 for each accepted run; the other runs weigh 0)',
      },
      calibrated_lower: {
        type: 'float64', unit: FRACTION, zh: '校准后95%区间下限',
        description: 'lower end of the 95 % Wilson interval of calibrated_probability on effective_runs runs: the Monte Carlo error given the model, not the model\'s error',
      },
      calibrated_upper: { type: 'float64', unit: FRACTION, zh: '校准后95%区间上限', description: 'upper end of the same interval' },
      effective_runs: {
        type: 'float64', unit: 'runs', zh: '有效模拟次数',
        description: 'the effective runs the interval rests on: the smaller of kish_runs and the target\'s own, p(1 − p)(Σw)² / Σw²(met − p)² (kish_runs alone when p is 0 or 1)',
      },
      ...markColumns(
        'the probability rests mainly on defaults (the † of targets.arrow\'s on_defaults, by the same rule; since 2026-12-05)',
        'the probability rests on an assumed change of the registered count\'s definition (the § of targets.arrow\'s on_break, by the same rule; since 2026-12-05)',
      ),
      kish_runs: { type: 'float64', unit: 'runs', zh: 'Kish有效样本量', description: 'Kish\'s effective sample size of the weights, (Σw)² / Σw² (meta.json\'s abc.effectiveSampleSize)' },
    },
  },
  'backtest.arrow': {
    writtenBy: '`backtest`',
    rows: 'one per figure scored (after --until)',
    columns: {
      point: { type: 'utf8', unit: NONE, description: 'the figure as printed: metric, year, period', zh: '观测点' },
      metric: { ...metric, description: 'the metric the figure measures' },
      year: { ...year, description: 'the figure\'s year' },
      status: { type: 'dictionary<utf8>', unit: NONE, description: '`used` or `flagged`, as in points.arrow', zh: '使用状态' },
      observed: { type: 'float64', unit: 'the metric\'s unit', description: 'the observed value', zh: '观测值' },
      median: { type: 'float64', unit: 'the metric\'s unit', description: 'median of the posterior predictive: the kept runs\' values, weighted, each plus the figure\'s observation error by caliber', zh: '后验中位数', nulls: 'no accepted run has a value' },
      error: { type: 'float64', unit: 'the metric\'s unit', description: 'median − observed', zh: '误差', nulls: 'no accepted run has a value' },
      relative_error: { type: 'float64', unit: FRACTION, description: '(median − observed) / observed', zh: '相对误差', nulls: 'no value, or observed 0' },
      ...quantiles('of the accepted runs\' values', 'no accepted run has a value', [25, 75, 10, 90]),
      covered50: { type: 'bool', unit: NONE, description: 'p25 ≤ observed ≤ p75', zh: '50%区间覆盖', nulls: 'no accepted run has a value' },
      covered80: { type: 'bool', unit: NONE, description: 'p10 ≤ observed ≤ p90', zh: '80%区间覆盖', nulls: 'no accepted run has a value' },
      pit: { type: 'float64', unit: FRACTION, description: 'probability integral transform: the posterior predictive\'s probability below the observed value', zh: '概率积分变换值', nulls: 'no accepted run has a value' },
      crps: { type: 'float64', unit: 'the metric\'s unit', description: 'continuous ranked probability score of the posterior predictive at the observed value (smaller is better)', zh: '连续分级概率评分', nulls: 'no accepted run has a value' },
      prior_median: { type: 'float64', unit: 'the metric\'s unit', description: 'median over every run (prior predictive)', zh: '先验中位数', nulls: 'no run has a value' },
      prior_covered50: { type: 'bool', unit: NONE, description: 'the prior\'s p25–p75 covers observed', zh: '先验50%区间覆盖', nulls: 'no run has a value' },
      prior_covered80: { type: 'bool', unit: NONE, description: 'the prior\'s p10–p90 covers observed', zh: '先验80%区间覆盖', nulls: 'no run has a value' },
      line: { type: 'int32', unit: NONE, description: 'line of the figure in the observed file', zh: '行号' },
    },
  },
  'cross-validation.arrow': {
    writtenBy: '`backtest --cross-validate`',
    rows: 'one per held-out figure: a figure of an area after its base year, forecast by the area\'s generated pilot with defaults fitted without the area',
    columns: {
      area: { type: 'dictionary<utf8>', unit: NONE, description: 'area id (data/areas)', zh: '地区' },
      metric: { ...metric, description: 'the metric the figure measures' },
      year: { ...year, description: 'the figure\'s year (the last year of a flow\'s period)' },
      from_year: { type: 'int32', unit: 'year', description: 'first year of a flow\'s period', zh: '起始年份', nulls: 'a stock (a figure at one date)' },
      family: { type: 'dictionary<utf8>', unit: NONE, description: '`rates`, `populations` or `settled`: how scores are expressed (points; % of the figure)', zh: '类别' },
      status: { type: 'dictionary<utf8>', unit: NONE, description: '`used`, or `flagged` (its definition is only roughly the model\'s)', zh: '使用状态' },
      base_year: { ...year, description: 'the area\'s base year (its pilot\'s start)' },
      horizon: { type: 'int32', unit: 'years', description: 'year − base year', zh: '预测步长' },
      count_may_change: { type: 'bool', unit: NONE, description: 'a flagged registered rate after a year in which the area\'s pilot may break its count (the hukou unification): its error may hold a one-off change of count', zh: '口径可能变化' },
      observed: { type: 'float64', unit: 'the metric\'s unit (rates as fractions, counts in persons)', description: 'the observed value', zh: '观测值' },
      observation_sd: { type: 'float64', unit: 'logit (rates) or log (counts)', description: 'the figure\'s own observation error by caliber (src/model/README.md "Sources of uncertainty" 4): sd on the logit scale at the figure\'s value for a rate, on the log scale otherwise', zh: '观测误差标准差' },
      ...quantiles('of the forecast: each run\'s value plus the figure\'s observation error by caliber', 'no run has a value', [10, 25, 50, 75, 90]),
      pit: { type: 'float64', unit: FRACTION, description: 'the forecast\'s probability below the observed value', zh: '概率积分变换值' },
      crps: { type: 'float64', unit: 'points (rates) or % of the figure', description: 'continuous ranked probability score of the forecast (smaller is better)', zh: '连续分级概率评分' },
      interval_score80: { type: 'float64', unit: 'points (rates) or % of the figure', description: 'interval score of the 80 % interval: width + 10 × the distance outside', zh: '80%区间评分' },
      naive_basis: { type: 'dictionary<utf8>', unit: NONE, description: 'the naive trend forecast: `own trend` (the area\'s earlier figure) or `pooled trend` (the other areas\' mean change)', zh: '朴素预测依据', nulls: 'no naive forecast (a flow, or a metric no other area shows twice)' },
      naive_p10: { type: 'float64', unit: 'the metric\'s unit', description: '10th percentile of the naive forecast', zh: '朴素预测第10百分位数', nulls: 'no naive forecast' },
      naive_p50: { type: 'float64', unit: 'the metric\'s unit', description: 'median of the naive forecast', zh: '朴素预测中位数', nulls: 'no naive forecast' },
      naive_p90: { type: 'float64', unit: 'the metric\'s unit', description: '90th percentile of the naive forecast', zh: '朴素预测第90百分位数', nulls: 'no naive forecast' },
      naive_pit: { type: 'float64', unit: FRACTION, description: 'the naive forecast\'s probability below the observed value', zh: '朴素预测概率积分变换值', nulls: 'no naive forecast' },
      naive_crps: { type: 'float64', unit: 'points (rates) or % of the figure', description: 'CRPS of the naive forecast', zh: '朴素预测连续分级概率评分', nulls: 'no naive forecast' },
      naive_interval_score80: { type: 'float64', unit: 'points (rates) or % of the figure', description: 'interval score of the naive forecast\'s 80 % interval', zh: '朴素预测80%区间评分', nulls: 'no naive forecast' },
      line: { type: 'int32', unit: NONE, description: 'line of the figure in the observed file', zh: '行号' },
    },
  },
};

/**
 * The doc of column `name` of output `file`, or undefined when the
 * dictionary does not know it.
 *
 * @example
 * columnDoc('trajectories.arrow', 'school_places')?.nulls; // 'no limit set (unlimited places)'
 */
export function columnDoc(file: string, name: string): ColumnDoc | undefined {
  const f = OUTPUT_DICTIONARY[file];
  if (!f) return undefined;
  return Object.hasOwn(f.columns, name) ? f.columns[name] : f.family?.doc(name);
}
