import { describe, expect, it } from 'vitest';
import { M, METRICS, METRIC_COUNT, buildBaseline, modelParams, project } from '../../src/index.ts';
import { FastKernel } from '../../src/kernel/fastKernel.ts';
import { trajectoriesSchema } from '../../src/io/arrowTables.ts';

// The conversion in place and the change of count's relabelling, counted as trajectories' columns (a registered answer
// rests largely on them). Every local starts with rural hukou and lives here (registered rate 0, nobody away); every
// other flow that changes a hukou is off, so in the first year, after births and deaths, a share c of the locals is
// converted, then a share b = v of those left is relabelled:
//   converted_in_place = c · locals, relabelled = b · (1 − c) · locals, locals = registered_pop − away_pop (= registered_pop),
// and the registered rate is c + b · (1 − c) = 0.05 + 0.3 · 0.95 = 0.335. The break is in the first year only.
const c = 0.05;
const b = 0.3;
const base = buildBaseline({ year: 2020, residentPop: 1_000_000, registeredPop: 800_000, residentRate: 0.5, registeredRate: 0 });
const params = modelParams({
  startYear: 2020, endYear: 2022, migrantReturnMultiplier: 0, localDepartureRate: 0, awayReturnRate: 0, hukouExitRate: 0, inflow: 0,
  ruralToTownRate: 0, urbanHukouToTownRate: 0, reclassShare: 0, reclassPersons: 0, localSettleRate: 0, migrantSettleRate: 0, migrantNewbornStay: 1,
  hukouConversionRate: c, hukouRelabelShare: [b, 0], hukouRelabelVillageShare: [b, 0],
});

describe('converted_in_place and relabelled', () => {
  it('count c · locals converted and b · (1 − c) · locals relabelled in the year of the break, in both engines', () => {
    const reference = project({ params, initialState: base.state }).columns;
    const rows = new Float64Array(3 * METRIC_COUNT);
    new FastKernel().run(base.state, params, rows);
    const fast = (m: keyof typeof M, y: number) => rows[y * METRIC_COUNT + M[m]];
    for (const [engine, at] of [['reference', (m: keyof typeof M, y: number) => reference[m][y]], ['fast kernel', fast]] as const) {
      expect(at('away_pop', 1), engine).toBe(0);
      expect(at('settled', 1), engine).toBe(0);
      const locals = at('registered_pop', 1);
      expect(at('converted_in_place', 1), engine).toBeCloseTo(c * locals, 6);
      expect(at('relabelled', 1), engine).toBeCloseTo(b * (1 - c) * locals, 6);
      expect(at('registered_rate', 1), engine).toBeCloseTo(0.335, 12);
      // the base year has no flow; after the break's year nobody is relabelled, the conversion goes on
      expect(at('converted_in_place', 0), engine).toBeNaN();
      expect(at('relabelled', 0), engine).toBeNaN();
      expect(at('relabelled', 2), engine).toBe(0);
      expect(at('converted_in_place', 2), engine).toBeGreaterThan(0);
    }
  });

  it('are trajectories.arrow columns after reclassified, in persons a year', () => {
    const at = METRICS.indexOf('reclassified');
    expect(METRICS.slice(at, at + 3)).toEqual(['reclassified', 'converted_in_place', 'relabelled']);
    const fields = trajectoriesSchema().fields;
    for (const name of ['converted_in_place', 'relabelled']) {
      const f = fields.find((x) => x.name === name);
      expect(f?.metadata.get('unit'), name).toBe('persons/year');
    }
  });
});
