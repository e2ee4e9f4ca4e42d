import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { type SensitivityResult, fewRuns, inputSwing } from '../../src/analysis/sensitivity.ts';
import { sensitivityTable } from '../../src/analysis/sensitivityTable.ts';
import { swingIpc } from '../../src/analysis/writeSensitivity.ts';
import { inputRangeText, inputValueText } from '../../src/report/inputValueText.ts';
import { swingFinding, swingTip } from '../../src/report/swingChart.ts';
import { swingRows } from '../../src/report/swingRows.ts';

// The change of count's year is a discrete input (a choice among whole years). Until 2026-12-04 its tenths printed
// "2020–2020" for draws of 2015 and 2016: every value was cut to three significant figures (2015 → 2.02e3; 2fd641a
// made that column's values whole). A tenth holding one year prints it once; any other value from 1,000 up is whole.
// A tenth of such an input's draws is an arbitrary tenth of the runs tied at its lowest value: since 2026-12-04 an input
// of at most 10 values, some repeated, is grouped by value — every run at its lowest value against every run at its highest.
describe('a discrete input in the swing table', () => {
  it('is grouped by value: every run at its lowest year against every run at its highest, said so in the table', () => {
    // 20 runs of one input: run 0 draws 2014, runs 1–9 2015, runs 10–19 2016; the metric is 50 % in runs 0–9, 75 % in 10–19.
    const name = 'uncertainty.registered_break.year';
    const x = Float64Array.from({ length: 20 }, (_, r) => (r === 0 ? 2014 : r < 10 ? 2015 : 2016));
    const y = Float64Array.from({ length: 20 }, (_, r) => (r < 10 ? 0.5 : 0.75));
    // lowest value 2014: run 0 alone (50 %); highest 2016: runs 10–19 (75 %) — not a tenth of 20 runs, 2 of them
    const swing = inputSwing(name, x, 1, 0, y);
    expect(swing.low).toEqual({ min: 2014, max: 2014, metric: 0.5, runs: 1 });
    expect(swing.high).toEqual({ min: 2016, max: 2016, metric: 0.75, runs: 10 });
    expect(swing.byValue).toBe(true);
    const lines = sensitivityTable(result(name, swing)).split('\n');
    const at = lines.findIndex((l) => l.includes('lowest and highest tenth of draws'));
    // 2014 is one run's metric, fewer than the 2 runs a tenth of 20 holds: the row says so, and what each end rests on.
    expect(lines.slice(at + 1, at + 5)).toEqual([
      'input                                                   lowest tenth           highest tenth          difference',
      'uncertainty.registered_break.year (by value, few runs)  2014: 50.0% (1 run)    2016: 75.0% (10 runs)  +25.00 pt',
      '(by value: an input drawn among at most 10 values, some repeated: the runs at its lowest value against those at its highest, not a tenth of its draws, which would be an arbitrary tenth of the runs tied at one value; in brackets, the runs each end rests on)',
      '(few runs: uncertainty.registered_break.year — an end rests on fewer runs than a tenth of the runs (2 runs), the runs each end of a row by tenths rests on, so its mean is less sure than theirs)',
    ]);
  });

  it('says the tenth of the runs as a count of runs with a thousands separator (it wrote "(1000)")', () => {
    // 10,000 runs: run 0 draws 2014, runs 1–4,999 2015, the rest 2016; a tenth is 1,000 runs and 2014's end holds 1.
    const name = 'uncertainty.registered_break.year';
    const x = Float64Array.from({ length: 10_000 }, (_, r) => (r === 0 ? 2014 : r < 5000 ? 2015 : 2016));
    const y = Float64Array.from({ length: 10_000 }, (_, r) => (r < 5000 ? 0.5 : 0.75));
    const lines = sensitivityTable(result(name, inputSwing(name, x, 1, 0, y))).split('\n');
    expect(lines).toContain(
      '(few runs: uncertainty.registered_break.year — an end rests on fewer runs than a tenth of the runs (1,000 runs), the runs each end of a row by tenths rests on, so its mean is less sure than theirs)',
    );
  });

  it('a row by value says how many runs each end rests on; marked "few runs" only below a tenth of the runs', () => {
    const name = 'uncertainty.registered_break.year';
    // 1,000 runs: runs 0–599 draw 2015 at 25 %, 600–999 2016 at 75 %; a tenth is 100 runs, each end holds more.
    const x = Float64Array.from({ length: 1000 }, (_, r) => (r < 600 ? 2015 : 2016));
    const y = Float64Array.from({ length: 1000 }, (_, r) => (r < 600 ? 0.25 : 0.75));
    const swing = inputSwing(name, x, 1, 0, y);
    expect([swing.low.runs, swing.high.runs, swing.tenthRuns, fewRuns(swing)]).toEqual([600, 400, 100, false]);
    const table = sensitivityTable(result(name, swing));
    expect(table).toContain('uncertainty.registered_break.year (by value)  2015: 25.0% (600 runs)  2016: 75.0% (400 runs)  +50.00 pt');
    expect(table).not.toContain('few runs');
    // 20 runs: 2014 twice (runs 0–1), 2015 in runs 2–9, 2016 in 10–19. Two runs are a tenth of 20: not fewer, not marked.
    const x2 = Float64Array.from({ length: 20 }, (_, r) => (r < 2 ? 2014 : r < 10 ? 2015 : 2016));
    const y2 = Float64Array.from({ length: 20 }, (_, r) => (r < 10 ? 0.5 : 0.75));
    const at2 = inputSwing(name, x2, 1, 0, y2);
    expect([at2.low.runs, at2.tenthRuns, fewRuns(at2)]).toEqual([2, 2, false]);
    expect(sensitivityTable(result(name, at2))).toContain('2014: 50.0% (2 runs)');
    expect(sensitivityTable(result(name, at2))).not.toContain('few runs');
    // The highest value drawn once (run 19) is marked as the lowest is.
    const x3 = Float64Array.from({ length: 20 }, (_, r) => (r < 10 ? 2015 : r < 19 ? 2016 : 2017));
    const at3 = inputSwing(name, x3, 1, 0, y2);
    expect([at3.high.runs, at3.high.metric, fewRuns(at3)]).toEqual([1, 0.75, true]);
    expect(sensitivityTable(result(name, at3))).toContain('(by value, few runs)');
  });

  it('counts of runs and base rows with a thousands separator, as the project\'s other counts (they printed "over 3100 runs")', () => {
    const name = 'uncertainty.registered_break.year';
    // 3,100 runs: 1,800 draw 2015 at 25 %, 1,300 draw 2016 at 75 %; a Saltelli design of 3,100 base rows and 55,800 runs (16 inputs + 2).
    const x = Float64Array.from({ length: 3100 }, (_, r) => (r < 1800 ? 2015 : 2016));
    const y = Float64Array.from({ length: 3100 }, (_, r) => (r < 1800 ? 0.25 : 0.75));
    const lines = sensitivityTable({ ...result(name, inputSwing(name, x, 1, 0, y)), runs: 3100, designRuns: 55_800 }).split('\n');
    expect(lines[0]).toBe('x: what moves registered_rate in 2020 (mean 62.5%, sd 12.80 pt over 3,100 runs)');
    expect(lines).toContain('uncertainty.registered_break.year (by value)  2015: 25.0% (1,800 runs)  2016: 75.0% (1,300 runs)  +50.00 pt');
    expect(lines.at(-1)).toMatch(/^total \/ first-order: Sobol' indices, shares of the variance \(Saltelli design of 3,100 base rows, 55,800 runs; .* PRCC: partial rank correlation over 3,100 runs \(lhs, seed 1\)/);
  });

  it('two years drawn over 1,000 runs: the runs of each year, not the first and last hundred by run number', () => {
    // runs 0–599 draw 2015, 600–999 2016; the metric is the run number / 1000, so a tenth (100 runs) of 2015's ties,
    // runs 0–99 by the tie-break on run number, would give 0.0495; all of 2015's runs give 0.2995, 2016's 0.7995.
    const x = Float64Array.from({ length: 1000 }, (_, r) => (r < 600 ? 2015 : 2016));
    const y = Float64Array.from({ length: 1000 }, (_, r) => r / 1000);
    const swing = inputSwing('uncertainty.registered_break.year', x, 1, 0, y);
    expect(swing.low.runs).toBe(600);
    expect(swing.low.metric).toBeCloseTo(0.2995, 12);
    expect(swing.high.runs).toBe(400);
    expect(swing.high.metric).toBeCloseTo(0.7995, 12);
  });

  it('an input of more than 10 values, or of values none repeated, keeps its tenths and no note', () => {
    // 11 values 0–10, each drawn twice (22 runs; y = x): a tenth is 2 runs, the two 0s and the two 10s.
    const x11 = Float64Array.from({ length: 22 }, (_, r) => Math.floor(r / 2));
    const w11 = inputSwing('a', x11, 1, 0, x11);
    expect([w11.byValue, w11.low.runs, w11.low.metric, w11.high.runs, w11.high.metric]).toEqual([false, 2, 0, 2, 10]);
    // 10 values, each drawn once: nothing tied, a tenth is one run either way, and it is no input "of few values".
    const x10 = Float64Array.from({ length: 10 }, (_, r) => r);
    expect(inputSwing('b', x10, 1, 0, x10).byValue).toBe(false);
    // 10 values 0–9, each drawn twice: grouped by value (the same two runs at each end as a tenth here).
    const x20 = Float64Array.from({ length: 20 }, (_, r) => Math.floor(r / 2));
    expect(inputSwing('c', x20, 1, 0, x20).byValue).toBe(true);
    expect(sensitivityTable(result('a', w11))).not.toContain('by value');
    // A row by tenths rests on a tenth at each end by construction: never "few runs", and no run counts printed.
    expect([w11.tenthRuns, fewRuns(w11)]).toEqual([2, false]);
    const row = sensitivityTable(result('a', w11)).split('\n').find((l) => l.startsWith('a '));
    expect(row).toBe(`${'a'.padEnd(22)}${'0: 0.0%'.padEnd(22)}${'10: 1000.0%'.padEnd(22)}+1000.00 pt`);
  });

  it('swing.arrow says which inputs were grouped by value, and the report\'s tooltip reads "lowest value", not "lowest tenth"', () => {
    const x = Float64Array.from({ length: 20 }, (_, r) => (r === 0 ? 2014 : r < 10 ? 2015 : 2016));
    const y = Float64Array.from({ length: 20 }, (_, r) => (r < 10 ? 0.5 : 0.75));
    const year = inputSwing('uncertainty.registered_break.year', x, 1, 0, y);
    const share = inputSwing('uncertainty.registered_break.share', Float64Array.from({ length: 20 }, (_, r) => r / 20), 1, 0, y);
    const table = tableFromIPC(swingIpc({ ...result('x', year), swing: [year, share] }));
    expect([...table.getChild('by_value')!]).toEqual([true, true, false, false]);
    const rows = swingRows(table);
    expect(rows.map((r) => r.byValue)).toEqual([true, false]);
    expect(swingTip('en', { ...rows[0], name: 'year' }, 'registered_rate')).toBe('year\nlowest value (2014): mean registered urbanization rate 50.0%\nhighest value (2016): mean registered urbanization rate 75.0%');
    expect(swingTip('en', { ...rows[1], name: 'share' }, 'registered_rate')).toMatch(/^share\nlowest tenth \(/);
    expect(swingTip('zh', { ...rows[0], name: 'year' }, 'registered_rate')).toMatch(/^year\n取值最低（2014）：/);
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

// A scenario's variable written in percent (scenarios/dalian.yaml: `inflow_growth: { dist: normal, mean: 0%, sd: 2% }`)
// printed as a fraction (−0.0251) beside levers in percent until 2026-12-04: the file's unit is kept (percentVariables).
describe('a variable the scenario writes in percent', () => {
  // 20 runs: inflow_growth −4 % … +3.6 % (r · 0.4 % − 4 %); the metric 40 % + r · 1 %.
  const x = Float64Array.from({ length: 20 }, (_, r) => r * 0.004 - 0.04);
  const y = Float64Array.from({ length: 20 }, (_, r) => 0.4 + r * 0.01);
  const swing = inputSwing('inflow_growth', x, 1, 0, y);

  it('is printed in percent in the swing table, as the file writes it', () => {
    // The lowest tenth: runs 0 and 1 (−4.0 %, −3.6 %), metric 40.5 %; the highest runs 18 and 19 (3.2 %, 3.6 %), 58.5 %.
    const table = sensitivityTable(result('inflow_growth', swing, ['inflow_growth']));
    expect(table).toMatch(/^inflow_growth +−4\.0% to −3\.6%: 40\.5% +3\.2%–3\.6%: 58\.5% +\+18\.00 pt$/m);
    // Written as plain numbers, it stays a number.
    expect(sensitivityTable(result('inflow_growth', swing))).toMatch(/^inflow_growth +−0\.04 to −0\.036: 40\.5%/m);
  });

  it('and in the swing chart\'s tooltip and title', () => {
    const rows = swingRows(tableFromIPC(swingIpc(result('inflow_growth', swing))));
    expect(swingTip('en', { ...rows[0], name: 'inflow_growth', percent: true }, 'registered_rate')).toContain('lowest tenth (−4.0% to −3.6%)');
    expect(swingFinding('en', rows, 'registered_rate', 2020, undefined, ['inflow_growth'])).toBe(
      'inflow_growth moves the registered urbanization rate in 2020 most: 40.5% at −4.0% to −3.6%, 58.5% at 3.2%–3.6%',
    );
  });
});

/** A result of one input, its indices unknown (NaN), holding the swing given; `percent`: the scenario's variables written in percent. */
function result(name: string, swing: ReturnType<typeof inputSwing>, percent?: string[]): SensitivityResult {
  const nan = () => Float64Array.of(NaN);
  return {
    scenario: { name: 'x', monteCarlo: { sampler: 'lhs' }, settlementMode: 'plain', ...(percent && { percentVariables: percent }) },
    metric: 'registered_rate', year: 2020, seed: 1, runs: 20, designRuns: 60, bootstrap: 100, level: 0.95,
    parameters: [name], prcc: nan(), prccLower: nan(), prccUpper: nan(), first: nan(), firstLower: nan(), firstUpper: nan(),
    total: nan(), totalLower: nan(), totalUpper: nan(), excessLower: nan(), excessUpper: nan(),
    mean: 0.625, sd: 0.128, levers: [], swing: [swing], elapsedMs: 0,
  } as unknown as SensitivityResult;
}

// A lever that does not act (points_cutoff in plain mode: its total index 0, in no design row did it change the metric)
// had a row in the swing table like any input: its tenths differ only by the other inputs' draws, and that difference
// (+0.54 pt for Dalian) read as its effect.
describe('a lever that does not act in the swing table', () => {
  it('says it does not act, after the inputs that do, with no tenths nor difference', () => {
    // 20 runs: input a at r/20 with the metric 50 % + r % (the lowest tenth, runs 0–1, 50.5 %; the highest, runs
    // 18–19, 68.5 %: +18.00 pt); the lever's draws are the runs in reverse, so its tenths would differ by −18.00 pt.
    const x = Float64Array.from({ length: 20 }, (_, r) => r / 20);
    const back = Float64Array.from({ length: 20 }, (_, r) => 60 + (19 - r));
    const y = Float64Array.from({ length: 20 }, (_, r) => 0.5 + r / 100);
    const nan = () => Float64Array.of(NaN, NaN);
    const r = {
      ...result('a', inputSwing('a', x, 1, 0, y)),
      parameters: ['a', 'points_cutoff'],
      prcc: nan(), prccLower: nan(), prccUpper: nan(), first: nan(), firstLower: nan(), firstUpper: nan(),
      total: Float64Array.of(0.9, 0), totalLower: Float64Array.of(0.8, 0), totalUpper: Float64Array.of(1, 0), excessLower: nan(), excessUpper: nan(),
      levers: [{ lever: 'points_cutoff', lo: 60, hi: 130 }],
      swing: [inputSwing('a', x, 1, 0, y), { ...inputSwing('points_cutoff', back, 1, 0, y), lever: true }],
    } as unknown as SensitivityResult;
    const lines = sensitivityTable(r).split('\n');
    const at = lines.findIndex((l) => l.includes('lowest and highest tenth of draws'));
    expect(lines[at + 2]).toMatch(/^a +0–0\.05: 50\.5% +0\.9–0\.95: 68\.5% +\+18\.00 pt$/);
    expect(lines[at + 3]).toMatch(/^points_cutoff \(lever\) +– +– +none: it does not act \(note above\)$/);
    expect(lines.join('\n')).not.toContain('−18.00 pt');
    expect(lines.some((l) => l.startsWith('note: points_cutoff (lever) changed registered_rate in 2020 in none of the 20 design rows'))).toBe(true);
  });
});
