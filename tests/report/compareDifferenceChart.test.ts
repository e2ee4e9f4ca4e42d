import { parseHTML } from 'linkedom';
import { expect, it } from 'vitest';
import type { CompareTargetRow } from '../../src/report/compareRows.ts';
import { compareDifferenceChart } from '../../src/report/compareChart.ts';

const doc = () => parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;

it('the difference chart\'s axis reaches past every interval: a whisker is not cut at the frame\'s edge', () => {
  // Dongguan's cut-off lowered in 2014 against the file, 500 runs (README): +3.6 points, Tango's interval +2.3 to +5.6;
  // the axis stopped at the interval's end, so the whisker ran into the frame and read as cut off.
  const t = { target: 'registered_rate>=0.165@2017', metric: 'registered_rate', year: 2017, op: '>=', value: 0.165, runs: 500, reference: 'base' };
  const rows: CompareTargetRow[] = [
    { ...t, scenario: 'base', met: 363, probability: 0.726, lower: 0.685, upper: 0.763, difference: NaN, differenceLower: NaN, differenceUpper: NaN },
    { ...t, scenario: 'cutoff', met: 381, probability: 0.762, lower: 0.723, upper: 0.797, difference: 0.036, differenceLower: 0.023, differenceUpper: 0.056 },
  ];
  const svg = compareDifferenceChart(rows, { lang: 'en', document: doc() }) as SVGSVGElement;
  const ticks = [...svg.querySelectorAll('g[aria-label="x-axis tick label"] text')].map((e) => Number(e.textContent));
  expect(ticks.length).toBeGreaterThan(2);
  // In points: the interval ends at 5.6, so the axis goes on to a round tick at least that far (6).
  expect(Math.max(...ticks)).toBeGreaterThanOrEqual(5.6);
});
