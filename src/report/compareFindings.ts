import { type Lang, isRate, metricName, targetName, targetValueText } from './labels.ts';
import { type TargetRow, byTargetOrder } from './targetRows.ts';
import { parameterName } from './parameterNames.ts';
import type { SharedDraws } from '../analysis/sharedDraws.ts';
import { probabilityText as pct } from '../analysis/probabilityText.ts';
import { withNote } from './withNote.ts';

// Titles of the comparison charts (urbsim compare's report, the levers
// notebook) that say what the variants change, worked out from the paired
// differences and each variant's chance of meeting the targets.

/** A variant's effect on something, against the base: a paired difference and, for chances, its 95 % interval. */
export interface Effect {
  /** The variant as shown (its area name in Chinese). */
  readonly name: string;
  readonly d: number;
  readonly lower?: number;
  readonly upper?: number;
}

const KIND: Readonly<Record<string, { zh: string; en: string }>> = {
  resident_rate: { zh: '常住', en: 'resident' },
  registered_rate: { zh: '户籍', en: 'registered' },
};
// In Chinese a figure follows a name directly, but not one ending in Latin letters or digits (cutoff100 39.2%).
const gap = (name: string) => (/[A-Za-z0-9]$/.test(name) ? ' ' : '');
/** What {@link effectSentence} measures a change in a probability with: percentage points, as a rate's. */
export const CHANCE = 'chance';

/** A size in the metric's units, without sign: rates and chances in percentage points, counts in 万 from 1万 up. */
function amount(lang: Lang, metric: string, v: number): string {
  const a = Math.abs(v);
  if (metric === CHANCE || isRate(metric)) return lang === 'zh' ? `${(100 * a).toFixed(1)}个百分点` : `${(100 * a).toFixed(1)} points`;
  if (a >= 1e4) return `${(a / 1e4).toFixed(1)}万`;
  return Math.round(a).toLocaleString('en');
}

/**
 * What several variants change in one quantity against the base, in one
 * sentence: those that raise it (largest first), those that lower it, those
 * that leave it as it is (a change that rounds to zero), and a change whose
 * interval holds zero said to be within chance. `metric` sets the units of
 * the change (a rate's or a {@link CHANCE}'s in percentage points).
 *
 * @example
 * effectSentence('en', 'dongguan', { en: 'the 2020 registered urbanization rate', zh: '2020年户籍人口城镇化率' }, 'registered_rate',
 *   [{ name: 'dongguan-cutoff100', d: 0.021 }, { name: 'dongguan-schools2x', d: -0.004 }], { en: 'median of paired runs', zh: '逐次配对差异的中位数' });
 * // 'Against dongguan, dongguan-cutoff100 raises the 2020 registered urbanization rate by 2.1 points; dongguan-schools2x lowers it by 0.4 points (median of paired runs)'
 */
export function effectSentence(
  lang: Lang,
  base: string,
  what: { readonly en: string; readonly zh: string },
  metric: string,
  effects: readonly Effect[],
  basis: { readonly en: string; readonly zh: string },
): string {
  const zh = lang === 'zh';
  const shown = effects.filter((e) => Number.isFinite(e.d));
  const zero = amount(lang, metric, 0);
  const same = shown.filter((e) => amount(lang, metric, e.d) === zero);
  const up = shown.filter((e) => e.d > 0 && !same.includes(e)).sort((a, b) => b.d - a.d);
  const down = shown.filter((e) => e.d < 0 && !same.includes(e)).sort((a, b) => a.d - b.d);
  const chance = (e: Effect) => (e.lower !== undefined && e.upper !== undefined && e.lower <= 0 && e.upper >= 0 ? (zh ? '（在抽样误差之内）' : ' (within chance)') : '');
  const by = (e: Effect) => `${amount(lang, metric, e.d)}${chance(e)}`;
  const lead = zh ? `与${base}相比，` : `Against ${base}, `;
  // The basis shares the brackets of a last change said to be within chance (…（在抽样误差之内）（逐次配对） was printed).
  const tail = (s: string) => withNote(lang, s, zh ? basis.zh : basis.en);
  if (up.length === 0 && down.length === 0) {
    if (same.length === 1) return `${lead}${tail(zh ? `${same[0].name}的${what.zh}不变` : `${same[0].name} leaves ${what.en} unchanged`)}`;
    return `${lead}${tail(zh ? `各方案的${what.zh}均不变` : `no variant changes ${what.en}`)}`;
  }
  const clauses: string[] = [];
  const list = (es: Effect[], verbZh: string, verbEn: string, first: boolean) => {
    const [head, ...rest] = es;
    const object = first ? (zh ? `使${what.zh}` : what.en) : zh ? '使其' : 'it';
    const lead1 = zh ? `${head.name}${object}${verbZh}${by(head)}` : `${head.name} ${verbEn} ${object} by ${by(head)}`;
    return [lead1, ...rest.map((e) => (zh ? `${e.name}${verbZh}${by(e)}` : `${e.name} by ${by(e)}`))].join(zh ? '，' : ', ');
  };
  if (up.length) clauses.push(list(up, '提高', 'raises', true));
  if (down.length) clauses.push(list(down, '降低', 'lowers', up.length === 0));
  if (same.length) clauses.push(zh ? `${same.map((e) => e.name).join('、')}不变` : `${same.map((e) => e.name).join(' and ')} ${same.length > 1 ? 'leave' : 'leaves'} it unchanged`);
  return `${lead}${tail(clauses.join(zh ? '；' : '; '))}`;
}

/**
 * The year a comparison's title speaks of: the last year with a target on
 * the metric, else the last year there is.
 *
 * @example
 * findingYear(targets, 'registered_rate', [2013, 2025]); // 2020 for Dongguan's plan
 */
export function findingYear(targets: readonly { metric: string; year: number | null }[], metric: string, years: readonly number[]): number {
  const on = targets.filter((t) => t.metric === metric && t.year !== null).map((t) => t.year as number);
  return on.length ? Math.max(...on) : Math.max(...years);
}

const metricInYear = (metric: string, year: number) => ({ en: `the ${year} ${metricName('en', metric)}`, zh: `${year}年${metricName('zh', metric)}` });

/**
 * The title of a chart of the variants' levels: what each changes in the
 * metric in the year, the median of its paired differences from the base.
 *
 * @example
 * differenceFinding('en', 'dongguan', [{ variant: 'dongguan-cutoff100', p50: 0.021 }], 'registered_rate', 2020);
 * // 'Against dongguan, dongguan-cutoff100 raises the 2020 registered urbanization rate by 2.1 points (median of paired runs)'
 * differenceFinding('zh', '东莞市', [{ variant: '东莞市（dongguan-cutoff100）', p50: 0.021 }], 'registered_rate', 2020);
 * // '与东莞市相比，东莞市（dongguan-cutoff100）使2020年户籍人口城镇化率提高2.1个百分点（逐次配对差异的中位数）'
 */
export function differenceFinding(lang: Lang, base: string, rows: readonly { variant: string; p50: number }[], metric: string, year: number): string {
  if (rows.length === 0) return '';
  return effectSentence(lang, base, metricInYear(metric, year), metric, rows.map((r) => ({ name: r.variant, d: r.p50 })), { en: 'median of paired runs', zh: '逐次配对差异的中位数' });
}

/**
 * The title of a chart of the variants side by side: each variant's median
 * of the metric in the year, highest first.
 *
 * @example
 * levelsFinding('zh', [{ variant: '东莞市', year: 2020, p50: 0.2 }, { variant: '东莞市（dongguan-cutoff100）', year: 2020, p50: 0.22 }], 'registered_rate', 2020);
 * // '2020年户籍人口城镇化率中位数：东莞市（dongguan-cutoff100）22.0%，东莞市20.0%'
 */
export function levelsFinding(lang: Lang, rows: readonly { variant: string; year: number; p50: number }[], metric: string, year: number): string {
  const at = rows.filter((r) => r.year === year && Number.isFinite(r.p50)).sort((a, b) => b.p50 - a.p50);
  if (at.length === 0) return '';
  const v = (x: number) => (isRate(metric) ? pct(x) : targetValueText(metric, x));
  return lang === 'zh'
    ? `${year}年${metricName(lang, metric)}中位数：${at.map((r) => `${r.variant}${gap(r.variant)}${v(r.p50)}`).join('，')}`
    : `Median ${metricName(lang, metric)} in ${year}: ${at.map((r) => `${r.variant} ${v(r.p50)}`).join(', ')}`;
}

/**
 * The title of the chart of how often each variant is ahead of the base:
 * the share of runs (ties half) in the year, highest first; a variant equal
 * to the base in at least 90 % of runs (its p5 and p95 differences are 0)
 * said to be so.
 *
 * @example
 * beatsFinding('en', 'dongguan', [{ variant: 'dongguan-cutoff100', pBeats: 0.984, p5: 0.01, p95: 0.03 }], 'registered_rate', 2020);
 * // 'In 2020, dongguan-cutoff100 has a higher registered urbanization rate than dongguan in 98.4% of runs'
 */
export function beatsFinding(lang: Lang, base: string, rows: readonly { variant: string; pBeats: number; p5: number; p95: number }[], metric: string, year: number): string {
  if (rows.length === 0) return '';
  const zh = lang === 'zh';
  const tied = rows.filter((r) => r.p5 === 0 && r.p95 === 0);
  const ahead = rows.filter((r) => !tied.includes(r)).sort((a, b) => b.pBeats - a.pBeats);
  const parts: string[] = [];
  if (ahead.length)
    parts.push(
      zh
        ? ahead.map((r, i) => `${r.variant}在${pct(r.pBeats)}的模拟中${i === 0 ? `${metricName(lang, metric)}高于${base}` : ''}`).join('，')
        : `${ahead.map((r, i) => `${r.variant}${i === 0 ? ` has a higher ${metricName(lang, metric)} than ${base}` : ''} in ${pct(r.pBeats)}${i === 0 ? ' of runs' : ''}`).join(', ')}`,
    );
  if (tied.length)
    parts.push(zh ? `${tied.map((r) => r.variant).join('、')}${ahead.length ? '' : `的${metricName(lang, metric)}`}与${base}在90%以上的模拟中相同` : `${tied.map((r) => r.variant).join(' and ')} ${tied.length > 1 ? 'equal' : 'equals'} ${base} in at least 90% of runs`);
  return zh ? `${year}年，${parts.join('；')}` : `In ${year}, ${parts.join('; ')}`;
}

/**
 * A target in a title (English), and its chance (Chinese): a rate target by
 * its kind and value ("the 2020 registered target (72.5%)"), all of a
 * variant's targets together, or any other by its name.
 */
function targetPhrase(lang: Lang, t: TargetRow, count: number): { en: string; chanceZh: string } {
  if (t.year === null) return { en: `all ${count} targets together`, chanceZh: `全部${count}项目标同时达成的概率` };
  const kind = t.op === '>=' ? KIND[t.metric] : undefined;
  const v = t.value === null ? '' : targetValueText(t.metric, t.value);
  if (kind) return { en: `the ${t.year} ${kind.en} target (${v})`, chanceZh: `${t.year}年${kind.zh}目标（${v}）的达成概率` };
  const name = targetName(lang, t);
  return { en: `the target ${name}`, chanceZh: `目标“${name}”的达成概率` };
}

/** The targets of a comparison, each with the rows of every variant; the target whose values differ most first (ties: as plans list them, the joint row last). */
function byLargest(rows: readonly TargetRow[], size: (rs: readonly TargetRow[]) => number): { target: TargetRow; rows: TargetRow[] }[] {
  const by = new Map<string, TargetRow[]>();
  for (const r of [...rows].sort(byTargetOrder)) by.set(r.target, [...(by.get(r.target) ?? []), r]);
  return [...by.values()].map((rs) => ({ target: rs[0], rows: rs })).sort((a, b) => size(b.rows) - size(a.rows));
}

/**
 * The title of the chart of each variant's chance of meeting each target:
 * the target on which the variants differ most, with every variant's share
 * of runs meeting it, highest first; when they differ on none, that they do
 * not (or that no run of any variant meets any target).
 *
 * @example
 * chanceFinding('en', rows);
 * // 'The 2017 registered target (16.5%) is met in 39.2% of the runs of dongguan-cutoff100, 8.0% of dongguan, 6.6% of dongguan-schools2x'
 */
export function chanceFinding(lang: Lang, rows: readonly TargetRow[]): string {
  if (rows.length === 0) return '';
  const zh = lang === 'zh';
  const count = new Set(rows.filter((r) => r.year !== null).map((r) => r.target)).size;
  const spread = (rs: readonly TargetRow[]) => Math.max(...rs.map((r) => r.probability)) - Math.min(...rs.map((r) => r.probability));
  const [top] = byLargest(rows, spread);
  if (spread(top.rows) === 0) {
    const never = rows.every((r) => r.met === 0);
    if (never) return zh ? `各方案的每次模拟都未达成任何一项目标` : `No run of any variant meets any of the ${count} target${count === 1 ? '' : 's'}`;
    return zh ? `各方案每项目标的达成概率相同` : `Every variant meets each target in the same share of runs`;
  }
  const p = targetPhrase(lang, top.target, count);
  const each = [...top.rows].sort((a, b) => b.probability - a.probability);
  return zh
    ? `${p.chanceZh}：${each.map((r) => `${r.scenario}${gap(r.scenario)}${pct(r.probability)}`).join('，')}`
    : `${p.en[0].toUpperCase()}${p.en.slice(1)} ${top.target.year === null ? 'are' : 'is'} met in ${each.map((r, i) => `${pct(r.probability)} of ${i === 0 ? 'the runs of ' : ''}${r.scenario}`).join(', ')}`;
}

/**
 * The title of the chart of paired differences in each target's chance: the
 * target whose chance the variants move most, what each variant changes in
 * it against the base (percentage points, run by run), a change whose 95 %
 * interval holds zero said to be within chance; no change at all said so.
 *
 * @example
 * chanceDifferenceFinding('en', 'dongguan', rows);
 * // 'Against dongguan, dongguan-cutoff100 raises the chance of meeting the 2017 registered target (16.5%) by 31.2 points; dongguan-schools2x lowers it by 1.4 points (paired runs)'
 */
export function chanceDifferenceFinding(lang: Lang, base: string, rows: readonly (TargetRow & { difference: number; differenceLower: number; differenceUpper: number })[]): string {
  const paired = rows.filter((r) => Number.isFinite(r.difference));
  if (paired.length === 0) return '';
  const count = new Set(paired.filter((r) => r.year !== null).map((r) => r.target)).size;
  const largest = (rs: readonly TargetRow[]) => Math.max(...rs.map((r) => Math.abs((r as (typeof paired)[number]).difference)));
  const [top] = byLargest(paired, largest);
  const basis = { en: 'paired runs', zh: '逐次配对' };
  if (amount(lang, CHANCE, largest(top.rows)) === amount(lang, CHANCE, 0))
    return lang === 'zh' ? `与${base}相比，各方案都没有改变任何目标的达成概率（${basis.zh}）` : `Against ${base}, no variant changes the chance of meeting any target (${basis.en})`;
  const p = targetPhrase(lang, top.target, count);
  const effects = (top.rows as typeof paired).map((r) => ({ name: r.scenario, d: r.difference, lower: r.differenceLower, upper: r.differenceUpper }));
  return effectSentence(lang, base, { en: `the chance of meeting ${p.en}`, zh: p.chanceZh }, CHANCE, effects, basis);
}

/**
 * A line above the comparison's table of targets: for each variant, on how
 * many of the targets (the joint one aside) it raises or lowers the chance
 * beyond chance — its paired 95 % interval excluding 0 — against the base.
 *
 * @example
 * targetCountFinding('en', 'dongguan', rows);
 * // 'Against dongguan, dongguan-cutoff100 raises the chance of 3 of the 4 targets; dongguan-schools2x changes none beyond chance (a change counted where its paired 95% interval excludes 0)'
 */
export function targetCountFinding(lang: Lang, base: string, rows: readonly (TargetRow & { difference: number; differenceLower: number; differenceUpper: number })[]): string {
  const zh = lang === 'zh';
  const each = rows.filter((r) => r.year !== null && Number.isFinite(r.difference));
  const n = new Set(each.map((r) => r.target)).size;
  if (n === 0) return '';
  const variants = [...new Set(each.map((r) => r.scenario))];
  const clauses = variants.map((v) => {
    const of = each.filter((r) => r.scenario === v);
    const up = of.filter((r) => r.differenceLower > 0).length;
    const down = of.filter((r) => r.differenceUpper < 0).length;
    if (zh) {
      if (up === 0 && down === 0) return `${v}对各项目标达成概率的改变都在抽样误差之内`;
      return `${v}${[up ? `提高${n}项目标中${up}项的达成概率` : '', down ? `${up ? '，' : ''}降低${up ? '' : `${n}项目标中`}${down}项${up ? '' : '的达成概率'}` : ''].join('')}`;
    }
    if (up === 0 && down === 0) return `${v} changes none beyond chance`;
    const raise = up ? `raises the chance of ${up}` : '';
    const lower = down ? `lowers ${up ? 'that of' : 'the chance of'} ${down}` : '';
    return `${v} ${[raise, lower].filter(Boolean).join(' and ')} of the ${n} target${n === 1 ? '' : 's'}`;
  });
  return zh
    ? `与${base}相比，${clauses.join('；')}（配对95%区间不含0才计入）`
    : `Against ${base}, ${clauses.join('; ')} (a change counted where its paired 95% interval excludes 0)`;
}

/**
 * How to read a comparison's levels chart, with what its variants' runs share ({@link SharedDraws}): every input drawn
 * alike (run r of each takes the same values), or which inputs are drawn by laws that differ (the same quantile of
 * each law) and which by some variants only (nothing to pair with); inputs named as the sensitivity charts name them.
 *
 * @example
 * compareLevelsNote('en', { alike: ['inflow'], otherLaw: [], some: [] });
 * // "Lines: each variant's median; bands: 80% of runs (p10–p90); every variant draws each input alike (the same value in run r of each); diamonds: plan targets."
 */
export function compareLevelsNote(lang: Lang, draws: SharedDraws): string {
  const names = (keys: readonly string[]) => keys.map((k) => parameterName(lang, k)).join(lang === 'zh' ? '、' : ', ');
  const { otherLaw, some } = draws;
  if (lang === 'zh') {
    const shared =
      otherLaw.length + some.length === 0
        ? '各方案对每项输入的随机抽样相同（第 r 次模拟取值相同）'
        : `第 r 次模拟在各方案中使用相同的随机数${otherLaw.length ? `；分布不同的输入取各自分布的同一分位数：${names(otherLaw)}` : ''}${some.length ? `；只有部分方案抽取、无从配对的输入：${names(some)}` : ''}`;
    return `线为各方案的中位数，色带为 80% 区间（p10–p90）；${shared}；菱形为规划目标。`;
  }
  const shared =
    otherLaw.length + some.length === 0
      ? 'every variant draws each input alike (the same value in run r of each)'
      : `run r of every variant draws from the same random numbers${otherLaw.length ? `; inputs drawn by laws that differ take the same quantile of each: ${names(otherLaw)}` : ''}${some.length ? `; inputs only some variants draw, with nothing to pair: ${names(some)}` : ''}`;
  return `Lines: each variant's median; bands: 80% of runs (p10–p90); ${shared}; diamonds: plan targets.`;
}
