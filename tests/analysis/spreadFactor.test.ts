import { describe, expect, it } from 'vitest';
import { clusteredSe, foldDefaults, widestWithinOneSe } from '../../src/analysis/spreadFactor.ts';
import { withPaceForm } from '../../src/analysis/fitDefaults.ts';
import { pilotScenarioYaml } from '../../src/batch/pilotScenarioYaml.ts';
import { cityFacts } from '../../src/data/areas.ts';
import { fittedDefaults } from '../../src/data/fittedDefaults.ts';

describe('widestWithinOneSe', () => {
  it('keeps the best κ when a wider one is worse by more than one standard error of the paired differences', () => {
    // κ = 1 minus κ = 0.7 per figure: 0.1, 0.2 → mean 0.15, sd √((0.05² + 0.05²)/1) = 0.0707, SE 0.0707/√2 = 0.05.
    expect(widestWithinOneSe([{ spread: 0.7, each: [0.9, 0.8] }, { spread: 1, each: [1, 1] }])).toBe(0.7);
  });

  it('takes the widest κ the scores cannot tell from the best', () => {
    // κ = 1 minus κ = 0.7: 0.2, 0 → mean 0.1, sd 0.1414, SE 0.1: within one SE.
    expect(widestWithinOneSe([{ spread: 0.7, each: [0.8, 1.0] }, { spread: 1, each: [1, 1] }])).toBe(1);
    const tried = [
      { spread: 0.5, each: [1.0, 1.0, 1.0, 0.6] },
      { spread: 0.7, each: [0.9, 0.9, 0.9, 0.7] }, // −0.1 −0.1 −0.1 +0.1 from 0.5: mean −0.05, the best (0.85)
      { spread: 0.85, each: [0.95, 0.95, 0.95, 0.95] }, // from 0.7: 0.05 0.05 0.05 0.25 → mean 0.1, sd 0.1, SE 0.05: outside
      { spread: 1, each: [0.88, 0.9, 0.9, 0.8] }, // from 0.7: −0.02 0 0 0.1 → mean 0.02, sd 0.0542, SE 0.0271: within
    ];
    expect(widestWithinOneSe(tried)).toBe(1);
    expect(widestWithinOneSe(tried.slice(0, 3))).toBe(0.7);
  });

  it('never goes narrower than the best, whatever the narrower ones score', () => {
    expect(widestWithinOneSe([{ spread: 0.4, each: [1, 1] }, { spread: 1, each: [0.5, 0.6] }])).toBe(1);
  });

  it('takes the standard error over areas: an area\'s figures are not independent differences', () => {
    // κ = 1 minus κ = 0.7: 0.2, 0.2, 0.2, 0.2 (area a), −0.2 (area b): mean 0.12.
    // Over figures: deviations 0.08 (×4), −0.32: s² = (4·0.0064 + 0.1024)/4 = 0.032, SE √(0.032/5) = 0.080 < 0.12: outside.
    // Over areas: sums 4·0.08 = 0.32 and −0.32; SE = √(2/1 · 2·0.1024)/5 = 0.64/5 = 0.128 ≥ 0.12: within.
    const tried = [{ spread: 0.7, each: [0.8, 0.8, 0.8, 0.8, 0.8] }, { spread: 1, each: [1, 1, 1, 1, 0.6] }];
    expect(widestWithinOneSe(tried)).toBe(0.7);
    expect(widestWithinOneSe(tried.map((t) => ({ ...t, areas: ['a', 'a', 'a', 'a', 'b'] })))).toBe(1);
    // Every figure its own area: the same choice as without areas.
    expect(widestWithinOneSe(tried.map((t) => ({ ...t, areas: ['a', 'b', 'c', 'd', 'e'] })))).toBe(0.7);
  });
});

describe('clusteredSe', () => {
  it('is s/√N with one value per cluster, and the sandwich over cluster sums otherwise', () => {
    // 0.1, 0.2: s = 0.0707, SE 0.05.
    expect(clusteredSe([0.1, 0.2], ['a', 'b'])).toBeCloseTo(0.05, 12);
    // mean 1/6; a's sum 2·(0.1 − 1/6) = −2/15, b's 2/15: √(2/(2 − 1) · 2 · 4/225)/3 = √(16/225)/3 = 4/45.
    expect(clusteredSe([0.1, 0.1, 0.3], ['a', 'a', 'b'])).toBeCloseTo(4 / 45, 12);
    // One cluster: nothing to compare.
    expect(clusteredSe([0.1, 0.3], ['a', 'a'])).toBe(0);
  });

  it('refuses cluster names that do not match the values', () => {
    expect(() => clusteredSe([0.1, 0.2], ['a'])).toThrow(/2 values but 1 cluster names/);
  });
});

describe('foldDefaults', () => {
  it('carries the form of the urbanization pace the cross-validation runs with into each fold\'s pilot', () => {
    const paces = fittedDefaults().paces as Parameters<typeof foldDefaults>[0];
    const yaml = (form?: 'share' | 'logit') =>
      pilotScenarioYaml(cityFacts('luzhou'), { defaults: foldDefaults(paces, 0.7, withPaceForm({ sigma: 0.16, phi: 0.5 }, form), 'fold') })!;
    expect(yaml('logit')).toMatch(/^rural_to_town_form: logit /m);
    expect(yaml('share')).not.toMatch(/rural_to_town_form/);
    expect(yaml()).toBe(yaml('share'));
  });

  it('scales a pooled pace by κ and leaves a pace too few areas fit at the reference prior, as the shipped pilots do', () => {
    const pace = (fitted: boolean, center: number, sd: number) => ({ fitted, center, sd, tau: 0, se: 0, areas: [] });
    const paces = {
      rural_to_town_rate: pace(true, -3.5, 0.3),
      local_settle_rate: pace(false, -2.944, 1.5),
      net_migration: pace(true, 0.001, 0.01),
      hukou_conversion_rate: pace(false, -3.892, 1.5),
    } as Parameters<typeof foldDefaults>[0];
    const d = foldDefaults(paces, 0.6, withPaceForm({ sigma: 0.13, phi: 0.5 }), 'fold').paces;
    // pooled: 0.6 × 0.3 = 0.18, 0.6 × 0.01 = 0.006; unfitted: 1.5 as it is (not 0.9)
    expect(d.rural_to_town_rate.sd).toBeCloseTo(0.18, 12);
    expect(d.net_migration.sd).toBeCloseTo(0.006, 12);
    expect(d.local_settle_rate.sd).toBe(1.5);
    expect(d.hukou_conversion_rate.sd).toBe(1.5);
    expect(d.local_settle_rate.center).toBe(-2.944);
    expect(d.local_settle_rate.note).toBe('fold: reference prior');
  });
});
