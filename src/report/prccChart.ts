import * as Plot from '@observablehq/plot';
import { CHART_STYLE, textWidth } from './chartStyle.ts';
import { parameterName } from './parameterNames.ts';
import type { ChartOptions } from './fanChart.ts';
import { type Lang, label } from './labels.ts';
import type { SensitivityIndexRow } from './sensitivityRows.ts';
import { minus, rangeText } from './rangeText.ts';

/**
 * Partial rank correlation of each input with the metric, as bars from 0
 * (blue when the metric rises with the input, orange when it falls), largest
 * |PRCC| on top, with the interval as a whisker. Mark groups: `prcc`,
 * `interval`.
 *
 * @example
 * prccChart(sensitivityRows(table), { lang: 'en' });
 */
export function prccChart(rows: readonly SensitivityIndexRow[], o: ChartOptions): SVGSVGElement | HTMLElement {
  const sorted = rows.filter((r) => r.index === 'prcc').sort((a, b) => Math.abs(b.estimate) - Math.abs(a.estimate) || a.parameter.localeCompare(b.parameter));
  const name = (p: string) => parameterName(o.lang, p, o.uses);
  return Plot.plot({
    document: o.document,
    width: o.width ?? 720,
    height: o.height ?? 74 + 28 * sorted.length,
    marginLeft: 16 + Math.max(80, ...sorted.map((r) => textWidth(name(r.parameter)))),
    marginRight: 24,
    marginBottom: 44,
    style: CHART_STYLE,
    x: { labelOffset: 38, labelAnchor: 'center', domain: [-1, 1], label: label(o.lang, 'prcc'), grid: true },
    y: { domain: sorted.map((r) => r.parameter), label: null, tickFormat: name },
    marks: [
      Plot.barX(sorted, { x: 'estimate', y: 'parameter', fill: (d: SensitivityIndexRow) => (d.estimate >= 0 ? '#4e79a7' : '#f28e2b'), ariaDescription: 'prcc' }),
      Plot.ruleY(sorted, { x1: 'lower', x2: 'upper', y: 'parameter', stroke: '#222', ariaDescription: 'interval' }),
      Plot.ruleX([0]),
      // In a page (no document given), a tooltip per input, as the other charts have.
      ...(o.document === undefined ? [Plot.tip(sorted, Plot.pointerY({ x: 'estimate', y: 'parameter', title: (d: SensitivityIndexRow) => prccTip(o.lang, name(d.parameter), d) }))] : []),
    ],
  });
}

/** A PRCC tooltip: the input, its coefficient (signed) with the interval, to two decimals. */
function prccTip(lang: Lang, name: string, d: SensitivityIndexRow): string {
  const v = (x: number) => (Number.isFinite(x) ? minus(`${x > 0 ? '+' : ''}${x.toFixed(2)}`) : '–');
  return lang === 'zh'
    ? `${name}\n${label(lang, 'prcc')} ${v(d.estimate)}（95% 区间 ${rangeText(lang, v(d.lower), v(d.upper))}）`
    : `${name}\n${label(lang, 'prcc')} ${v(d.estimate)} (95% interval ${rangeText(lang, v(d.lower), v(d.upper))})`;
}
