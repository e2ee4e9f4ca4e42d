import * as Plot from '@observablehq/plot';
import { CHART_STYLE, textWidth } from './chartStyle.ts';
import type { ChartOptions } from './fanChart.ts';
import { inputRangeText } from './inputValueText.ts';
import { type Lang, isRate, metricName } from './labels.ts';
import { type VariableUses, parameterName } from './parameterNames.ts';
import type { SwingRow } from './swingRows.ts';

/**
 * A tornado chart in the metric's own units: for each input, a bar from the
 * metric's mean over the runs with the input's lowest tenth of draws to its
 * mean over the highest tenth (an input of few values: its lowest value to
 * its highest: src/analysis/sensitivity.ts inputSwing), the input's values written at each end (a
 * lever's, in the lever's units: `100–106` points, `30万–33万` places);
 * widest swing on top, levers in orange and starred, uncertain inputs in
 * blue. A main effect by conditional means: the other inputs vary as drawn.
 * Mark groups: `swing`, `low-label` (the left end), `high-label` (the right end).
 *
 * @example
 * swingChart(swingRows(table), 'registered_rate', { lang: 'en' });
 */
export function swingChart(rows: readonly SwingRow[], metric: string, o: ChartOptions): SVGSVGElement | HTMLElement {
  const data = swingOrder(rows).map((r) => ({ ...r, name: swingName(o.lang, r, o.uses), lo: Math.min(r.lowMetric, r.highMetric), hi: Math.max(r.lowMetric, r.highMetric), percent: o.percentVariables?.includes(r.parameter) }));
  type Datum = (typeof data)[number];
  const percent = isRate(metric);
  const range = (name: string, a: number, b: number) => inputRangeText(o.lang, name, a, b, { percent: o.percentVariables?.includes(name) });
  // Each end is labelled with the input values that gave it: the left end the tenth with the lower metric.
  const lowFirst = (d: Datum) => d.lowMetric <= d.highMetric;
  const leftText = (d: Datum) => (lowFirst(d) ? range(d.parameter, d.lowMin, d.lowMax) : range(d.parameter, d.highMin, d.highMax));
  const rightText = (d: Datum) => (lowFirst(d) ? range(d.parameter, d.highMin, d.highMax) : range(d.parameter, d.lowMin, d.lowMax));
  const ends = Math.max(60, ...data.flatMap((d) => [textWidth(leftText(d)), textWidth(rightText(d))])) + 8;
  return Plot.plot({
    document: o.document,
    width: o.width ?? 720,
    height: o.height ?? 60 + 30 * data.length,
    marginLeft: 24 + Math.max(80, ...data.map((d) => textWidth(d.name))),
    marginRight: ends,
    marginBottom: 44,
    style: CHART_STYLE,
    x: { label: `${metricName(o.lang, metric)}${percent ? ' (%)' : ''}`, labelAnchor: 'center', labelOffset: 38, percent, grid: true, inset: ends },
    y: { domain: data.map((d) => d.name), label: null },
    marks: [
      Plot.barX(data, { x1: 'lo', x2: 'hi', y: 'name', fill: (d: Datum) => (d.lever ? '#f28e2b' : '#4e79a7'), insetTop: 5, insetBottom: 5, ariaDescription: 'swing' }),
      Plot.text(data, { x: 'lo', y: 'name', text: leftText, textAnchor: 'end', dx: -4, fill: '#333', ariaDescription: 'low-label' }),
      Plot.text(data, { x: 'hi', y: 'name', text: rightText, textAnchor: 'start', dx: 4, fill: '#333', ariaDescription: 'high-label' }),
      // In a page (no document given), a tooltip per input, as the other charts have.
      ...(o.document === undefined ? [Plot.tip(data, Plot.pointerY({ x: 'hi', y: 'name', title: (d: Datum) => swingTip(o.lang, d, metric) }))] : []),
    ],
  });
}

/**
 * A swing tooltip: the input, then the metric's mean over its lowest and its highest tenth of draws (an input of few
 * values: its lowest and highest value), with the input's values in each (`percent`: a variable written in percent);
 * rates to one decimal.
 */
export function swingTip(lang: Lang, d: SwingRow & { name: string; percent?: boolean }, metric: string): string {
  const v = (x: number) => (isRate(metric) ? `${(x * 100).toFixed(1)}%` : Math.round(x).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en'));
  const range = (a: number, b: number) => inputRangeText(lang, d.parameter, a, b, { percent: d.percent });
  const [low, high] = lang === 'zh' ? (d.byValue ? ['取值最低', '取值最高'] : ['取值最低十分之一', '取值最高十分之一']) : d.byValue ? ['lowest value', 'highest value'] : ['lowest tenth', 'highest tenth'];
  return lang === 'zh'
    ? `${d.name}\n${low}（${range(d.lowMin, d.lowMax)}）：${metricName(lang, metric)}均值 ${v(d.lowMetric)}\n${high}（${range(d.highMin, d.highMax)}）：${metricName(lang, metric)}均值 ${v(d.highMetric)}`
    : `${d.name}\n${low} (${range(d.lowMin, d.lowMax)}): mean ${metricName(lang, metric)} ${v(d.lowMetric)}\n${high} (${range(d.highMin, d.highMax)}): mean ${metricName(lang, metric)} ${v(d.highMetric)}`;
}

/**
 * The swing chart's title: the input whose lowest and highest tenth of draws
 * move the metric furthest apart, with its values and the metric at each.
 *
 * @example
 * swingFinding('en', rows, 'registered_rate', 2020);
 * // 'points_cutoff (policy lever): registered urbanization rate in 2020 18.2% at 100–106, 12.1% at 154–160'
 */
export function swingFinding(lang: Lang, rows: readonly SwingRow[], metric: string, year: number, uses?: VariableUses, percentVariables?: readonly string[]): string {
  const top = swingOrder(rows)[0];
  if (!top) return '';
  const v = (x: number) => (isRate(metric) ? `${(x * 100).toFixed(1)}%` : Math.round(x).toLocaleString('en'));
  const at = (m: number, a: number, b: number) =>
    `${v(m)}${lang === 'zh' ? '（' : ' at '}${inputRangeText(lang, top.parameter, a, b, { percent: percentVariables?.includes(top.parameter) })}${lang === 'zh' ? '时）' : ''}`;
  const low = at(top.lowMetric, top.lowMin, top.lowMax);
  const high = at(top.highMetric, top.highMin, top.highMax);
  return lang === 'zh'
    ? `${swingName(lang, top, uses)}对${year}年${metricName(lang, metric)}影响最大：${low}，${high}`
    : `${swingName(lang, top, uses)} moves the ${metricName(lang, metric)} in ${year} most: ${low}, ${high}`;
}

/** Inputs with a finite swing, widest first. */
function swingOrder(rows: readonly SwingRow[]): SwingRow[] {
  const width = (r: SwingRow) => Math.abs(r.highMetric - r.lowMetric);
  return rows.filter((r) => Number.isFinite(r.lowMetric) && Number.isFinite(r.highMetric)).sort((a, b) => width(b) - width(a));
}

function swingName(lang: Lang, r: SwingRow, uses?: VariableUses): string {
  const name = parameterName(lang, r.parameter, uses);
  return r.lever ? `${name} ★${lang === 'zh' ? '（政策杠杆）' : ' (policy lever)'}` : name;
}
