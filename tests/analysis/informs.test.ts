import { describe, expect, it } from 'vitest';
import { buildBaseline, modelParams, project, type ModelParamsInput } from '../../src/model/index.ts';
import { INFORMS } from '../../src/analysis/fitDefaults.ts';
import { PACE_KEYS } from '../../src/batch/pilotDefaults.ts';

// Dongguan's base year, seed 004 L4722–4724: 831.7万 residents, 188.9万 registered, 642.8万 migrants; 88.75 % and
// 11.7 % (a share of the residents, data/areas).
const dongguan = buildBaseline({
  year: 2013, residentPop: 8_317_000, registeredPop: 1_889_000, migrantPop: 6_428_000, residentRate: 0.8875, registeredRate: 0.117, denominator: 'resident',
});
// Equal hukou TFRs, so that a woman's hukou type does not change the births (step 2 reads it).
const run = (over: Partial<ModelParamsInput>) =>
  project({
    params: modelParams({ startYear: 2013, endYear: 2015, inflow: 300_000, tfrUrbanHukou: 1.3, tfrRuralHukou: 1.3, settlementMode: 'points', settleWillingness: 0.05, pointsCutoff: 130, ...over }),
    initialState: dongguan.state,
  }).columns;

describe('which figures inform which pace of the fit (src/analysis/fitDefaults.ts)', () => {
  it('local take-up (Ru → Uu) moves people within the registry: the registered population is the same at any take-up', () => {
    const none = run({ localSettleRate: 0 });
    const much = run({ localSettleRate: 0.3 });
    // The take-up acts: 30 % of the rural-hukou town dwellers a year settle, and the registered rate rises.
    expect(much.settled_local[1]).toBeGreaterThan(10_000);
    expect(much.registered_rate[2]).toBeGreaterThan(none.registered_rate[2] + 0.005);
    // Registered population = every U* and R* status (src/model/README.md, Indicators): a move from Ru to Uu leaves it as it is.
    for (const y of [1, 2]) expect(much.registered_pop[y]).toBeCloseTo(none.registered_pop[y], 6);
  });

  it('the migrants\' take-up is what moves the registered population: year one gains its settled migrants', () => {
    const none = run({ settleWillingness: 0 });
    const some = run({ settleWillingness: 0.05 });
    // Settled migrants join Uu: the registered population of the first year differs by exactly them (no one settled
    // dies or bears children in the year they settle: settlement comes after survival and births, steps 1–2 and 8).
    expect(some.settled_migrants[1]).toBeGreaterThan(50_000);
    expect(some.registered_pop[1] - none.registered_pop[1]).toBeCloseTo(some.settled_migrants[1], 3);
  });

  it('so the registered population and migrants settled inform no pace; people settled (all, or locals) the local take-up', () => {
    const informed = (metric: string) => PACE_KEYS.filter((k) => INFORMS[k].has(metric));
    expect(informed('registered_pop')).toEqual([]);
    expect(informed('settled_migrants')).toEqual([]);
    expect(informed('settled_local')).toEqual(['local_settle_rate']);
    expect(informed('settled')).toEqual(['local_settle_rate']);
  });
});
