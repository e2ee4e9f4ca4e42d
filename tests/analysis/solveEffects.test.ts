import { describe, expect, it } from 'vitest';
import { costText, priced, settledText, wanText, yuanText } from '../../src/analysis/effectsText.ts';
import { planRate, solveEffects } from '../../src/analysis/solveEffects.ts';
import { M, METRIC_COUNT } from '../../src/model/indicators.ts';
import type { TargetSpec } from '../../src/scenario/resolved.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

/** Rows of `runs` runs over 2013–2016 with the given per-year values (2014, 2015, 2016) of some metrics. */
function rows(runs: { [metric: string]: number[] }[]): Float64Array {
  const out = new Float64Array(runs.length * 4 * METRIC_COUNT).fill(NaN);
  runs.forEach((r, run) => {
    for (const [metric, values] of Object.entries(r)) values.forEach((v, k) => { out[(run * 4 + k + 1) * METRIC_COUNT + M[metric as keyof typeof M]] = v; });
  });
  return out;
}
const years = Int32Array.from([2013, 2014, 2015, 2016]);

describe('solveEffects', () => {
  const r = rows([
    { settled: [10, 20, 30], settled_local: [4, 4, 4], settled_migrants: [6, 16, 26], cost_government: [1, 1, 1], cost_enterprise: [0, 0, 0], cost_individual: [2, 2, 2], land_quota_m2: [0, 0, 0], registered_rate: [0.6, 0.6, 0.7] },
    { settled: [40, 40, 40], settled_local: [10, 10, 10], settled_migrants: [30, 30, 30], cost_government: [5, 5, 5], cost_enterprise: [1, 1, 1], cost_individual: [0, 0, 0], land_quota_m2: [9, 9, 9], registered_rate: [0.6, 0.6, 0.5] },
    { settled: [0, 0, 3], settled_local: [0, 0, 3], settled_migrants: [0, 0, 0], cost_government: [0, 0, 9], cost_enterprise: [0, 0, 0], cost_individual: [0, 0, 0], land_quota_m2: [0, 0, 3], registered_rate: [0.6, 0.6, 0.65] },
  ]);
  const target: TargetSpec = { id: 't', metric: 'registered_rate', op: '>=', value: 0.6, year: 2016 };

  it('sums each run over the years after the base year, takes the median over runs and divides settlement by the years', () => {
    // settled sums 60, 120, 3 → median 60 over 3 years = 20 a year; locals 12, 30, 3 → 12; others 48, 90, 0 → 48
    const e = solveEffects(r, years, 2016, [target]);
    expect([e.years, e.settledPerYear, e.settledLocalPerYear, e.settledMigrantsPerYear]).toEqual([3, 20, 4, 16]);
    // government 3, 15, 9 → 9; enterprises 0, 3, 0 → 0; individuals 6, 0, 0 → 0; land 0, 27, 3 → 3
    expect([e.costGovernment, e.costEnterprise, e.costIndividual, e.landQuotaM2]).toEqual([9, 0, 0, 3]);
    // margins (v − 0.6) / 0.6: +1/6, −1/6, +1/12 → mean 1/36; met in runs 1 and 3
    expect(e.margin).toBeCloseTo(1 / 36, 12);
    expect(e.each).toEqual([2 / 3]);
  });

  it('stops at the horizon', () => {
    // through 2015: settled 30, 80, 0 → median 30 over 2 years
    expect(solveEffects(r, years, 2015, []).settledPerYear).toBe(15);
  });
});

describe('planRate', () => {
  const withPlan = (plan: NonNullable<ReturnType<typeof dalianResolved>['settlementPlan']>) => ({ ...dalianResolved({ end: 2025 }), settlementPlan: plan });

  it('takes the plan\'s last year up to the horizon, else its first, as persons a year from the base year', () => {
    // Dalian: 50万 by 2017, 120万 by 2020 (seed 004 L903, L909), base 2013
    const s = withPlan([{ year: 2017, persons: 500_000, kind: 'total' }, { year: 2020, persons: 1_200_000, kind: 'total' }]);
    expect(planRate(s, 2017)).toMatchObject({ year: 2017, from: 2013, total: 125_000 });
    expect(planRate(s, 2025)).toMatchObject({ year: 2020, total: 1_200_000 / 7 });
    expect(planRate(s, 2015)).toMatchObject({ year: 2017, total: 125_000 });
  });

  it('adds locals and others when the plan gives only those (Dongguan: 60万 + 90万 by 2020, seed 004 L4746)', () => {
    const s = withPlan([{ year: 2020, persons: 600_000, kind: 'local' }, { year: 2020, persons: 900_000, kind: 'nonlocal' }]);
    const r = planRate(s, 2020)!;
    expect(r).toMatchObject({ local: 600_000 / 7, nonlocal: 900_000 / 7 });
    expect(r.total).toBeCloseTo(1_500_000 / 7, 6);
    expect(planRate(dalianResolved(), 2020)).toBeUndefined();
  });
});

describe('effects in words', () => {
  it('writes persons in 万 and yuan in 亿, with the gap to the plan', () => {
    expect([wanText(234_000), wanText(4_200), wanText(420), yuanText(10_230_000_000), yuanText(52_000)]).toEqual(['23.4万', '0.42万', '420', '102.3亿', '5万']);
    const e = { years: 4, settledPerYear: 169_000, settledLocalPerYear: 13_000, settledMigrantsPerYear: 156_000, costGovernment: 2.967e10, costEnterprise: 2.374e10, costIndividual: 2.077e10, landQuotaM2: 0, margin: 0, each: [] };
    expect(settledText(e, { year: 2017, from: 2013, total: 125_000, source: 'seed 004 L903' }, 2013)).toBe(
      'settles 16.9万 a year over 2014–2017; the plan: 12.5万 a year (50.0万 by 2017, seed 004 L903): +4.4万',
    );
    expect(costText(e, 2013, { cost: true, land: false })).toBe('市民化 cost 2014–2017: government 296.7亿, enterprises 237.4亿, individuals 207.7亿 yuan; land quota not set (land_per_settled)');
    expect(costText({ ...e, costGovernment: 0, costEnterprise: 0, costIndividual: 0, landQuotaM2: 25_000 }, 2013, { cost: false, land: true })).toBe('市民化 cost not set (cost_one_off, cost_recurring); land quota earned 2.5 ha');
    // Set, with nobody settled: 0 yuan and 0.0 ha, not 'not set'.
    expect(costText({ ...e, costGovernment: 0, costEnterprise: 0, costIndividual: 0 }, 2013, { cost: true, land: true })).toBe('市民化 cost 2014–2017: government 0, enterprises 0, individuals 0 yuan; land quota earned 0.0 ha');
  });

  it("takes 'set' from the scenario: a cost or land per person other than the default 0, or a lever of the search", () => {
    const none = dalianResolved();
    expect(priced(none, ['migrant_settle_rate'])).toEqual({ cost: false, land: false });
    expect(priced(dalianResolved({ parameters: { cost_one_off: { kind: 'number', value: 110_000 } } }), [])).toEqual({ cost: true, land: false });
    expect(priced(dalianResolved({ parameters: { cost_recurring: { kind: 'dist', spec: { dist: 'uniform', min: 0, max: 2000 } } } }), [])).toEqual({ cost: true, land: false });
    expect(priced(dalianResolved({ parameters: { land_per_settled: { kind: 'number', value: 50 } } }), [])).toEqual({ cost: false, land: true });
    expect(priced(none, ['cost_recurring', 'land_per_settled'])).toEqual({ cost: true, land: true });
  });
});
