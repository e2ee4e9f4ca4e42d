import { uncoveredPilots } from '../batch/pilotCoverage.ts';
import { areaName, nameAmong } from './areaName.ts';
import { FONT_STACK, TEXT_MAX_WIDTH } from './chartStyle.ts';
import { type Lang, countedLabel, isRate, label, metricName, targetName } from './labels.ts';
import { inputValueText } from './inputValueText.ts';
import { inParens, minus, rangeText } from './rangeText.ts';
import { parameterName, variableUses } from './parameterNames.ts';
import { reachabilityOrder } from './pilotsChart.ts';
import type { BatchFolder, CompareFolder, FrontierFolder, OutputFolder, SensitivityFolder, SolveFolder } from './readOutputFolder.ts';
import { reportSubject } from './reportCharts.ts';
import { sharedRanks } from '../analysis/sharedRanks.ts';
import { priced, wanText, yuanText } from '../analysis/effectsText.ts';
import { shownInPercent } from './shownInPercent.ts';
import { interactionFinding } from './chartFindings.ts';
import { targetCountFinding } from './compareFindings.ts';
import { type TargetRow, byTargetOrder } from './targetRows.ts';
import { everyRunSame } from '../analysis/everyRunSame.ts';
import { anyOnBreak, anyOnDefaults, headline, headlineText, targetMarks, weighedCellText, weighedLines } from './batchMarks.ts';
import { barelyMoves, pointsApart } from '../analysis/solveBarelyMoves.ts';
import { leverReach } from '../analysis/solveLever.ts';
import { PARAMETERS, type ParameterInfo } from '../scenario/parameterKeys.ts';
import { VARIABLE_RULE, parameterRule } from '../scenario/valueRule.ts';
import { probabilityText as pct } from '../analysis/probabilityText.ts';
import { askedText } from '../analysis/askedText.ts';
import { leverShown } from '../analysis/leverRounded.ts';
import { wholeLever } from '../analysis/wholeLever.ts';
import { type GainTable, gainTable } from './gainTable.ts';

/** A rendered chart for the page: its title (the finding), how to read it, where its figures come from, inline SVG markup. */
export interface RenderedChart {
  readonly id: string;
  readonly title: string;
  readonly note: string;
  readonly source?: string;
  readonly svg: string;
  /** A batch's weighed scenarios' charts: after the table, under their own heading (ReportChart's `group`). */
  readonly group?: 'weighed';
}

/** Something said in words where a chart would show nothing: a heading and a sentence. */
export interface Omission {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

/**
 * One self-contained HTML page for an output folder, in one language
 * throughout: no scripts, styles or fonts fetched from anywhere, the charts
 * inlined as SVG under titles that state their finding, each with how to
 * read it and where its plan figures come from. A run: the table of target
 * probabilities with their 95 % intervals, then the charts (the registered
 * gain's by source with its table of means and p10–p90 under it). A batch: its
 * one-line finding and chart first, then one row per area (most reachable
 * first, by the area's Chinese name in Chinese), the areas that set no
 * target, and — for a run over seed 004's pilots — those without a scenario
 * and what their data lack. A sensitivity analysis: the indices of every
 * input; a solve: the answer and its curve. It can be mailed or archived
 * next to the run.
 *
 * @example
 * const html = reportHtml(readOutputFolder('out/dalian'), 'zh', charts);
 * writeFileSync('out/dalian/report/report.zh.html', html);
 */
export function reportHtml(f: OutputFolder, lang: Lang, charts: readonly RenderedChart[], omissions: readonly Omission[] = []): string {
  const kind = { run: 'report', batch: 'batchReport', sensitivity: 'sensitivityReport', solve: 'solveReport', compare: 'compareReport', frontier: 'solveReport' } as const;
  const who = reportSubject(f, lang);
  const title = `${label(lang, kind[f.kind])}${lang === 'zh' ? '：' : ': '}${who}`;
  // The registered gain's chart has its figures in a table under it: means and p10–p90 a planner can quote.
  const after = (c: RenderedChart) => (c.id === 'gain' && f.kind === 'run' && f.gain ? `\n${gainTableHtml(gainTable(lang, f.gain), lang)}` : '');
  const section = (c: RenderedChart, h: 'h2' | 'h3') =>
    `<section id="${esc(c.id)}">\n<${h}>${esc(c.title)}</${h}>\n<figure>${c.svg}</figure>\n<p class="note">${esc(c.note)}</p>${c.source ? `\n<p class="note">${esc(c.source)}</p>` : ''}${after(c)}\n</section>`;
  const grouped = charts.filter((c) => c.group === 'weighed');
  const weighedCharts = grouped.length ? `\n<h2>${esc(countedLabel(lang, 'weighedChartsTitle', grouped.length))}</h2>\n${grouped.map((c) => section(c, 'h3')).join('\n')}` : '';
  const sections = [
    ...charts.filter((c) => c.group !== 'weighed').map((c) => section(c, 'h2')),
    ...omissions.map((o) => `<section id="${esc(o.id)}">\n<h2>${esc(o.title)}</h2>\n<p>${esc(o.text)}</p>\n</section>`),
  ].join('\n');
  const body =
    f.kind === 'sensitivity' ? `${sensitivityTable(f, lang)}\n${sections}`
    : f.kind === 'solve' ? `${solveTable(f, lang)}\n${sections}`
    : f.kind === 'compare' ? `${compareTable(f, lang)}\n${sections}`
    // The solve's message is English; the chart's title below gives the same answer in the page's language.
    : f.kind === 'frontier' ? `${lang === 'zh' ? '' : `<p><strong>${esc(f.meta.message)}</strong></p>\n`}${frontierTable(f, lang)}\n${sections}`
    : f.kind === 'batch' ? `${sections}\n<h2>${esc(label(lang, 'targetsTitle'))}</h2>\n${batchTable(f, lang)}${weighedCharts}`
    : `<h2>${esc(label(lang, 'targetsTitle'))}</h2>\n${runTable(f.targets, lang, everyRunSame(f.summary, f.meta.runs))}\n${sections}`;
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${esc(title)}</title>
<style>
body { font-family: ${FONT_STACK}; max-width: ${TEXT_MAX_WIDTH}px; margin: 2rem auto; padding: 0 1rem; color: #111; line-height: 1.5; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 0.5rem; }
h3 { font-size: 1rem; margin: 1.5rem 0 0.4rem; }
.meta { color: #555; font-size: 0.9rem; }
figure { margin: 0; }
figure svg { max-width: 100%; height: auto; }
.note { color: #555; font-size: 0.85rem; margin: 0.25rem 0 0; }
table { border-collapse: collapse; font-size: 0.9rem; width: 100%; }
th, td { padding: 0.3rem 0.6rem; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; }
th { word-break: keep-all; } /* a Chinese header breaks at its spaces only, not between characters (排/序) */
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td.none { color: #555; font-style: italic; white-space: normal; }
td.name { white-space: nowrap; }
tr.joint td { font-weight: bold; }
.warning { color: #8a4b00; font-size: 0.9rem; margin: 0.4rem 0 0; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="meta">${esc(metaLine(f, lang))}</p>
${body}
</body>
</html>
`;
}

const SAMPLERS: Readonly<Record<string, { zh: string; en: string }>> = {
  lhs: { zh: '拉丁超立方抽样', en: 'Latin hypercube' },
  independent: { zh: '独立抽样', en: 'independent draws' },
};

function metaLine(f: OutputFolder, lang: Lang): string {
  const zh = lang === 'zh';
  const sep = zh ? '：' : ': ';
  if (f.kind === 'batch') return `${label(lang, 'scenarios')}${sep}${f.members.length} · ${f.dir}`;
  if (f.kind === 'compare')
    return [
      `${label(lang, 'runs')}${sep}${count(lang, f.meta.runs)} × ${f.meta.variants.length}`,
      `${label(lang, 'seed')}${sep}${f.meta.seed}`,
      `${label(lang, 'years')}${sep}${f.meta.years[0]}–${f.meta.years[1]}`,
      `${label(lang, 'generated')}${sep}urbsim ${f.meta.toolkit.version}`,
    ].join(' · ');
  const m = f.meta;
  const sampler = (s: string) => SAMPLERS[s]?.[lang] ?? s;
  const n = (x: number) => count(lang, x);
  const runs =
    f.kind === 'sensitivity' ? `${n(f.meta.runs)} + ${n(f.meta.designRuns)}（${sampler(f.meta.sampler)}；Saltelli）`
    : f.kind === 'solve' ? `${n(f.meta.runs)} × ${f.curve.length}`
    : f.kind === 'frontier' ? `${n(f.meta.runs)} × ${f.rows.length}`
    : `${n(f.meta.runs)}（${sampler(f.meta.sampler)}）`;
  return [
    ...(f.kind === 'sensitivity' ? [`${metricName(lang, f.meta.metric)}${zh ? '，' : ', '}${f.meta.year}${zh ? '年' : ''}`] : []),
    `${label(lang, 'runs')}${sep}${zh ? runs : runs.replace(/（/g, ' (').replace(/）/g, ')').replace(/；/g, '; ')}`,
    `${label(lang, 'seed')}${sep}${m.seed}`,
    `${label(lang, 'years')}${sep}${m.scenario.years.start}–${m.scenario.years.end}`,
    `${label(lang, 'generated')}${sep}urbsim ${m.toolkit.version}${zh ? '，' : ', '}${m.timings.finishedAt.slice(0, 10)}${zh ? '，' : ', '}${zh ? '情景哈希' : 'hash'} ${m.hash.slice(0, 12)}`,
  ].join(' · ');
}

/** A count of runs as the page's findings write it: 1,000 in English, 1000 in Chinese. */
const count = (lang: Lang, n: number) => (lang === 'zh' ? String(n) : n.toLocaleString('en'));

/**
 * The run's table of targets; `same` (every run the same projection): no interval, which would suggest a Monte Carlo
 * error there is none of (0–3.7 % on 100 runs), and a note saying so. A probability resting mainly on defaults
 * (targets.arrow's `on_defaults`) is marked † and explained under the table, as the batch's table marks it; one resting
 * on an assumed change of the registered count (`on_break`) likewise §.
 */
function runTable(targets: readonly TargetRow[], lang: Lang, same = false): string {
  // A batch member's answer weighed by its area's own figures, beside the plain one (weighed.json: readOutputFolder).
  const weighed = targets.some((t) => t.weighed);
  const weighedCell = (t: TargetRow) => {
    if (!t.weighed) return `<td class="num none">${esc(label(lang, 'weighedNone'))}</td>`;
    const c = weighedCellText(lang, t.weighed);
    return `<td class="num">${c.probability} <small>${c.interval}</small></td>`;
  };
  const rows = [...targets]
    .sort(byTargetOrder)
    .map(
      (t) =>
        `<tr${t.year === null ? ' class="joint"' : ''}><td>${esc(targetName(lang, t))}</td><td class="num">${pct(t.probability)}${targetMarks(t)}</td><td class="num">${same ? '–' : rangeText(lang, pct(t.lower), pct(t.upper))}</td><td class="num">${count(lang, t.met)} / ${count(lang, t.runs)}</td>${weighed ? weighedCell(t) : ''}</tr>`,
    )
    .join('\n');
  return `<table>
<thead><tr><th>${esc(label(lang, 'target'))}</th><th class="num">${esc(label(lang, 'probability'))}</th><th class="num">${esc(label(lang, 'interval'))}</th><th class="num">${esc(label(lang, 'runsMet'))}</th>${weighed ? `<th class="num">${esc(label(lang, 'weighedColumn'))}</th>` : ''}</tr></thead>
<tbody>
${rows}
</tbody>
</table>${same ? `\n<p class="note">${esc(label(lang, 'deterministicNote'))}</p>` : ''}${anyOnDefaults(targets) ? `\n<p class="note">${esc(label(lang, 'onDefaultsNote'))}</p>` : ''}${anyOnBreak(targets) ? `\n<p class="note">${esc(label(lang, 'onBreakNote'))}</p>` : ''}${weighed ? `\n<p class="note">${esc(label(lang, 'weighedColumnNote'))}</p>` : ''}`;
}

/** The registered rate's gain by source ({@link gainTable}): a row per part, the total last in bold; a column per target year. */
function gainTableHtml(t: GainTable, lang: Lang): string {
  const rows = t.rows
    .map((r) => `<tr${r.total ? ' class="joint"' : ''}><td class="name">${esc(r.name)}</td>${r.cells.map((c) => `<td class="num">${esc(c.mean)}${c.range ? ` <small>${esc(c.range)}</small>` : ''}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table class="gain">
<thead><tr>${t.head.map((h, i) => `<th${i ? ' class="num"' : ''}>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="note">${esc(label(lang, 'gainTableNote'))}</p>`;
}

/** One row per area, most reachable first; then the areas without targets and the pilots without a scenario. */
function batchTable(f: BatchFolder, lang: Lang): string {
  const names = new Map(f.members.map((m) => [m.name, areaName(lang, m)]));
  // ‡: one of the area's own observed figures after its base year lies outside its runs' 80 % interval (targets.arrow's own_figures).
  const outside = (f.own?.items ?? []).filter((i) => !i.inside);
  const marked = new Set(outside.map((i) => i.scenario));
  const shown = (s: string) => `${names.get(s) ?? s}${marked.has(s) ? ' ‡' : ''}`;
  const by = new Map<string, TargetRow[]>();
  for (const t of f.targets) by.set(t.scenario, [...(by.get(t.scenario) ?? []), t]);
  // A target's weighed answer (targets.arrow's weighed_*) where the batch drew one: beside the plain headline.
  const weighedOf = (t: TargetRow) => (t.weighed && Number.isFinite(t.weighed.probability) ? { probability: t.weighed.probability, runs: t.weighed.runs } : undefined);
  // All targets jointly: the plain headline, its interval, then the weighed one where weighed.
  const jointCell = (j: TargetRow) => {
    const h = headline(lang, pct(j.probability), weighedOf(j));
    return `${esc(h.head)} <small>${inParens(lang, rangeText(lang, pct(j.lower), pct(j.upper)))}</small>${esc(h.beside)}`;
  };
  const rows = reachabilityOrder(f.targets)
    .map((name) => {
      const rows = by.get(name) ?? [];
      const each = rows
        .filter((t) => t.year !== null)
        .sort(byTargetOrder)
        // The plain answer and its marks, the one weighed by the area's own figures beside it where it has one (headlineText), as reachability.md.
        .map((t) => esc(`${targetName(lang, t, { short: true })}${lang === 'zh' ? '：' : ': '}${headlineText(lang, pct(t.probability), weighedOf(t), targetMarks(t))}`))
        .join('<br>');
      const j = rows.find((t) => t.year === null);
      return `<tr><td>${esc(shown(name))}</td><td class="num">${j ? jointCell(j) : ''}</td><td>${each}</td></tr>`;
    })
    .join('\n');
  const none = f.members.filter((m) => m.targets === 0);
  const uncovered = uncoveredPilots(f.members.map((m) => m.city));
  const zh = lang === 'zh';
  return `${ownFiguresCount(f, lang)}<table>
<thead><tr><th>${esc(label(lang, 'area'))}</th><th class="num">${esc(label(lang, 'allTargets'))}</th><th>${esc(label(lang, 'target'))}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="note">${esc(label(lang, 'readBatchTable'))}</p>${f.targets.some((t) => weighedOf(t)) ? `\n<p class="note">${esc(label(lang, 'weighedHeadlineNote'))}</p>` : ''}${anyOnDefaults(f.targets) ? `\n<p class="note">${esc(label(lang, 'onDefaultsNote'))}</p>` : ''}${anyOnBreak(f.targets) ? `\n<p class="note">${esc(label(lang, 'onBreakNote'))}</p>` : ''}${
    none.length
      ? `\n<h2>${zh ? `未设目标的情景（${none.length}）` : `No targets (${none.length})`}</h2>\n<p>${zh ? '这些情景只做预测，不设规划目标：' : 'These scenarios project without plan targets:'} ${none.map((m) => esc(areaName(lang, m))).join(zh ? '、' : ', ')}</p>`
      : ''
  }${
    uncovered.length
      ? `\n<h2>${zh ? `没有情景的试点地区（${uncovered.length}）` : `No scenario (${uncovered.length})`}</h2>\n<p>${zh ? '这些试点地区的资料缺少情景必需的数字：' : 'Pilot areas whose data lack a figure the scenario cannot do without:'}</p>\n<ul>\n${uncovered
          .map((u) => `<li>${esc(zh ? `${u.name}：缺少${u.gaps.map(gapZh).join('；')}` : `${u.id} (${u.name}): missing ${u.gaps.join('; ')}`)}</li>`)
          .join('\n')}\n</ul>`
      : ''
  }${ownFiguresOutside(f, lang, (s) => names.get(s) ?? s)}${weighedSection(f, lang, reachabilityOrder(f.targets), shown)}`;
}

/** The targets weighed by each area's own figures (targets.arrow's weighed_* columns), after the own figures outside. */
function weighedSection(f: BatchFolder, lang: Lang, order: readonly string[], name: (scenario: string) => string): string {
  const lines = weighedLines(lang, f.targets, order, name);
  if (!lines.length) return '';
  return `\n<h2>${esc(countedLabel(lang, 'weighedTitle', lines.length))}</h2>\n<p class="note">${esc(label(lang, 'weighedNote'))}</p>\n<ul class="weighed">\n${lines.map((l) => `<li>${esc(l)}</li>`).join('\n')}\n</ul>`;
}

/** The batch's own-figures count above its table: N of M inside the 80 % intervals, and what ‡ marks; none when M is 0. */
function ownFiguresCount(f: BatchFolder, lang: Lang): string {
  if (!f.own?.figures) return '';
  const areas = new Set(f.own.items.filter((i) => !i.inside).map((i) => i.scenario)).size;
  return lang === 'zh'
    ? `<p class="own-figures">本地区基期后的实际数据 ${f.own.figures} 个中有 ${f.own.inside} 个落在情景的80%区间内${areas ? `；‡ 标出有数据落在区间外的 ${areas} 个地区，列于表后` : ''}。</p>\n`
    : `<p class="own-figures">${f.own.inside} of ${f.own.figures} own figures inside the scenarios' 80 % intervals (each area's observed figures after its base year${areas ? `; ‡ marks the ${areas} area${areas === 1 ? '' : 's'} with one outside, listed below the table` : ''}).</p>\n`;
}

/** The own figures outside their area's 80 % interval, after the table. */
function ownFiguresOutside(f: BatchFolder, lang: Lang, name: (scenario: string) => string): string {
  const outside = (f.own?.items ?? []).filter((i) => !i.inside);
  if (!outside.length) return '';
  const zh = lang === 'zh';
  const rate = (m: string) => m.endsWith('_rate');
  const v = (m: string, x: number) => (rate(m) ? `${(x * 100).toFixed(2)}%` : Math.abs(x) >= 1e4 ? `${(x / 1e4).toFixed(2)}万` : `${Math.round(x)}`);
  const items = outside.map((i) => {
    const side = i.observed < i.lower80 ? (zh ? '低于区间' : 'below') : zh ? '高于区间' : 'above';
    return `<li>${esc(name(i.scenario))} ‡ ${esc(`${i.metric} ${i.period}`)}${zh ? '：实际' : ': observed'} ${esc(v(i.metric, i.observed))} (${esc(`${i.definition}, ${i.caliber}; ${i.source}`)})${zh ? '，模拟 p10–p90 ' : ", runs' p10–p90 "}${esc(`${v(i.metric, i.lower80)}–${v(i.metric, i.upper80)}`)}${zh ? '：' : ': '}${side}</li>`;
  });
  return `\n<h2>${zh ? `落在80%区间外的本地实际数据（${outside.length}）` : `Own figures outside the 80 % interval (${outside.length})`}</h2>\n<ul class="own-figures">\n${items.join('\n')}\n</ul>`;
}

/**
 * What a pilot's data lack, in Chinese (src/batch/pilotScenarioYaml.ts names them in English).
 *
 * @example
 * gapZh('resident_rate'); // '常住人口城镇化率'
 */
export function gapZh(gap: string): string {
  const key = gap.split(' ')[0];
  const zh: Record<string, string> = {
    population: '人口（文献中没有常住、户籍或总人口）',
    resident_rate: '常住人口城镇化率',
    registered_rate: '户籍人口城镇化率',
    targets: '规划目标（文献中没有城镇化率或人口目标）',
  };
  return zh[key] ?? gap;
}

const fixed = (v: number, sign = false) => (Number.isFinite(v) ? minus(`${sign && v >= 0 ? '+' : ''}${v.toFixed(2)}`) : '–');
const withCi = (lang: Lang, v: number, lo: number, hi: number, sign = false) =>
  Number.isFinite(v) ? `${fixed(v, sign)} <small>${inParens(lang, rangeText(lang, fixed(lo, sign), fixed(hi, sign)))}</small>` : '–';
/** The inputs ranked by total Sobol' index, with both indices and the PRCC. */
function sensitivityTable(f: SensitivityFolder, lang: Lang): string {
  const by = new Map<string, Record<string, { e: number; lo: number; hi: number }>>();
  for (const r of f.rows) by.set(r.parameter, { ...by.get(r.parameter), [r.index]: { e: r.estimate, lo: r.lower, hi: r.upper } });
  const key = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? -Infinity : x);
  // As urbsim sensitivity ranks them: by total index, then |PRCC|.
  const ranked = [...by.entries()].sort((a, b) => key(b[1].total?.e) - key(a[1].total?.e) || key(Math.abs(b[1].prcc?.e ?? NaN)) - key(Math.abs(a[1].prcc?.e ?? NaN)) || a[0].localeCompare(b[0]));
  // Inputs whose total-index interval reaches their group leader's share a rank ("5–6"), as urbsim sensitivity prints
  // them: the page ranked them 5 and 6, an order the intervals do not tell.
  const { groups, labels: rankOf } = sharedRanks(ranked.map(([, ix]) => ({ lower: ix.total?.lo ?? NaN, upper: ix.total?.hi ?? NaN })));
  const cell = (i?: { e: number; lo: number; hi: number }, sign = false) => `<td class="num">${i ? withCi(lang, i.e, i.lo, i.hi, sign) : '–'}</td>`;
  const m = f.meta;
  const zh = lang === 'zh';
  const uses = variableUses(m.scenario);
  // A policy lever ranked over a range (sensitivity --lever): starred, with the range.
  const input = (p: string) => {
    const l = m.levers?.find((x) => x.lever === p);
    const range = l && rangeText(lang, inputValueText(p, l.lo), inputValueText(p, l.hi));
    return !range ? parameterName(lang, p, uses) : zh ? `${parameterName(lang, p, uses)} ★（政策杠杆 ${range}）` : `${parameterName(lang, p, uses)} ★ (policy lever ${range})`;
  };
  const rows = ranked.map(([p, ix], i) => `<tr><td class="num">${rankOf[i]}</td><td>${esc(input(p))}</td>${cell(ix.total)}${cell(ix.first)}${cell(ix.prcc, true)}</tr>`).join('\n');
  const pr = m.precision;
  const level = `${Math.round(m.level * 100)}%`;
  const shared = groups.some((g) => g.length > 1)
    ? `\n<p class="note">${esc(zh ? `排序相同（如“5–6”）：其总指数的${level}区间触及该组第一个输入的区间，${count(lang, m.runs)}个基础样本行不足以区分它们。` : `A shared rank ("5–6"): the total index's ${level} interval reaches the first of the group's, so those inputs are not told apart at ${count(lang, m.runs)} base rows.`)}</p>`
    : '';
  const warnings = [
    ...(pr && !(pr.halfWidth <= pr.target)
      ? [zh ? `Sobol' 指数区间最宽 ±${pr.halfWidth.toFixed(2)}，宽于 ±${pr.target}：排序与较小的指数尚不可靠；约需 ${pr.neededRuns} 个基础样本行。` : `Sobol' intervals up to ±${pr.halfWidth.toFixed(2)}, wider than ±${pr.target}: the ranks and small indices are not resolved; about ${count(lang, pr.neededRuns)} base rows would do.`]
      : []),
    ...(pr?.firstAboveTotal ?? []).map((x) =>
      zh
        ? `${parameterName(lang, x.parameter, uses)}的一阶指数（${x.first.toFixed(2)}）高于总指数（${x.total.toFixed(2)}）${x.beyondError ? '，超出 bootstrap 误差：区间低估了误差' : '，在抽样误差之内'}。`
        : `${parameterName(lang, x.parameter, uses)}: first-order index (${x.first.toFixed(2)}) above its total (${x.total.toFixed(2)})${x.beyondError ? ', beyond the bootstrap\'s error: the intervals understate the error' : ', within sampling error'}.`,
    ),
  ];
  const interactions = interactionFinding(lang, f.rows);
  // NaN is written as null in meta.json: a metric that does not vary has no sd.
  const show = (v: number | null, digits = 1, unit = '%') =>
    v === null || !Number.isFinite(v) ? '–' : isRate(m.metric) ? `${(v * 100).toFixed(digits)}${unit}` : Math.round(v).toLocaleString(zh ? 'zh-CN' : 'en');
  return `<p>${esc(metricName(lang, m.metric))}${zh ? `，${m.year}年：${label(lang, 'mean')} ${show(m.mean)}，标准差 ${show(m.sd, 2, ' 个百分点')}` : `, ${m.year}: ${label(lang, 'mean')} ${show(m.mean)}, sd ${show(m.sd, 2, ' points')}`}</p>${interactions ? `\n<p>${esc(interactions)}</p>` : ''}
<table>
<thead><tr><th class="num">${esc(label(lang, 'rank'))}</th><th>${esc(label(lang, 'input'))}</th><th class="num">${esc(label(lang, 'sobolTotal'))}</th><th class="num">${esc(label(lang, 'sobolFirst'))}</th><th class="num">PRCC</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>${shared}${warnings.map((w) => `\n<p class="warning">${esc(w)}</p>`).join('')}`;
}

/**
 * The frontier's combinations as urbsim solve prints them: each lever's value, the probability with its interval, the
 * people settled a year and the government's 市民化 cost (medians over runs). The page drew only the chart, whose labels
 * give the probability and the cost: the settlement a combination takes was in the terminal alone.
 */
function frontierTable(f: FrontierFolder, lang: Lang): string {
  const levers = f.meta.levers.map((l) => l.lever);
  const uses = variableUses(f.meta.scenario);
  // Each value, count and cost as urbsim solve prints it (leverShown's digits, wanText, yuanText), not a rule of its own.
  const values = f.meta.levers.map((l) => leverValue(lang, l.lever, f.meta.scenario.percentVariables, l.step));
  // No cost where the scenario prices none (cost_one_off unset: every cost 0), as the chart's labels leave it out.
  const costSet = priced(f.meta.scenario, levers).cost;
  const cost = (x: number) => (costSet ? yuanText(x) : '–');
  const front = f.rows.filter((r) => r.frontier).sort((a, b) => levers.reduce((d, l) => d || a.values[l] - b.values[l], 0));
  const rows = front
    .map((r) => `<tr>${levers.map((l, i) => `<td class="num">${values[i](r.values[l])}</td>`).join('')}<td class="num">${pct(r.probability)}</td><td class="num">${rangeText(lang, pct(r.lower), pct(r.upper))}</td><td class="num">${wanText(r.settledPerYear)}</td><td class="num">${cost(r.costGovernment)}</td></tr>`)
    .join('\n');
  const head = [...levers.map((l) => parameterName(lang, l, uses)), label(lang, 'probability'), label(lang, 'interval'), label(lang, 'settledPerYear'), label(lang, 'governmentCost')];
  // Short headers, what they count in a note: '政府市民化成本（元，中位数）' broke between its characters (tests/browser/chartLayout).
  return `<table>
<thead><tr>${head.map((h) => `<th class="num">${esc(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="note">${esc(label(lang, 'frontierTableNote'))}</p>`;
}

/**
 * A lever's values as urbsim solve prints them (leverShown: to the digits the search's step needs, a rate in percent, a
 * quota whole), not to six figures (0.183992% under '≥ 0.184%'); '–' where there is none.
 */
function leverValue(lang: Lang, lever: string, percentVariables: readonly string[] | undefined, step: number): (x: number) => string {
  const shown = { percent: shownInPercent(lever, percentVariables), integer: wholeLever(lever) };
  return (x) => {
    if (!Number.isFinite(x)) return '–';
    const n = leverShown(x, shown, step);
    return shown.percent ? `${n}%` : n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: 20 });
  };
}

/** The answer in words and the probability curve. */
function solveTable(f: SolveFolder, lang: Lang): string {
  const value = leverValue(lang, f.meta.lever, f.meta.scenario.percentVariables, f.meta.step);
  const rows = f.curve
    .map((c) => `<tr${c.answer ? ' class="joint"' : ''}><td class="num">${value(c.x)}</td><td class="num">${pct(c.probability)}</td><td class="num">${rangeText(lang, pct(c.lower), pct(c.upper))}</td><td class="num">${count(lang, c.met)} / ${count(lang, c.runs)}</td></tr>`)
    .join('\n');
  return `<p><strong>${esc(lang === 'zh' ? solveAnswerZh(f, value) : f.meta.message)}</strong></p>
<table>
<thead><tr><th class="num">${esc(parameterName(lang, f.meta.lever, variableUses(f.meta.scenario)))}</th><th class="num">${esc(label(lang, 'probability'))}</th><th class="num">${esc(label(lang, 'interval'))}</th><th class="num">${esc(label(lang, 'runsMet'))}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

/** A solve's answer in Chinese, from what meta.json records (its English sentence is `message`). */
function solveAnswerZh(f: SolveFolder, value: (x: number) => string): string {
  const m = f.meta;
  const lever = parameterName('zh', m.lever, variableUses(m.scenario));
  const what = m.targets.length === 1 ? targetName('zh', m.targets[0]) : `全部${m.targets.length}项目标同时达成`;
  const need = `概率不低于${askedText(m.probability)}`;
  const range = rangeText('zh', value(m.range.lo), value(m.range.hi));
  const at = f.curve.find((c) => c.answer) ?? f.curve.find((c) => m.value !== null && c.x === m.value);
  if (m.status === 'unreachable' || m.value === null || !at) {
    const best = f.curve.reduce((a, b) => (b.probability > a.probability ? b : a), f.curve[0]);
    // A lever that moves the answer by no more than its Monte Carlo error: said as urbsim solve says it (barelyMoves).
    const [lo, hi] = [f.curve[0], f.curve.at(-1)];
    if (m.status === 'unreachable' && lo && hi && barelyMoves(f.curve)) {
      // Where the range stops short of the lever's bound, where it could still go, as the English answer says it.
      const info = (PARAMETERS as Record<string, ParameterInfo | undefined>)[m.lever];
      const reach = leverReach({ ...m.range, rule: info ? parameterRule(info) : VARIABLE_RULE }, m.trend === 'decreasing' ? 'max' : 'min');
      const further = reach.atBound ? '' : Number.isFinite(reach.bound) ? `；${lever}还可取到${value(reach.bound)}，可扩大搜索范围` : `；${lever}没有${m.trend === 'decreasing' ? '下限' : '上限'}，可扩大搜索范围`;
      return `${lever}在${range}范围内只使「${what}」的达成概率从${pct(lo.probability)}（取${value(lo.x)}）变为${pct(hi.probability)}（取${value(hi.x)}），相差${pointsApart(lo.probability, hi.probability) ?? '不到0.1'}个百分点，在${lo.runs}次模拟的蒙特卡罗误差之内（两端的概率各在对方的95%置信区间内）：单靠这一杠杆无法使其${need}${further}`;
    }
    return `在${range}范围内，${lever}取任何值都不能使「${what}」${need}${best ? `（最高${pct(best.probability)}，取值${value(best.x)}）` : ''}；请扩大范围或考虑其他杠杆`;
  }
  const p = `概率${pct(at.probability)}，95%置信区间${rangeText('zh', pct(at.lower), pct(at.upper))}`;
  if (m.status === 'always') return `${lever}取范围${m.direction === 'min' ? '下限' : '上限'}${value(m.value)}时，「${what}」已${need}（${p}）`;
  return `使「${what}」${need}的${m.direction === 'min' ? '最小' : '最大'}${lever}：${value(m.value)}（${p}）`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Each target in each variant, grouped by target, with the paired difference from the reference. */
function compareTable(f: CompareFolder, lang: Lang): string {
  const ids = [...new Set([...f.targets].sort(byTargetOrder).map((t) => t.target))];
  const rows = [...f.targets]
    .sort((a, b) => ids.indexOf(a.target) - ids.indexOf(b.target) || f.meta.variants.indexOf(a.scenario) - f.meta.variants.indexOf(b.scenario))
    .map((t) => {
      const d = Number.isFinite(t.difference) ? `${pt(t.difference)} ${inParens(lang, rangeText(lang, pt(t.differenceLower), pt(t.differenceUpper)))}` : '';
      // The target by its short name, as the charts and the batch's table give it, each on one line: with the long names
      // both wrapped, the variants broke at their hyphens ('dongguan-/cutoff100') and the headers mid-word (达成概/率).
      return `<tr${t.year === null ? ' class="joint"' : ''}><td class="name">${esc(targetName(lang, t, { short: true }))}</td><td class="name">${esc(nameAmong(lang, f.variants, t.scenario))}</td><td class="num">${pct(t.probability)}</td><td class="num">${rangeText(lang, pct(t.lower), pct(t.upper))}</td><td class="num">${d}</td></tr>`;
    })
    .join('\n');
  const named = (v: string) => nameAmong(lang, f.variants, v);
  const finding = targetCountFinding(lang, named(f.meta.reference), f.targets.map((t) => ({ ...t, scenario: named(t.scenario) })));
  return `<h2>${esc(label(lang, 'compareTargetsTitle'))}</h2>${finding ? `\n<p>${esc(finding)}</p>` : ''}
<table>
<thead><tr><th>${esc(label(lang, 'target'))}</th><th>${esc(label(lang, 'variant'))}</th><th class="num">${esc(label(lang, 'probability'))}</th><th class="num">${esc(label(lang, 'interval'))}</th><th class="num">${esc(label(lang, 'difference'))} (${esc(label(lang, 'points'))})</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

const pt = (v: number) => minus(`${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}`);


