import * as Plot from '@observablehq/plot';
import { CHART_STYLE, metricColor, textWidth } from './chartStyle.ts';
import type { ChartOptions } from './fanChart.ts';
import { label, targetName } from './labels.ts';
import { type TargetRow, byTargetOrder } from './targetRows.ts';

/**
 * One bar per target: the share of runs meeting it, with its 95 % Wilson
 * interval as a whisker and the percentage written at the bar's end; the
 * joint row (`all`) comes last, in grey. Targets are ordered by year, then
 * resident before registered, which is how plans list them. Rows of several
 * scenarios are shown as one panel per scenario. `same` (every run the same
 * projection: each target met in all runs or in none): no whisker, which
 * would show a Monte Carlo error there is none of (0–3.7 % on 100 runs).
 *
 * @example
 * targetProbabilityChart(targetRows(table), { lang: 'en' });
 * // bars 'resident ≥ 71.4% in 2017' … 'all targets jointly'
 */
export function targetProbabilityChart(targets: readonly TargetRow[], o: ChartOptions & { same?: boolean }): SVGSVGElement | HTMLElement {
  const rows = [...targets].sort(byTargetOrder).map((t) => ({ ...t, name: targetName(o.lang, t, { short: true }) }));
  const names = [...new Set(rows.map((r) => r.name))];
  const scenarios = [...new Set(rows.map((r) => r.scenario))];
  const faceted = scenarios.length > 1;
  const fill = (d: TargetRow) => (d.year === null ? '#777777' : metricColor(d.metric));
  return Plot.plot({
    document: o.document,
    width: o.width ?? 720,
    height: o.height ?? 40 + 26 * names.length * scenarios.length + 44,
    // Room for the axis label under the tick labels, where it cannot run into "80" and "100".
    marginBottom: 44,
    marginLeft: 16 + Math.max(80, ...names.map((n) => textWidth(n))),
    // Room for the value at the bar's end ("100.0%"), and beyond it for each panel's scenario name.
    marginRight: 58 + (faceted ? 10 + Math.max(...scenarios.map((n) => textWidth(n))) : 0),
    style: CHART_STYLE,
    x: { domain: [0, 100], percent: true, label: `${label(o.lang, 'probability')} (%)`, labelAnchor: 'center', labelOffset: 38, grid: true },
    y: { domain: names, label: null },
    fy: faceted ? { domain: scenarios, label: null } : undefined,
    marks: [
      Plot.barX(rows, { x: 'probability', y: 'name', fy: faceted ? 'scenario' : undefined, fill, ariaDescription: 'probability', title: (d: TargetRow) => targetName(o.lang, d) }),
      o.same ? null : Plot.ruleY(rows, { x1: 'lower', x2: 'upper', y: 'name', fy: faceted ? 'scenario' : undefined, stroke: '#222', strokeWidth: 1.5, ariaDescription: 'interval' }),
      Plot.text(rows, {
        x: o.same ? 'probability' : 'upper',
        y: 'name',
        fy: faceted ? 'scenario' : undefined,
        // One decimal: 99.9 % is not 100 %, and 0.4 % is not 0 %.
        text: (d: TargetRow) => `${(d.probability * 100).toFixed(1)}%`,
        dx: 6,
        textAnchor: 'start',
        ariaDescription: 'probability-label',
      }),
      Plot.ruleX([0]),
    ],
  });
}
