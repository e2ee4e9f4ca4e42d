import { describe, expect, it } from 'vitest';
import { countMayChange } from '../../src/analysis/crossValidate.ts';

describe('a held-out figure whose count may differ from the base year\'s', () => {
  const rate2015 = { metric: 'registered_rate' as const, year: 2015 };

  it('a flagged registered rate after a break year its area\'s pilot draws (Dalian: 2013 base, break 2015 or 2016)', () => {
    expect(countMayChange(rate2015, 'flagged', 2013, [2015, 2016])).toBe(true);
    expect(countMayChange(rate2015, 'flagged', 2013, [2016, 2015])).toBe(true);
  });

  it('not before the break, nor without one (Weihai, unified 2004), nor on the model\'s own count, nor another metric', () => {
    expect(countMayChange({ ...rate2015, year: 2014 }, 'flagged', 2013, [2015, 2016])).toBe(false);
    expect(countMayChange(rate2015, 'flagged', 2013, [])).toBe(false);
    expect(countMayChange(rate2015, 'flagged', 2015, [2015])).toBe(false); // a break in the base year is in the baseline
    expect(countMayChange(rate2015, 'used', 2013, [2015, 2016])).toBe(false);
    expect(countMayChange({ metric: 'resident_rate', year: 2015 }, 'flagged', 2013, [2015, 2016])).toBe(false);
  });
});
