import { describe, expect, it } from 'vitest';
import { AGES, SurvivalRatios, defaultLifeTables } from '../../src/index.ts';

describe('Brass logit life tables on the WPP 2019 China standard', () => {
  const lt = defaultLifeTables();
  const s = new SurvivalRatios();

  it("reproduces the standard's e0 at α = 0", () => {
    // WPP 2019 China 2010–15 e0: M 73.07, F 77.45 (reference table wpp2019_e0). Our single-year
    // rebuild of the abridged table (constant hazard in each group, a0 = 0.1) lands within 0.15 year.
    lt.M.fillAlpha(0, s);
    expect(Math.abs(s.e0 - 73.07)).toBeLessThan(0.15);
    lt.F.fillAlpha(0, s);
    expect(Math.abs(s.e0 - 77.45)).toBeLessThan(0.15);
  });

  it.each([45, 60, 72.38, 77.37, 85, 92])('finds the member with e0 = %d', (e0) => {
    lt.F.fill(e0, s);
    expect(s.e0).toBeCloseTo(e0, 3);
  });

  it('gives survival ratios in (0, 1] that fall with age after childhood', () => {
    lt.M.fill(75, s);
    for (let x = 0; x < AGES; x++) {
      expect(s.ratio[x]).toBeGreaterThan(0);
      expect(s.ratio[x]).toBeLessThanOrEqual(1);
    }
    for (let x = 30; x < 98; x++) expect(s.ratio[x + 1]).toBeLessThanOrEqual(s.ratio[x]);
    // Higher e0 ⇒ every ratio at least as high.
    const hi = new SurvivalRatios();
    lt.M.fill(80, hi);
    for (let x = 0; x < AGES; x++) expect(hi.ratio[x]).toBeGreaterThanOrEqual(s.ratio[x]);
  });
});
