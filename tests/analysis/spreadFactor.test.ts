import { describe, expect, it } from 'vitest';
import { foldDefaults, widestWithinOneSe } from '../../src/analysis/spreadFactor.ts';
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
