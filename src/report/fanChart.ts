import * as Plot from '@observablehq/plot';
import { FONT_STACK, RATE_METRICS, metricColor } from './chartStyle.ts';
import { type Lang, isRate, label, metricName, targetName } from './labels.ts';
import type { SummaryRow } from './summaryRows.ts';
import type { TargetRow } from './targetRows.ts';

/** Options every chart function takes. */
export interface ChartOptions {
  readonly lang: Lang;
  /** The document Plot builds into: the page's in a browser, a linkedom one on the server. */
  readonly document?: Document;
  readonly width?: number;
  readonly height?: number;
}

/**
 * A fan chart: for each metric, the 90 % band (p5–p95), the 50 % band
 * (p25–p75) and the median over runs by year, with the scenario's targets on
 * those metrics as diamonds. Series are named at their right end rather than
 * in a legend, so the SVG stands alone. Mark groups carry aria-labels
 * (`band-90`, `band-50`, `median`, `target`) that tests and notebooks count.
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
  const rows = summary.filter((r) => metrics.includes(r.metric) && Number.isFinite(r.p50));
  const marks = targets.filter((t) => metrics.includes(t.metric) && t.year !== null && t.value !== null);
  const percent = metrics.every(isRate);
  const name = (d: { metric: string }) => metricName(o.lang, d.metric);
  // Tooltips need pointer events: only in a live page, never in a server render.
  const interactive = o.document === undefined;
  const zero = metrics.includes('rate_gap') ? [Plot.ruleY([0], { stroke: '#999' })] : [];
  return Plot.plot({
    document: o.document,
    width: o.width ?? 720,
    height: o.height ?? 400,
    marginRight: o.lang === 'zh' ? 140 : 180,
    style: { fontFamily: FONT_STACK, fontSize: '12px' },
    x: { label: label(o.lang, 'year'), tickFormat: 'd', nice: false },
    y: {
      // A gap between two rates is a difference in percentage points, not a percentage.
      label: metrics.length === 1 ? name({ metric: metrics[0] }) + (!percent ? '' : metrics[0] === 'rate_gap' ? ` (${label(o.lang, 'points')})` : ' (%)') : percent ? (o.lang === 'zh' ? '城镇化率 (%)' : 'urbanization rate (%)') : '',
      percent,
      grid: true,
      // Rounded outwards, so a target above every band keeps room for its label.
      nice: true,
    },
    color: { domain: metrics, range: metrics.map(metricColor) },
    marks: [
      ...zero,
      Plot.areaY(rows, { x: 'year', y1: 'p5', y2: 'p95', z: 'metric', fill: 'metric', fillOpacity: 0.16, ariaDescription: 'band-90' }),
      Plot.areaY(rows, { x: 'year', y1: 'p25', y2: 'p75', z: 'metric', fill: 'metric', fillOpacity: 0.32, ariaDescription: 'band-50' }),
      Plot.lineY(rows, { x: 'year', y: 'p50', z: 'metric', stroke: 'metric', strokeWidth: 2, ariaDescription: 'median', tip: interactive }),
      Plot.text(rows, Plot.selectLast({ x: 'year', y: 'p50', z: 'metric', text: name, fill: 'metric', dx: 6, textAnchor: 'start', fontWeight: 'bold', ariaDescription: 'series-label' })),
      Plot.dot(marks, { x: 'year', y: 'value', symbol: 'diamond', r: 5, fill: 'white', stroke: (d: TargetRow) => d.metric, strokeWidth: 2, ariaDescription: 'target', title: (d: TargetRow) => targetName(o.lang, d) }),
      Plot.text(marks, {
        x: 'year',
        y: 'value',
        text: (d: TargetRow) => (percent ? `${((d.value ?? 0) * 100).toFixed(1)}%` : String(d.value)),
        dy: -14,
        fill: (d: TargetRow) => d.metric,
        stroke: 'white',
        strokeWidth: 3,
        paintOrder: 'stroke',
        ariaDescription: 'target-label',
      }),
    ],
  });
}
