import { describe, expect, it } from 'vitest';
import { breakDraw } from '../../src/montecarlo/breakDraw.ts';

describe('breakDraw', () => {
  it('the year by equal odds, then b and v uniform in their ranges, in the order the uniforms come', () => {
    const out = new Float64Array(3);
    const spec = { years: [2015, 2016], share: { min: 0.2, max: 0.6 }, villageShare: { min: 0, max: 0.1 } };
    // 0.7 of two years: the second; b = 0.2 + 0.25 × 0.4 = 0.3; v = 0.5 × 0.1 = 0.05.
    breakDraw(spec, 0.7, 0.25, 0.5, out);
    expect(out[0]).toBe(2016);
    expect(out[1]).toBeCloseTo(0.3, 15);
    expect(out[2]).toBeCloseTo(0.05, 15);
    // Just under 0.5: the first year; a uniform of 1 (never drawn, but at the edge) stays in the last year.
    breakDraw(spec, 0.4999, 0, 1, out);
    expect(Array.from(out)).toEqual([2015, 0.2, 0.1]);
    breakDraw({ ...spec, years: [2015, 2016, 2017] }, 1, 0, 0, out);
    expect(out[0]).toBe(2017);
  });
});
