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
});
