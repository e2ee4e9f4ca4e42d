import * as Plot from '@observablehq/plot';
import { FONT_STACK, metricColor } from './chartStyle.ts';
import type { ChartOptions } from './fanChart.ts';
import { label, metricName } from './labels.ts';
import type { TargetRow } from './targetRows.ts';
import { swatches } from './swatches.ts';

const SYMBOLS = ['circle', 'diamond', 'square', 'triangle', 'star', 'cross'];

/**
 * Every scenario of a batch in one chart: a row per scenario (pilot area),
 * a grey bar for the probability that all its targets are met, and a dot per
 * target, coloured by metric and shaped by target year. Rows are sorted by
 * the joint probability, then by the mean over targets, best first, so the
 * areas whose plans are out of reach sit at the bottom.
 *
 * @example
 * pilotsChart(targetRows(tableFromIPC(readFileSync('out/pilots/targets.arrow'))), { lang: 'zh' });
 */
export function pilotsChart(targets: readonly TargetRow[], o: ChartOptions): SVGSVGElement | HTMLElement {
  const joint = new Map<string, number>();
  const sum = new Map<string, [number, number]>();
  for (const t of targets) {
    if (t.year === null) joint.set(t.scenario, t.probability);
    else {
      const s = sum.get(t.scenario) ?? [0, 0];
      sum.set(t.scenario, [s[0] + t.probability, s[1] + 1]);
    }
  }
  const meanOf = (s: string) => {
    const [a, n] = sum.get(s) ?? [0, 0];
    return n ? a / n : 0;
  };
  const scenarios = [...new Set(targets.map((t) => t.scenario))].sort(
    (a, b) => (joint.get(b) ?? 0) - (joint.get(a) ?? 0) || meanOf(b) - meanOf(a) || a.localeCompare(b),
  );
  const single = targets.filter((t) => t.year !== null);
  const allRows = targets.filter((t) => t.year === null);
  const metrics = [...new Set(single.map((t) => t.metric))];
  const years = [...new Set(single.map((t) => t.year as number))].sort((a, b) => a - b);
  const symbolOf = (y: number) => SYMBOLS[years.indexOf(y) % SYMBOLS.length];
  const width = o.width ?? 720;
  const legend = [
    { label: label(o.lang, 'allTargets'), color: '#cccccc' },
    ...metrics.map((m) => ({ label: metricName(o.lang, m), color: metricColor(m), symbol: 'circle' })),
    ...years.map((y) => ({ label: String(y), color: '#555555', symbol: symbolOf(y) })),
  ];
  const top = 58;
  return Plot.plot({
    document: o.document,
    width,
    height: o.height ?? top + 60 + 16 * scenarios.length,
    marginTop: top,
    marginLeft: 130,
    style: { fontFamily: FONT_STACK, fontSize: '12px' },
    x: { domain: [0, 100], percent: true, grid: true },
    y: { domain: scenarios, label: null },
    symbol: { domain: years.map(symbolOf), range: years.map(symbolOf) },
    marks: [
      ...swatches(legend, { top, width: width - 140 }),
      // Ticks above the rows, for long lists; the axis label below, clear of the legend.
      Plot.axisX({ anchor: 'top', label: null }),
      Plot.axisX({ anchor: 'bottom', label: `${label(o.lang, 'probability')} (%)` }),
      Plot.barX(allRows, { x: 'probability', y: 'scenario', fill: '#cccccc', ariaDescription: 'joint', title: (d: TargetRow) => `${d.scenario}: ${(d.probability * 100).toFixed(0)}%` }),
      Plot.dot(single, {
        x: 'probability',
        y: 'scenario',
        stroke: (d: TargetRow) => metricColor(d.metric),
        symbol: (d: TargetRow) => symbolOf(d.year as number),
        r: 4,
        strokeWidth: 1.8,
        ariaDescription: 'target',
        title: (d: TargetRow) => `${d.scenario} ${d.year} ${metricName(o.lang, d.metric)}: ${(d.probability * 100).toFixed(0)}%`,
      }),
    ],
  });
}
