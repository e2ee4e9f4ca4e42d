import * as Plot from '@observablehq/plot';
import { GAIN_PARTS, type GainPart, type GainStats } from '../montecarlo/registeredGain.ts';
import { CHART_STYLE, textWidth } from './chartStyle.ts';
import type { ChartOptions } from './fanChart.ts';
import type { GainSplit, GainSplitYear } from './gainSplit.ts';
import { GAIN_PART_LABELS, gainSpan } from './gainParts.ts';
import { type Lang, label } from './labels.ts';
import { pointsText } from './pointsText.ts';
import { rangeText } from './rangeText.ts';

// Settlement in two blues, the conversion and the change of count (the registry's doing, nobody moving) in
// orange and yellow, the population in grey: the planner's question is settlement against conversion.
const COLORS: Readonly<Record<GainPart | 'total', string>> = {
  population: '#bab0ac',
  conversion: '#f28e2b',
  change_of_count: '#edc948',
  locals_settling: '#4e79a7',
  migrants_settling: '#a0cbe8',
  total: '#555555',
};

/** One bar of the waterfall: a part (or the total) of one target year, from where the parts before it end. */
interface Bar {
  readonly part: GainPart | 'total';
  readonly name: string;
  readonly panel: string;
  readonly year: number;
  /** Points: where the bar starts and ends. */
  readonly x1: number;
  readonly x2: number;
  readonly s: GainStats;
}

/** The bars of a split, in points: per year the parts each from where the one before ends, then the total from 0. */
function waterfall(lang: Lang, g: GainSplit): Bar[] {
  return g.years.flatMap((y) => {
    const panel = gainSpan(lang, g.baseYear, y.year);
    let at = 0;
    const parts = GAIN_PARTS.map((p): Bar => {
      const s = y.parts[p];
      const from = at;
      if (Number.isFinite(s.mean)) at += s.mean * 100;
      return { part: p, name: label(lang, GAIN_PART_LABELS[p]), panel, year: y.year, x1: from, x2: at, s };
    });
    return [...parts, { part: 'total' as const, name: label(lang, 'gainTotal'), panel, year: y.year, x1: 0, x2: y.total.mean * 100, s: y.total }];
  });
}

/**
 * The registered rate's gain by source as a waterfall, one panel per registered target year: a bar per part in the
 * order the engine applies them within a year (population, conversion in place, change of count, locals settling,
 * migrants settling), each from where the one before ends, its mean over the runs written at its end; then the total
 * from 0, with the runs' p10–p90 as a whisker. Values in percentage points. Every label has a row of its own, so none
 * can fall on another. Mark groups: `gain-part` (the parts' bars), `gain-total`, `gain-total-interval`, `gain-label`.
 * In a page (no `document`) a bar has a tooltip: its mean and p10–p90.
 *
 * @example
 * gainChart(gainSplit(tableFromIPC(readFileSync('out/dalian/registered_gain.arrow'))), { lang: 'en' });
 * // panels 2013–2017 and 2013–2020; in 2020 conversion in place +8.5, …, total +14.5
 */
export function gainChart(g: GainSplit, o: ChartOptions): SVGSVGElement | HTMLElement {
  const bars = waterfall(o.lang, g);
  const names = [...new Set(bars.map((b) => b.name))];
  const panels = [...new Set(bars.map((b) => b.panel))];
  const parts = bars.filter((b) => b.part !== 'total' && Number.isFinite(b.s.mean));
  const totals = bars.filter((b) => b.part === 'total' && Number.isFinite(b.s.mean));
  const whiskers = totals.filter((b) => Number.isFinite(b.s.p10) && Number.isFinite(b.s.p90));
  // A label at the right of what the row draws: the bar's end, or the whisker's.
  const right = (b: Bar) => Math.max(b.x1, b.x2, ...(b.part === 'total' && Number.isFinite(b.s.p90) ? [b.s.p90 * 100] : []));
  const text = (b: Bar) => pointsText(b.s.mean);
  const labelRoom = 8 + Math.max(...bars.map((b) => textWidth(text(b))));
  const marginRight = 12 + Math.max(...panels.map((p) => textWidth(p)));
  const tip = (b: Bar) => gainTip(o.lang, b);
  return Plot.plot({
    document: o.document,
    width: o.width ?? 720,
    height: o.height ?? 30 + panels.length * (names.length * 24 + 12) + 44,
    marginLeft: 16 + Math.max(80, ...names.map((n) => textWidth(n))),
    marginRight,
    marginBottom: 44,
    style: CHART_STYLE,
    // The labels at the bars' ends inside the frame (inset), left of the panels' names.
    x: { label: label(o.lang, 'points'), labelAnchor: 'center', labelOffset: 38, grid: true, insetRight: labelRoom, insetLeft: 4 },
    y: { domain: names, label: null },
    fy: { domain: panels, label: null },
    marks: [
      Plot.barX(parts, { x1: 'x1', x2: 'x2', y: 'name', fy: 'panel', fill: (b: Bar) => COLORS[b.part], insetTop: 3, insetBottom: 3, ariaDescription: 'gain-part', ...(o.document !== undefined && { title: tip }) }),
      Plot.barX(totals, { x1: 'x1', x2: 'x2', y: 'name', fy: 'panel', fill: COLORS.total, insetTop: 3, insetBottom: 3, ariaDescription: 'gain-total', ...(o.document !== undefined && { title: tip }) }),
      Plot.ruleY(whiskers, { x1: (b: Bar) => b.s.p10 * 100, x2: (b: Bar) => b.s.p90 * 100, y: 'name', fy: 'panel', stroke: '#222', strokeWidth: 1.5, ariaDescription: 'gain-total-interval' }),
      Plot.text([...parts, ...totals], { x: right, y: 'name', fy: 'panel', text, dx: 6, textAnchor: 'start', ariaDescription: 'gain-label' }),
      Plot.ruleX([0]),
      // In a page (no document given), a tooltip per bar, as the other charts have.
      ...(o.document === undefined ? [Plot.tip([...parts, ...totals], Plot.pointerY({ x: right, y: 'name', fy: 'panel', title: tip }))] : []),
    ],
  });
}

/** A bar's tooltip: the span and the part, its mean and the runs' p10–p90, in points. */
function gainTip(lang: Lang, b: Bar): string {
  const range = rangeText(lang, pointsText(b.s.p10), pointsText(b.s.p90));
  return lang === 'zh'
    ? `${b.panel} ${b.name}：平均 ${pointsText(b.s.mean)} 个百分点\n80% 的模拟在 ${range} 之间（p10–p90）`
    : `${b.panel}, ${b.name}: mean ${pointsText(b.s.mean)} points\n80% of runs ${range} (p10–p90)`;
}

/**
 * The chart's title: in the last target year, the mean gain from the base year and what of it is the conversion in
 * place and what settlement (落户: locals and migrants, each given), and the change of count where it is not nil — the
 * planner's question, "how much of our gain is settlement, how much conversion?". No Chinese in the English one: an
 * English PNG is drawn without a CJK font. Empty without a finite total.
 *
 * @example
 * gainFinding('en', split);
 * // 'The registered rate rises 14.5 points from 2013 to 2020 (mean of runs): conversion in place +8.5, settlement +3.0 (locals +1.4, migrants +1.6), change of count +3.2'
 */
export function gainFinding(lang: Lang, g: GainSplit): string {
  const y: GainSplitYear | undefined = g.years.at(-1);
  if (!y || !Number.isFinite(y.total.mean)) return '';
  const p = (k: GainPart) => pointsText(y.parts[k].mean);
  const settled = pointsText(y.parts.locals_settling.mean + y.parts.migrants_settling.mean);
  const size = Math.abs(y.total.mean * 100).toFixed(1);
  const recount = p('change_of_count');
  const zh = lang === 'zh';
  if (zh) {
    const moved = size === '0.0' ? '平均几乎没有变化' : `平均${y.total.mean > 0 ? '提高' : '下降'}${size}个百分点`;
    return `${gainSpan(lang, g.baseYear, y.year)}户籍人口城镇化率${moved}：就地农转非${p('conversion')}，落户${settled}（本地人口${p('locals_settling')}，外来人口${p('migrants_settling')}）${recount === '0.0' ? '' : `，统计口径调整${recount}`}`;
  }
  const moved = size === '0.0' ? 'barely moves' : `${y.total.mean > 0 ? 'rises' : 'falls'} ${size} points`;
  return `The registered rate ${moved} from ${g.baseYear} to ${y.year} (mean of runs): conversion in place ${p('conversion')}, settlement ${settled} (locals ${p('locals_settling')}, migrants ${p('migrants_settling')})${recount === '0.0' ? '' : `, change of count ${recount}`}`;
}

/**
 * How to read the chart, and what the split cannot tell apart in this run: a registered rate counted by where people
 * live, the reclassification's hukou in population, runs whose source groups settled villagers.
 *
 * @example
 * gainChartNote('en', split); // 'Each bar is one source's part of the registered rate's change since the base year …'
 */
export function gainChartNote(lang: Lang, g: GainSplit): string {
  const n = g.unsplitRuns;
  const unsplit =
    n > 0
      ? lang === 'zh'
        ? `其中 ${n} 次模拟中，按来源群体（rural_students、veterans）落户的乡村居民无法与城镇居民区分，计入“人口变动”。`
        : `In ${n.toLocaleString('en')} run${n === 1 ? '' : 's'} the source groups rural_students or veterans settled villagers the flows do not tell from town dwellers: they count under population.`
      : '';
  return [
    label(lang, 'readGain'),
    ...(g.definition.startsWith('residence') ? [label(lang, 'gainResidence')] : []),
    ...(g.reclassHukou ? [label(lang, 'gainReclass')] : []),
    ...(unsplit ? [unsplit] : []),
  ].join(lang === 'zh' ? '' : ' ');
}
