import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AreaForecast, clusteredSe, foldDefaults, forecastCrps, scoreUnit, spreadWeights, widestWithinOneSe } from '../../src/analysis/spreadFactor.ts';
import { pilotScenario, withPaceForm } from '../../src/analysis/fitDefaults.ts';
import { writtenLaw } from '../../src/analysis/writtenLaw.ts';
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

describe('a pooled pace drawn as its mixture (src/analysis/paceLaw.ts)', () => {
  // A pooled urbanization pace of two components: weights 0.6 / 0.4, centres −3.6 / −3.3, sds 0.2 / 0.5 (mean −3.48).
  const mix = { weights: [0.6, 0.4], centers: [-3.6, -3.3], sds: [0.2, 0.5] };
  const mean = 0.6 * -3.6 + 0.4 * -3.3;
  const sd = Math.sqrt(0.6 * 0.04 + 0.4 * 0.25 + 0.6 * (-3.6 - mean) ** 2 + 0.4 * (-3.3 - mean) ** 2);
  const pace = (fitted: boolean, center: number, s: number, m?: typeof mix) => ({ fitted, center, sd: s, ...(m && { mix: m }), tau: 0, se: 0, areas: [] });
  const paces = {
    rural_to_town_rate: pace(true, mean, sd, mix),
    local_settle_rate: pace(false, -2.944, 1.5),
    net_migration: pace(true, 0.001, 0.01),
    hukou_conversion_rate: pace(false, -3.892, 1.5),
  } as Parameters<typeof foldDefaults>[0];

  it('a fold scales each component\'s offset from the centre and its sd by κ, and its pilot writes the mixture', () => {
    const d = foldDefaults(paces, 0.6, withPaceForm({ sigma: 0.13, phi: 0.5 }), 'fold').paces.rural_to_town_rate;
    // −3.48 + 0.6 × (−3.6 + 3.48) = −3.552, −3.48 + 0.6 × 0.18 = −3.372; sds 0.12, 0.3.
    expect(d.mix!.centers[0]).toBeCloseTo(-3.552, 12);
    expect(d.mix!.centers[1]).toBeCloseTo(-3.372, 12);
    expect(d.mix!.sds).toEqual([0.6 * 0.2, 0.6 * 0.5]);
    expect(d.sd).toBeCloseTo(0.6 * sd, 12);
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-mix-'));
    const scenario = pilotScenario('luzhou', foldDefaults(paces, 0.6, withPaceForm({ sigma: 0.13, phi: 0.5 }), 'fold'), dir)!;
    const v = scenario.parameters.rural_to_town_rate;
    // As written: medians at 3 significant digits of the rate (logistic(−3.552) = 2.787 %, logistic(−3.372) = 3.323 %).
    expect(v).toEqual({ kind: 'dist', spec: { dist: 'logitnormalmix', weights: [0.6, 0.4], medians: [0.0279, 0.0332], sigmas: [0.12, 0.3] } });
    const w = writtenLaw(scenario, 'rural_to_town_rate');
    expect(w.mix!.centers[0]).toBeCloseTo(Math.log(0.0279 / 0.9721), 12);
    // The unfitted paces stay normal laws.
    expect(scenario.parameters.local_settle_rate).toEqual({ kind: 'dist', spec: { dist: 'logitnormal', median: 0.05, sigma: 1.5 } });
  });

  it('spreadWeights: the ratio of the scaled mixture\'s density to the written one\'s, by hand', () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-mix-'));
    const scenario = pilotScenario('luzhou', foldDefaults(paces, 1, withPaceForm({ sigma: 0.13, phi: 0.5 }), 'fold'), dir)!;
    const medians = [0.0266, 0.0356]; // logistic(−3.6) = 2.660 %, logistic(−3.3) = 3.557 %
    const cs = medians.map((m) => Math.log(m / (1 - m)));
    const c = 0.6 * cs[0] + 0.4 * cs[1];
    const dens = (x: number, k: number) => [0.6, 0.4].reduce((a, wj, j) => {
      const s = k * [0.2, 0.5][j];
      const m = c + k * (cs[j] - c);
      return a + (wj / s) * Math.exp(-0.5 * ((x - m) / s) ** 2);
    }, 0);
    const z = Float64Array.of(-3.5, -2.9, -4.4);
    const other = (center: number, s: number) => Float64Array.from(z, (_, r) => center + s * [0, 0.5, -1][r]);
    const lt = writtenLaw(scenario, 'local_settle_rate'), nm = writtenLaw(scenario, 'net_migration'), hc = writtenLaw(scenario, 'hukou_conversion_rate');
    const f: AreaForecast = {
      area: 'luzhou', scenario, held: [{} as AreaForecast['held'][number]], predictive: new Float64Array(3),
      draws: { rural_to_town_rate: z, local_settle_rate: other(lt.center, lt.sd), net_migration: other(nm.center, nm.sd), hukou_conversion_rate: other(hc.center, hc.sd) },
    };
    expect([...spreadWeights(f, 1)].every((w) => Math.abs(w - 1) < 1e-12)).toBe(true);
    const w = spreadWeights(f, 0.6);
    // The normal paces at standard scores 0, 0.5, −1: exp(−½ (u/0.6)² + ½ u²) / 0.6 each.
    const normal = (u: number) => Math.exp(-0.5 * (u / 0.6) ** 2 + 0.5 * u * u) / 0.6;
    [0, 0.5, -1].forEach((u, r) => expect(w[r]).toBeCloseTo((dens(z[r], 0.6) / dens(z[r], 1)) * normal(u) ** 3, 9));
    // One weight per run, not per value: with two figures held the 6 values are 3 runs (Stryker: runs = values × figures survived).
    expect(spreadWeights({ ...f, held: [f.held[0], f.held[0]], predictive: new Float64Array(6) }, 0.6)).toHaveLength(3);
  });
});

// Survivors of a targeted Stryker run (2026-12-04 19:17, spreadFactor.ts against this file: 63.8 %, 6 survived, 23 no
// coverage of 80): the units the cross-validation scores in, and the forecast's CRPS per figure, had no test of their own.
describe('scoreUnit and forecastCrps', () => {
  it('scores a rate in points and anything else in % of the figure', () => {
    expect(scoreUnit({ metric: 'resident_rate', value: 0.6 }, 0.012)).toBeCloseTo(1.2, 12);
    expect(scoreUnit({ metric: 'registered_rate', value: 0.4 }, -0.005)).toBeCloseTo(-0.5, 12);
    // 5万 off a population of 500万: 1 %.
    expect(scoreUnit({ metric: 'resident_pop', value: 5e6 }, 5e4)).toBeCloseTo(1, 12);
    expect(scoreUnit({ metric: 'settled', value: 2e4 }, 1e3)).toBeCloseTo(5, 12);
  });

  it('gives each held figure the CRPS of its column of the runs × figures rows, weighted or not', () => {
    // Runs × figures, row-major: figure 0 takes 1 and 3 (observed 2), figure 1 takes 10 and 14 (observed 12).
    // CRPS = E|X − y| − ½ E|X − X′|: figure 0 1 − ½ · 1 = 0.5 (pairs 0, 2, 2, 0); figure 1 2 − ½ · 2 = 1 (pairs 0, 4, 4, 0).
    // Weighted 3 : 1: figure 0 E|X − y| = 1, E|X − X′| = 2 · 0.75 · 0.25 · 2 = 0.75, so 0.625; figure 1 2 − ½ · 1.5 = 1.25.
    const held = [2, 12].map((value) => ({ point: { value } }) as unknown as AreaForecast['held'][number]);
    const f = { area: 'x', held, predictive: Float64Array.of(1, 10, 3, 14) } as unknown as AreaForecast;
    forecastCrps(f).forEach((c, j) => expect(c).toBeCloseTo([0.5, 1][j], 12));
    forecastCrps(f, Float64Array.of(3, 1)).forEach((c, j) => expect(c).toBeCloseTo([0.625, 1.25][j], 12));
    expect(forecastCrps(f)).toHaveLength(2);
  });
});
