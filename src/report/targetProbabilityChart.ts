import * as Plot from '@observablehq/plot';
import { probabilityText } from '../analysis/probabilityText.ts';
import { weighedCellText, percentOnRuns } from './batchMarks.ts';
import { CHART_STYLE, metricColor, textWidth } from './chartStyle.ts';
import type { ChartOptions } from './fanChart.ts';
import { label, targetName } from './labels.ts';
import { swatches } from './swatches.ts';
import { type TargetRow, byTargetOrder } from './targetRows.ts';

/**
 * One bar per target: the share of runs meeting it, with its 95 % Wilson
 * interval as a whisker and the percentage written at the bar's end; the
 * joint row (`all`) comes last, in grey. Targets are ordered by year, then
 * resident before registered, which is how plans list them. Rows of several
 * scenarios are shown as one panel per scenario. `same` (every run the same
 * projection: each target met in all runs or in none): no whisker, which
 * would show a Monte Carlo error there is none of (0–3.7 % on 100 runs).
 * A batch member answered weighed by its area's own figures (weighed.json,
 * {@link withWeighed}): under each target's bar an outlined bar of its
 * weighed probability, with its 95 % interval on its effective runs as a
 * whisker and its percentage (whole percent under 100 effective runs, as
 * the table gives it; for a target it gives none, words saying so), and a legend naming
 * both above the chart. Without a weighed probability the chart is as it
 * always was. Mark groups `weighed-probability` (bars), `weighed-probability-interval`,
 * `weighed-probability-label` and `weighed-none` are what tests count.
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
  const fy = faceted ? 'scenario' : undefined;
  const fill = (d: TargetRow) => (d.year === null ? '#777777' : metricColor(d.metric));
  const width = o.width ?? 720;
  // Room for the axis label under the tick labels, where it cannot run into "80" and "100".
  const marginBottom = 44;
  const marginLeft = 16 + Math.max(80, ...names.map((n) => textWidth(n)));
  // Room for the value at the bar's end ("100.0%"), and beyond it for each panel's scenario name.
  const marginRight = 58 + (faceted ? 10 + Math.max(...scenarios.map((n) => textWidth(n))) : 0);
  const weighed = rows.filter((r): r is Weighed => Number.isFinite(r.weighed?.probability));
  const split = weighed.length ? splitRows(names.length, scenarios.length, width - marginLeft - marginRight, marginBottom, o) : undefined;
  return Plot.plot({
    document: o.document,
    width,
    height: split?.height ?? o.height ?? 40 + 26 * names.length * scenarios.length + 44,
    marginTop: split?.marginTop,
    marginBottom,
    marginLeft,
    marginRight,
    style: CHART_STYLE,
    x: { domain: [0, 100], percent: true, label: `${label(o.lang, 'probability')} (%)`, labelAnchor: 'center', labelOffset: 38, grid: true },
    // Split rows share their panel's height: no padding between them, the gaps are the bars' insets.
    y: { domain: names, label: null, ...(split && { padding: 0 }) },
    fy: faceted ? { domain: scenarios, label: null } : undefined,
    marks: [
      ...(split ? split.legend.marks(split.marginTop) : []),
      // The plain bar: the whole row, or the upper half of a split one.
      Plot.barX(rows, { x: 'probability', y: 'name', fy, fill, insetTop: split?.edge, insetBottom: split && split.half + 1, ariaDescription: 'probability', title: (d: TargetRow) => targetName(o.lang, d) }),
      o.same ? null : Plot.ruleY(rows, { x1: 'lower', x2: 'upper', y: 'name', fy, dy: split && -split.shift, stroke: '#222', strokeWidth: 1.5, ariaDescription: 'interval' }),
      Plot.text(rows, {
        x: o.same ? 'probability' : 'upper',
        y: 'name',
        fy,
        dy: split && -split.shift,
        // One decimal: 99.9 % is not 100 %, and 0.4 % is not 0 %.
        text: (d: TargetRow) => probabilityText(d.probability),
        dx: 6,
        textAnchor: 'start',
        ariaDescription: 'probability-label',
      }),
      ...(split ? weighedMarks(rows, weighed, fy, fill, split.shift, split.half, split.edge, o) : []),
      Plot.ruleX([0]),
    ],
  });
}

/** A target row as the chart draws it: with its short name. */
type Named = TargetRow & { readonly name: string };
/** One with a weighed probability. */
type Weighed = Named & { readonly weighed: NonNullable<TargetRow['weighed']> };

/** Height of a target's row with its weighed bar under its plain one, px (26 for the plain bar alone). */
const WEIGHED_ROW = 44;

/**
 * Where some target has a weighed probability, each target's row is split in two: the plain bar (filled, as without
 * weighed ones) in its upper half, the weighed one in its lower half; a legend above says which is which. The legend,
 * the chart's top margin and height, and per row: `half` its height, `edge` the gap at its edge (between targets),
 * `shift` from its middle to the middle of each half's bar, px.
 */
function splitRows(targets: number, panels: number, frameWidth: number, marginBottom: number, o: ChartOptions) {
  const legend = swatches(
    [
      { label: label(o.lang, 'plainBars'), color: '#777777' },
      { label: label(o.lang, 'weighedColumn'), color: '#777777', hollow: true },
    ],
    // From the frame's left edge (the legend's marks are placed in the frame), over its width.
    { width: frameWidth },
  );
  const marginTop = legend.bottom + 12;
  const faceted = panels > 1;
  const height = o.height ?? marginTop + WEIGHED_ROW * targets * panels + (faceted ? 10 * panels : 0) + marginBottom;
  // The band of a target's row, px: y has no padding, so the rows of a panel share its height; panels (fy) keep Plot's
  // padding of 0.1 (a tenth of a panel's step between panels and at either end).
  const panel = faceted ? ((height - marginTop - marginBottom) / (panels + 0.1)) * 0.9 : height - marginTop - marginBottom;
  const band = panel / targets;
  // Each half of a row holds a bar, a gap at the row's edge and 1 px at its middle.
  const edge = Math.max(2, Math.round(band * 0.12));
  const half = band / 2;
  return { legend, marginTop, height, edge, half, shift: (half - edge + 1) / 2 };
}

/** The weighed bars in the lower halves of split rows: outlined, their own whisker and percentage; where none, words saying so. */
function weighedMarks(rows: readonly Named[], weighed: readonly Weighed[], fy: string | undefined, fill: (d: TargetRow) => string, shift: number, half: number, edge: number, o: ChartOptions): Plot.Markish[] {
  const title = (d: Weighed) => {
    const c = weighedCellText(o.lang, d.weighed);
    return o.lang === 'zh' ? `${targetName(o.lang, d)}：${label(o.lang, 'weighedColumn')} ${c.probability}${c.interval}` : `${targetName(o.lang, d)}: ${label(o.lang, 'weighedColumn')} ${c.probability} ${c.interval}`;
  };
  return [
    // White inside, outlined in the plain bar's colour, so that it reads as the same target's other answer.
    Plot.barX(weighed, { x: (d: Weighed) => d.weighed.probability, y: 'name', fy, fill: 'white', stroke: fill, strokeWidth: 1.5, insetTop: half + 1, insetBottom: edge, ariaDescription: 'weighed-probability', title }),
    Plot.ruleY(weighed, { x1: (d: Weighed) => d.weighed.lower, x2: (d: Weighed) => d.weighed.upper, y: 'name', fy, dy: shift, stroke: '#222', strokeWidth: 1.5, ariaDescription: 'weighed-probability-interval' }),
    Plot.text(weighed, {
      x: (d: Weighed) => (Number.isFinite(d.weighed.upper) ? d.weighed.upper : d.weighed.probability),
      y: 'name',
      fy,
      dy: shift,
      text: (d: Weighed) => percentOnRuns(d.weighed.probability, d.weighed.runs),
      dx: 6,
      textAnchor: 'start',
      ariaDescription: 'weighed-probability-label',
    }),
    // A target the answer gives no weighed probability for: said in words in its place, as the table beside says it.
    Plot.text(rows.filter((r) => !Number.isFinite(r.weighed?.probability)), { x: 0, y: 'name', fy, dy: shift, text: () => label(o.lang, 'weighedNone'), dx: 6, textAnchor: 'start', fill: '#555555', fontStyle: 'italic', ariaDescription: 'weighed-none' }),
  ];
}
