import { Float64, Int64, Table, tableFromArrays, vectorFromArray } from 'apache-arrow';
import { expect, it } from 'vitest';
import { numberColumn } from '../../src/io/readColumns.ts';
import { noLimit, summaryRows } from '../../src/report/summaryRows.ts';

it('reads nulls as NaN and 64-bit integers as numbers, never the bytes under a null', () => {
  const t = new Table({
    p50: vectorFromArray([0.631, null, 2.5], new Float64()),
    n: vectorFromArray([1n, null, 3n], new Int64()),
  });
  expect(Array.from(numberColumn(t, 'p50', 'x'))).toEqual([0.631, NaN, 2.5]);
  expect(Array.from(numberColumn(t, 'n', 'x'))).toEqual([1, NaN, 3]);
  expect(() => numberColumn(t, 'p95', 'summary')).toThrow('not a summary table: column p95 is missing');
});

it('refuses a column of text or booleans, whose bytes would read as numbers', () => {
  const t = tableFromArrays({ p50: ['0.5', '0.7'], ok: [true, false] });
  expect(() => numberColumn(t, 'p50', 'summary')).toThrow(/not a summary table: column p50 holds Dictionary<Int32, Utf8>, expected numbers/);
  expect(() => numberColumn(t, 'ok', 'summary')).toThrow(/column ok holds Bool, expected numbers/);
  // a caller that knows the file has it named first: a batch reads many folders
  expect(() => numberColumn(t, 'p50', 'summary', NaN, 'out/b/dalian/summary.arrow')).toThrow(/^out\/b\/dalian\/summary\.arrow: not a summary table: column p50 holds/);
});

it('gives a summary row whose capacity is unlimited (null) NaN, so charts leave it out', () => {
  const stats = Object.fromEntries(['mean', 'sd', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95'].map((k) => [k, vectorFromArray([null, 0.7], new Float64())]));
  const base = tableFromArrays({ scenario: ['a', 'a'], year: Int32Array.from([2013, 2013]), metric: ['school_places', 'resident_rate'] });
  const t = new Table({ scenario: base.getChild('scenario')!, year: base.getChild('year')!, metric: base.getChild('metric')!, ...stats });
  const rows = summaryRows(t);
  expect(rows[0].p50).toBeNaN();
  expect(rows[1].p95).toBe(0.7);
});

it('says "no limit" from the counts: all runs unlimited and none with a value, not any missing median', () => {
  const stats = Object.fromEntries(['mean', 'sd', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95'].map((k) => [k, vectorFromArray([null, null, 1.2e5], new Float64())]));
  const base = tableFromArrays({
    scenario: ['a', 'a', 'a'],
    year: Int32Array.from([2014, 2014, 2014]),
    metric: ['school_places', 'births', 'housing_units'],
    n: Int32Array.from([0, 0, 40]),
    unlimited: Int32Array.from([40, 0, 0]),
  });
  const t = new Table({ ...Object.fromEntries((['scenario', 'year', 'metric', 'n', 'unlimited'] as const).map((k) => [k, base.getChild(k)!])), ...stats });
  // Places without a limit; births without a value (a broken run, a base year) are not "unlimited"; a set limit is not.
  expect(summaryRows(t).map(noLimit)).toEqual([true, false, false]);
});
