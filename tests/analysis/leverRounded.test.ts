import { describe, expect, it } from 'vitest';
import { leverRounded, leverShown } from '../../src/analysis/leverRounded.ts';
import { wholeLever } from '../../src/analysis/wholeLever.ts';

describe('leverRounded: four significant figures, or the decimals the step needs', () => {
  it('four significant figures either side of 0: 26.2099 → 26.21, 0.0510409 → 0.05104, 1,234.56 → 1,235, 9.99949 → 9.999', () => {
    expect([26.2099, -26.2099, 0.0510409, -0.0510409, 1234.56, 9.99949].map((x) => leverRounded(x))).toEqual([26.21, -26.21, 0.05104, -0.05104, 1235, 9.999]);
  });

  it('from 10,000 up to the power of ten the four figures end at: 123,456 → 123,500, −123,456 → −123,500, 98,765,432 → 98,770,000', () => {
    expect([123_456, -123_456, 98_765_432].map((x) => leverRounded(x))).toEqual([123_500, -123_500, 98_770_000]);
  });

  it('0, NaN and ±∞ as they are, with a step or without', () => {
    expect([0, NaN, Infinity, -Infinity].map((x) => leverRounded(x))).toEqual([0, NaN, Infinity, -Infinity]);
    expect([0, NaN, Infinity, -Infinity].map((x) => leverRounded(x, 0.001))).toEqual([0, NaN, Infinity, -Infinity]);
  });

  it('a step of 10^−k needs k decimals, not k + 1; a step just under it k + 1; a step over it changes nothing finer', () => {
    expect(leverRounded(40.00123, 0.001)).toBe(40.001);
    expect(leverRounded(40.00123, 0.0011)).toBe(40.001); // −log10 0.0011 = 2.96 → 3
    expect(leverRounded(40.00123, 0.0009)).toBe(40.0012); // −log10 0.0009 = 3.05 → 4
    expect(leverRounded(4.03703, 0.58)).toBe(4.037); // four figures already finer
  });

  it('a step of 0.1 come out of a subtraction (2.3 − 2.2 = 0.09999999999999964) still needs one decimal, not two', () => {
    expect(2.3 - 2.2).toBeLessThan(0.1);
    expect(leverRounded(12_345.67, 2.3 - 2.2)).toBe(12_345.7);
  });

  it('from 10,000 up, a step keeps the digits it needs: 1 the units, 10 the tens, 10,000 none past four figures', () => {
    expect(leverRounded(123_456, 1)).toBe(123_456);
    expect(leverRounded(123_466, 10)).toBe(123_470);
    expect(leverRounded(123_456, 10_000)).toBe(123_500);
    expect(leverRounded(1_000_500, 500)).toBe(1_000_500);
  });

  it('a step that is no step (0, negative, NaN, ∞) is not read: four figures', () => {
    expect([0, -0.001, NaN, Infinity].map((s) => leverRounded(26.2099, s))).toEqual([26.21, 26.21, 26.21, 26.21]);
  });

  it('toFixed\'s 100 decimals used to their end; past them four significant figures', () => {
    // A step of 1e-100: 100 decimals keep every digit 0.123456789 has; 1e-101 would need 101.
    expect(leverRounded(0.123456789, 1e-100)).toBe(0.123456789);
    expect(leverRounded(0.123456789, 1e-101)).toBe(0.1235);
    expect(leverRounded(1.23456e-120)).toBe(1.235e-120);
  });
});

describe('leverShown: a rate in percent, a whole lever to the unit, anything else leverRounded', () => {
  const rate = { percent: true, integer: false };
  const whole = { percent: false, integer: true };
  const plain = { percent: false, integer: false };
  it('a rate in percent, its step too (1e-5 is 0.001 percent: three decimals)', () => {
    expect(leverShown(0.0113307, rate)).toBe(1.133);
    expect(leverShown(0.400012, rate, 1e-5)).toBe(40.001);
    expect(leverShown(0.400012, rate)).toBe(40);
  });
  it('a whole lever to the unit, whatever the step: 35,284 a step of 683, 12,000.6 → 12,001', () => {
    expect(leverShown(35_284, whole, 683)).toBe(35_284);
    expect(leverShown(12_000.6, whole)).toBe(12_001);
  });
  it('anything else to four figures or its step', () => {
    expect(leverShown(1_000_500, plain, 500)).toBe(1_000_500);
    expect(leverShown(1_234_567, plain)).toBe(1_235_000);
  });
});

describe('wholeLever: a count or a rule\'s years', () => {
  it('quota, inflow (persons) and years of residence are whole; a rate and a scenario\'s variable are not', () => {
    expect(['settle_quota', 'inflow', 'cond_residence_years', 'migrant_settle_rate', 'inflow_growth'].map(wholeLever)).toEqual([true, true, true, false, false]);
  });

  it('school places and dwellings are counted (whole); life expectancy, in years but a measure, is not', () => {
    expect(['school_places', 'housing_units', 'permit_school_years', 'e0_male', 'e0_female'].map(wholeLever)).toEqual([true, true, true, false, false]);
  });
});
