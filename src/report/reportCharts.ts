import { areaName, nameAmong } from './areaName.ts';
import { CAPACITY_PANELS, capacityApplies, capacityChart } from './capacityChart.ts';
import { batchFinding, capacityFinding, fanFinding, gapFinding, prccFinding, targetSources, targetsFinding, tornadoFinding, withArea } from './chartFindings.ts';
import { fanChart } from './fanChart.ts';
import { compareDifferenceChart, compareLevelsChart } from './compareChart.ts';
import { chanceDifferenceFinding, chanceFinding, compareLevelsNote, differenceFinding, findingYear, levelsFinding } from './compareFindings.ts';
import { frontierChart } from './frontierChart.ts';
import { swingChart, swingFinding } from './swingChart.ts';
import { type Lang, label, metricName } from './labels.ts';
import { pilotsChart } from './pilotsChart.ts';
import { inTableOrder, weighedChart, weighedChartNote, weighedFinding } from './weighedChart.ts';
import { variableUses } from './parameterNames.ts';
import { prccChart } from './prccChart.ts';
import type { OutputFolder } from './readOutputFolder.ts';
import type { DrawChart } from './renderSvg.ts';
import { tornadoRows } from './sensitivityRows.ts';
import { solveCurveChart } from './solveCurveChart.ts';
import { shownInPercent } from './shownInPercent.ts';
import { everyRunSame } from '../analysis/everyRunSame.ts';
import { priced } from '../analysis/effectsText.ts';
import { frontierFinding, solveFinding } from './solveFindings.ts';
import { targetProbabilityChart } from './targetProbabilityChart.ts';
import { tornadoChart } from './tornadoChart.ts';
import { actingSwing } from './actingSwing.ts';
import { gainChart, gainChartNote, gainFinding } from './gainChart.ts';

/** One chart of a report: a file name stem, a title that states the finding, how to read it, where its figures come from, and how to draw it. */
export interface ReportChart {
  readonly id: string;
  readonly title: string;
  readonly note: string;
  /** Where the plan figures drawn come from (targets' seed lines), if any. */
  readonly source?: string;
  /** The title already names what the chart is about (a comparison's base and variants): exported alone, it needs no subject in front. */
  readonly namesSubject?: boolean;
  /** A batch's weighed scenarios' charts (`weighed`): the page puts them after its table, under their own heading. */
  readonly group?: 'weighed';
  readonly draw: DrawChart;
}

/**
 * The charts of a report on an output folder, in reading order, each titled
 * with what it shows. A run gets the fan chart of both rates with targets
 * (then, for a batch's member answered weighed by its area's own figures,
 * weighed.json, its weighed intervals beside the plain band), the gap, the
 * target probabilities (when the scenario has targets) and the capacity
 * panels — the migrant children's public-school share only where it varies
 * (without a school-places limit it is the policy's constant, and the report
 * says so in words instead, see {@link reportOmissions}) — and, with a
 * registered-rate target, the registered rate's gain by source
 * (registered_gain.arrow; a folder without one says so instead); a batch
 * gets the chart of all its scenarios' target probabilities, named after the
 * batch; a sensitivity analysis its tornado chart of Sobol' indices, its
 * PRCC bars and the metric at each input's lowest and highest values (levers
 * starred, with their values); a solve the probability curve of its lever.
 *
 * @example
 * reportCharts(readOutputFolder('out/dalian'), 'zh').map((c) => c.id);
 * // ['fan', 'gap', 'targets', 'gain', 'school', 'housing']
 */
export function reportCharts(f: OutputFolder, lang: Lang): ReportChart[] {
  if (f.kind === 'sensitivity') {
    const tornado = tornadoRows(f.rows);
    const uses = variableUses(f.meta.scenario);
    const swing = f.swing && actingSwing(f.swing, f.rows);
    return [
      {
        id: 'tornado',
        title: tornadoFinding(lang, tornado, f.meta.metric, f.meta.year, uses) || label(lang, 'tornadoTitle'),
        note: f.meta.levers?.length ? `${label(lang, 'readTornado')} ${label(lang, 'leverStar')}` : label(lang, 'readTornado'),
        draw: (document) => tornadoChart(tornado, { lang, document, uses, levers: (f.meta.levers ?? []).map((l) => l.lever) }),
      },
      { id: 'prcc', title: prccFinding(lang, f.rows, uses) || label(lang, 'prccTitle'), note: label(lang, 'readPrcc'), draw: (document) => prccChart(f.rows, { lang, document, uses }) },
      ...(swing?.length
        ? [{ id: 'swing', title: swingFinding(lang, swing, f.meta.metric, f.meta.year, uses, f.meta.scenario.percentVariables) || label(lang, 'swingTitle'), note: label(lang, 'readSwing'), draw: (document: Document) => swingChart(swing, f.meta.metric, { lang, document, uses, percentVariables: f.meta.scenario.percentVariables }) }]
        : []),
    ];
  }
  if (f.kind === 'solve') {
    const percent = shownInPercent(f.meta.lever, f.meta.scenario.percentVariables);
    const uses = variableUses(f.meta.scenario);
    return [{ id: 'solve', title: solveFinding(lang, f.meta, f.curve, uses), note: label(lang, 'readSolve'), draw: (document) => solveCurveChart(f.curve, f.meta.probability, { lang, document, percent, uses }) }];
  }
  if (f.kind === 'frontier') {
    const grid = f.meta.levers.filter((l) => l.role === 'grid');
    const solved = f.meta.levers.find((l) => l.role === 'solved')!;
    const x = grid[0] ?? f.meta.levers.find((l) => l !== solved)!;
    const axes = { x: x.lever, y: solved.lever, by: grid[1]?.lever, percentX: shownInPercent(x.lever, f.meta.scenario.percentVariables), percentY: shownInPercent(solved.lever, f.meta.scenario.percentVariables) };
    const uses = variableUses(f.meta.scenario);
    // A cost the scenario sets, as urbsim solve prints it: 0 yuan where nobody settles, not left out as if unset.
    const costSet = priced(f.meta.scenario, f.meta.levers.map((l) => l.lever)).cost;
    return [{ id: 'frontier', title: frontierFinding(lang, f.meta, f.rows, uses), note: label(lang, 'readFrontier'), draw: (document) => frontierChart(f.rows, axes, { lang, document, uses, costSet }) }];
  }
  if (f.kind === 'compare') {
    // Variants by their area's name in Chinese, as the levers notebook names them.
    const named = (v: string) => nameAmong(lang, f.variants, v);
    const summary = f.summary.map((r) => ({ ...r, scenario: named(r.scenario) }));
    const targets = f.targets.map((t) => ({ ...t, scenario: named(t.scenario), reference: named(t.reference) }));
    const base = named(f.meta.reference);
    const year = findingYear(f.targets, f.meta.metric, f.meta.years);
    const paired = f.differences.filter((r) => r.year === year).map((r) => ({ ...r, variant: named(r.variant) }));
    const charts: ReportChart[] = [
      {
        id: 'compare-levels',
        title: differenceFinding(lang, base, paired, f.meta.metric, year) || levelsFinding(lang, summary.map((r) => ({ ...r, variant: r.scenario })), f.meta.metric, year),
        note: compareLevelsNote(lang, f.draws),
        draw: (document) => compareLevelsChart(summary, targets, f.meta.metric, { lang, document }),
      },
      ...(targets.length
        ? [
            { id: 'compare-targets', title: chanceFinding(lang, targets), note: label(lang, 'readTargets'), draw: (document: Document) => targetProbabilityChart(targets, { lang, document }) },
            {
              id: 'compare-differences',
              title: chanceDifferenceFinding(lang, base, targets) || label(lang, 'compareDifferenceTitle'),
              note: label(lang, 'readCompareDifference'),
              draw: (document: Document) => compareDifferenceChart(targets, { lang, document }),
            },
          ]
        : []),
    ];
    // A finding that names the base names the comparison ("Against dongguan, …"): no "dongguan and 2 more:" before it.
    return charts.map((c) => ({ ...c, namesSubject: c.title.includes(base) }));
  }
  if (f.kind === 'batch') {
    const names = new Map(f.members.map((m) => [m.name, areaName(lang, m)]));
    // Each weighed scenario's intervals, in the table's order (most reachable first), after the table on the page.
    const weighed = inTableOrder(f.weighed ?? [], f.targets);
    return [
      { id: fileStem(f.name), title: batchFinding(lang, f.targets), note: label(lang, 'readPilots'), draw: (document) => pilotsChart(f.targets, { lang, document, names }) },
      ...weighed.map((w): ReportChart => {
        const targets = f.targets.filter((t) => t.scenario === w.scenario);
        return {
          id: `weighed-${fileStem(w.scenario)}`,
          group: 'weighed',
          // The area in the title: the page shows several, each exported file one.
          title: withArea(lang, names.get(w.scenario) ?? w.scenario, weighedFinding(lang, w.summary, w.forecast)),
          namesSubject: true,
          note: weighedChartNote(lang, w.forecast),
          draw: (document) => weighedChart(w.summary, w.forecast, targets, { lang, document }),
        };
      }),
    ];
  }
  const source = targetSources(lang, f.meta.scenario.targets);
  const w = f.weighed;
  const charts: ReportChart[] = [
    { id: 'fan', title: fanFinding(lang, f.targets, f.summary), note: label(lang, 'readFan'), source, draw: (document) => fanChart(f.summary, f.targets, { lang, document }) },
    // A batch member answered weighed by its area's own figures (weighed.json): those intervals beside the plain band.
    ...(w ? [{ id: 'weighed', title: weighedFinding(lang, f.summary, w), note: weighedChartNote(lang, w), source, draw: (document: Document) => weighedChart(f.summary, w, f.targets, { lang, document }) }] : []),
    { id: 'gap', title: gapFinding(lang, f.summary) || label(lang, 'gapTitle'), note: label(lang, 'readGap'), draw: (document) => fanChart(f.summary, f.targets, { lang, document, metrics: ['rate_gap'], height: 300 }) },
  ];
  if (f.targets.length > 0) {
    // Every run the same projection: no whisker, as the page's table gives no interval.
    const same = everyRunSame(f.summary, f.meta.runs);
    // A batch member's targets weighed by its area's own figures (weighed.json) are drawn too: the note says how to read them.
    const weighed = f.targets.some((t) => Number.isFinite(t.weighed?.probability));
    const note = [label(lang, same ? 'readTargetsSame' : 'readTargets'), ...(weighed ? [label(lang, 'readTargetsWeighed')] : [])].join(lang === 'zh' ? '' : ' ');
    charts.push({ id: 'targets', title: targetsFinding(lang, f.targets), note, source, draw: (document) => targetProbabilityChart(f.targets, { lang, document, same }) });
  }
  // Where the registered rate's gain comes from (registered_gain.arrow): how much settlement, how much conversion in place.
  const gain = f.gain;
  if (gain?.years.length)
    charts.push({ id: 'gain', title: gainFinding(lang, gain) || label(lang, 'gainTitle'), note: gainChartNote(lang, gain), draw: (document) => gainChart(gain, { lang, document }) });
  for (const panel of CAPACITY_PANELS)
    if (capacityApplies(f.summary, panel).applies)
      charts.push({ id: panel, title: capacityFinding(lang, f.summary, panel), note: label(lang, panel === 'share' ? 'readShare' : 'readCapacity'), draw: (document) => capacityChart(f.summary, panel, { lang, document }) });
  return charts;
}

/**
 * What a report says in words instead of a chart: the registered gain's
 * split a folder of an older urbsim does not hold, and a panel with nothing to
 * draw (the public-school share that does not vary), with its finding.
 *
 * @example
 * reportOmissions(readOutputFolder('out/dalian'), 'en');
 * // [{ id: 'share', title: "Migrant children's share in public school", text: "Migrant children's public-school share is 100.0% in every run and year: …" }]
 */
export function reportOmissions(f: OutputFolder, lang: Lang): { id: string; title: string; text: string }[] {
  if (f.kind !== 'run') return [];
  // A folder of an urbsim before the split of the registered gain: said, rather than the section left out unexplained.
  const gain = f.gainMissing ? [{ id: 'gain', title: label(lang, 'gainTitle'), text: label(lang, 'gainMissing') }] : [];
  const text = capacityApplies(f.summary, 'share').applies ? '' : capacityFinding(lang, f.summary, 'share');
  return [...gain, ...(text ? [{ id: 'share', title: label(lang, 'shareTitle'), text }] : [])];
}

/** A batch's folder name as a file name stem: the chart file is named after the batch. */
const fileStem = (name: string) => name.replace(/[^\p{L}\p{N}._-]+/gu, '_') || 'batch';

/**
 * What a report is about, as its title and each exported chart's title name
 * it: the area (大连市 in Chinese), a batch by its folder, a comparison by
 * its reference's area and the number of variants.
 *
 * @example
 * reportSubject(readOutputFolder('out/compare-dongguan'), 'zh'); // '东莞市等 3 个方案'
 */
export function reportSubject(f: OutputFolder, lang: Lang): string {
  if (f.kind === 'batch') return f.name;
  if (f.kind === 'compare') return lang === 'zh' ? `${areaName(lang, f.variants[0])}等 ${f.variants.length} 个方案` : `${f.meta.reference} and ${f.variants.length - 1} more`;
  return areaName(lang, { name: f.name, city: f.meta.scenario.city, cityZh: f.cityZh });
}
