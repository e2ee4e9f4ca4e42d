import { describe, expect, it } from 'vitest';
import { pilotCountBreak } from '../../src/analysis/pilotCountBreak.ts';

describe('pilotCountBreak: the change of count as an area\'s pilot draws it', () => {
  it('Liuzhou: the pilot\'s figures (004:5297-5299; its registered population taken as the resident one) give the town dwellers\' share of the rural hukou (59.5 − 32.5) / (100 − 32.5) = 0.4', () => {
    const b = pilotCountBreak('liuzhou', 2010, 2015)!;
    expect(b.townShare).toBeCloseTo((0.595 - 0.325) / (1 - 0.325), 9);
    expect(b.years).toEqual([2015, 2016]);
    expect(b.share).toEqual({ min: 0, max: 1 });
    expect(b.villageShare).toEqual({ min: 0, max: 0.1 });
  });

  it('Dalian: migrants (691.8万 − 591.4万) 90 % urban, so the rural-hukou town dwellers are 68.5 % × 691.8 − 63.1 % × 591.4 − 0.9 × 100.4 万 of 36.9 % × 591.4 万', () => {
    const ru = 0.685 * 691.8 - 0.631 * 591.4 - 0.9 * (691.8 - 591.4);
    expect(pilotCountBreak('dalian', 2010, 2015)!.townShare).toBeCloseTo(ru / (0.369 * 591.4), 9);
  });

  it('none for a city that unified before (Weihai 2004, 001:145), one whose pilot counts where people live (Jiaxing), an area without a pilot, or between dates before the reform\'s years', () => {
    expect(pilotCountBreak('weihai', 2013, 2015)).toBeUndefined();
    expect(pilotCountBreak('jiaxing', 2010, 2015)).toBeUndefined();
    expect(pilotCountBreak('nowhere', 2010, 2015)).toBeUndefined();
    expect(pilotCountBreak('liuzhou', 2010, 2014)).toBeUndefined();
  });
});
