import { describe, expect, it } from 'vitest';
import { byAreaRange, coverageByArea } from '../../src/analysis/coverageByArea.ts';

// Expected values worked out by hand from the binomial probabilities, not with the functions' own code.

describe('coverageByArea', () => {
  it('weighs each area once, its figures 1/n each', () => {
    // a: 2 of 3 inside → 2/3; b: 1 of 1 → 1; c: 0 of 2 → 0.
    const figures = [
      { area: 'a', inside: true }, { area: 'b', inside: true }, { area: 'a', inside: false },
      { area: 'c', inside: false }, { area: 'a', inside: true }, { area: 'c', inside: false },
    ];
    const c = coverageByArea(figures);
    expect(c.inside).toBeCloseTo(5 / 3, 12);
    expect(c.areas).toBe(3);
    expect(c.sizes).toEqual([3, 1, 2]);
  });
});

describe('byAreaRange', () => {
  it('is the binomial range over figures when every area has one figure, apart or together', () => {
    // Bin(4, ½): P(0) = P(4) = 1/16 > 5 %, so 0–4 either way.
    expect(byAreaRange([1, 1, 1, 1], 0.5)).toEqual({ apart: [0, 4], together: [0, 4] });
  });

  it('gives the exact law of Σ Bin(n, p)/n apart, and Bin(areas, p) together', () => {
    // [2, 1] at ½: 0, ½, 1, 1½, 2 with 1/8, 1/4, 1/4, 1/4, 1/8; at mass 0.7 (15 % a tail) P(0) = 0.125 ≤ 15 %, P(≤ ½) = 0.375:
    // from ½; likewise up to 1½. Together Bin(2, ½): P(0) = ¼ > 15 %: 0–2.
    expect(byAreaRange([2, 1], 0.5, 0.7)).toEqual({ apart: [0.5, 1.5], together: [0, 2] });
    // [3] at 0.8: apart 0, ⅓, ⅔, 1 with 0.008, 0.096, 0.384, 0.512: P(≤ ⅓) = 0.104 > 5 % → from ⅓ (rounded to 1e-9);
    // together Bin(1, 0.8): 0–1.
    const r = byAreaRange([3], 0.8);
    expect(r.apart[0]).toBeCloseTo(1 / 3, 8);
    expect(r.apart[1]).toBe(1);
    expect(r.together).toEqual([0, 1]);
  });

  it('refuses an area with a number of figures that is not a whole number', () => {
    expect(() => byAreaRange([2, 1.5], 0.5)).toThrow(/an area's number of figures 1.5 must be a whole number ≥ 1/);
  });
});
