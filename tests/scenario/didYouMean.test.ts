import { describe, expect, it } from 'vitest';
import { didYouMean, didYouMeanAll } from '../../src/scenario/didYouMean.ts';
import { metricHint } from '../../src/scenario/metricHint.ts';
import { editDistance } from '../../src/scenario/editDistance.ts';

describe('edit distance and "did you mean"', () => {
  it('counts a swap of two adjacent letters as one edit', () => {
    // By hand: dalain → dalian swaps "ai"; inflw → inflow inserts o; kitten → sitting: k→s, e→i, +g.
    expect(editDistance('dalain', 'dalian')).toBe(1);
    expect(editDistance('dalain', 'dali')).toBe(2); // delete a, n
    expect(editDistance('inflw', 'inflow')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    // optimal string alignment: ca → abc is 3 (no edit of a swapped pair again)
    expect(editDistance('ca', 'abc')).toBe(3);
  });

  it('suggests dalian for dalain whatever the order of the candidates (calibrate --area listed dali first)', () => {
    expect(didYouMean('dalain', ['dali', 'dalian'])).toBe('dalian');
    expect(didYouMean('dalain', ['dalian', 'dali'])).toBe('dalian');
    expect(didYouMean('migrant_setle_rate', ['migrant_settle_rate', 'local_settle_rate'])).toBe('migrant_settle_rate');
  });

  it('a name that shortens several: every one, a metric\'s rates first (`registered` named only registered_pop, not registered_rate)', () => {
    // registered → registered_pop is 4 edits, → registered_rate 5: both past the limit of 3, both lengthen it.
    expect(didYouMeanAll('registered', ['registered_pop', 'resident_rate', 'registered_rate'])).toEqual(['registered_pop', 'registered_rate']);
    expect(didYouMeanAll('inflw', ['inflow', 'e0_male'])).toEqual(['inflow']);
    expect(didYouMeanAll('zzz', ['inflow'])).toEqual([]);
    expect(didYouMean('registered', ['registered_pop', 'registered_rate'])).toBe('registered_pop');
    expect(metricHint('registered')).toBe(', did you mean `registered_rate` or `registered_pop`?');
    expect(metricHint('resident')).toBe(', did you mean `resident_rate` or `resident_pop`?');
    expect(metricHint('housing')).toBe(', did you mean `housing_demand`, `housing_units` or `housing_shortage`?');
    expect(metricHint('registred_rate')).toBe(', did you mean `registered_rate`?');
    expect(metricHint('gdp')).toBe('');
  });
});
