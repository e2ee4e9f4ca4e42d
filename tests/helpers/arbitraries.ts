import fc from 'fast-check';
import { SETTLEMENT_GROUPS, buildBaseline, modelParams, type BaselineInput, type GroupLeverKey, type ModelParams, type SettlementGroup } from '../../src/index.ts';

/** Valid city aggregates: registered ≤ residents + away, rates in [0, 1]. */
export const baselineInput = (): fc.Arbitrary<BaselineInput> =>
  fc
    .record({
      residentPop: fc.double({ min: 1e4, max: 3e7, noNaN: true }),
      registeredRatio: fc.double({ min: 0.5, max: 1.3, noNaN: true }),
      residentRate: fc.double({ min: 0.2, max: 0.95, noNaN: true }),
      registeredFrac: fc.double({ min: 0.1, max: 0.95, noNaN: true }),
    })
    .map((r) => ({
      year: 2013,
      residentPop: r.residentPop,
      registeredPop: r.residentPop * r.registeredRatio,
      residentRate: r.residentRate,
      // Keep the registered rate low enough that urban-hukou residents fit in urban areas.
      registeredRate: r.registeredFrac * r.residentRate,
    }));

const rate = (max = 0.3) => fc.double({ min: 0, max, noNaN: true });

/** Levers of every source group: some off (take-up 0), targets from none to larger than any pool. */
export const settlementGroups = (): fc.Arbitrary<Record<SettlementGroup, Record<GroupLeverKey, number>>> =>
  fc.record(
    Object.fromEntries(
      SETTLEMENT_GROUPS.map((g) => [
        g,
        fc.record({
          eligibleShare: rate(1),
          takeUp: fc.oneof(fc.constant(0), rate(1)),
          yearlyTarget: fc.oneof(fc.constant(Infinity), fc.double({ min: 0, max: 2e6, noNaN: true })),
        }),
      ]),
    ) as Record<SettlementGroup, fc.Arbitrary<Record<GroupLeverKey, number>>>,
  );

/** Random but valid model parameters with every flow switched on, source groups included. */
export const params = (years = 8): fc.Arbitrary<ModelParams> =>
  fc
    .record({
      e0M: fc.double({ min: 55, max: 85, noNaN: true }),
      e0F: fc.double({ min: 60, max: 90, noNaN: true }),
      tfrUrbanHukou: fc.double({ min: 0.5, max: 3, noNaN: true }),
      tfrRuralHukou: fc.double({ min: 0.5, max: 3, noNaN: true }),
      tfrMigrant: fc.double({ min: 0.5, max: 3, noNaN: true }),
      sexRatioAtBirth: fc.double({ min: 1, max: 1.25, noNaN: true }),
      migrantReturnMultiplier: fc.double({ min: 0, max: 3, noNaN: true }),
      localDepartureRate: rate(0.1),
      awayReturnRate: rate(1),
      awayReturnUrbanShare: rate(1),
      hukouExitRate: rate(1),
      inflow: fc.double({ min: 0, max: 1e6, noNaN: true }),
      inflowChildShare: rate(1),
      inflowUrbanShare: rate(1),
      ruralToTownRate: rate(),
      urbanHukouToTownRate: rate(),
      reclassShare: rate(0.2),
      reclassPersons: fc.double({ min: 0, max: 5e5, noNaN: true }),
      reclassHukouShare: rate(1),
      localSettleRate: rate(1),
      migrantSettleRate: rate(1),
      migrantSettleMinYears: fc.integer({ min: 0, max: 10 }),
      settlementGroups: settlementGroups(),
    })
    .map((r) => modelParams({ startYear: 2013, endYear: 2013 + years, ...r }));

export const initialState = (b: BaselineInput): Float64Array => buildBaseline(b).state;
