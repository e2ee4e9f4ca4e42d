import * as Plot from '@observablehq/plot';
import { FONT_STACK } from './chartStyle.ts';
import type { ChartOptions } from './fanChart.ts';
import type { FrontierRow } from './frontierRows.ts';
import { parameterName } from './parameterNames.ts';

/**
 * The frontier of a multi-lever solve: for each value of the grid lever
 * (x), the least demanding value of the solved lever (y) that meets the
 * target(s) with the probability asked, labelled with that combination's
 * probability and the government's 市民化 cost; every other combination run
 * is a faint dot (above the line: reaches it; below: misses). With more than
 * one grid lever the others are told apart by colour. Rates (`percent`) are
 * shown in percent. Mark groups: `frontier`, `tried`, `label`.
 *
 * @example
 * frontierChart(rows, { x: 'local_settle_rate', y: 'migrant_settle_rate', percentX: true, percentY: true }, { lang: 'en' });
 */
export function frontierChart(
  rows: readonly FrontierRow[],
  axes: { x: string; y: string; by?: string; percentX?: boolean; percentY?: boolean },
  o: ChartOptions,
): SVGSVGElement | HTMLElement {
  const data = rows.map((r) => ({ ...r, x: r.values[axes.x], y: r.values[axes.y], by: axes.by ? String(r.values[axes.by]) : '' }));
  const front = data.filter((r) => r.frontier).sort((a, b) => a.x - b.x);
  const yi = (v: number) => (axes.percentY ? `${Number((v * 100).toPrecision(4))}%` : String(v));
  const text = (d: (typeof data)[number]) =>
    `${o.lang === 'zh' ? '概率 ' : 'P '}${(d.probability * 100).toFixed(1)}%${d.costGovernment > 0 ? ` · ${(d.costGovernment / 1e8).toFixed(0)}${o.lang === 'zh' ? '亿元' : '亿 yuan'}` : ''}`;
  // A label reads away from the nearer side edge, so none runs into the y axis or off the chart.
  const xs = data.map((d) => d.x);
  const mid = (Math.min(...xs) + Math.max(...xs)) / 2;
  const name = (lever: string) => parameterName(o.lang, lever);
  return Plot.plot({
    document: o.document,
    width: o.width ?? 720,
    height: o.height ?? 420,
    marginLeft: 60,
    marginRight: 30,
    marginBottom: 44,
    style: { fontFamily: FONT_STACK, fontSize: '12px' },
    x: { label: `${name(axes.x)}${axes.percentX ? ' (%)' : ''}`, labelAnchor: 'center', labelOffset: 38, percent: axes.percentX === true, grid: true },
    // Room above the highest point for its label.
    y: { label: `${name(axes.y)}${axes.percentY ? ' (%)' : ''}`, percent: axes.percentY === true, grid: true, insetTop: 18 },
    color: axes.by ? { legend: false } : undefined,
    marks: [
      Plot.dot(data.filter((r) => !r.frontier), { x: 'x', y: 'y', r: 2, fill: '#bbb', ariaDescription: 'tried', title: (d: (typeof data)[number]) => `${yi(d.y)}: P ${(d.probability * 100).toFixed(1)}%` }),
      Plot.line(front, { x: 'x', y: 'y', z: 'by', stroke: axes.by ? 'by' : '#e15759', strokeWidth: 2, ariaDescription: 'frontier' }),
      Plot.dot(front, { x: 'x', y: 'y', r: 4, fill: axes.by ? 'by' : '#e15759', ariaDescription: 'frontier-point' }),
      ...(['start', 'end'] as const).map((anchor) =>
        Plot.text(front.filter((d) => (d.x <= mid) === (anchor === 'start')), { x: 'x', y: 'y', text, dy: -12, dx: anchor === 'start' ? -4 : 4, textAnchor: anchor, fill: '#333', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke', ariaDescription: 'label' }),
      ),
    ],
  });
}
