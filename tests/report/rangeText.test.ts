import { describe, expect, it } from 'vitest';
import { minus, rangeText } from '../../src/report/rangeText.ts';
import { inputValueText } from '../../src/report/inputValueText.ts';

describe('rangeText: ranges that cannot be misread', () => {
  it('an en dash between unsigned figures', () => {
    expect(rangeText('en', '3%', '30%')).toBe('3%–30%');
    expect(rangeText('zh', '0.120', '0.340')).toBe('0.120–0.340');
  });

  it('words and true minus signs when an end is negative or signed', () => {
    expect(rangeText('en', '-0.761', '-0.676')).toBe('−0.761 to −0.676');
    expect(rangeText('zh', '-0.761', '-0.676')).toBe('−0.761 至 −0.676');
    expect(rangeText('en', '-0.10', '0.05')).toBe('−0.10 to 0.05');
    expect(rangeText('en', '+1.2', '+3.4')).toBe('+1.2 to +3.4');
  });

  it('a figure\'s minus is U+2212; an input value below zero too', () => {
    expect(minus('-0.5')).toBe('\u22120.5');
    expect(minus('0.5')).toBe('0.5');
    expect(inputValueText('migrant_settle_rate', -0.05)).toBe('\u22125.0%');
  });

  it('the change of count\'s draws: its year whole (2014, not 2010 to three figures), b and v as shares in percent', () => {
    expect(inputValueText('uncertainty.registered_break.year', 2014)).toBe('2014');
    expect(inputValueText('uncertainty.registered_break.year', 2016)).toBe('2016');
    expect(inputValueText('uncertainty.registered_break.share', 0.205)).toBe('20.5%');
    expect(inputValueText('uncertainty.registered_break.village_share', 0.000535)).toBe('0.05%');
  });
});
