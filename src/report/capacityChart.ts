import * as Plot from '@observablehq/plot';
import { CHART_STYLE, metricColor, yearTicks } from './chartStyle.ts';
import type { ChartOptions } from './fanChart.ts';
import { type Lang, label, metricName } from './labels.ts';
import type { SummaryRow } from './summaryRows.ts';
import { swatches } from './swatches.ts';
import { withNote } from './withNote.ts';

const SHORTAGE = '#e15759';

/** The three capacity panels: school places, migrant children in public school, public housing. */
export type CapacityPanel = 'school' | 'share' | 'housing';
export const CAPACITY_PANELS: readonly CapacityPanel[] = ['school', 'share', 'housing'];

const PANELS: Readonly<Record<CapacityPanel, { demand: string; supply: string | null; shortage: string | null }>> = {
  school: { demand: 'school_demand', supply: 'school_places', shortage: 'school_shortage' },
  share: { demand: 'migrant_children_public_share', supply: null, shortage: null },
  housing: { demand: 'housing_demand', supply: 'housing_units', shortage: 'housing_shortage' },
};

/**
 * One capacity panel over the years: demand as a median line in its 90 %
 * band, supply (places, units) as a dark dashed line where the scenario
 * limits it, and the shortfall of the median demand over supply shaded red.
 * A supply without limit (null in summary.arrow; Infinity from an older
 * urbsim) is not drawn and has no legend entry: say so in the title or
 * text ({@link capacityFinding}). Counts are in 万 (10,000) as the plans
 * write them. Mark groups: `band-90`, `demand`, `supply`, `shortage`.
 *
 * @example
 * capacityChart(summaryRows(table), 'school', { lang: 'zh' });
 * // 义务教育学位需求 (median, band) against 公办义务教育学位
 */
export function capacityChart(summary: readonly SummaryRow[], panel: CapacityPanel, o: ChartOptions): SVGSVGElement | HTMLElement {
  const { demand, supply, shortage } = PANELS[panel];
  const demandRows = summary.filter((r) => r.metric === demand && Number.isFinite(r.p50));
  const supplyRows = supply ? summary.filter((r) => r.metric === supply && Number.isFinite(r.p50)) : [];
  const limited = supplyRows.length > 0;
  const share = panel === 'share';
  const k = share ? 100 : 1e-4;
  const v = (key: keyof SummaryRow) => (d: SummaryRow) => (d[key] as number) * k;
  const supplyAt = new Map(supplyRows.map((r) => [r.year, r.p50]));
  const gap = demandRows.filter((r) => supplyAt.has(r.year)).map((r) => ({ year: r.year, demand: r.p50 * k, supply: Math.min(r.p50, supplyAt.get(r.year)!) * k }));
  const width = o.width ?? 720;
  const color = metricColor(demand);
  const marginLeft = 50;
  const marginRight = 24;
  const legend = swatches(
    [
      { label: metricName(o.lang, demand), color, symbol: 'line' },
      { label: label(o.lang, 'band90Runs'), color, opacity: 0.35 },
      ...(limited && supply ? [{ label: metricName(o.lang, supply), color: '#222222', symbol: 'line', dash: '4,2' }] : []),
      // The shortage's swatch only where there is one to see: in a run whose median demand stays within the places or
      // units, the legend named a red area the chart does not have.
      ...(limited && shortage && gap.some((g) => g.demand > g.supply) ? [{ label: withNote(o.lang, metricName(o.lang, shortage), label(o.lang, 'median')), color: SHORTAGE, opacity: 0.6 }] : []),
    ],
    // Below the y-axis title, which Plot puts at the very top.
    { width: width - marginLeft - 10, y: 28 },
  );
  const marginTop = legend.bottom + 12;
  const years = demandRows.map((r) => r.year);
  return Plot.plot({
    document: o.document,
    width,
    height: o.height ?? 320,
    marginTop,
    marginLeft,
    marginRight,
    style: CHART_STYLE,
    x: { label: null, ticks: yearTicks(Math.min(...years), Math.max(...years), width - marginLeft - marginRight), tickFormat: 'd' },
    y: share ? { domain: [0, 100], label: `${label(o.lang, 'share')} (%)`, grid: true } : { label: unitLabel(o.lang, panel), grid: true, nice: true },
    marks: [
      ...legend.marks(marginTop),
      Plot.areaY(demandRows, { x: 'year', y1: v('p5'), y2: v('p95'), fill: color, fillOpacity: 0.18, ariaDescription: 'band-90' }),
      Plot.areaY(gap, { x: 'year', y1: 'supply', y2: 'demand', fill: SHORTAGE, fillOpacity: 0.35, ariaDescription: 'shortage' }),
      Plot.lineY(demandRows, { x: 'year', y: v('p50'), stroke: color, strokeWidth: 2, ariaDescription: 'demand' }),
      ...(limited ? [Plot.lineY(supplyRows, { x: 'year', y: v('p50'), stroke: '#222', strokeWidth: 2, strokeDasharray: '6,3', ariaDescription: 'supply' })] : []),
      // In a page (no document given), a tooltip as the fan charts have: year, median, p5–p95 and the supply that year.
      ...(o.document === undefined ? [Plot.tip(demandRows, Plot.pointer({ x: 'year', y: v('p50'), title: (d: SummaryRow) => capacityTip(o.lang, d, supplyAt.get(d.year), share) }))] : []),
    ],
  });
}

/**
 * Whether a capacity panel has anything to show: the migrant children's
 * public-school share is a flat line when it does not vary at all (no school
 * places limit: every permitted child is seated, so the share is the
 * policy's access share in every run and year), and then the constant is
 * said in words instead of drawn. School and housing always apply.
 *
 * @example
 * capacityApplies(rows, 'share'); // { applies: false, constant: 1 } for Dalian without a limit
 */
export function capacityApplies(summary: readonly SummaryRow[], panel: CapacityPanel): { applies: boolean; constant?: number } {
  if (panel !== 'share') return { applies: true };
  const rows = summary.filter((r) => r.metric === 'migrant_children_public_share' && Number.isFinite(r.p50));
  if (rows.length === 0) return { applies: false };
  const c = rows[0].p50;
  const flat = rows.every((r) => Math.abs(r.p5 - c) < 1e-9 && Math.abs(r.p95 - c) < 1e-9);
  return flat ? { applies: false, constant: c } : { applies: true };
}

function unitLabel(lang: Lang, panel: CapacityPanel): string {
  if (panel === 'school') return lang === 'zh' ? '学位（万个）' : 'places (10,000s)';
  return lang === 'zh' ? '住房（万套）' : 'units (10,000s)';
}

/** A capacity tooltip: the year (no thousands separator), demand's median and p5–p95, and the supply where it is limited; counts in 万, shares in percent, to one decimal. */
function capacityTip(lang: Lang, d: SummaryRow, supply: number | undefined, share: boolean): string {
  const v = (x: number) => (share ? `${(100 * x).toFixed(1)}%` : `${(x / 1e4).toFixed(1)}万`);
  const name = metricName(lang, d.metric);
  const lines =
    lang === 'zh'
      ? [`${d.year}年`, name, `中位数 ${v(d.p50)}`, `90% 的模拟在 ${v(d.p5)} 至 ${v(d.p95)} 之间`, ...(supply === undefined ? [] : [`供给 ${v(supply)}`])]
      : [`${d.year}`, name, `median ${v(d.p50)}`, `90% of runs between ${v(d.p5)} and ${v(d.p95)}`, ...(supply === undefined ? [] : [`supply ${v(supply)}`])];
  return lines.join('\n');
}
