import { CAPACITY_PANELS, capacityChart } from './capacityChart.ts';
import { fanChart } from './fanChart.ts';
import { type Lang, label } from './labels.ts';
import { pilotsChart } from './pilotsChart.ts';
import type { BatchFolder, RunFolder } from './readOutputFolder.ts';
import type { DrawChart } from './renderSvg.ts';
import { targetProbabilityChart } from './targetProbabilityChart.ts';

/** One chart of a report: a file name stem, a heading, how to read it, and how to draw it. */
export interface ReportChart {
  readonly id: string;
  readonly title: string;
  readonly note: string;
  readonly draw: DrawChart;
}

/**
 * The charts of a report on an output folder, in reading order. A run gets
 * the fan chart of both rates with targets, the gap, the target
 * probabilities (when the scenario has targets) and the three capacity
 * panels; a batch gets the chart of all its scenarios' target probabilities.
 *
 * @example
 * reportCharts(readOutputFolder('out/dalian'), 'zh').map((c) => c.id);
 * // ['fan', 'gap', 'targets', 'school', 'share', 'housing']
 */
export function reportCharts(f: RunFolder | BatchFolder, lang: Lang): ReportChart[] {
  if (f.kind === 'batch')
    return [{ id: 'pilots', title: label(lang, 'pilotsTitle'), note: label(lang, 'readTargets'), draw: (document) => pilotsChart(f.targets, { lang, document }) }];
  const charts: ReportChart[] = [
    { id: 'fan', title: label(lang, 'fanTitle'), note: label(lang, 'readFan'), draw: (document) => fanChart(f.summary, f.targets, { lang, document }) },
    { id: 'gap', title: label(lang, 'gapTitle'), note: label(lang, 'readFan'), draw: (document) => fanChart(f.summary, f.targets, { lang, document, metrics: ['rate_gap'], height: 300 }) },
  ];
  if (f.targets.length > 0)
    charts.push({ id: 'targets', title: label(lang, 'targetsTitle'), note: label(lang, 'readTargets'), draw: (document) => targetProbabilityChart(f.targets, { lang, document }) });
  const titles = { school: label(lang, 'schoolTitle'), share: label(lang, 'shareTitle'), housing: label(lang, 'housingTitle') };
  for (const panel of CAPACITY_PANELS)
    charts.push({ id: panel, title: titles[panel], note: label(lang, 'readCapacity'), draw: (document) => capacityChart(f.summary, panel, { lang, document }) });
  return charts;
}
