import { describe, expect, it } from 'vitest';
import { type RateReading, registeredGain, splitYear } from '../../src/montecarlo/registeredGain.ts';
import { gainLines } from '../../src/cli/gainLines.ts';
import { M, METRIC_COUNT, type Metric } from '../../src/model/indicators.ts';

// `urbsim run` met Dalian's registered target while its settlement ran at 6.4万 a year against a plan of 17.1万, and
// said nothing of where the registered rate's gain came from. Each expected value below is written out by hand as
// the rate's change the part makes (numerator / denominator before and after it), in the engine's order.

const HUKOU: RateReading = { definition: 'hukou', denominator: 'registered' };
const none = { converted: 0, relabelled: 0, settledLocal: 0, settledMigrants: 0, settledReturnees: 0, settledInPlace: 0 };
const split = (prev: { numerator: number; denominator: number }, next: Parameters<typeof splitYear>[1], r: RateReading) => {
  const into = new Float64Array(5);
  splitYear(prev, next, r, into);
  return [...into];
};

describe("splitYear: one year's change of the registered rate by source", () => {
  it('hukou over the registered: population first, then conversion, change of count, locals, migrants (numerator and denominator)', () => {
    // 600 urban-hukou of 1,000 registered; in the year 20 converted, 10 relabelled, 5 locals and 40 migrants settle, and
    // births, deaths and hukou given up take 3 from the urban hukou and add 8 to the registered: 672 of 1,048 at its end.
    const parts = split({ numerator: 600, denominator: 1000 }, { ...none, numerator: 672, denominator: 1048, converted: 20, relabelled: 10, settledLocal: 5, settledMigrants: 40 }, HUKOU);
    const expected = [
      597 / 1008 - 600 / 1000, // population: −3 and +8 first (−0.7738 points)
      617 / 1008 - 597 / 1008, // conversion: 20 more urban hukou of 1,008 (+1.9841)
      627 / 1008 - 617 / 1008, // change of count: 10 (+0.9921)
      632 / 1008 - 627 / 1008, // locals settling: 5 (+0.4960)
      672 / 1048 - 632 / 1008, // migrants settling: 40 into both (+1.4237), less than 40 / 1,008 = 3.97 points
    ];
    parts.forEach((p, k) => expect(p).toBeCloseTo(expected[k], 14));
    expect(parts.reduce((a, b) => a + b)).toBeCloseTo(672 / 1048 - 0.6, 15); // +4.1221 points
  });

  it('hukou over the residents: a migrant settling is a resident already; a returnee becomes one', () => {
    // 500 urban-hukou residents of 1,000 residents; 5 more residents by migration; 30 locals settle, 10 of them back
    // from away (returnees), and 20 migrants: 550 of 1,015.
    const parts = split({ numerator: 500, denominator: 1000 }, { ...none, numerator: 550, denominator: 1015, settledLocal: 30, settledReturnees: 10, settledMigrants: 20 }, { definition: 'hukou', denominator: 'resident' });
    const expected = [500 / 1005 - 500 / 1000, 0, 0, 530 / 1015 - 500 / 1005, 550 / 1015 - 530 / 1015];
    parts.forEach((p, k) => expect(p).toBeCloseTo(expected[k], 14));
  });

  it('residence: conversion and the change of count move no one into town; locals count from the villages and from away only', () => {
    // 400 registered urban residents of 1,000 registered; 50 converted and 20 relabelled (no one moves); 30 locals settle,
    // 4 from the villages (in_place), 6 from away (returnees), 20 from town; 20 migrants; 7 villagers move to town:
    // 400 + 7 + 4 + 6 + 20 = 437 of 1,020.
    const parts = split({ numerator: 400, denominator: 1000 }, { ...none, numerator: 437, denominator: 1020, converted: 50, relabelled: 20, settledLocal: 30, settledInPlace: 4, settledReturnees: 6, settledMigrants: 20 }, { definition: 'residence', denominator: 'registered' });
    const expected = [407 / 1000 - 400 / 1000, 0, 0, 417 / 1000 - 407 / 1000, 437 / 1020 - 417 / 1000];
    parts.forEach((p, k) => expect(p).toBeCloseTo(expected[k], 14));
  });
});

/** Rows of runs (`(run · years + y) · METRIC_COUNT + m`) with the given values, NaN flows in the base year. */
function rows(runs: readonly (readonly Partial<Record<Metric, number>>[])[]): Float64Array {
  const years = runs[0].length;
  const out = new Float64Array(runs.length * years * METRIC_COUNT);
  runs.forEach((run, r) =>
    run.forEach((values, y) => {
      for (let m = 0; m < METRIC_COUNT; m++) out[(r * years + y) * METRIC_COUNT + m] = y === 0 && m >= M.births ? NaN : 0;
      for (const [k, v] of Object.entries(values)) out[(r * years + y) * METRIC_COUNT + M[k as Metric]] = v;
    }));
  return out;
}
const reader = (data: Float64Array, years: number) => (m: number, y: number, from: number, to: number, into: Float64Array) => {
  for (let r = from; r < to; r++) into[r - from] = data[(r * years + y) * METRIC_COUNT + m];
  return into;
};

describe('registeredGain: the parts summed over the years, then over the runs', () => {
  // Two runs of a city of 1,000 registered, two years. Run A: 600 urban hukou; 2014 as the first test above (672 of
  // 1,048); 2015 no flow but 24 more urban hukou by relabelling: 696 of 1,048. Run B: 300 urban hukou; 2014 100
  // relabelled (400 of 1,000); 2015 50 locals settle (450 of 1,000).
  const years = Int32Array.of(2013, 2014, 2015);
  const data = rows([
    [
      { urban_registered_pop: 600, registered_pop: 1000 },
      { urban_registered_pop: 672, registered_pop: 1048, converted_in_place: 20, relabelled: 10, settled_local: 5, settled_migrants: 40 },
      { urban_registered_pop: 696, registered_pop: 1048, relabelled: 24 },
    ],
    [
      { urban_registered_pop: 300, registered_pop: 1000 },
      { urban_registered_pop: 400, registered_pop: 1000, relabelled: 100 },
      { urban_registered_pop: 450, registered_pop: 1000, settled_local: 50 },
    ],
  ]);
  const gain = registeredGain(HUKOU, years, [2014, 2015], 2, reader(data, 3));

  it('each target year from the base year: a run\'s parts add up its years', () => {
    expect(gain.baseYear).toBe(2013);
    expect(gain.years.map((y) => y.year)).toEqual([2014, 2015]);
    const [, y2015] = gain.years;
    // change of count by 2015: A 10/1,008 in 2014 + 24/1,048 in 2015; B 100/1,000 = 0.1
    const a = 10 / 1008 + 24 / 1048;
    expect(y2015.parts.change_of_count.mean).toBeCloseTo((a + 0.1) / 2, 15);
    // two runs, type 7: p10 = low + 0.1 · (high − low), p50 their mean, p90 = low + 0.9 · (high − low)
    expect(y2015.parts.change_of_count.p10).toBeCloseTo(a + 0.1 * (0.1 - a), 15);
    expect(y2015.parts.change_of_count.p50).toBeCloseTo((a + 0.1) / 2, 15);
    expect(y2015.parts.change_of_count.p90).toBeCloseTo(a + 0.9 * (0.1 - a), 15);
    // locals: A 5/1,008; B 50/1,000 in 2015
    expect(y2015.parts.locals_settling.mean).toBeCloseTo((5 / 1008 + 0.05) / 2, 15);
    // totals: A 696/1,048 − 0.6, B 0.45 − 0.3; from and to the runs' mean rates
    expect(y2015.total.mean).toBeCloseTo((696 / 1048 - 0.6 + 0.15) / 2, 15);
    expect(y2015.from).toBeCloseTo(0.45, 15);
    expect(y2015.to).toBeCloseTo((696 / 1048 + 0.45) / 2, 15);
    expect(y2015.total.n).toBe(2);
  });

  it('the parts\' means add up to the mean gain in every target year', () => {
    for (const y of gain.years) {
      const sum = Object.values(y.parts).reduce((s, p) => s + p.mean, 0);
      expect(sum).toBeCloseTo(y.total.mean, 14);
    }
    expect(gain.largestGap).toBeLessThan(1e-15);
    expect(gain.unsplitRuns).toBe(0);
  });

  it('the same read a run at a time as all at once', () => {
    expect(registeredGain(HUKOU, years, [2014, 2015], 2, reader(data, 3), 1)).toEqual(gain);
  });

  it('residence: runs where rural_students or veterans settled anyone are counted as not split', () => {
    const r = rows([
      [{ urban_registered_pop: 400, registered_pop: 1000 }, { urban_registered_pop: 410, registered_pop: 1000, settled_local: 10, settled_rural_students: 10 }],
      [{ urban_registered_pop: 400, registered_pop: 1000 }, { urban_registered_pop: 404, registered_pop: 1000, settled_local: 4, settled_in_place: 4 }],
    ]);
    const g = registeredGain({ definition: 'residence', denominator: 'registered' }, Int32Array.of(2013, 2014), [2014], 2, reader(r, 2));
    expect(g.unsplitRuns).toBe(1);
    // run 1's 10 rural students are not told apart: they fall to population (+1 point); run 2's 4 villagers are locals
    expect(g.years[0].parts.population.mean).toBeCloseTo(0.01 / 2, 15);
    expect(g.years[0].parts.locals_settling.mean).toBeCloseTo(0.004 / 2, 15);
  });
});

describe("gainLines: run's printed split", () => {
  const stat = (mean: number) => ({ mean, p10: mean, p50: mean, p90: mean, n: 3 });
  it('a line a target year, parts in the engine\'s order, points with one decimal and a sign', () => {
    const lines = gainLines({
      baseYear: 2013, reading: HUKOU, unsplitRuns: 0, largestGap: 0,
      years: [{
        year: 2020, from: 0.631, to: 0.7712, total: stat(0.1402),
        parts: { population: stat(-0.0031), conversion: stat(0.0804), change_of_count: stat(0.0318), locals_settling: stat(0.0142), migrants_settling: stat(0.0169) },
      }],
    }, 1000);
    expect(lines[0]).toBe('');
    expect(lines[1]).toMatch(/^registered rate's gain from 2013 by source, in points \(mean over the 1,000 runs: means add up before rounding, medians do not; /);
    expect(lines[2]).toBe('  2020  63.1% → 77.1%  +14.0 = population −0.3, conversion in place +8.0, change of count +3.2, locals settling +1.4, migrants settling +1.7');
    expect(lines).toHaveLength(3);
  });

  it('says when villagers settled by a source group could not be told apart, and prints nothing without a split', () => {
    const lines = gainLines({
      baseYear: 2013, reading: { definition: 'residence', denominator: 'registered' }, unsplitRuns: 2, largestGap: 0,
      years: [{ year: 2015, from: 0.4, to: 0.4, total: stat(0), parts: { population: stat(0), conversion: stat(0), change_of_count: stat(0), locals_settling: stat(0), migrants_settling: stat(0) } }],
    }, 3);
    expect(lines[2]).toBe('  2015  40.0% → 40.0%  0.0 = population 0.0, conversion in place 0.0, change of count 0.0, locals settling 0.0, migrants settling 0.0');
    expect(lines.slice(3).join('\n')).toContain('in 2 runs the source groups rural_students or veterans settled villagers');
    expect(gainLines(undefined, 3)).toEqual([]);
  });

  it('says that population holds the urban hukou reclassification gives where the scenario sets reclass_hukou_share', () => {
    const gain = {
      baseYear: 2013, reading: HUKOU, unsplitRuns: 0, largestGap: 0,
      years: [{ year: 2015, from: 0.4, to: 0.45, total: stat(0.05), parts: { population: stat(0.05), conversion: stat(0), change_of_count: stat(0), locals_settling: stat(0), migrants_settling: stat(0) } }],
    };
    expect(gainLines({ ...gain, reclassHukou: true }, 3)[1]).toContain('population being births, deaths, moves and hukou given up, and the urban hukou reclassification gives (reclass_hukou_share: no counter records it);');
    expect(gainLines(gain, 3)[1]).toContain('population being births, deaths, moves and hukou given up; p10–p90');
  });
});
