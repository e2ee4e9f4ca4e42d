import * as Plot from '@observablehq/plot';
import { CHART_STYLE } from './chartStyle.ts';
import type { ChartOptions } from './fanChart.ts';
import { label } from './labels.ts';
import { parameterName } from './parameterNames.ts';
import type { SolveRow } from './solveRows.ts';
import { withNote } from './withNote.ts';

/**
 * The probability curve of a solve: each lever value evaluated, its
 * probability of meeting the target(s) with the 95 % Wilson interval, joined
 * in order of value; the probability asked as a dashed line and the answer
 * as a diamond. Rates (`percent`) are shown in percent on the x axis. Mark
 * groups: `curve`, `probability`, `interval`, `required`, `answer`.
 *
 * @example
 * solveCurveChart(solveRows(table), 0.8, { lang: 'en', percent: false });
 */
export function solveCurveChart(rows: readonly SolveRow[], required: number, o: ChartOptions & { percent?: boolean }): SVGSVGElement | HTMLElement {
  const sorted = [...rows].sort((a, b) => a.x - b.x);
  const lever = sorted[0]?.lever ?? '';
  return Plot.plot({
    document: o.document,
    width: o.width ?? 720,
    height: o.height ?? 380,
    marginLeft: 60,
    marginRight: 30,
    marginBottom: 44,
    style: CHART_STYLE,
    x: { labelOffset: 38, labelAnchor: 'center', label: withNote(o.lang, parameterName(o.lang, lever, o.uses), label(o.lang, 'leverValue')), percent: o.percent === true, grid: true },
    y: { domain: [0, 100], percent: true, label: `${label(o.lang, 'probability')} (%)`, grid: true },
    marks: [
      Plot.ruleY([required], { stroke: '#e15759', strokeDasharray: '5,4', ariaDescription: 'required' }),
      Plot.line(sorted, { x: 'x', y: 'probability', stroke: '#4e79a7', ariaDescription: 'curve' }),
      Plot.ruleX(sorted, { x: 'x', y1: 'lower', y2: 'upper', stroke: '#4e79a7', strokeOpacity: 0.6, ariaDescription: 'interval' }),
      Plot.dot(sorted, { x: 'x', y: 'probability', fill: '#4e79a7', r: 3, ariaDescription: 'probability' }),
      Plot.dot(sorted.filter((r) => r.answer), { x: 'x', y: 'probability', symbol: 'diamond', r: 7, fill: '#e15759', stroke: 'white', ariaDescription: 'answer' }),
    ],
  });
}
