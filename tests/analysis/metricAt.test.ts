import { describe, expect, it } from 'vitest';
import { AnalysisInputError } from '../../src/analysis/analysisInputError.ts';
import { metricAt } from '../../src/analysis/metricAt.ts';
import { METRICS, METRIC_COUNT } from '../../src/model/indicators.ts';

// Two runs of two years: value = 1000 · run + 100 · year index + metric index, at ((run · 2) + y) · METRIC_COUNT + m.
const years = Int32Array.from([2013, 2014]);
const rows = Float64Array.from({ length: 2 * 2 * METRIC_COUNT }, (_, i) => {
  const m = i % METRIC_COUNT;
  const y = Math.floor(i / METRIC_COUNT) % 2;
  const run = Math.floor(i / (2 * METRIC_COUNT));
  return 1000 * run + 100 * y + m;
});

describe('metricAt (exported by the library)', () => {
  it('takes one metric in one year, run by run', () => {
    const m = (METRICS as readonly string[]).indexOf('registered_rate');
    expect([...metricAt(rows, years, 'registered_rate', 2014)]).toEqual([100 + m, 1100 + m]);
  });

  it('refuses a misspelt metric, a year not in the rows and rows of other years with an AnalysisInputError (exit 2 in the CLI)', () => {
    // It threw a RangeError, 'no registred_rate in 2014 in these rows', and rows of three years read with two made
    // 'Invalid typed array length: 1.5'.
    const refused = (f: () => unknown, said: string) => {
      expect(f).toThrow(AnalysisInputError);
      expect(f).toThrow(said);
    };
    refused(() => metricAt(rows, years, 'registred_rate', 2014), 'unknown metric `registred_rate`, did you mean `registered_rate`?');
    refused(() => metricAt(rows, years, 'registered_rate', 2020), 'year 2020 is not in these rows: expected one of their years, 2013 to 2014');
    refused(() => metricAt(rows, Int32Array.from([2013, 2014, 2015]), 'registered_rate', 2014), `rows: expected ${METRIC_COUNT} metrics × 3 years a run (a result's rows with its own years), found ${4 * METRIC_COUNT} values`);
  });
});
