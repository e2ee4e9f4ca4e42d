import { describe, expect, it } from 'vitest';
import { boundedScale } from '../../src/analysis/boundedScale.ts';
import { priorSupport } from '../../src/analysis/priorSupport.ts';
import { PERSONS_RULE, RATE_RULE, VARIABLE_RULE } from '../../src/scenario/valueRule.ts';

describe('boundedScale', () => {
  it('logit of the position in [lo, hi], and back (hand values)', () => {
    // (0.3 − 0.1)/(0.5 − 0.1) = 0.5 → logit 0; 0.2 → 0.25 → log(1/3).
    const s = boundedScale(Float64Array.of(0.3, 0.2), 0.1, 0.5);
    expect(s.kind).toBe('logit');
    expect(s.z[0]).toBeCloseTo(0, 14);
    expect(s.z[1]).toBeCloseTo(Math.log(1 / 3), 14);
    expect(s.back(s.z[1])).toBeCloseTo(0.2, 14);
    // However far a correction goes, the value stays in [lo, hi].
    for (const z of [-1e6, -50, 50, 1e6, Infinity, -Infinity]) {
      expect(s.back(z)).toBeGreaterThanOrEqual(0.1);
      expect(s.back(z)).toBeLessThanOrEqual(0.5);
    }
  });

  it('moves a value on a bound half way to the nearest value inside, and counts it', () => {
    // Values 0, 0.1, 0.4 and 1 in [0, 1]: 0 goes to 0.05 (half of 0.1), 1 to 1 − 0.3 (half of 1 − 0.4).
    const s = boundedScale(Float64Array.of(0, 0.1, 0.4, 1), 0, 1);
    expect(s.shrunk).toBe(2);
    expect(s.back(s.z[0])).toBeCloseTo(0.05, 14);
    expect(s.back(s.z[3])).toBeCloseTo(0.7, 14);
    expect([...s.z].every(Number.isFinite)).toBe(true);
    // With nothing strictly inside, 1e-6 of the range.
    const all = boundedScale(Float64Array.of(2, 2), 2, 4);
    expect(all.back(all.z[0])).toBeCloseTo(2 + 2e-6, 12);
  });

  it('log of the distance to a single bound; identity with none; a point support stays the point', () => {
    const lower = boundedScale(Float64Array.of(1e5, 3e5), 0, Infinity);
    expect(lower.kind).toBe('log');
    expect(lower.z[0]).toBeCloseTo(Math.log(1e5), 14);
    expect(lower.back(-1e3)).toBeGreaterThanOrEqual(0);
    const upper = boundedScale(Float64Array.of(0.5), -Infinity, 1);
    expect(upper.kind).toBe('log-upper');
    expect(upper.back(upper.z[0])).toBeCloseTo(0.5, 14);
    expect(upper.back(1e3)).toBeLessThanOrEqual(1);
    const none = boundedScale(Float64Array.of(-3, 7), -Infinity, Infinity);
    expect([none.kind, ...none.z, none.back(12)]).toEqual(['none', -3, 7, 12]);
    expect(boundedScale(Float64Array.of(0.05), 0.05, 0.05).back(9)).toBe(0.05);
  });
});

describe('priorSupport', () => {
  it("is the distribution's support narrowed to the key's bounds", () => {
    expect(priorSupport({ dist: 'uniform', min: 0.01, max: 0.09 }, RATE_RULE)).toEqual({ lower: 0.01, upper: 0.09 });
    expect(priorSupport({ dist: 'beta', alpha: 2, beta: 5, min: 0, max: 0.2 }, RATE_RULE)).toEqual({ lower: 0, upper: 0.2 });
    expect(priorSupport({ dist: 'triangular', min: 1, mode: 2, max: 4 }, VARIABLE_RULE)).toEqual({ lower: 1, upper: 4 });
    // A normal rate: its truncation, else the rate's own [0, 1].
    expect(priorSupport({ dist: 'normal', mean: 0.05, sd: 0.02, lower: 0.01 }, RATE_RULE)).toEqual({ lower: 0.01, upper: 1 });
    // A lognormal count: positive, open above; a normal helper variable: open both ways.
    expect(priorSupport({ dist: 'lognormal', median: 2e5, sigma: 0.5 }, PERSONS_RULE)).toEqual({ lower: 0, upper: Infinity });
    expect(priorSupport({ dist: 'normal', mean: 0, sd: 1 }, VARIABLE_RULE)).toEqual({ lower: -Infinity, upper: Infinity });
    expect(priorSupport({ dist: 'choice', values: [3, 1, 2], weights: [1, 1, 1] }, VARIABLE_RULE)).toEqual({ lower: 1, upper: 3 });
  });
});
