import { METRIC_DOCS } from '../io/metricColumns.ts';

/** Languages the charts and reports are labelled in. */
export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

type Pair = { readonly zh: string; readonly en: string };

// One name per indicator, kept with its unit and meaning in src/io/metricColumns.ts (the Arrow files carry the same).
const METRIC_NAMES: Readonly<Record<string, Pair>> = METRIC_DOCS;

const TEXT = {
  year: { zh: '年份', en: 'year' },
  probability: { zh: '达成概率', en: 'probability of meeting' },
  target: { zh: '目标', en: 'target' },
  allTargets: { zh: '全部目标同时达成', en: 'all targets jointly' },
  median: { zh: '中位数', en: 'median' },
  mean: { zh: '均值', en: 'mean' },
  band90: { zh: '90% 区间（p5–p95）', en: '90% band (p5–p95)' },
  band90Runs: { zh: '90% 的模拟（p5–p95）', en: '90% of runs (p5–p95)' },
  band50Runs: { zh: '50% 的模拟（p25–p75）', en: '50% of runs (p25–p75)' },
  band80Runs: { zh: '80% 的模拟（p10–p90）', en: '80% of runs (p10–p90)' },
  weighedMedian: { zh: '加权后中位数', en: 'weighed median' },
  weighedFigure: { zh: '加权所用的实际数据', en: 'figure weighed by' },
  weighedChartsTitle: { zh: '按本地区实际数据加权的区间', en: 'Intervals weighed by the area\'s own figures' },
  planTarget: { zh: '规划目标', en: 'plan target' },
  urbanizationRate: { zh: '城镇化率', en: 'urbanization rate' },
  band50: { zh: '50% 区间（p25–p75）', en: '50% band (p25–p75)' },
  interval: { zh: '95% 置信区间', en: '95% interval' },
  runs: { zh: '模拟次数', en: 'runs' },
  runsMet: { zh: '达成次数 / 模拟次数', en: 'runs meeting it / runs' },
  area: { zh: '地区', en: 'area' },
  runFolder: { zh: '运行结果', en: 'Run folder' },
  scenarios: { zh: '情景', en: 'scenarios' },
  pilot: { zh: '试点地区', en: 'pilot area' },
  persons: { zh: '人', en: 'persons' },
  units: { zh: '套', en: 'units' },
  share: { zh: '比例', en: 'share' },
  noLimit: { zh: '未设上限', en: 'no limit set' },
  parameter: { zh: '参数', en: 'parameter' },
  sobolFirst: { zh: '一阶敏感性指数', en: 'first-order index' },
  sobolTotal: { zh: '总敏感性指数', en: 'total index' },
  sobolIndex: { zh: '敏感性指数', en: 'sensitivity index' },
  age: { zh: '年龄', en: 'age' },
  male: { zh: '男', en: 'male' },
  female: { zh: '女', en: 'female' },
  fanTitle: { zh: '城镇化率预测（常住与户籍）', en: 'Urbanization rates: resident and registered' },
  gapTitle: { zh: '常住与户籍城镇化率之差', en: 'Gap between resident and registered rates' },
  targetsTitle: { zh: '规划目标的达成概率', en: 'Probability of meeting each plan target' },
  schoolTitle: { zh: '义务教育学位：需求与供给', en: 'Compulsory-school places: demand and supply' },
  shareTitle: { zh: '随迁子女公办学校就读比例', en: "Migrant children's share in public school" },
  housingTitle: { zh: '保障性住房：需求与供给', en: 'Public housing: demand and supply' },
  pilotsTitle: { zh: '各地区目标达成概率', en: 'Target probabilities by area' },
  tornadoTitle: { zh: '哪些不确定输入最重要', en: 'Which uncertain inputs matter most' },
  prcc: { zh: '偏秩相关系数', en: 'partial rank correlation' },
  prccTitle: { zh: '各输入与指标的偏秩相关（PRCC）', en: 'Partial rank correlation of each input with the metric (PRCC)' },
  input: { zh: '不确定输入', en: 'input' },
  rank: { zh: '排序', en: 'rank' },
  sensitivityReport: { zh: '敏感性分析', en: 'Sensitivity analysis' },
  solveReport: { zh: '政策杠杆求解', en: 'Lever solve' },
  settledPerYear: { zh: '年落户人数', en: 'settled a year' },
  governmentCost: { zh: '政府成本', en: 'government cost' },
  frontierTableNote: { zh: '年落户人数：每年落户人数的中位数；政府成本：政府承担的市民化成本（元）的中位数；情景未设成本时为“–”。', en: "Settled a year: the median over runs of the people settled a year; government cost: the median of the government's 市民化 cost (yuan); – where the scenario prices none." },
  leverValue: { zh: '杠杆取值', en: 'lever value' },
  answer: { zh: '答案', en: 'answer' },
  readTornado: {
    zh: '浅色条为总敏感性指数（含交互作用），深色条为一阶指数，横线为总指数的 95% bootstrap 区间；按总指数排序。',
    en: 'Pale bar: total index (with interactions); dark bar: first-order index; whisker: 95% bootstrap interval of the total. Sorted by total index.',
  },
  readPrcc: {
    zh: '蓝色表示输入越大、指标越高，橙色相反；横线为 95% 区间（Fisher z 近似）。',
    en: 'Blue: the metric rises with the input; orange: it falls. Whisker: 95% interval (Fisher z).',
  },
  readSolve: {
    zh: '点为各取值的达成概率（同一组随机抽样），竖线为 95% Wilson 区间；虚线为要求的概率，菱形为答案。',
    en: 'Dots: probability at each value (same draws throughout); bars: 95% Wilson interval; dashed: the probability asked; diamond: the answer.',
  },
  compareReport: { zh: '政策方案比较', en: 'Comparison of variants' },
  leverStar: { zh: '★：政策杠杆，按给定范围均匀取值。', en: '★: a policy lever, drawn uniformly over the range given.' },
  swingTitle: { zh: '各输入（含政策杠杆）取值高低时的指标', en: 'The metric at each input\'s lowest and highest values (levers included)' },
  readSwing: {
    zh: '条形从该输入取值最低十分之一的模拟的指标均值画到最高十分之一的均值（取值不多的输入，如户籍统计口径变更年份：取最低值与最高值的模拟），两端标注对应的输入取值；橙色（★）为政策杠杆，蓝色为不确定输入；其余输入按抽样变化。',
    en: 'Each bar runs from the metric\'s mean over the runs with the input\'s lowest tenth of draws to its mean over the highest tenth (an input of few values, such as the year of the change of count: the runs at its lowest value and at its highest), the input\'s values written at each end; orange (★): policy levers, blue: uncertain inputs; the other inputs as drawn.',
  },
  readFrontier: {
    zh: '红线为前沿：对横轴每个取值，纵轴杠杆达到所需概率的最小（或最大）取值；标注为达成概率与政府承担的市民化成本；灰点为其他试算组合。',
    en: 'Red line: the frontier — for each value on the x axis, the least demanding value of the y lever that reaches the probability asked; labels: probability and the government\'s 市民化 cost; grey dots: other combinations run.',
  },
  compareTargetsTitle: { zh: '各方案的目标达成概率', en: 'Probability of meeting each target, by variant' },
  compareDifferenceTitle: { zh: '与基准方案相比的达成概率之差（逐次配对）', en: 'Change in the probability of meeting each target against the reference (paired runs)' },
  variant: { zh: '方案', en: 'variant' },
  difference: { zh: '差值', en: 'difference' },
  readCompareDifference: {
    zh: '点为方案与基准在同一组模拟中达成概率之差（百分点），横线为 Tango 配对 95% 区间。',
    en: 'Dot: variant minus reference, same runs (percentage points); whisker: Tango\'s paired 95% score interval.',
  },
  pyramidTitle: { zh: '人口金字塔', en: 'Population pyramid' },
  report: { zh: '城镇化目标报告', en: 'Urbanization target report' },
  batchReport: { zh: '批量情景报告', en: 'Batch report' },
  seed: { zh: '随机种子', en: 'seed' },
  years: { zh: '预测年份', en: 'years' },
  generated: { zh: '生成工具', en: 'generated by' },
  readFan: {
    zh: '浅色带为 90% 区间（p5–p95），深色带为 50% 区间（p25–p75），线为中位数；菱形为规划目标。',
    en: 'Light band: 90% of runs (p5–p95); dark band: 50% (p25–p75); line: median; diamonds: plan targets.',
  },
  readGap: {
    zh: '浅色带为 90% 区间（p5–p95），深色带为 50% 区间（p25–p75），线为中位数；单位为百分点。',
    en: 'Light band: 90% of runs (p5–p95); dark band: 50% (p25–p75); line: median; in percentage points.',
  },
  readShare: {
    zh: '线为中位数，色带为 90% 区间（p5–p95）；公办学位先满足本地儿童，再按政策接收随迁子女。',
    en: 'Line: median; band: 90% of runs (p5–p95). Local children are seated first, then migrant children as the policy allows.',
  },
  points: { zh: '百分点', en: 'percentage points' },
  readPilots: {
    zh: '灰色条为同时达成全部目标的模拟比例；符号为各项目标的达成比例，颜色表示指标，形状表示年份。',
    en: 'Grey bar: share of runs meeting all of the area\'s targets jointly; symbols: each target, colour by metric, shape by year.',
  },
  readTargets: {
    zh: '条形为达成目标的模拟比例，横线为 95% Wilson 置信区间（给定模型下的蒙特卡罗误差，不是模型本身的误差）。',
    en: 'Bar: share of runs meeting the target; whisker: 95% Wilson interval (Monte Carlo error given the model, not the model\'s error).',
  },
  readTargetsSame: {
    zh: '条形为达成目标的模拟比例；每次模拟的结果都相同，没有蒙特卡罗误差，因此不画置信区间。',
    en: 'Bar: share of runs meeting the target; no whisker: every run is the same projection, so there is no Monte Carlo error.',
  },
  // The targets' chart of a member answered weighed (weighed.json): its legend's plain bar, and how to read the weighed one.
  plainBars: { zh: '未加权：每次模拟同等计数', en: 'plain: every run counting once' },
  // A target the weighed answer gives no probability for, in the chart's row and the table's cell (not a bare '–', easily missed).
  weighedNone: { zh: '无加权概率：weighed.json 未给出', en: 'no weighed probability: weighed.json gives none' },
  readTargetsWeighed: {
    zh: '每项目标下方的空心条为按本地区基期后的实际数据加权的概率（weighed.json），横线为按有效运行次数计算的 95% Wilson 置信区间；有效运行不足 100 次时只取整数百分比，只是粗略估计。',
    en: "Outlined bar under each target's: the probability with the runs weighed by the area's own observed figures after its base year (weighed.json), its whisker the 95% Wilson interval on its effective runs; on fewer than 100 effective runs in whole percent: rough.",
  },
  readBatchTable: {
    zh: '概率为各情景达成目标的模拟比例；括号内为同时达成全部目标的 95% Wilson 置信区间（给定模型下的蒙特卡罗误差，不是模型本身的误差）。',
    en: 'Probabilities: share of each scenario\'s runs meeting the target; in brackets, the 95% Wilson interval of all targets jointly (Monte Carlo error given the model, not the model\'s error).',
  },
  // Under a batch's table whose cells give a weighed answer beside the plain one (src/batch/reachability.ts: WEIGHED_HEADLINE_INTRO).
  weighedHeadlineNote: {
    zh: '各概率先给出未加权的概率（每次模拟同等计数）；地区若有基期后的本地实际数据，括号内为按这些数据加权后的概率（见表后的加权目标概率）；加权概率的有效运行不足 100 次时注明“粗略”及有效运行次数，只取整数百分比。先给出未加权的概率，是因为加权概率的区间尚未全部通过区间宽度检验（加权概率的区间不应窄于交叉验证的误差所要求的宽度）。全部目标一栏同样，其后的区间为未加权概率的区间。各行按未加权的全部目标同时达成概率排序。',
    en: "Each probability is first the plain one (every run counting once); where an area has its own observed figures after its base year, the one with its runs weighed by them (the weighed targets after the table) follows in brackets; 'rough' and the effective runs where the weighed one rests on fewer than 100 of them (then in whole percent). The plain one leads because the weighed intervals do not yet all pass the widths check (README, \"Interval widths\"). The all-targets column likewise, its interval the plain one's. Rows are ordered by the plain probability of all targets together.",
  },
  // The reachability report's † and weighed section (src/batch/reachability.ts: REACHABILITY_INTRO, OWN_WEIGHED_INTRO), for the batch's other views (the † for a run's table and report too).
  onDefaultsNote: {
    zh: '† 表示该概率主要取决于默认参数：推动该指标的各项速度（常住指标为城镇化速度和净迁移，户籍人口城镇化率为户籍转换率和本地农业人口落户率）都是其他地区汇总的默认值（data/observed/fitted-defaults.json），既未用本地区基期后的实际数据拟合，也未由情景设定；若流动人口落户率已按本地区的落户人数拟合，除常住指标（常住人口城镇化率和常住人口）外的指标不标 †。',
    en: '† the probability rests mainly on defaults: every pace that moves the figure (urbanization pace and net migration for resident figures; hukou conversion and settlement take-up for the registered rate) is the one pooled over other areas (data/observed/fitted-defaults.json), fitted to no figure of the area\'s own after its base year nor set by the scenario; a figure other than where people live (resident rate and populations) has none where the migrants\' take-up is fitted to the area\'s own counts of migrants settled.',
  },
  // The § of every view that marks † (src/batch/onBreak.ts): a different kind of reliance, an assumption range.
  onBreakNote: {
    zh: '§ 表示该概率取决于假定的户籍统计口径变化：情景假定 2014 年户籍制度改革后的某一年把一部分城镇中的农业户籍人口（默认在 0–100% 之间均匀抽取）和乡村农业户籍人口（默认 0–10%）计为城镇户籍（uncertainty.registered_break），没有资料说明该地区改革后如何统计，这一比例只是假定的范围；该指标（户籍人口城镇化率及其分子、本地落户人数及其成本）受这一口径变化影响。情景中设 uncertainty: { registered_break: none } 可得不含口径变化的结果。',
    en: '§ the probability rests on an assumed change of the registered count\'s definition: the scenario draws the 2014 hukou unification (uncertainty.registered_break), in one year counting a share of the rural-hukou town dwellers (by default uniform on 0–100 %) and of the villagers (by default 0–10 %) as urban hukou — an assumption range, since nothing says how the area counts after it — and the figure is one that relabelling moves (the registered rate and its numerator, local settlement and its cost). uncertainty: { registered_break: none } in the scenario gives the answer without it.',
  },
  deterministicNote: {
    zh: '每次模拟的结果都相同（情景中没有随机抽取的量）：每项目标要么在全部模拟中达成，要么都未达成，没有蒙特卡罗误差，因此不给区间。',
    en: 'Every run is the same projection (the scenario draws nothing at random): each target is met in all runs or in none, with no Monte Carlo error, so no interval is given.',
  },
  weighedTitle: { zh: '按本地区实际数据加权的目标概率', en: 'Targets weighed by the area\'s own figures' },
  weighedColumn: { zh: '按本地实际数据加权', en: 'weighed by its own figures' },
  weighedColumnNote: {
    zh: '“按本地实际数据加权”：把模拟按本地区基期后的实际数据加权后的概率（weighed.json，由 urbsim 的单次运行或批量运行写入；若情景参数已按这些数据拟合，则为批量运行重新抽取的模拟，见批量报告），括号内为 95% Wilson 置信区间，是给定模型下的蒙特卡罗误差；有效运行不足 100 次时只取整数百分比，只是粗略估计。',
    en: "Weighed by its own figures: the probability with the runs weighed by the area's own observed figures after its base year (weighed.json, written by urbsim run or urbsim batch; runs drawn again by urbsim batch where the scenario's laws were fitted to those figures, as the batch's report says), with its 95 % Wilson interval, Monte Carlo error given the model; on fewer than 100 effective runs in whole percent: rough.",
  },
  weighedNote: {
    // A word joiner (\u2060) after Kish's slash: a browser broke the formula there, '(Σw)²/' ending a line.
    zh: '箭头前为未加权的概率（每次模拟同等计数；即表中先给出的概率），箭头后为按本地区基期后的实际数据加权的概率：每次模拟按这些数据在其各口径观测误差下的似然加权，与校准相同；括号内为按有效运行次数计算的 95% Wilson 置信区间（有效运行次数取 Kish 的 (Σw)²/\u2060Σw² 与该目标自身的较小者），是给定模型下的蒙特卡罗误差，不是模型本身的误差。若情景的参数已根据其中部分数据拟合（生成的试点情景用本地数据更新的速度或流动人口落户率，data/observed/fitted-defaults.json），直接加权会把这些数据计算两次，而且这些参数只约束了速度，没有约束各年路径在最近一个数据年份所处的位置：因此以同一随机种子、40 倍的运行次数（最多 100 万次）重新运行该情景，这些参数改按没有本地数据的地区的取法抽取（汇总的默认参数；汇总地区太少时为拟合的宽先验或假设的范围；城镇化速度若还按本地区基期以前的常住人口城镇化率调整过，则保留这一调整：汇总的默认参数只按这些基期以前的数据调整），再按全部数据加权。实际抽取时，若某参数按上述取法的分布与情景自身的分布同为 logit 正态分布或同为未截断的正态分布，就从两者各占一半的混合分布中抽取，约一半的运行因而按情景自身的分布抽取；每次运行的权重再乘以上述取法的分布密度与混合分布密度之比（每个参数至多为 2）。这样所估计的结果不变，有效运行更多（防御性重要性抽样）。户籍就地转换的年际波动 σ 若曾用本地区的户籍人口城镇化率拟合，则按不含这些数据的拟合结果抽取，约一半的运行按含这些数据的拟合结果抽取，同样按两者之比加权。有效运行不足 400 次时（区间两端取决于权重最大的少数几次运行），再以更多的运行次数（最多 4 倍）重新抽取一次。汇总的默认参数及各项速度的年际波动仍把每个地区作为汇总地区之一。有效运行不足 100 次时，加权概率只取整数百分比，只是粗略估计。',
    en: "Each target's plain probability (every run counting once; first in the table's cells) → weighed by the area's own observed figures after its base year, each run by their likelihood under their observation errors by caliber, as urbsim calibrate weighs runs; in brackets its 95 % Wilson interval on the effective runs (the smaller of Kish's (Σw)²/Σw² and the target's own), which is Monte Carlo error given the model, not the model's error. Where the scenario's laws were already fitted to some of these figures (a generated pilot's paces or migrants' take-up updated with its own figures, data/observed/fitted-defaults.json), weighing its runs would count them twice, and those laws condition only the paces, not where each year's path stands at the last figure: the scenario is run again, 40 times its runs (at most 1,000,000) with its seed, with those laws drawn as an area without figures of its own draws them (the pooled laws, or the fit's wide prior or the assumed range where too few areas were pooled; an urbanization pace its pilot also conditions on the area's resident rates before its base year keeps those, the pooled law conditioned on them alone), and those runs are weighed by all the figures. Each such law is in fact drawn from a half-and-half mix of it and the scenario's own law where both are logit-normal or both normal (not truncated): about half the runs draw it from the scenario's own, and each run is weighed back by the ratio of that law to the mix, at most 2 a law (defensive importance sampling: the same answer from more effective runs). The conversion's yearly σ, where the area's own registered rates entered its fit, is drawn as fitted without them, half the runs as fitted with them, weighed back likewise. Where these runs leave fewer than 400 effective runs (the intervals' ends rest on the few runs of most weight), they are drawn once more with more runs (up to 4 times as many). Pooled laws and the paces' year-to-year variation still include each area as one of the areas pooled. On fewer than 100 effective runs the weighed probability is given in whole percent: rough.",
  },
  // The registered rate's gain by source (registered_gain.arrow, src/montecarlo/registeredGain.ts: GAIN_PARTS), as
  // urbsim run names each part in English (src/cli/gainLines.ts), and in Chinese as the flows' columns are named
  // (src/io/metricColumns.ts: 就地农转非, 外来人口落户…).
  gainPopulation: { zh: '人口变动', en: 'population' },
  gainConversion: { zh: '就地农转非', en: 'conversion in place' },
  gainChangeOfCount: { zh: '统计口径调整', en: 'change of count' },
  gainLocals: { zh: '本地人口落户', en: 'locals settling' },
  gainMigrants: { zh: '外来人口落户', en: 'migrants settling' },
  gainTotal: { zh: '合计', en: 'total' },
  gainSource: { zh: '来源', en: 'source' },
  gainTitle: { zh: '户籍人口城镇化率的提高来自哪里', en: "Where the registered rate's gain comes from" },
  readGain: {
    zh: '每个条形为一个来源对户籍人口城镇化率自基期以来变化的贡献（各次模拟的均值，百分点），按模型每年的计算顺序依次排列：人口变动（出生、死亡、迁移、放弃户籍）在先，然后是就地农转非、统计口径调整、本地人口落户、外来人口落户；每个条形从上一个的终点开始，最后的“合计”为它们之和，其横线为各次模拟的 80% 区间（p10–p90）。落户即本地与外来人口落户两项之和。',
    en: "Each bar is one source's part of the registered rate's change since the base year (mean over the runs, percentage points), in the order the engine applies them within each year: the population itself (births, deaths, moves, hukou given up) first, then conversion in place, the change of count, locals settling, migrants settling; each bar starts where the one before ends, and the last, the total, is their sum, its whisker the runs' 80% (p10–p90). Settlement is the two settling bars together.",
  },
  gainTableNote: {
    zh: '各次模拟的均值（百分点），括号内为各次模拟的 80% 区间（p10–p90）。各项的均值相加等于合计（四舍五入前），分位数则不能相加。',
    en: "Mean over the runs (percentage points); in brackets the runs' 80% (p10–p90). The parts' means add up to the total's (before rounding); their percentiles do not.",
  },
  gainResidence: {
    zh: '该情景按居住地统计户籍人口城镇化率：就地农转非和统计口径调整不使任何人迁入城镇，因此为 0；在城镇居住的本地人口落户前已计入。',
    en: 'The scenario counts registered people by where they live: a conversion or a change of count moves no one into town (so 0), and a local settling in town counts already.',
  },
  gainReclass: {
    zh: '情景设定了 reclass_hukou_share：村改居时获得城镇户籍的人没有单独的计数，计入“人口变动”。',
    en: 'The scenario sets reclass_hukou_share: the urban hukou its reclassification gives has no counter of its own and counts under population.',
  },
  gainMissing: {
    zh: '该运行结果文件夹中没有 registered_gain.arrow（由较早版本的 urbsim 写入），因此无法按来源分解户籍人口城镇化率的提高；用当前版本的 urbsim run 重新运行该情景即可得到。',
    en: "This run folder has no registered_gain.arrow (an older urbsim wrote it), so the registered rate's gain cannot be split by source here; run the scenario again with this urbsim (urbsim run) to get it.",
  },
  readCapacity: {
    zh: '需求为中位数及 90% 区间；供给为情景设定（未设上限时不画）。',
    en: 'Demand: median and 90% band; supply: as set by the scenario (not drawn when unlimited).',
  },
} as const satisfies Record<string, Pair>;

export type TextKey = keyof typeof TEXT;

/** Every label key, e.g. for a test that looks for English labels on a Chinese page. */
export const LABEL_KEYS = Object.keys(TEXT) as TextKey[];

/**
 * A label in the chosen language.
 *
 * @example
 * label('zh', 'probability'); // '达成概率'
 */
export function label(lang: Lang, key: TextKey): string {
  return TEXT[key][lang];
}

/**
 * A heading with how many things it lists: `label (n)`, full-width brackets in Chinese.
 *
 * @example
 * countedLabel('en', 'weighedTitle', 11); // "Targets weighed by the area's own figures (11)"
 */
export const countedLabel = (lang: Lang, key: TextKey, n: number): string => (lang === 'zh' ? `${label(lang, key)}（${n}）` : `${label(lang, key)} (${n})`);

/**
 * The display name of a metric column; unknown names are returned as they are,
 * so a metric added to the engine still shows up, under its column name.
 *
 * @example
 * metricName('zh', 'registered_rate'); // '户籍人口城镇化率'
 * metricName('en', 'resident_rate');   // 'resident urbanization rate'
 */
export function metricName(lang: Lang, metric: string): string {
  return METRIC_NAMES[metric]?.[lang] ?? metric;
}

/**
 * A target in words, e.g. for a bar label: metric, comparison, value and year.
 * Rates are shown as percentages with one decimal, so 0.7140000000000001
 * reads 71.4%.
 *
 * @example
 * targetName('en', { metric: 'resident_rate', op: '>=', value: 0.756, year: 2020 });
 * // 'resident urbanization rate ≥ 75.6% in 2020'
 * targetName('zh', { metric: 'registered_rate', op: '>=', value: 0.725, year: 2020 }, { short: true });
 * // '2020年 户籍 ≥ 72.5%'
 */
export function targetName(
  lang: Lang,
  t: { metric: string; op: string; value: number | null; year: number | null },
  options: { short?: boolean } = {},
): string {
  if (t.year === null || t.metric === '*') return label(lang, 'allTargets');
  const op = opSymbol(t.op);
  const v = t.value === null ? '' : targetValueText(t.metric, t.value);
  const name = (options.short && RATE_KIND[t.metric]?.[lang]) || metricName(lang, t.metric);
  return lang === 'zh' ? `${t.year}年 ${name} ${op} ${v}` : `${name} ${op} ${v} in ${t.year}`;
}

/** The two urbanization rates named by their kind alone (bar labels have little room; "the 2020 registered target"). */
export const RATE_KIND: Readonly<Record<string, Pair>> = {
  resident_rate: { zh: '常住', en: 'resident' },
  registered_rate: { zh: '户籍', en: 'registered' },
};

/**
 * Whether a metric is a share in [0, 1] (shown in percent) rather than a count.
 *
 * @example
 * isRate('rate_gap');     // true
 * isRate('school_demand'); // false
 */
export function isRate(metric: string): boolean {
  return metric.endsWith('_rate') || metric === 'rate_gap' || metric.endsWith('_share');
}

/**
 * A target's comparison as printed everywhere (terminal, Markdown, charts).
 *
 * @example
 * opSymbol('<='); // '≤'
 */
export function opSymbol(op: string): string {
  return op === '>=' ? '≥' : op === '<=' ? '≤' : op;
}

/**
 * A target's value in the units plans write it: rates in percent with one
 * decimal, two where the plan gives two (Danzhou's 48.54 %, seed 004: one decimal
 * read 48.5 %, a target lower than the plan's); persons (and yuan, m²) in 万 with up to two decimals from 1万 up,
 * as a plain number below — so a target of 0 reads `0`, not `0万`.
 *
 * @example
 * targetValueText('registered_rate', 0.725);  // '72.5%'
 * targetValueText('registered_rate', 0.4854); // '48.54%'
 * targetValueText('migrant_pop', 1_500_000); // '150万'
 * targetValueText('school_shortage', 0);     // '0'
 */
export function targetValueText(metric: string, v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (isRate(metric)) return `${(v * 100).toFixed(2).replace(/(\.\d)0$/, '$1')}%`;
  return Math.abs(v) >= 1e4 ? `${Number((v / 1e4).toFixed(2))}万` : `${Number(v.toFixed(2))}`;
}

/**
 * A target in one line with the metric's own name, for the terminal and
 * Markdown tables.
 *
 * @example
 * targetLine({ metric: 'migrant_pop', op: '<=', value: 1_500_000, year: 2030 }); // 'migrant_pop ≤ 150万 in 2030'
 */
export function targetLine(t: { metric: string; op: string; value: number; year: number | null }): string {
  return `${t.metric} ${opSymbol(t.op)} ${targetValueText(t.metric, t.value)} in ${t.year}`;
}
