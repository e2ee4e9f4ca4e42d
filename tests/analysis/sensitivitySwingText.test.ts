import { describe, expect, it } from 'vitest';
import { type SensitivityResult, inputSwing } from '../../src/analysis/sensitivity.ts';
import { sensitivityTable } from '../../src/analysis/sensitivityTable.ts';
import { inputRangeText, inputValueText } from '../../src/report/inputValueText.ts';

// The change of count's year is a discrete input (a choice among whole years). Until 2026-12-04 its tenths printed
// "2020–2020" for draws of 2015 and 2016: every value was cut to three significant figures (2015 → 2.02e3; 2fd641a
// made that column's values whole). A tenth holding one year prints it once; any other value from 1,000 up is whole.
describe('a discrete input in the swing table', () => {
  it('prints the years of its lowest and highest tenth as drawn, one year once', () => {
    // 20 runs of one input: run 0 draws 2014, runs 1–9 2015, runs 10–19 2016; the metric is 50 % in runs 0–9, 75 % in 10–19.
    const name = 'uncertainty.registered_break.year';
    const x = Float64Array.from({ length: 20 }, (_, r) => (r === 0 ? 2014 : r < 10 ? 2015 : 2016));
    const y = Float64Array.from({ length: 20 }, (_, r) => (r < 10 ? 0.5 : 0.75));
    // a tenth of 20 runs is 2: the lowest are runs 0 and 1 (2014, 2015; 50 %), the highest runs 18 and 19 (2016; 75 %)
    const swing = inputSwing(name, x, 1, 0, y);
    expect(swing.low).toEqual({ min: 2014, max: 2015, metric: 0.5, runs: 2 });
    expect(swing.high).toEqual({ min: 2016, max: 2016, metric: 0.75, runs: 2 });
    const lines = sensitivityTable(result(name, swing)).split('\n');
    const at = lines.findIndex((l) => l.includes('lowest and highest tenth of draws'));
    expect(lines.slice(at + 1, at + 3)).toEqual([
      'input                              lowest tenth          highest tenth         difference',
      'uncertainty.registered_break.year  2014–2015: 50.0%      2016: 75.0%           +25.00 pt',
    ]);
  });

  it('input values from 1,000 up are whole numbers, not three significant figures; one value once', () => {
    expect(inputValueText('uncertainty.registered_break.year', 2015)).toBe('2015');
    expect(inputValueText('uncertainty.registered_break.year', 2016)).toBe('2016');
    expect(inputValueText('points_cutoff', 1234.4)).toBe('1234');
    expect(inputValueText('reform_year', 2017)).toBe('2017'); // a scenario's own variable drawn among years
    expect(inputValueText('points_cutoff', 106.25)).toBe('106');
    expect(inputValueText('points_cutoff', -1500)).toBe('\u22121500');
    expect(inputValueText('school_places', 300000)).toBe('30万');
    expect(inputRangeText('en', 'uncertainty.registered_break.year', 2014, 2015)).toBe('2014–2015');
    expect(inputRangeText('zh', 'uncertainty.registered_break.year', 2016, 2016)).toBe('2016');
    expect(inputRangeText('en', 'migrant_settle_rate', 0.03, 0.036)).toBe('3.0%–3.6%');
  });
});

/** A result of one input, its indices unknown (NaN), holding the swing given. */
function result(name: string, swing: ReturnType<typeof inputSwing>): SensitivityResult {
  const nan = () => Float64Array.of(NaN);
  return {
    scenario: { name: 'x', monteCarlo: { sampler: 'lhs' }, settlementMode: 'plain' },
    metric: 'registered_rate', year: 2020, seed: 1, runs: 20, designRuns: 60, bootstrap: 100, level: 0.95,
    parameters: [name], prcc: nan(), prccLower: nan(), prccUpper: nan(), first: nan(), firstLower: nan(), firstUpper: nan(),
    total: nan(), totalLower: nan(), totalUpper: nan(), excessLower: nan(), excessUpper: nan(),
    mean: 0.625, sd: 0.128, levers: [], swing: [swing], elapsedMs: 0,
  } as unknown as SensitivityResult;
}
