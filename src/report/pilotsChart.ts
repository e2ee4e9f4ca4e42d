import * as Plot from '@observablehq/plot';
import { probabilityText as percent } from '../analysis/probabilityText.ts';
import { CHART_STYLE, metricColor, textWidth } from './chartStyle.ts';
import type { ChartOptions } from './fanChart.ts';
import { label, metricName, targetName } from './labels.ts';
import type { TargetRow } from './targetRows.ts';
import { swatches } from './swatches.ts';

const SYMBOLS = ['circle', 'diamond', 'square', 'triangle', 'star', 'cross'];

/**
 * Every scenario of a batch in one chart: a row per scenario (pilot area),
 * a grey bar for the probability that all its targets are met, and a dot per
 * target, coloured by metric and shaped by target year. Rows are sorted by
 * the joint probability, then by the mean over targets, best first, so the
 * areas whose plans are out of reach sit at the bottom. `names` gives each
 * scenario's display name (the area's Chinese name in Chinese). The legend
 * takes as many rows as it needs above the top axis; the probability axis
 * is repeated below, its title centred under it.
 *
 * @example
 * pilotsChart(targetRows(tableFromIPC(readFileSync('out/pilots/targets.arrow'))), { lang: 'zh' });
 */
export function pilotsChart(targets: readonly TargetRow[], o: ChartOptions & { names?: ReadonlyMap<string, string> }): SVGSVGElement | HTMLElement {
  const scenarios = reachabilityOrder(targets);
  const shown = (s: string) => o.names?.get(s) ?? s;
  const colon = o.lang === 'zh' ? '：' : ': ';
  const single = targets.filter((t) => t.year !== null);
  const allRows = targets.filter((t) => t.year === null);
  const metrics = [...new Set(single.map((t) => t.metric))];
  const years = [...new Set(single.map((t) => t.year as number))].sort((a, b) => a - b);
  const symbolOf = (y: number) => SYMBOLS[years.indexOf(y) % SYMBOLS.length];
  const width = o.width ?? 720;
  const marginLeft = 16 + Math.max(60, ...scenarios.map((s) => textWidth(shown(s))));
  const marginRight = 24;
  const legend = swatches(
    [
      { label: label(o.lang, 'allTargets'), color: '#cccccc' },
      ...metrics.map((m) => ({ label: metricName(o.lang, m), color: metricColor(m), symbol: 'circle', hollow: true })),
      ...years.map((y) => ({ label: o.lang === 'zh' ? `${y}年` : String(y), color: '#555555', symbol: symbolOf(y), hollow: true })),
    ],
    { width: width - 20, y: 10, left: 10 - marginLeft },
  );
  const marginTop = legend.bottom + 28;
  return Plot.plot({
    document: o.document,
    width,
    height: o.height ?? marginTop + 56 + 16 * scenarios.length,
    marginTop,
    marginLeft,
    marginRight,
    marginBottom: 56,
    style: CHART_STYLE,
    x: { domain: [0, 100], grid: true },
    y: { domain: scenarios, label: null, tickFormat: shown },
    symbol: { domain: years.map(symbolOf), range: years.map(symbolOf) },
    marks: [
      ...legend.marks(marginTop),
      // Ticks above the rows, for long lists, and below with the axis title centred under them.
      Plot.axisX({ anchor: 'top', label: null }),
      Plot.axisX({ anchor: 'bottom', label: `${label(o.lang, 'probability')} (%)`, labelAnchor: 'center', labelOffset: 40 }),
      Plot.barX(allRows, { x: (d: TargetRow) => d.probability * 100, y: 'scenario', fill: '#cccccc', ariaDescription: 'joint', title: (d: TargetRow) => `${shown(d.scenario)}${colon}${label(o.lang, 'allTargets')} ${percent(d.probability)}` }),
      Plot.dot(single, {
        x: (d: TargetRow) => d.probability * 100,
        y: 'scenario',
        stroke: (d: TargetRow) => metricColor(d.metric),
        symbol: (d: TargetRow) => symbolOf(d.year as number),
        r: 4,
        strokeWidth: 1.8,
        ariaDescription: 'target',
        title: (d: TargetRow) => `${shown(d.scenario)}${colon}${targetName(o.lang, d)} ${percent(d.probability)}`,
      }),
    ],
  });
}

/**
 * The scenarios of a batch's targets, most reachable first: by the
 * probability that all their targets are met together, then by the mean
 * probability over their targets, then by name.
 *
 * @example
 * reachabilityOrder(targetRows(table)); // ['shanghai_jinshan', 'geermu', 'ningbo', …]
 */
export function reachabilityOrder(targets: readonly TargetRow[]): string[] {
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
  return [...new Set(targets.map((t) => t.scenario))].sort((a, b) => (joint.get(b) ?? 0) - (joint.get(a) ?? 0) || meanOf(b) - meanOf(a) || a.localeCompare(b));
}
