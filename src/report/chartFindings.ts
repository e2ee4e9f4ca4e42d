import { probabilityText as pct } from '../analysis/probabilityText.ts';
import { capacityApplies } from './capacityChart.ts';
import { type Lang, metricName, targetName, targetValueText } from './labels.ts';
import { type VariableUses, parameterName } from './parameterNames.ts';
import { minus } from './rangeText.ts';
import { type SummaryRow, noLimit } from './summaryRows.ts';
import { type TargetRow, byTargetOrder } from './targetRows.ts';
import { withNote } from './withNote.ts';

// Chart titles that say what the chart shows, not what it is: a planner who
// reads only the title should come away with the answer.

const count = (lang: Lang, n: number) => (lang === 'zh' ? String(n) : n.toLocaleString('en'));
const wan = (v: number) => `${(v / 1e4).toFixed(1)}万`;
const KIND: Readonly<Record<string, { zh: string; en: string }>> = {
  resident_rate: { zh: '常住', en: 'resident' },
  registered_rate: { zh: '户籍', en: 'registered' },
};

/**
 * A chart title with the area it is about in front, for a chart that
 * stands alone (an exported SVG or PNG).
 *
 * @example
 * withArea('zh', '大连市', '2020年户籍目标（72.5%）在1000次模拟中0次达成'); // '大连市：2020年户籍目标（72.5%）在1000次模拟中0次达成'
 */
export const withArea = (lang: Lang, area: string, title: string): string => (lang === 'zh' ? `${area}：${title}` : `${area}: ${title}`);

/**
 * The fan chart's title: how often the plan's rate targets of its last
 * target year are met; without rate targets, the medians in the last year.
 *
 * @example
 * fanFinding('zh', targets, summary);
 * // '2020年常住目标（75.6%）在1000次模拟中149次达成，户籍目标（72.5%）0次'
 * fanFinding('en', targets, summary);
 * // 'The 2020 resident target (75.6%) is met in 149 of 1,000 runs, the registered target (72.5%) in 0'
 */
export function fanFinding(lang: Lang, targets: readonly TargetRow[], summary: readonly SummaryRow[]): string {
  const rates = targets.filter((t) => t.year !== null && t.value !== null && KIND[t.metric] && t.op === '>=');
  if (rates.length) {
    const year = Math.max(...rates.map((t) => t.year as number));
    const those = rates.filter((t) => t.year === year).sort(byTargetOrder);
    const runs = count(lang, those[0].runs);
    const v = (t: TargetRow) => targetValueText(t.metric, t.value as number);
    if (lang === 'zh')
      return `${year}年${those.map((t, i) => `${KIND[t.metric].zh}目标（${v(t)}）${i === 0 ? `在${runs}次模拟中` : ''}${t.met}次${i === 0 ? '达成' : ''}`).join('，')}`;
    return `The ${year} ${those.map((t, i) => `${i ? 'the ' : ''}${KIND[t.metric].en} target (${v(t)})${i === 0 ? ` is met in ${count(lang, t.met)} of ${runs} runs` : ` in ${count(lang, t.met)}`}`).join(', ')}`;
  }
  const end = Math.max(...summary.map((r) => r.year));
  const at = (m: string) => summary.find((r) => r.metric === m && r.year === end)?.p50 ?? NaN;
  return lang === 'zh'
    ? `${end}年常住人口城镇化率中位数${pct(at('resident_rate'))}，户籍${pct(at('registered_rate'))}`
    : `Median resident rate ${pct(at('resident_rate'))} and registered rate ${pct(at('registered_rate'))} in ${end}`;
}

/**
 * The gap chart's title: how the median gap between the two rates moves. A gap that changes sign (the registered
 * rate overtaking the resident one) does not narrow or widen: the title says in which year it turns and which rate is
 * then above.
 *
 * @example
 * gapFinding('en', summary); // 'The median gap peaks at 7.6 points in 2021 and is 5.6 points in 2035'
 * gapFinding('en', dalian);  // 'The median gap turns negative in 2020 (the registered rate above the resident): 5.4 points in 2013, -5.1 in 2035'
 */
export function gapFinding(lang: Lang, summary: readonly SummaryRow[]): string {
  const rows = summary.filter((r) => r.metric === 'rate_gap' && Number.isFinite(r.p50)).sort((a, b) => a.year - b.year);
  if (rows.length === 0) return '';
  const first = rows[0];
  const last = rows[rows.length - 1];
  const peak = rows.reduce((a, b) => (b.p50 > a.p50 ? b : a));
  // A negative gap with a true minus sign, as the chart's axis writes it (−5), not a hyphen (-5.1).
  const pt = (r: SummaryRow) => minus((100 * r.p50).toFixed(1));
  // The median's sign at the end differs from the start's: the first year of the end's sign.
  const turn = first.p50 !== 0 && Math.sign(last.p50) === -Math.sign(first.p50) ? rows.find((r) => Math.sign(r.p50) === Math.sign(last.p50)) : undefined;
  if (turn) {
    const negative = last.p50 < 0;
    return lang === 'zh'
      ? `两率差距中位数${turn.year}年转为${negative ? '负值（户籍人口城镇化率高于常住）' : '正值（常住人口城镇化率高于户籍）'}：${first.year}年${pt(first)}个百分点，${last.year}年${pt(last)}个百分点`
      : `The median gap turns ${negative ? 'negative' : 'positive'} in ${turn.year} (the ${negative ? 'registered rate above the resident' : 'resident rate above the registered'}): ${pt(first)} points in ${first.year}, ${pt(last)} in ${last.year}`;
  }
  if (peak === last || peak === first) {
    const widens = last.p50 >= first.p50;
    return lang === 'zh'
      ? `两率差距中位数由${first.year}年的${pt(first)}个百分点${widens ? '扩大' : '缩小'}到${last.year}年的${pt(last)}个百分点`
      : `The median gap ${widens ? 'widens' : 'narrows'} from ${pt(first)} points in ${first.year} to ${pt(last)} in ${last.year}`;
  }
  return lang === 'zh'
    ? `两率差距中位数${peak.year}年最大（${pt(peak)}个百分点），${last.year}年为${pt(last)}个百分点`
    : `The median gap peaks at ${pt(peak)} points in ${peak.year} and is ${pt(last)} points in ${last.year}`;
}

/**
 * The target bars' title: how often all targets are met together; a scenario's one target is said as one (its joint
 * row is that target: 'all 1 targets together' read as a slip).
 *
 * @example
 * targetsFinding('zh', targets); // '全部4项目标同时达成：1000次模拟中0次（0.0%）'
 * targetsFinding('en', oneTarget); // 'Its one target: met in 20 of 200 runs (10.0%)'
 */
export function targetsFinding(lang: Lang, targets: readonly TargetRow[]): string {
  const joint = targets.find((t) => t.year === null);
  const n = targets.filter((t) => t.year !== null).length;
  if (!joint) return '';
  const met = `${count(lang, joint.met)} of ${count(lang, joint.runs)} runs (${pct(joint.probability)})`;
  if (lang === 'zh') return `${n === 1 ? '该项目标达成' : `全部${n}项目标同时达成`}：${count(lang, joint.runs)}次模拟中${joint.met}次（${pct(joint.probability)}）`;
  return n === 1 ? `Its one target: met in ${met}` : `All ${n} targets together: met in ${met}`;
}

/**
 * A capacity panel's title: when median demand exceeds the places or units
 * the scenario sets, or where demand peaks when it sets no limit; for the
 * migrant children's public-school share, how the median moves, or that it
 * does not move at all.
 *
 * @example
 * capacityFinding('en', summary, 'school'); // 'Median demand peaks at 81.6万 places in 2023; the scenario sets no limit on places'
 */
export function capacityFinding(lang: Lang, summary: readonly SummaryRow[], panel: 'school' | 'share' | 'housing'): string {
  const series = (m: string) => summary.filter((r) => r.metric === m && Number.isFinite(r.p50)).sort((a, b) => a.year - b.year);
  if (panel === 'share') {
    const rows = series('migrant_children_public_share');
    if (rows.length === 0) return '';
    const [a, b] = [rows[0], rows[rows.length - 1]];
    if (!capacityApplies(summary, 'share').applies)
      return lang === 'zh'
        ? `随迁子女公办学校就读比例在每次模拟、每个年份都是${pct(a.p50)}：学位不设上限，比例只由政策决定`
        : `Migrant children's public-school share is ${pct(a.p50)} in every run and year: places are unlimited, so policy alone sets it`;
    return lang === 'zh'
      ? `随迁子女公办学校就读比例中位数：${a.year}年${pct(a.p50)}，${b.year}年${pct(b.p50)}`
      : `Median share of migrant children in public school: ${pct(a.p50)} in ${a.year}, ${pct(b.p50)} in ${b.year}`;
  }
  const [demand, supply] = panel === 'school' ? ['school_demand', 'school_places'] : ['housing_demand', 'housing_units'];
  const unit = panel === 'school' ? { zh: '个学位', en: 'places' } : { zh: '套', en: 'units' };
  const d = series(demand);
  if (d.length === 0) return '';
  const s = new Map(series(supply).map((r) => [r.year, r.p50]));
  if (s.size === 0) {
    const peak = d.reduce((a, b) => (b.p50 > a.p50 ? b : a));
    // "No limit" only where summary.arrow counts the runs as unlimited, not wherever a supply value is missing.
    const unlimited = summary.some((r) => r.metric === supply && noLimit(r));
    return lang === 'zh'
      ? `${metricName(lang, demand)}中位数${peak.year}年最高，为${wan(peak.p50)}${unit.zh}${unlimited ? '；情景未设上限' : ''}`
      : `Median demand peaks at ${wan(peak.p50)} ${unit.en} in ${peak.year}${unlimited ? `; the scenario sets no limit on ${unit.en}` : ''}`;
  }
  const short = d.filter((r) => s.has(r.year) && r.p50 > (s.get(r.year) as number));
  if (short.length === 0)
    return lang === 'zh' ? `${metricName(lang, demand)}中位数在每个年份都不超过供给` : `Median demand stays within the ${unit.en} supplied in every year`;
  const worst = short.reduce((a, b) => (b.p50 - (s.get(b.year) as number) > a.p50 - (s.get(a.year) as number) ? b : a));
  const by = worst.p50 - (s.get(worst.year) as number);
  return lang === 'zh'
    ? `${d.length}个年份中有${short.length}个需求中位数超过供给，最多缺${wan(by)}${unit.zh}（${worst.year}年）`
    : `Median demand exceeds the ${unit.en} supplied in ${short.length} of ${d.length} years, by up to ${wan(by)} (${worst.year})`;
}

/**
 * A batch chart's title: how many areas meet all their targets together in
 * at least half of the runs, in 5–50 % and in under 5 %, as the batch's
 * reachability report counts them (it left out the middle, which the
 * report gives).
 *
 * @example
 * batchFinding('en', targets); // 'Of 61 areas, 4 meet all their targets together in at least half of the runs, 7 in 5–50%, 50 in under 5%'
 */
export function batchFinding(lang: Lang, targets: readonly TargetRow[]): string {
  const joint = targets.filter((t) => t.year === null);
  const high = joint.filter((t) => t.probability >= 0.5).length;
  const low = joint.filter((t) => t.probability < 0.05).length;
  const middle = joint.length - high - low;
  return lang === 'zh'
    ? `${joint.length}个地区中，${high}个地区全部目标同时达成的概率不低于50%，${middle}个在5%–50%之间，${low}个低于5%`
    : `Of ${joint.length} area${joint.length === 1 ? '' : 's'}, ${high} ${high === 1 ? 'meets all its' : 'meet all their'} targets together in at least half of the runs, ${middle} in 5–50%, ${low} in under 5%`;
}

/**
 * The tornado chart's title: the input with the largest total Sobol' index
 * and the share of variance it accounts for.
 *
 * @example
 * tornadoFinding('zh', rows, 'registered_rate', 2020); // '外来人口落户率解释2020年户籍人口城镇化率方差的43%（总敏感性指数）'
 */
export function tornadoFinding(lang: Lang, rows: readonly { parameter: string; total: number }[], metric: string, year: number, uses?: VariableUses): string {
  const top = rows.filter((r) => Number.isFinite(r.total)).reduce<(typeof rows)[number] | undefined>((a, b) => (!a || b.total > a.total ? b : a), undefined);
  if (!top) return '';
  const share = `${Math.round(100 * Math.max(0, top.total))}%`;
  return lang === 'zh'
    ? `${parameterName(lang, top.parameter, uses)}解释${year}年${metricName(lang, metric)}方差的${share}（总敏感性指数）`
    : `${parameterName(lang, top.parameter, uses)} accounts for ${share} of the variance of the ${metricName(lang, metric)} in ${year} (total index)`;
}

/**
 * The PRCC chart's title: the input most tightly tied to the metric, and which way.
 *
 * @example
 * prccFinding('en', rows); // 'Tightest partial rank correlation: migrant_settle_rate (+0.97)'
 */
export function prccFinding(lang: Lang, rows: readonly { parameter: string; index: string; estimate: number }[], uses?: VariableUses): string {
  const prcc = rows.filter((r) => r.index === 'prcc' && Number.isFinite(r.estimate));
  if (prcc.length === 0) return '';
  const top = prcc.reduce((a, b) => (Math.abs(b.estimate) > Math.abs(a.estimate) ? b : a));
  const v = minus(`${top.estimate >= 0 ? '+' : ''}${top.estimate.toFixed(2)}`);
  return `${lang === 'zh' ? '与指标偏秩相关最强的输入：' : 'Tightest partial rank correlation: '}${withNote(lang, parameterName(lang, top.parameter, uses), v)}`;
}

/**
 * Where each target comes from, as a note under the charts that draw it:
 * targets sharing a source are listed together; seed references read
 * "seed 004 L907" in English and "文献004第907行" in Chinese.
 *
 * @example
 * targetSources('zh', [{ metric: 'resident_rate', op: '>=', value: 0.714, year: 2017, source: 'data: seed 004 L907' }]);
 * // '目标来源：文献004第907行（2017年 常住 ≥ 71.4%）'
 */
export function targetSources(lang: Lang, targets: readonly { metric: string; op: string; value: number; year: number; source?: string }[]): string {
  if (targets.length === 0) return '';
  const by = new Map<string, string[]>();
  // As plans list them: by year, resident before registered.
  const rank = (m: string) => (m === 'resident_rate' ? 0 : m === 'registered_rate' ? 1 : 2);
  for (const t of [...targets].sort((a, b) => a.year - b.year || rank(a.metric) - rank(b.metric) || a.metric.localeCompare(b.metric))) {
    const s = sourceText(lang, t.source);
    by.set(s, [...(by.get(s) ?? []), targetName(lang, t, { short: true })]);
  }
  const parts = [...by.entries()].map(([s, names]) => (lang === 'zh' ? `${s}（${names.join('、')}）` : `${s} (${names.join('; ')})`));
  return lang === 'zh' ? `目标来源：${parts.join('；')}` : `Targets from: ${parts.join('; ')}`;
}

function sourceText(lang: Lang, source: string | undefined): string {
  if (!source) return lang === 'zh' ? '情景文件' : 'the scenario file';
  const m = /^(?:data: )?seed (\d+) L(\d+)(?:[–-](\d+))?(.*)$/.exec(source.trim());
  if (!m) return source;
  const [, seed, a, b, rest] = m;
  return lang === 'zh' ? `文献${seed}第${a}${b ? `–${b}` : ''}行${rest}` : `seed ${seed} L${a}${b ? `–${b}` : ''}${rest}`;
}

/**
 * A line above the table of Sobol' indices: what the first-order indices
 * add up to — the share of the metric's variance the inputs explain alone,
 * the rest coming from their interactions; a sum of 1 or more said to show
 * no interaction, and above 1 (which the true indices never are) to be
 * sampling error.
 *
 * @example
 * interactionFinding('en', rows); // 'The first-order indices add up to 0.82: the inputs alone explain about 82% of the variance, their interactions the rest'
 */
export function interactionFinding(lang: Lang, rows: readonly { index: string; estimate: number }[]): string {
  const first = rows.filter((r) => r.index === 'first' && Number.isFinite(r.estimate));
  if (first.length === 0) return '';
  const sum = first.reduce((a, r) => a + r.estimate, 0);
  const s = minus(sum.toFixed(2));
  if (sum >= 1) {
    const over = s !== '1.00';
    return lang === 'zh'
      ? `一阶指数之和为${s}${over ? '，超过其上限1（抽样误差）' : ''}：看不出输入之间的交互作用`
      : `The first-order indices add up to ${s}${over ? ', more than the 1 they can reach (sampling error)' : ''}: no sign of interactions between the inputs`;
  }
  const alone = `${Math.round(100 * Math.max(0, sum))}%`;
  return lang === 'zh'
    ? `一阶指数之和为${s}：各输入单独约解释指标方差的${alone}，其余来自输入之间的交互作用`
    : `The first-order indices add up to ${s}: the inputs alone explain about ${alone} of the variance, their interactions the rest`;
}
