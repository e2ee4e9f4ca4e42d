import fc from 'fast-check';
import { SETTLEMENT_GROUPS, buildBaseline, modelParams, type BaselineInput, type GroupLeverKey, type ModelParams, type SettlementGroup } from '../../src/model/index.ts';

/**
 * A number spread evenly over [min, max], both ends included. `fc.double` spreads its draws over the
 * floating-point numbers instead, so most of them are tiny (1e-200 persons, a quota of 1e-90) and a
 * property would hardly ever see a binding cap or a real flow.
 */
export const uniform = (min: number, max: number): fc.Arbitrary<number> =>
  fc.integer({ min: 0, max: 1_000_000 }).map((i) => (i === 1_000_000 ? max : min + ((max - min) * i) / 1_000_000));

/**
 * Valid city aggregates under every registered-rate definition × denominator, some with locals living away:
 * registered ≤ residents + away, and a registered rate inside the range the builder can meet (hukou: at most
 * the registered living here are urban-hukou residents; residence: urban migrants r·R − K between 0 and the
 * migrants, K ≤ the registered living here).
 */
export const baselineInput = (): fc.Arbitrary<BaselineInput> =>
  fc
    .record({
      residentPop: uniform(1e4, 3e7),
      registeredRatio: uniform(0.5, 1.3),
      awayFrac: fc.oneof(fc.constant(0), uniform(0, 0.5)),
      residentRate: uniform(0.2, 0.95),
      registeredFrac: uniform(0.1, 0.95),
      definition: fc.constantFrom('hukou' as const, 'residence' as const),
      denominator: fc.constantFrom('registered' as const, 'resident' as const),
    })
    .map((r) => {
      const R = r.residentPop;
      const H = R * r.registeredRatio;
      const least = Math.max(0, H - R);
      const A = least + r.awayFrac * (H - least);
      const L = H - A;
      const lo = r.definition === 'residence' ? Math.max(0, L - (1 - r.residentRate) * R) : 0;
      const hi = r.definition === 'residence' ? Math.min(r.residentRate * R, L) : r.residentRate * L;
      const K = lo + r.registeredFrac * (hi - lo);
      return {
        year: 2013,
        residentPop: R,
        registeredPop: H,
        migrantPop: R - L,
        awayPop: A,
        residentRate: r.residentRate,
        registeredRate: Math.min(1, K / (r.denominator === 'resident' ? R : H)),
        definition: r.definition,
        denominator: r.denominator,
      };
    });

/** The model's registered-rate definition and denominator of a baseline. */
export const rateReading = (b: BaselineInput) => ({
  registeredRateDefinition: b.definition ?? 'hukou',
  registeredRateDenominator: b.denominator ?? 'registered',
});

const rate = (max = 0.3) => uniform(0, max);

/** Levers of every source group: some off (take-up 0), targets from none to larger than any pool. */
export const settlementGroups = (): fc.Arbitrary<Record<SettlementGroup, Record<GroupLeverKey, number>>> =>
  fc.record(
    Object.fromEntries(
      SETTLEMENT_GROUPS.map((g) => [
        g,
        fc.record({
          eligibleShare: rate(1),
          takeUp: fc.oneof(fc.constant(0), rate(1)),
          yearlyTarget: fc.oneof(fc.constant(Infinity), uniform(0, 2e6)),
        }),
      ]),
    ) as Record<SettlementGroup, fc.Arbitrary<Record<GroupLeverKey, number>>>,
  );

/** Random but valid model parameters with every flow switched on, source groups included. */
export const params = (years = 8): fc.Arbitrary<ModelParams> =>
  fc
    .record({
      e0M: uniform(55, 85),
      e0F: uniform(60, 90),
      tfrUrbanHukou: uniform(0.5, 3),
      tfrRuralHukou: uniform(0.5, 3),
      tfrMigrant: uniform(0.5, 3),
      migrantNewbornStay: rate(1),
      sexRatioAtBirth: uniform(1, 1.25),
      migrantReturnMultiplier: uniform(0, 3),
      localDepartureRate: rate(0.1),
      awayReturnRate: rate(1),
      awayReturnUrbanShare: rate(1),
      hukouExitRate: rate(1),
      inflow: uniform(0, 1e6),
      inflowChildShare: rate(1),
      inflowUrbanShare: rate(1),
      ruralToTownRate: rate(),
      ruralToTownForm: fc.constantFrom('share' as const, 'logit' as const),
      urbanHukouToTownRate: rate(),
      urbanHukouToTownFollowsPace: fc.boolean(),
      reclassShare: rate(0.2),
      reclassPersons: uniform(0, 5e5),
      reclassHukouShare: rate(1),
      hukouConversionRate: rate(0.1),
      hukouRelabelShare: rate(1),
      hukouRelabelVillageShare: rate(0.2),
      localSettleRate: rate(1),
      migrantSettleRate: rate(1),
      migrantSettleMinYears: fc.integer({ min: 0, max: 10 }),
      settlementGroups: settlementGroups(),
    })
    .map((r) => modelParams({ startYear: 2013, endYear: 2013 + years, ...r }));

/** The policy and capacity levers, each anywhere in its range, caps from binding to ample. */
export const policyLevers = () =>
  fc.record({
    settlementMode: fc.constantFrom('closed' as const, 'open' as const, 'conditions' as const, 'points' as const, 'plain' as const),
    settleWillingness: uniform(0, 1),
    settleQuota: fc.oneof(uniform(0, 2e4), uniform(0, 1e6), fc.constant(Infinity)),
    legalResidenceShare: uniform(0, 1),
    pointsCutoff: uniform(50, 200),
    pointsInsurancePerYear: uniform(0, 10),
    condResidenceYears: fc.integer({ min: 0, max: 10 }),
    condInsuranceYears: fc.integer({ min: 0, max: 10 }),
    insuranceCoverage: uniform(0, 1),
    openAreaShare: uniform(0, 1),
    landRightsKept: fc.constantFrom(0, 1),
    landRightsTakeupMultiplier: uniform(0, 5),
    rentalSettleShare: uniform(0, 1),
    schoolPlaces: fc.oneof(uniform(0, 2e6), fc.constant(Infinity)),
    permitSchoolYears: fc.integer({ min: 0, max: 10 }),
    permitHousingYears: fc.integer({ min: 0, max: 10 }),
    publicAccessShare: uniform(0, 1),
    childShortageElasticity: uniform(0, 2),
    returnShortageElasticity: uniform(0, 5),
    housingUnits: fc.oneof(uniform(0, 2e4), uniform(0, 1e6)),
    housingApplyShare: fc.constantFrom(0, 0.3),
    householdSize: uniform(1, 5),
    housingInflowElasticity: uniform(-1, 2),
    costOneOff: uniform(0, 2e5),
    costRecurring: uniform(0, 1e4),
    transferPerSettled: uniform(0, 1e4),
    transferPerResident: uniform(0, 100),
    settlementGroups: settlementGroups(),
  });

/** {@link params} with every policy and capacity lever of {@link policyLevers} switched on too. */
export const leverParams = (years = 6) =>
  fc.tuple(params(years), policyLevers()).map(([base, levers]) => {
    const { settlementMode, ...yearly } = levers;
    const withLevers = modelParams({ startYear: base.startYear, endYear: base.endYear, ...yearly });
    const demography = Object.fromEntries(BASE_KEYS.map((k) => [k, base[k]]));
    return {
      params: { ...withLevers, ...demography, settlementMode, migrantSettleMinYears: base.migrantSettleMinYears, ruralToTownForm: base.ruralToTownForm,
        urbanHukouToTownFollowsPace: base.urbanHukouToTownFollowsPace } as ModelParams,
      levers,
    };
  });

/** The keys {@link params} draws besides the source groups. */
const BASE_KEYS = ['e0M', 'e0F', 'tfrUrbanHukou', 'tfrRuralHukou', 'tfrMigrant', 'migrantNewbornStay', 'sexRatioAtBirth', 'migrantReturnMultiplier',
  'localDepartureRate', 'awayReturnRate', 'awayReturnUrbanShare', 'hukouExitRate', 'inflow', 'inflowChildShare', 'inflowUrbanShare',
  'ruralToTownRate', 'urbanHukouToTownRate', 'reclassShare', 'reclassPersons', 'reclassHukouShare', 'hukouConversionRate', 'hukouRelabelShare',
  'hukouRelabelVillageShare', 'localSettleRate', 'migrantSettleRate'] as const;

export const initialState = (b: BaselineInput): Float64Array => buildBaseline(b).state;

/**
 * fast-check options for `n` runs, scaled by `PROPERTY_RUNS_SCALE` (default 1): mutation testing runs every
 * property once per mutant and lowers it (tests/mutation.vitest.config.ts).
 */
export const runs = (n: number): { numRuns: number } => ({
  numRuns: Math.max(1, Math.round(n * Number(process.env.PROPERTY_RUNS_SCALE ?? 1))),
});
