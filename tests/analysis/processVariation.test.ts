import { describe, expect, it } from 'vitest';
import { observationError } from '../../src/analysis/observationError.ts';
import { processVariation } from '../../src/analysis/processVariation.ts';
import { readObserved } from '../../src/io/readObserved.ts';
import { observedPoints } from '../helpers/observedRows.ts';

describe('processVariation: year-to-year variation of the urbanization pace from three-date series', () => {
  it('Liuzhou by hand: gains 1.4667 and 1.3 points a year, the figures\' errors taken out', () => {
    // Liuzhou 55.1 % (2010, census), 59.5 % (2013, sample), 62.1 % (2015, sample): seed 001 L559, 004 L5299.
    const p = processVariation(observedPoints([
      'liuzhou,resident_rate,2010,,,55.1,%,resident_6month,,001:559,,',
      'liuzhou,resident_rate,2013,,,59.5,%,resident_6month,,004:5299,,',
      'liuzhou,resident_rate,2015,,,62.1,%,resident_6month,,001:559,,',
    ]), 0.5);
    const [g1, g2] = [0.044 / 3, 0.026 / 2];
    const d = Math.log(g2 / g1);
    // φ = 0.5, L1 = 3, L2 = 2: V(3) = (3 + 2·(0.5 + 0.5) + 2·0.25) / 9 = 5.5/9; V(2) = (2 + 2·0.5) / 4 = 0.75;
    // C = (0.5³ + 0.5⁴ + 0.5² + 0.5³ + 0.5 + 0.5²) / 6 = 1.3125 / 6.
    const factor = 5.5 / 9 + 0.75 - (2 * 1.3125) / 6;
    // Figure errors: census 0.2 points (2010), sample 0.4 (2013, 2015).
    const figures = (0.004 / (g2 * 2)) ** 2 + (0.004 * (1 / (g2 * 2) + 1 / (g1 * 3))) ** 2 + (0.002 / (g1 * 3)) ** 2;
    expect(p.pairs).toHaveLength(1);
    expect(p.pairs[0].logRatio).toBeCloseTo(d, 12);
    expect(p.pairs[0].factor).toBeCloseTo(factor, 12);
    expect(p.pairs[0].figureVariance).toBeCloseTo(figures, 12);
    // d² = 0.0146 is less than the figures' own variance 0.078: no variation is left for the process.
    expect(p.stationarySd).toBe(0);
  });

  it('a large change of pace is variation: s² = (d² − figure variance) / factor, σ = s√(1 − φ²)', () => {
    // A made-up area whose gain halves: 1.5 then 0.5 points a year over 2 + 2 years.
    const p = processVariation(observedPoints([
      'a,resident_rate,2011,,,50,%,resident_6month,,x,,',
      'a,resident_rate,2013,,,53,%,resident_6month,,x,,',
      'a,resident_rate,2015,,,54,%,resident_6month,,x,,',
    ]), 0.5);
    const pair = p.pairs[0];
    const s2 = (Math.log(1 / 3) ** 2 - pair.figureVariance) / pair.factor;
    expect(p.stationarySd).toBeCloseTo(Math.sqrt(s2), 12);
    expect(p.sigma).toBeCloseTo(Math.sqrt(s2) * Math.sqrt(0.75), 12);
  });

  it('leaves out the area asked, falls, and other metrics', () => {
    const p = processVariation(observedPoints([
      'a,resident_rate,2011,,,50,%,resident_6month,,x,,',
      'a,resident_rate,2013,,,53,%,resident_6month,,x,,',
      'a,resident_rate,2015,,,52,%,resident_6month,,x,,',
      'b,registered_rate,2011,,,30,%,registered_unified,,x,,',
      'b,registered_rate,2013,,,31,%,registered_unified,,x,,',
      'b,registered_rate,2015,,,35,%,registered_unified,,x,,',
    ]), 0.5);
    expect(p.pairs).toHaveLength(0);
    // Nothing shows variation: none is carried.
    expect(p.stationarySd).toBe(0);
    expect(p.sigma).toBe(0);
  });

  it('a derived 2010 rate is the published 2010 level: census error, independent of the 2015 figure it came from', () => {
    // Huizhou 001:371: 68.1 % in 2015, "比 2010 年提升 6.3 个百分点" → 61.8 % in 2010, as the bureau published it (a stated
    // change is the difference of its levels: 001:529 gives Luoyang's 52.65 − 44.33 = 8.32). Its error is the 2010
    // census's 0.2 points, not the 2015 sample's 0.4 carried through the change, and no covariance with 2015 enters.
    const points = readObserved('data/observed/observed.csv');
    const derived = points.find((p) => p.area === 'huizhou' && p.metric === 'resident_rate' && p.year === 2010)!;
    expect(derived.note).toMatch(/^derived: 68\.1 − 6\.3/);
    expect(observationError(derived).sd).toBeCloseTo(0.002 / (0.618 * 0.382), 12);
    const pair = processVariation(points, 0.5).pairs.find((p) => p.area === 'huizhou')!;
    const [g1, g2] = [(0.66 - 0.618) / 3, (0.681 - 0.66) / 2];
    expect(pair.figureVariance).toBeCloseTo((0.004 / (g2 * 2)) ** 2 + (0.004 * (1 / (g2 * 2) + 1 / (g1 * 3))) ** 2 + (0.002 / (g1 * 3)) ** 2, 12);
  });
});
