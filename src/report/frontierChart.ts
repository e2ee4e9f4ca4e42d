import * as Plot from '@observablehq/plot';
import { CHART_STYLE, textWidth } from './chartStyle.ts';
import type { ChartOptions } from './fanChart.ts';
import type { FrontierRow } from './frontierRows.ts';
import { parameterName } from './parameterNames.ts';
import { type Box, lineBoxes, placeLabels } from './placeLabels.ts';
import { probabilityText } from '../analysis/probabilityText.ts';

/**
 * The frontier of a multi-lever solve: for each value of the grid lever
 * (x), the least demanding value of the solved lever (y) that meets the
 * target(s) with the probability asked, labelled with that combination's
 * probability and the government's 市民化 cost (where the scenario sets one,
 * `costSet`: priced, src/analysis/effectsText.ts; 0 where nobody settles); every other combination run
 * is a faint dot (above the line: reaches it; below: misses). With more than
 * one grid lever the others are told apart by colour. Rates (`percent`) are
 * shown in percent. Mark groups: `frontier`, `tried`, `label`.
 *
 * @example
 * frontierChart(rows, { x: 'local_settle_rate', y: 'migrant_settle_rate', percentX: true, percentY: true }, { lang: 'en', costSet: true });
 */
export function frontierChart(
  rows: readonly FrontierRow[],
  axes: { x: string; y: string; by?: string; percentX?: boolean; percentY?: boolean },
  o: ChartOptions & { readonly costSet: boolean },
): SVGSVGElement | HTMLElement {
  const data = rows.map((r) => ({ ...r, x: r.values[axes.x], y: r.values[axes.y], by: axes.by ? String(r.values[axes.by]) : '' }));
  const front = data.filter((r) => r.frontier).sort((a, b) => a.x - b.x);
  const yi = (v: number) => (axes.percentY ? `${Number((v * 100).toPrecision(4))}%` : String(v));
  const text = (d: (typeof data)[number]) =>
    `${o.lang === 'zh' ? '概率 ' : 'P '}${probabilityText(d.probability)}${o.costSet && Number.isFinite(d.costGovernment) ? ` · ${(d.costGovernment / 1e8).toFixed(0)}${o.lang === 'zh' ? '亿元' : '亿 yuan'}` : ''}`;
  const name = (lever: string) => parameterName(o.lang, lever, o.uses);
  const width = o.width ?? 720;
  const height = o.height ?? 420;
  // Room above the highest point and below the lowest for a label (a label and its 8 px offset: 22 px).
  const [marginLeft, marginRight, marginTop, marginBottom, insetTop, insetBottom] = [60, 30, 20, 44, 18, 24];
  const extent = (v: number[]) => [Math.min(...v), Math.max(...v)];
  const x = Plot.scale({ x: { domain: extent(data.map((d) => d.x)), range: [marginLeft, width - marginRight] } });
  const y = Plot.scale({ y: { domain: extent(data.map((d) => d.y)), range: [height - marginBottom - insetBottom, marginTop + insetTop] } });
  const px = (d: { x: number }) => x.apply(d.x) as number;
  const py = (d: { y: number }) => y.apply(d.y) as number;
  // Each label beside its point where it covers neither the frontier's line nor a point, and stays inside the plot
  // (none runs into the y axis or off the chart).
  const lines = [...new Set(front.map((d) => d.by))].flatMap((by) => lineBoxes(front.filter((d) => d.by === by).map((d) => ({ x: px(d), y: py(d) }))));
  const points: Box[] = front.map((d) => ({ left: px(d) - 5, right: px(d) + 5, top: py(d) - 5, bottom: py(d) + 5 }));
  const placed = placeLabels(
    front.map((d) => ({ x: px(d), y: py(d), width: textWidth(text(d)) + 6, height: 14 })),
    [...points, ...lines],
    { left: marginLeft, right: width, top: 0, bottom: height - marginBottom },
    8,
  );
  const labels = front.map((d, i) => ({ ...d, lx: x.invert!(placed[i].x) as number, ly: y.invert!(placed[i].y) as number, anchor: placed[i].anchor }));
  return Plot.plot({
    document: o.document,
    width,
    height,
    marginLeft,
    marginRight,
    marginTop,
    marginBottom,
    style: CHART_STYLE,
    x: { domain: inPercent(x.domain as number[], axes.percentX), label: `${name(axes.x)}${axes.percentX ? ' (%)' : ''}`, labelAnchor: 'center', labelOffset: 38, percent: axes.percentX === true, grid: true },
    y: { domain: inPercent(y.domain as number[], axes.percentY), label: `${name(axes.y)}${axes.percentY ? ' (%)' : ''}`, percent: axes.percentY === true, grid: true, insetTop, insetBottom },
    color: axes.by ? { legend: false } : undefined,
    marks: [
      Plot.dot(data.filter((r) => !r.frontier), { x: 'x', y: 'y', r: 2, fill: '#bbb', ariaDescription: 'tried', title: (d: (typeof data)[number]) => `${yi(d.y)}: P ${probabilityText(d.probability)}` }),
      Plot.line(front, { x: 'x', y: 'y', z: 'by', stroke: axes.by ? 'by' : '#e15759', strokeWidth: 2, ariaDescription: 'frontier' }),
      Plot.dot(front, { x: 'x', y: 'y', r: 4, fill: axes.by ? 'by' : '#e15759', ariaDescription: 'frontier-point' }),
      ...(['start', 'middle', 'end'] as const).map((anchor) =>
        Plot.text(labels.filter((d) => d.anchor === anchor), { x: 'lx', y: 'ly', text, textAnchor: anchor, fill: '#333', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke', ariaDescription: 'label' }),
      ),
    ],
  });
}

/** A domain as Plot's `percent` option reads it: in percent, since the option multiplies the values by 100. */
const inPercent = (domain: number[], percent?: boolean) => (percent ? domain.map((v) => v * 100) : domain);
