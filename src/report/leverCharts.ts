import * as Plot from '@observablehq/plot';
import { CHART_STYLE, textWidth, valueTicks, yearTicks } from './chartStyle.ts';
import type { ChartOptions } from './fanChart.ts';
import { type Lang, isRate, label, metricName } from './labels.ts';
import { spreadApart } from './placeLabels.ts';
import type { SummaryRow } from './summaryRows.ts';
import { swatches } from './swatches.ts';
import type { TargetRow } from './targetRows.ts';
import { withNote } from './withNote.ts';

/** One variant's paired difference from the base in one year: quantiles over runs of variant − base, and the share of runs where the variant is higher. */
export interface DifferenceRow {
  /** The variant as shown (its area name in Chinese). */
  readonly variant: string;
  readonly year: number;
  readonly p5: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
  readonly pBeats: number;
}

const PALETTE = ['#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#9c755f'];
const FAN = '#4e79a7';

/**
 * Variants side by side: one panel per variant with the fan of one metric
 * (90 % and 50 % of runs, median) and the variant's targets on it, panels
 * named by `variant` as given (area names in Chinese). Mark groups
 * `band-90`, `band-50`, `median`, `target`.
 *
 * @example
 * sideBySideChart(rows, targets, 'registered_rate', { lang: 'zh', width: 960 });
 */
export function sideBySideChart(
  summary: readonly (SummaryRow & { variant: string })[],
  targets: readonly (TargetRow & { variant: string })[],
  metric: string,
  o: ChartOptions,
): SVGSVGElement | HTMLElement {
  const k = isRate(metric) ? 100 : 1;
  const rows = summary.filter((r) => r.metric === metric && Number.isFinite(r.p50)).map((r) => ({ ...r, p5: r.p5 * k, p25: r.p25 * k, p50: r.p50 * k, p75: r.p75 * k, p95: r.p95 * k }));
  const goals = targets.filter((t) => t.metric === metric && t.value !== null).map((t) => ({ ...t, v: (t.value as number) * k }));
  const variants = [...new Set(rows.map((r) => r.variant))];
  const years = rows.map((r) => r.year);
  const width = o.width ?? 720;
  const panel = (width - 60) / Math.max(1, variants.length);
  const legend = swatches(
    [
      { label: label(o.lang, 'band90Runs'), color: FAN, opacity: 0.3 },
      { label: label(o.lang, 'band50Runs'), color: FAN, opacity: 0.6 },
      { label: label(o.lang, 'median'), color: FAN, symbol: 'line' },
      ...(goals.length ? [{ label: label(o.lang, 'planTarget'), color: '#111111', symbol: 'diamond', hollow: true }] : []),
    ],
    { width: width - 60, y: 28 },
  );
  // A panel's name wider than its panel in lines, or the names above narrow panels ran into each other.
  const names = new Map(variants.map((v) => [v, wrapName(v, panel * 0.88 - 6)]));
  const marginTop = legend.bottom + 30 + 14 * (Math.max(1, ...[...names.values()].map((n) => n.split('\n').length)) - 1);
  return Plot.plot({
    document: o.document,
    width,
    height: o.height ?? marginTop + 280,
    marginTop,
    marginLeft: 50,
    marginRight: 24,
    style: CHART_STYLE,
    x: { label: null, tickFormat: 'd', ticks: yearTicks(Math.min(...years), Math.max(...years), panel - 30) },
    // Room above the highest target, below the panels' names.
    y: { label: metricName(o.lang, metric) + (isRate(metric) ? ' (%)' : ''), grid: true, nice: true, insetTop: 12 },
    fx: { label: null, domain: variants, padding: 0.12, tickFormat: (v: string) => names.get(v) ?? v },
    marks: [
      ...legend.marks(marginTop),
      Plot.areaY(rows, { x: 'year', y1: 'p5', y2: 'p95', fx: 'variant', fill: FAN, fillOpacity: 0.16, ariaDescription: 'band-90' }),
      Plot.areaY(rows, { x: 'year', y1: 'p25', y2: 'p75', fx: 'variant', fill: FAN, fillOpacity: 0.32, ariaDescription: 'band-50' }),
      Plot.lineY(rows, { x: 'year', y: 'p50', fx: 'variant', stroke: FAN, strokeWidth: 2, ariaDescription: 'median' }),
      Plot.dot(goals, { x: 'year', y: 'v', fx: 'variant', symbol: 'diamond', r: 5, stroke: '#111', fill: 'white', strokeWidth: 2, ariaDescription: 'target' }),
      ...(o.document === undefined ? [Plot.tip(rows, Plot.pointer({ x: 'year', y: 'p50', fx: 'variant', title: (d: (typeof rows)[number]) => bandTip(o.lang, d.variant, metric, d) }))] : []),
    ],
  });
}

/**
 * A name in lines of at most `width` px where it is wider: broken before ' · ' and '（' (they open what follows) and
 * after ' ' and '-', each line filled as far as it goes; a piece wider than `width` on a line of its own.
 *
 * @example
 * wrapName('东莞市（dongguan-schools2x） · compare-dongguan', 200); // '东莞市（dongguan-schools2x）\n· compare-dongguan'
 */
export function wrapName(name: string, width: number): string {
  if (textWidth(name) <= width) return name;
  const pieces = name.split(/(?= · |（)|(?<=[ -])/);
  const lines: string[] = [];
  for (const piece of pieces) {
    const last = lines.at(-1);
    if (last !== undefined && textWidth((last + piece).trimEnd()) <= width) lines[lines.length - 1] = last + piece;
    else lines.push(piece);
  }
  return lines.map((l) => l.trim()).join('\n');
}

/**
 * The paired difference, variant − base, run by run: a fan per variant (90 %
 * and 50 % of runs, median) around zero, each named at its end (labels
 * spread apart where the lines end close together, and the right margin as
 * wide as the longest name). Rates in percentage points. Mark groups
 * `difference-band-90`, `difference-band-50`, `difference-median`,
 * `series-label`.
 *
 * @example
 * differenceChart(rows, 'registered_rate', { lang: 'en', width: 960 });
 */
export function differenceChart(rows: readonly DifferenceRow[], metric: string, o: ChartOptions): SVGSVGElement | HTMLElement {
  const k = isRate(metric) ? 100 : 1;
  const data = rows.map((r) => ({ ...r, p5: r.p5 * k, p25: r.p25 * k, p50: r.p50 * k, p75: r.p75 * k, p95: r.p95 * k }));
  return endLabelled(data, 'p50', o, {
    y: { label: isRate(metric) ? withNote(o.lang, `Δ ${metricName(o.lang, metric)}`, label(o.lang, 'points')) : `Δ ${metricName(o.lang, metric)}`, grid: true },
    zero: 0,
    before: [
      Plot.areaY(data, { x: 'year', y1: 'p5', y2: 'p95', z: 'variant', fill: 'variant', fillOpacity: 0.16, ariaDescription: 'difference-band-90' }),
      Plot.areaY(data, { x: 'year', y1: 'p25', y2: 'p75', z: 'variant', fill: 'variant', fillOpacity: 0.32, ariaDescription: 'difference-band-50' }),
    ],
    line: 'difference-median',
    tip: (d) => differenceTip(o.lang, metric, d),
    extent: data.flatMap((d) => [d.p5, d.p95]),
  });
}

/**
 * The share of runs in which each variant is ahead of the base, year by
 * year (ties count half), with 50 % dashed; lines named at their end. Mark
 * groups `p-beats`, `series-label`.
 *
 * @example
 * beatsChart(rows, 'registered_rate', 'dongguan', { lang: 'zh', width: 960 });
 */
export function beatsChart(rows: readonly DifferenceRow[], metric: string, base: string, o: ChartOptions): SVGSVGElement | HTMLElement {
  const data = rows.map((r) => ({ ...r, beats: r.pBeats * 100 }));
  const what = o.lang === 'zh' ? `${metricName(o.lang, metric)}高于${base}的模拟比例 (%)` : `runs with a higher ${metricName(o.lang, metric)} than ${base} (%)`;
  return endLabelled(data, 'beats', o, {
    y: { label: what, domain: [0, 100], grid: true },
    zero: 50,
    before: [],
    line: 'p-beats',
    tip: (d) => `${d.year}${o.lang === 'zh' ? '年' : ''}\n${d.variant}\n${(d.pBeats * 100).toFixed(1)}%`,
    extent: [0, 100],
    height: 260,
  });
}

/** Lines by variant, each named at its end: the shared frame of the difference and "ahead of the base" charts. */
function endLabelled<T extends DifferenceRow>(
  data: readonly T[],
  key: keyof T & string,
  o: ChartOptions,
  c: { y: Plot.ScaleOptions; zero: number; before: Plot.Markish[]; line: string; tip: (d: T) => string; extent: number[]; height?: number },
): SVGSVGElement | HTMLElement {
  const variants = [...new Set(data.map((d) => d.variant))];
  const width = o.width ?? 720;
  const height = o.height ?? c.height ?? 320;
  const marginTop = 30;
  const marginBottom = 30;
  const marginRight = 16 + Math.max(40, ...variants.map((v) => textWidth(v)));
  const years = data.map((d) => d.year);
  const [first, last] = [Math.min(...years), Math.max(...years)];
  const [lo, hi] = (c.y.domain as number[] | undefined) ?? [Math.min(c.zero, ...c.extent), Math.max(c.zero, ...c.extent)];
  // Variants that change nothing give a domain of one point: widen it, or its only tick reads "0.000000".
  const domain = lo === hi ? [lo - 1, hi + 1] : [lo, hi];
  const y = Plot.scale({ y: { domain, range: [height - marginBottom, marginTop], nice: c.y.domain === undefined } });
  const ends = variants.map((v) => data.filter((d) => d.variant === v && d.year === last)[0]).filter((d) => d !== undefined);
  const at = spreadApart(ends.map((d) => y.apply(d[key] as number) as number), 15, [marginTop, height - marginBottom]);
  const labels = ends.map((d, i) => ({ variant: d.variant, year: d.year, at: y.invert!(at[i]) as number }));
  // The margin as wide as the longest tick label (and the tick): small differences need many decimals.
  const yTicks = valueTicks(y.domain as number[], height - marginTop - marginBottom);
  const marginLeft = Math.max(50, 12 + Math.max(...yTicks.labels.map((t) => textWidth(t))));
  return Plot.plot({
    document: o.document,
    width,
    height,
    marginTop,
    marginBottom,
    marginLeft,
    marginRight,
    style: CHART_STYLE,
    x: { label: null, tickFormat: 'd', ticks: yearTicks(first, last, width - marginLeft - marginRight) },
    y: { ...c.y, domain: y.domain as number[], ticks: yTicks.ticks, tickFormat: (t: number) => yTicks.labels[yTicks.ticks.indexOf(t)] },
    color: { domain: variants, range: PALETTE },
    marks: [
      Plot.ruleY([c.zero], { stroke: '#999', strokeDasharray: c.zero === 0 ? undefined : '4,3' }),
      ...c.before,
      Plot.lineY(data, { x: 'year', y: key, z: 'variant', stroke: 'variant', strokeWidth: 2, ariaDescription: c.line }),
      Plot.text(labels, { x: 'year', y: 'at', text: 'variant', fill: 'variant', dx: 6, textAnchor: 'start', fontWeight: 'bold', ariaDescription: 'series-label' }),
      ...(o.document === undefined ? [Plot.tip(data, Plot.pointer({ x: 'year', y: key, title: c.tip }))] : []),
    ],
  });
}

function bandTip(lang: Lang, variant: string, metric: string, d: { year: number; p5: number; p50: number; p95: number }): string {
  const u = isRate(metric) ? '%' : '';
  const v = (x: number) => `${isRate(metric) ? x.toFixed(1) : Math.round(x).toLocaleString('en')}${u}`;
  return lang === 'zh'
    ? `${d.year}年 · ${variant}\n${metricName(lang, metric)}\n中位数 ${v(d.p50)}\n90% 的模拟在 ${v(d.p5)} 至 ${v(d.p95)} 之间`
    : `${d.year} · ${variant}\n${metricName(lang, metric)}\nmedian ${v(d.p50)}\n90% of runs between ${v(d.p5)} and ${v(d.p95)}`;
}

function differenceTip(lang: Lang, metric: string, d: { variant: string; year: number; p5: number; p50: number; p95: number }): string {
  // The data are already in points (rates × 100): print them as they are.
  const unit = isRate(metric) ? (lang === 'zh' ? ' 个百分点' : ' points') : '';
  const v = (x: number) => `${x >= 0 ? '+' : ''}${isRate(metric) ? x.toFixed(2) : Math.round(x).toLocaleString('en')}${unit}`;
  return lang === 'zh'
    ? `${d.year}年 · ${d.variant}\n中位数 ${v(d.p50)}\n90% 的模拟在 ${v(d.p5)} 至 ${v(d.p95)} 之间`
    : `${d.year} · ${d.variant}\nmedian ${v(d.p50)}\n90% of runs between ${v(d.p5)} and ${v(d.p95)}`;
}
