import * as Plot from '@observablehq/plot';
import { CHART_STYLE, textWidth, yearTicks } from './chartStyle.ts';
import type { CompareTargetRow } from './compareRows.ts';
import type { ChartOptions } from './fanChart.ts';
import { isRate, label, metricName, targetName } from './labels.ts';
import type { SummaryRow } from './summaryRows.ts';
import { swatches } from './swatches.ts';
import type { TargetRow } from './targetRows.ts';
import { byTargetOrder } from './targetRows.ts';

// Tableau 10, the reference first in blue.
const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#9c755f'];

/**
 * One metric of several variants side by side: each variant's median by year
 * and its 80 % band (p10–p90), one colour per variant, with the targets on
 * the metric as diamonds. Mark groups: `band-80`, `median`, `target`.
 *
 * @example
 * compareLevelsChart(rows, targets, 'registered_rate', { lang: 'en' }); // rows: summary rows with scenario = variant
 */
export function compareLevelsChart(rows: readonly SummaryRow[], targets: readonly TargetRow[], metric: string, o: ChartOptions): SVGSVGElement | HTMLElement {
  const data = rows.filter((r) => r.metric === metric && Number.isFinite(r.p50));
  const variants = [...new Set(data.map((r) => r.scenario))];
  const marks = targets.filter((t) => t.metric === metric && t.year !== null && t.value !== null);
  const seen = new Set<string>();
  const diamonds = marks.filter((t) => !seen.has(t.target) && seen.add(t.target));
  const percent = isRate(metric);
  const width = o.width ?? 720;
  // Below the y-axis title, which Plot puts at the very top.
  const legend = swatches(variants.map((v, i) => ({ label: v, color: PALETTE[i % PALETTE.length] })), { width: width - 60, y: 28 });
  const top = legend.bottom + 12;
  return Plot.plot({
    document: o.document,
    width,
    height: o.height ?? 380 + top,
    marginTop: top,
    marginRight: 30,
    style: CHART_STYLE,
    // Whole years only, and no year title to run into the last tick.
    x: { label: null, tickFormat: 'd', ticks: yearTicks(Math.min(...data.map((r) => r.year)), Math.max(...data.map((r) => r.year)), width - 70) },
    y: { label: metricName(o.lang, metric) + (percent ? ' (%)' : ''), percent, grid: true, nice: true },
    color: { domain: variants, range: PALETTE },
    marks: [
      ...legend.marks(top),
      Plot.areaY(data, { x: 'year', y1: 'p10', y2: 'p90', z: 'scenario', fill: 'scenario', fillOpacity: 0.14, ariaDescription: 'band-80' }),
      Plot.lineY(data, { x: 'year', y: 'p50', z: 'scenario', stroke: 'scenario', strokeWidth: 2, ariaDescription: 'median' }),
      Plot.dot(diamonds, { x: 'year', y: 'value', symbol: 'diamond', r: 5, fill: 'white', stroke: '#111', strokeWidth: 2, ariaDescription: 'target', title: (d: TargetRow) => targetName(o.lang, d) }),
    ],
  });
}

/**
 * What each variant changes in the chance of meeting each target: the
 * paired difference P(variant) − P(reference) over the same runs, in
 * percentage points, with Tango's 95 % score interval; one panel per target,
 * one row and colour per variant. Mark groups: `difference`, `interval`.
 *
 * @example
 * compareDifferenceChart(compareTargetRows(table), { lang: 'zh' });
 */
export function compareDifferenceChart(rows: readonly CompareTargetRow[], o: ChartOptions): SVGSVGElement | HTMLElement {
  const data = rows
    .filter((r) => Number.isFinite(r.difference))
    .sort(byTargetOrder)
    .map((r) => ({ ...r, name: targetName(o.lang, r, { short: true }) }));
  const names = [...new Set(data.map((r) => r.name))];
  const variants = [...new Set(data.map((r) => r.scenario))];
  const reference = rows[0]?.reference ?? '';
  const colors = variants.map((_, i) => PALETTE[(i + 1) % PALETTE.length]);
  return Plot.plot({
    document: o.document,
    width: o.width ?? 720,
    height: o.height ?? 60 + names.length * (12 + 22 * variants.length),
    // As wide as the longest variant name (left) and target name (right, each panel's).
    marginLeft: 16 + Math.max(60, ...variants.map((v) => textWidth(v))),
    marginRight: 16 + Math.max(60, ...names.map((n) => textWidth(n))),
    marginBottom: 44,
    style: CHART_STYLE,
    x: { // The unit before the reference, whose name may end in brackets of its own (东莞市（dongguan-schools2x）).
    label: o.lang === 'zh' ? `${label(o.lang, 'probability')}之差（${label(o.lang, 'points')}）：方案 − ${reference}` : `${label(o.lang, 'probability')}: variant − ${reference} (${label(o.lang, 'points')})`, labelAnchor: 'center', labelOffset: 38, grid: true, percent: true, nice: true },
    y: { domain: variants, label: null },
    fy: { domain: names, label: null },
    color: { domain: variants, range: colors },
    marks: [
      Plot.frame({ stroke: '#eee' }),
      Plot.ruleX([0], { stroke: '#999' }),
      Plot.ruleY(data, { x1: 'differenceLower', x2: 'differenceUpper', y: 'scenario', fy: 'name', stroke: 'scenario', strokeWidth: 1.5, ariaDescription: 'interval' }),
      Plot.dot(data, { x: 'difference', y: 'scenario', fy: 'name', fill: 'scenario', r: 4, ariaDescription: 'difference' }),
    ],
  });
}
