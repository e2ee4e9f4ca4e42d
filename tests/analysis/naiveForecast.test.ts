import { describe, expect, it } from 'vitest';
import { naiveForecast, naivePit, naiveSample } from '../../src/analysis/naiveForecast.ts';
import { observedPoints } from '../helpers/observedRows.ts';

describe('naiveForecast: each figure\'s recent linear trend', () => {
  const own = observedPoints([
    'jinjiang,resident_rate,2011,,,59.96,%,resident_6month,,001:51,,',
    'jinjiang,resident_rate,2013,,,62.8,%,resident_6month,,004:7597,,',
    'jinjiang,resident_rate,2015,,,64.2,%,resident_6month,,001:51,,',
  ]);
  const o = observedPoints([
    'a,resident_rate,2013,,,50,%,resident_6month,,x,,', 'a,resident_rate,2015,,,52,%,resident_6month,,x,,',
    'b,resident_rate,2013,,,60,%,resident_6month,,x,,', 'b,resident_rate,2015,,,63,%,resident_6month,,x,,',
    'c,resident_pop,2013,,,100,万人,resident_6month,,x,,', 'c,resident_pop,2015,,,102,万人,resident_6month,,x,,',
  ]);
  const others = [{ base: o[0], later: o[1] }, { base: o[2], later: o[3] }, { base: o[4], later: o[5] }];

  it('own trend from the area\'s earlier figure; sd from the other areas\' spread of yearly changes and the figures\' errors', () => {
    const f = naiveForecast(own[2], own, others, 2013)!;
    expect(f.basis).toBe('own trend');
    // 62.8 % + 2 × (62.8 − 59.96)/2 = 65.64 %.
    expect(f.mean).toBeCloseTo(0.6564, 12);
    // Other areas' yearly changes 1 and 1.5 points: sd 0.3536 points; × 2 years; sample errors 0.4 points at 62.8 % and
    // 64.2 % (the caliber's 0.4 points, on the logit scale and back): √(0.7071² + 0.4² + 0.4²) points.
    expect(f.sd).toBeCloseTo(Math.sqrt(0.007071 ** 2 + 0.004 ** 2 + 0.004 ** 2), 5);
  });

  it('pooled trend when the area has no earlier figure; none for a flow or a metric fewer than two areas show', () => {
    const f = naiveForecast(own[2], own.slice(1), others, 2013)!;
    expect(f.basis).toBe('pooled trend');
    expect(f.mean).toBeCloseTo(0.628 + 2 * 0.0125, 12);
    const pop = observedPoints(['d,resident_pop,2013,,,50,万人,resident_6month,,x,,', 'd,resident_pop,2015,,,51,万人,resident_6month,,x,,']);
    expect(naiveForecast(pop[1], pop, others, 2013)).toBeUndefined(); // only c shows resident_pop
    const settled = observedPoints(['d,settled,2015,2015,,1000,人,settled_registry,,x,,']);
    expect(naiveForecast(settled[0], settled, others, 2013)).toBeUndefined();
  });

  it('as a sample: its quantiles are the normal\'s; PIT is Φ((y − mean)/sd)', () => {
    const f = { scale: 'points' as const, mean: 0.6, sd: 0.01, basis: 'own trend' as const };
    const s = [...naiveSample(f, 1001)].sort((a, b) => a - b);
    expect(s[500]).toBeCloseTo(0.6, 12);
    expect(naivePit(f, 0.6 + 0.01 * 1.959964)).toBeCloseTo(0.975, 6);
  });

  it('a quantile sample in order: value i is the normal\'s (i + ½)/n quantile, exp of it for a population', () => {
    // Standard normal quantiles at 0.1, 0.3, 0.5, 0.7, 0.9 (tables): ∓1.2815516, ∓0.5244005, 0.
    const z = [-1.2815516, -0.5244005, 0, 0.5244005, 1.2815516];
    const points = naiveSample({ scale: 'points', mean: 0.6, sd: 0.01, basis: 'own trend' }, 5);
    z.forEach((q, i) => expect(points[i]).toBeCloseTo(0.6 + 0.01 * q, 7));
    const log = naiveSample({ scale: 'log', mean: Math.log(100), sd: 0.1, basis: 'pooled trend' }, 5);
    z.forEach((q, i) => expect(log[i]).toBeCloseTo(100 * Math.exp(0.1 * q), 5));
  });
});

describe('naiveForecast of a population: on the log scale', () => {
  const rows = observedPoints([
    'd,resident_pop,2008,,,80,万人,resident_6month,,x,,',
    'd,resident_pop,2010,,,90,万人,resident_6month,,x,,',
    'd,resident_pop,2013,,,100,万人,resident_6month,,x,,',
    'd,resident_pop,2015,,,104,万人,resident_6month,,x,,',
    'a,resident_pop,2013,,,100,万人,resident_6month,,x,,', 'a,resident_pop,2015,,,102,万人,resident_6month,,x,,',
    'b,resident_pop,2013,,,200,万人,resident_6month,,x,,', 'b,resident_pop,2015,,,210,万人,resident_6month,,x,,',
    'c,resident_pop,2013,,,50,万人,resident_6month,,x,,', 'c,resident_pop,2016,,,51.5,万人,resident_6month,,x,,',
    'e,resident_rate,2013,,,50,%,resident_6month,,x,,', 'e,resident_rate,2015,,,52,%,resident_6month,,x,,',
  ]);
  const [d2008, d2010, d2013, d2015] = rows;
  const others = [{ base: rows[4], later: rows[5] }, { base: rows[6], later: rows[7] }, { base: rows[8], later: rows[9] }, { base: rows[10], later: rows[11] }];
  // Yearly log changes of the other areas' populations (e's rate is another metric): ln 1.02 / 2, ln 1.05 / 2, ln 1.03 / 3.
  const drifts = [Math.log(1.02) / 2, Math.log(1.05) / 2, Math.log(1.03) / 3];
  const mean = (drifts[0] + drifts[1] + drifts[2]) / 3;
  const spread = Math.sqrt(drifts.reduce((a, x) => a + (x - mean) ** 2, 0) / 2); // sample sd, n − 1 = 2
  // Both figures sample estimates (2013, 2015): 1 % each, an sd of 0.01 on the log scale.
  const sd = Math.sqrt((2 * spread) ** 2 + 0.01 ** 2 + 0.01 ** 2);

  it('own trend from the latest earlier figure (2010, not 2008), whatever their order; sd from the other areas\' log changes', () => {
    // Decoys listed first: another metric, another definition and another segment in the base year and before it.
    const decoys = [{ ...d2013, metric: 'registered_pop' as const, value: 1 }, { ...d2013, definition: 'as_model' as const, value: 2 }, { ...d2013, segment: d2013.segment + 1, value: 3 }, { ...d2010, definition: 'as_model' as const, value: 4 }];
    const f = naiveForecast(d2015, [...decoys, d2008, d2015, d2010, d2013], others, 2013)!;
    expect(f).toMatchObject({ scale: 'log', basis: 'own trend' });
    expect(f.mean).toBeCloseTo(Math.log(100e4) + 2 * (Math.log(100) - Math.log(90)) / 3, 12); // 万人: figures in persons
    expect(f.sd).toBeCloseTo(sd, 12);
  });

  it('pooled trend: the mean of the other areas\' yearly log changes', () => {
    const f = naiveForecast(d2015, [d2013, d2015], others, 2013)!;
    expect(f.mean).toBeCloseTo(Math.log(100e4) + 2 * mean, 12);
    expect(f.sd).toBeCloseTo(sd, 12);
  });

  it('a later figure of the base figure\'s series and caliber differs from it by their own parts only: 2d², not 2s²', () => {
    // Both sample estimates with an own part d = 0.2 %: the base and later errors share all but it (src/analysis/seriesError.ts).
    const f = naiveForecast(d2015, [d2010, d2013, d2015], others, 2013, { sample: 0.002 })!;
    expect(f.sd).toBeCloseTo(Math.sqrt((2 * spread) ** 2 + 2 * 0.002 ** 2), 12);
    // An own part given for another caliber only: the two errors stay independent.
    expect(naiveForecast(d2015, [d2010, d2013, d2015], others, 2013, { registry: 0.002 })!.sd).toBeCloseTo(sd, 12);
  });

  it('none without the area\'s own base-year figure, and none for a flow even with one', () => {
    expect(naiveForecast(d2015, [d2010, d2015], others, 2013)).toBeUndefined();
    const settled = observedPoints([
      'd,settled,2013,2013,,1000,人,settled_registry,,x,,', 'd,settled,2015,2015,,1200,人,settled_registry,,x,,',
      'a,settled,2013,2013,,500,人,settled_registry,,x,,', 'a,settled,2015,2015,,600,人,settled_registry,,x,,',
      'b,settled,2013,2013,,700,人,settled_registry,,x,,', 'b,settled,2015,2015,,800,人,settled_registry,,x,,',
    ]);
    expect(naiveForecast(settled[1], settled.slice(0, 2), [{ base: settled[2], later: settled[3] }, { base: settled[4], later: settled[5] }], 2013)).toBeUndefined();
  });
});
