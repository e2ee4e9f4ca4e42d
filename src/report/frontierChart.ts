import * as Plot from '@observablehq/plot';
import { FONT_STACK } from './chartStyle.ts';
import type { ChartOptions } from './fanChart.ts';
import type { FrontierRow } from './frontierRows.ts';

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
    `P ${(d.probability * 100).toFixed(0)}%${d.costGovernment > 0 ? ` · ${(d.costGovernment / 1e8).toFixed(0)}${o.lang === 'zh' ? '亿元' : '亿 yuan'}` : ''}`;
  return Plot.plot({
    document: o.document,
    width: o.width ?? 720,
    height: o.height ?? 420,
    marginLeft: 60,
    // Room for the last point's label.
    marginRight: 110,
    marginBottom: 44,
    style: { fontFamily: FONT_STACK, fontSize: '12px' },
    x: { label: `${axes.x}${axes.percentX ? ' (%)' : ''}`, labelOffset: 38, percent: axes.percentX === true, grid: true },
    y: { label: `${axes.y}${axes.percentY ? ' (%)' : ''}`, percent: axes.percentY === true, grid: true },
    color: axes.by ? { legend: false } : undefined,
    marks: [
      Plot.dot(data.filter((r) => !r.frontier), { x: 'x', y: 'y', r: 2, fill: '#bbb', ariaDescription: 'tried', title: (d: (typeof data)[number]) => `${yi(d.y)}: P ${(d.probability * 100).toFixed(1)}%` }),
      Plot.line(front, { x: 'x', y: 'y', z: 'by', stroke: axes.by ? 'by' : '#e15759', strokeWidth: 2, ariaDescription: 'frontier' }),
      Plot.dot(front, { x: 'x', y: 'y', r: 4, fill: axes.by ? 'by' : '#e15759', ariaDescription: 'frontier-point' }),
      Plot.text(front, { x: 'x', y: 'y', text, dy: -12, fill: '#333', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke', ariaDescription: 'label' }),
    ],
  });
}
