import * as Plot from '@observablehq/plot';
import { CHART_STYLE, textWidth } from './chartStyle.ts';
import { parameterName } from './parameterNames.ts';
import type { ChartOptions } from './fanChart.ts';
import { type Lang, label } from './labels.ts';
import { swatches } from './swatches.ts';
import { minus, rangeText } from './rangeText.ts';

/** Variance-based sensitivity of one output to one input, with the interval of the total index. */
export interface SensitivityRow {
  readonly parameter: string;
  /** First-order index S_i. */
  readonly first: number;
  /** Total index ST_i. */
  readonly total: number;
  /** Interval of the total index (bootstrap). */
  readonly lower: number;
  readonly upper: number;
}

/**
 * A tornado chart of Sobol' indices: one row per input, longest total index
 * on top; the pale bar is the total index, the dark bar inside it the
 * first-order part, the whisker the interval of the total. The distance
 * between the two bars is what the input does through interactions.
 * Estimates slightly below 0 are drawn as they are, so that too few runs
 * show up as wide whiskers rather than being hidden. Inputs named in
 * `levers` (policy levers ranked over a range) are starred.
 *
 * @example
 * tornadoChart([{ parameter: 'migrant_settle_rate', first: 0.61, total: 0.66, lower: 0.58, upper: 0.74 }, …], { lang: 'en' });
 */
export function tornadoChart(rows: readonly SensitivityRow[], o: ChartOptions & { levers?: readonly string[] }): SVGSVGElement | HTMLElement {
  const sorted = [...rows].sort((a, b) => b.total - a.total);
  const width = o.width ?? 720;
  const hi = Math.max(1, ...sorted.map((r) => r.upper).filter(Number.isFinite));
  const lo = Math.min(0, ...sorted.map((r) => Math.min(r.first, r.lower)).filter(Number.isFinite));
  // Policy levers ranked over a range (sensitivity --lever) are starred, as in the swing chart.
  const name = (p: string) => `${parameterName(o.lang, p, o.uses)}${o.levers?.includes(p) ? ' ★' : ''}`;
  const marginLeft = 16 + Math.max(80, ...sorted.map((r) => textWidth(name(r.parameter))));
  const legend = swatches(
    [
      { label: label(o.lang, 'sobolTotal'), color: '#a0cbe8' },
      { label: label(o.lang, 'sobolFirst'), color: '#4e79a7' },
      { label: label(o.lang, 'interval'), color: '#222222', symbol: 'line' },
    ],
    { width: width - 20, left: 10 - marginLeft, y: 10 },
  );
  const marginTop = legend.bottom + 14;
  return Plot.plot({
    document: o.document,
    width,
    height: o.height ?? marginTop + 54 + 28 * sorted.length,
    marginTop,
    marginLeft,
    marginRight: 24,
    marginBottom: 44,
    style: CHART_STYLE,
    x: { labelOffset: 38, labelAnchor: 'center', domain: [lo, hi], label: label(o.lang, 'sobolIndex'), grid: true },
    y: { domain: sorted.map((r) => r.parameter), label: null, tickFormat: name },
    marks: [
      ...legend.marks(marginTop),
      Plot.barX(sorted, { x: 'total', y: 'parameter', fill: '#a0cbe8', ariaDescription: 'total' }),
      Plot.barX(sorted, { x: 'first', y: 'parameter', fill: '#4e79a7', insetTop: 6, insetBottom: 6, ariaDescription: 'first' }),
      Plot.ruleY(sorted, { x1: 'lower', x2: 'upper', y: 'parameter', stroke: '#222', ariaDescription: 'interval' }),
      Plot.ruleX([0]),
      // In a page (no document given), a tooltip per input, as the other charts have.
      ...(o.document === undefined ? [Plot.tip(sorted, Plot.pointerY({ x: 'total', y: 'parameter', title: (d: SensitivityRow) => tornadoTip(o.lang, name(d.parameter), d) }))] : []),
    ],
  });
}

/** A tornado tooltip: the input, its total index with the interval, its first-order index, to two decimals. */
function tornadoTip(lang: Lang, name: string, d: SensitivityRow): string {
  const v = (x: number) => (Number.isFinite(x) ? minus(x.toFixed(2)) : '–');
  return lang === 'zh'
    ? `${name}\n${label(lang, 'sobolTotal')} ${v(d.total)}（95% 区间 ${rangeText(lang, v(d.lower), v(d.upper))}）\n${label(lang, 'sobolFirst')} ${v(d.first)}`
    : `${name}\n${label(lang, 'sobolTotal')} ${v(d.total)} (95% interval ${rangeText(lang, v(d.lower), v(d.upper))})\n${label(lang, 'sobolFirst')} ${v(d.first)}`;
}
