import * as Plot from '@observablehq/plot';
import { CHART_STYLE, RATE_METRICS, metricColor, textWidth, yearTicks } from './chartStyle.ts';
import type { VariableUses } from './parameterNames.ts';
import { type Box, lineBoxes, placeLabels, spreadApart } from './placeLabels.ts';
import { type Lang, isRate, label, metricName, targetName, targetValueText } from './labels.ts';
import type { SummaryRow } from './summaryRows.ts';
import { swatches } from './swatches.ts';
import type { TargetRow } from './targetRows.ts';
import { withNote } from './withNote.ts';

/** Options every chart function takes. */
export interface ChartOptions {
  readonly lang: Lang;
  /** The document Plot builds into: the page's in a browser, a linkedom one on the server. */
  readonly document?: Document;
  readonly width?: number;
  readonly height?: number;
  /** Inputs' names: what each of the scenario's own variables feeds (sensitivity charts, in Chinese). */
  readonly uses?: VariableUses;
  /** The scenario's variables written in percent (its `percentVariables`), whose values are shown in percent (the swing chart). */
  readonly percentVariables?: readonly string[];
}

const BAND = '#8a9bb3';
/** The colour key of a target point two metrics share (grey): not a metric. */
const SHARED = 'shared target';

/**
 * A fan chart: for each metric, the 90 % band (p5–p95), the 50 % band
 * (p25–p75) and the median over runs by year, with the scenario's targets on
 * those metrics as diamonds carrying their value. A legend in the top margin
 * names the bands ("90 % of runs"), the median and the targets; series are
 * named at their right end. Labels are placed clear of each other: end labels
 * are spread apart, and a target's value goes above its diamond, or below,
 * left or right where that is taken (a target in the last year would
 * otherwise sit on the end label; a target just under another series' median
 * would lie on its line). Rates are drawn in percent, a gap in
 * percentage points. Mark groups carry aria-labels (`band-90`, `band-50`,
 * `median`, `target`, `series-label`, `target-label`) that tests and notebooks
 * count. In a page (no `document` given) the median has a tooltip: year,
 * median and the p5–p95 range.
 *
 * @example
 * const svg = fanChart(summaryRows(summary), targetRows(targets), { lang: 'zh' });
 * // two fans, 常住人口城镇化率 and 户籍人口城镇化率, with the 2017 and 2020 targets
 */
export function fanChart(
  summary: readonly SummaryRow[],
  targets: readonly TargetRow[],
  o: ChartOptions & { metrics?: readonly string[] },
): SVGSVGElement | HTMLElement {
  const metrics = o.metrics ?? RATE_METRICS;
  const percent = metrics.every(isRate);
  const gap = metrics.length === 1 && metrics[0] === 'rate_gap';
  const k = percent ? 100 : 1;
  const rows = summary
    .filter((r) => metrics.includes(r.metric) && Number.isFinite(r.p50))
    .map((r) => ({ metric: r.metric, year: r.year, p5: r.p5 * k, p25: r.p25 * k, p50: r.p50 * k, p75: r.p75 * k, p95: r.p95 * k }));
  // Targets of two metrics at one year and value (resident and registered ≥ 90 % in 2020) are one point: one diamond
  // and one value, in grey (SHARED). Drawn apart, the second diamond hid the first, and its value, pushed off the
  // first's, sat beside the other median as if it were that median's (a planner's Yanta: '90.0%' at 88.4 %).
  const goals: (TargetRow & { v: number; key: string; names: string[] })[] = [];
  for (const t of targets.filter((t) => metrics.includes(t.metric) && t.year !== null && t.value !== null)) {
    const v = (t.value as number) * k;
    const same = goals.find((g) => g.year === t.year && g.v === v);
    if (!same) goals.push({ ...t, v, key: t.metric, names: [targetName(o.lang, t)] });
    else {
      same.names.push(targetName(o.lang, t));
      if (same.metric !== t.metric) same.key = SHARED;
    }
  }
  const name = (m: string) => metricName(o.lang, m);
  const width = o.width ?? 720;
  const height = o.height ?? 400;
  const years = rows.map((r) => r.year);
  const first = Math.min(...years);
  const last = Math.max(...years);
  const ends = metrics.map((m) => rows.filter((r) => r.metric === m).at(-1)).filter((r) => r !== undefined);
  const marginRight = 14 + Math.max(40, ...ends.map((r) => textWidth(name(r.metric), 12) + 8));
  const marginLeft = 44;
  const marginBottom = 28;
  const legend = swatches(
    [
      { label: label(o.lang, 'band90Runs'), color: BAND, opacity: 0.35 },
      { label: label(o.lang, 'band50Runs'), color: BAND, opacity: 0.75 },
      { label: label(o.lang, 'median'), color: '#555555', symbol: 'line' },
      ...(goals.length ? [{ label: label(o.lang, 'planTarget'), color: '#555555', symbol: 'diamond', hollow: true }] : []),
    ],
    // Below the y-axis title, which Plot puts at the very top.
    { width: width - marginLeft - 10, y: 28 },
  );
  const marginTop = legend.bottom + 12;
  const values = [...rows.flatMap((r) => [r.p5, r.p95]), ...goals.map((t) => t.v), ...(gap ? [0] : [])];
  // The scale labels are placed against, and the one Plot draws with (same domain and range, given it below): placed
  // against another, the labels' clearances were off by up to 10 px at the top of the chart.
  const y = Plot.scale({ y: { domain: [Math.min(...values), Math.max(...values)], range: [height - marginBottom, marginTop], nice: true } });
  const x = Plot.scale({ x: { domain: [first, last], range: [marginLeft, width - marginRight] } });
  const px = (v: number) => x.apply(v) as number;
  const py = (v: number) => y.apply(v) as number;
  // End labels: spread apart vertically, then given back in data units.
  const endY = spreadApart(ends.map((r) => py(r.p50)), 15, [marginTop, height - marginBottom]);
  const endLabels = ends.map((r, i) => ({ metric: r.metric, year: r.year, at: y.invert!(endY[i]) as number }));
  const endBoxes: Box[] = ends.map((r, i) => ({ left: px(last) + 6, right: px(last) + 6 + textWidth(name(r.metric)), top: endY[i] - 8, bottom: endY[i] + 8 }));
  const diamonds: Box[] = goals.map((t) => ({ left: px(t.year as number) - 6, right: px(t.year as number) + 6, top: py(t.v) - 6, bottom: py(t.v) + 6 }));
  // A rate's target with the decimals its plan gives, as targetValueText writes it (48.54 %, not 48.5 %).
  const valueText = (t: (typeof goals)[number]) => (percent && !gap ? targetValueText(t.metric, t.v / k) : t.v.toFixed(1));
  const placed = placeLabels(
    goals.map((t) => ({ x: px(t.year as number), y: py(t.v), width: textWidth(valueText(t)) + 4, height: 14 })),
    // The medians too: a value's white halo laid over a line would cut it.
    [...endBoxes, ...diamonds, ...metrics.flatMap((m) => lineBoxes(rows.filter((r) => r.metric === m).map((r) => ({ x: px(r.year), y: py(r.p50) }))))],
    { left: 0, right: width, top: marginTop, bottom: height - marginBottom },
    9,
  );
  const labelsAt = goals.map((t, i) => ({ ...t, lx: x.invert!(placed[i].x) as number, ly: y.invert!(placed[i].y) as number, anchor: placed[i].anchor }));
  const zero = gap ? [Plot.ruleY([0], { stroke: '#999' })] : [];
  const interactive = o.document === undefined;
  return Plot.plot({
    document: o.document,
    width,
    height,
    marginTop,
    marginRight,
    marginLeft,
    marginBottom,
    style: CHART_STYLE,
    x: { domain: [first, last], label: null, ticks: yearTicks(first, last, width - marginLeft - marginRight), tickFormat: 'd' },
    y: {
      domain: y.domain as number[],
      range: y.range as number[],
      // A gap between two rates is a difference in percentage points, not a percentage.
      label: metrics.length === 1 ? (gap ? withNote(o.lang, name(metrics[0]), label(o.lang, 'points')) : name(metrics[0]) + (percent ? ' (%)' : '')) : percent ? `${label(o.lang, 'urbanizationRate')} (%)` : '',
      grid: true,
    },
    color: { domain: [...metrics, SHARED], range: [...metrics.map(metricColor), '#555555'] },
    marks: [
      ...legend.marks(marginTop),
      ...zero,
      Plot.areaY(rows, { x: 'year', y1: 'p5', y2: 'p95', z: 'metric', fill: 'metric', fillOpacity: 0.16, ariaDescription: 'band-90' }),
      Plot.areaY(rows, { x: 'year', y1: 'p25', y2: 'p75', z: 'metric', fill: 'metric', fillOpacity: 0.32, ariaDescription: 'band-50' }),
      Plot.lineY(rows, { x: 'year', y: 'p50', z: 'metric', stroke: 'metric', strokeWidth: 2, ariaDescription: 'median' }),
      Plot.text(endLabels, { x: 'year', y: 'at', text: (d: { metric: string }) => name(d.metric), fill: 'metric', dx: 6, textAnchor: 'start', fontWeight: 'bold', ariaDescription: 'series-label' }),
      Plot.dot(goals, { x: 'year', y: 'v', symbol: 'diamond', r: 5, fill: 'white', stroke: (d: (typeof goals)[number]) => d.key, strokeWidth: 2, ariaDescription: 'target', title: (d: (typeof goals)[number]) => d.names.join('; ') }),
      ...(['start', 'middle', 'end'] as const).map((anchor) =>
        Plot.text(
          labelsAt.filter((l) => l.anchor === anchor),
          { x: 'lx', y: 'ly', textAnchor: anchor, text: valueText, fill: (d: (typeof goals)[number]) => d.key, stroke: 'white', strokeWidth: 3, paintOrder: 'stroke', ariaDescription: 'target-label' },
        ),
      ),
      ...(interactive ? [Plot.tip(rows, Plot.pointer({ x: 'year', y: 'p50', title: (d: (typeof rows)[number]) => fanTip(o.lang, d, percent, gap) }))] : []),
    ],
  });
}

/** A fan's tooltip: the year (no thousands separator), the metric, its median and p5–p95, rates to one decimal. */
function fanTip(lang: Lang, d: { metric: string; year: number; p5: number; p50: number; p95: number }, percent: boolean, gap: boolean): string {
  const unit = gap ? (lang === 'zh' ? '个百分点' : ' pt') : percent ? '%' : '';
  const v = (x: number) => `${percent ? x.toFixed(1) : Math.round(x).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en')}${unit}`;
  return lang === 'zh'
    ? `${d.year}年\n${metricName(lang, d.metric)}\n中位数 ${v(d.p50)}\n90% 的模拟在 ${v(d.p5)} 至 ${v(d.p95)} 之间`
    : `${d.year}\n${metricName(lang, d.metric)}\nmedian ${v(d.p50)}\n90% of runs between ${v(d.p5)} and ${v(d.p95)}`;
}
