import * as Plot from '@observablehq/plot';
import { FONT_STACK, metricColor } from './chartStyle.ts';
import type { ChartOptions } from './fanChart.ts';
import { type Lang, label, metricName } from './labels.ts';
import type { SummaryRow } from './summaryRows.ts';
import { swatches } from './swatches.ts';

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
 * One capacity panel over the years: demand as a median line in a 90 % band,
 * supply (places, units) as a dark dashed line where the scenario limits it,
 * and the shortfall of the median demand over supply shaded red. Supply is
 * Infinity when a scenario sets no limit; it is then left out and the
 * legend says so, rather than drawing a line at the top of the chart.
 * Counts are shown in 万 (10,000) as the plans write them.
 *
 * @example
 * capacityChart(summaryRows(table), 'school', { lang: 'zh' });
 * // 义务教育学位需求 (median, band) against 公办义务教育学位
 */
export function capacityChart(summary: readonly SummaryRow[], panel: CapacityPanel, o: ChartOptions): SVGSVGElement | HTMLElement {
  const { demand, supply, shortage } = PANELS[panel];
  const demandRows = summary.filter((r) => r.metric === demand && Number.isFinite(r.p50));
  const supplyRows = supply ? summary.filter((r) => r.metric === supply && Number.isFinite(r.p50)) : [];
  const limited = supply !== null && supplyRows.length > 0;
  const share = panel === 'share';
  const scale = share ? 1 : 1e4;
  const v = (k: keyof SummaryRow) => (d: SummaryRow) => (d[k] as number) / scale;
  const supplyAt = new Map(supplyRows.map((r) => [r.year, r.p50]));
  const gap = demandRows.filter((r) => supplyAt.has(r.year)).map((r) => ({ year: r.year, demand: r.p50 / scale, supply: Math.min(r.p50, supplyAt.get(r.year)!) / scale }));
  const width = o.width ?? 720;
  const legend = [
    { label: metricName(o.lang, demand), color: metricColor(demand) },
    ...(supply ? [{ label: limited ? metricName(o.lang, supply) : `${metricName(o.lang, supply)}: ${label(o.lang, 'noLimit')}`, color: limited ? '#222222' : '#bbbbbb' }] : []),
    ...(limited && shortage ? [{ label: `${metricName(o.lang, shortage)} (${label(o.lang, 'median')})`, color: SHORTAGE }] : []),
  ];
  return Plot.plot({
    document: o.document,
    width,
    height: o.height ?? 320,
    marginTop: 62,
    marginLeft: 60,
    style: { fontFamily: FONT_STACK, fontSize: '12px' },
    x: { label: label(o.lang, 'year'), tickFormat: 'd' },
    y: share ? { domain: [0, 100], percent: true, label: `${label(o.lang, 'share')} (%)`, grid: true } : { label: unitLabel(o.lang, panel), grid: true },
    marks: [
      ...swatches(legend, { top: 62, width: width - 80, y: 32 }),
      Plot.areaY(demandRows, { x: 'year', y1: v('p5'), y2: v('p95'), fill: metricColor(demand), fillOpacity: 0.18, ariaDescription: 'band-90' }),
      Plot.areaY(gap, { x: 'year', y1: 'supply', y2: 'demand', fill: SHORTAGE, fillOpacity: 0.35, ariaDescription: 'shortage' }),
      Plot.lineY(demandRows, { x: 'year', y: v('p50'), stroke: metricColor(demand), strokeWidth: 2, ariaDescription: 'demand' }),
      ...(limited ? [Plot.lineY(supplyRows, { x: 'year', y: v('p50'), stroke: '#222', strokeWidth: 2, strokeDasharray: '6,3', ariaDescription: 'supply' })] : []),
    ],
  });
}

function unitLabel(lang: Lang, panel: CapacityPanel): string {
  if (panel === 'school') return lang === 'zh' ? '学位（万个）' : 'places (10,000s)';
  return lang === 'zh' ? '住房（万套）' : 'units (10,000s)';
}
