import { CAPACITY_PANELS, capacityChart } from './capacityChart.ts';
import { fanChart } from './fanChart.ts';
import { type Lang, label } from './labels.ts';
import { PARAMETERS } from '../scenario/parameterKeys.ts';
import { pilotsChart } from './pilotsChart.ts';
import { prccChart } from './prccChart.ts';
import type { OutputFolder } from './readOutputFolder.ts';
import type { DrawChart } from './renderSvg.ts';
import { tornadoRows } from './sensitivityRows.ts';
import { solveCurveChart } from './solveCurveChart.ts';
import { targetProbabilityChart } from './targetProbabilityChart.ts';
import { tornadoChart } from './tornadoChart.ts';

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
 * panels; a batch gets the chart of all its scenarios' target probabilities;
 * a sensitivity analysis its tornado chart of Sobol' indices and its PRCC
 * bars; a solve the probability curve of its lever.
 *
 * @example
 * reportCharts(readOutputFolder('out/dalian'), 'zh').map((c) => c.id);
 * // ['fan', 'gap', 'targets', 'school', 'share', 'housing']
 */
export function reportCharts(f: OutputFolder, lang: Lang): ReportChart[] {
  if (f.kind === 'sensitivity')
    return [
      { id: 'tornado', title: label(lang, 'tornadoTitle'), note: label(lang, 'readTornado'), draw: (document) => tornadoChart(tornadoRows(f.rows), { lang, document }) },
      { id: 'prcc', title: label(lang, 'prccTitle'), note: label(lang, 'readPrcc'), draw: (document) => prccChart(f.rows, { lang, document }) },
    ];
  if (f.kind === 'solve') {
    const percent = isRateLever(f.meta.lever);
    return [{ id: 'solve', title: label(lang, 'solveTitle'), note: label(lang, 'readSolve'), draw: (document) => solveCurveChart(f.curve, f.meta.probability, { lang, document, percent }) }];
  }
  if (f.kind === 'batch')
    return [{ id: 'pilots', title: label(lang, 'pilotsTitle'), note: label(lang, 'readPilots'), draw: (document) => pilotsChart(f.targets, { lang, document }) }];
  const charts: ReportChart[] = [
    { id: 'fan', title: label(lang, 'fanTitle'), note: label(lang, 'readFan'), draw: (document) => fanChart(f.summary, f.targets, { lang, document }) },
    { id: 'gap', title: label(lang, 'gapTitle'), note: label(lang, 'readGap'), draw: (document) => fanChart(f.summary, f.targets, { lang, document, metrics: ['rate_gap'], height: 300 }) },
  ];
  if (f.targets.length > 0)
    charts.push({ id: 'targets', title: label(lang, 'targetsTitle'), note: label(lang, 'readTargets'), draw: (document) => targetProbabilityChart(f.targets, { lang, document }) });
  const titles = { school: label(lang, 'schoolTitle'), share: label(lang, 'shareTitle'), housing: label(lang, 'housingTitle') };
  for (const panel of CAPACITY_PANELS)
    charts.push({ id: panel, title: titles[panel], note: label(lang, panel === 'share' ? 'readShare' : 'readCapacity'), draw: (document) => capacityChart(f.summary, panel, { lang, document }) });
  return charts;
}

/** Whether a lever is a rate (shown in percent). */
function isRateLever(lever: string): boolean {
  return (PARAMETERS as Record<string, { unit: string } | undefined>)[lever]?.unit === 'rate';
}
