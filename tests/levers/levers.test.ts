import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DURATIONS, FIRST_GROUP_FLOW, Flow, Lever, SETTLEMENT_GROUPS, STATE_SIZE, Sex, Status, Workspace, binomialTail, buildBaseline, eligibility, idx, measureCapacity,
  modelParams, mu, normalCdf, project, type ModelParams, type ModelParamsInput,
} from '../../src/model/index.ts';
import { applySettlement } from '../../src/model/flows/settlement.ts';
import { settlementPolicy } from '../../src/model/flows/settlementPolicy.ts';
import { baselineInput, leverParams, rateReading, runs } from '../helpers/arbitraries.ts';

const dalian = buildBaseline({ year: 2013, residentPop: 6_918_000, registeredPop: 5_914_000, residentRate: 0.685, registeredRate: 0.631 });
const run = (over: Partial<ModelParamsInput>) =>
  project({ params: modelParams({ startYear: 2013, endYear: 2020, inflow: 200_000, ...over }), initialState: dalian.state }).columns;
const last = (c: Float64Array) => c[c.length - 1];
const total = (c: Float64Array) => c.slice(1).reduce((a, v) => a + v, 0);

/** One settlement step on a state of 1,000 urban migrants at each duration (women aged 30) plus 300 children aged 8 at d = 5. */
function oneYear(over: Partial<ModelParamsInput>) {
  const s = new Float64Array(STATE_SIZE);
  for (let d = 0; d < DURATIONS; d++) s[idx(mu(d), Sex.F, 30)] = 1000;
  s[idx(mu(5), Sex.M, 8)] = 300;
  const p = modelParams({ startYear: 2020, endYear: 2021, localSettleRate: 0, ...over });
  const ws = new Workspace();
  settlementPolicy(s, p, 0, ws);
  applySettlement(s, p, 0, ws);
  return { s, ws, settled: ws.flows[Flow.settledMigrants] };
}

describe('eligibility by mode, by hand', () => {
  const p = (over: Partial<ModelParamsInput>): ModelParams => modelParams({ startYear: 2020, endYear: 2021, ...over });
  const e = (pp: ModelParams) => {
    const out = new Float64Array(DURATIONS);
    eligibility(pp, 0, out);
    return out;
  };
  it('closed: nobody; open: the legal-residence share', () => {
    expect([...e(p({ settlementMode: 'closed' }))].every((v) => v === 0)).toBe(true);
    expect(e(p({ settlementMode: 'open', legalResidenceShare: 0.8 }))[0]).toBeCloseTo(0.8, 12);
  });
  it('conditions: years of residence, insurance years ~ Binomial(d, coverage), job and housing shares', () => {
    const out = e(p({ settlementMode: 'conditions', condResidenceYears: 2, condInsuranceYears: 2, insuranceCoverage: 0.5, legalJobShare: 0.9, legalHousingShare: 0.8 }));
    expect(out[1]).toBe(0);
    // d = 3: P(Bin(3, ½) ≥ 2) = 4/8 = 0.5 → 0.5 · 0.9 · 0.8 = 0.36
    expect(out[3]).toBeCloseTo(0.36, 12);
    expect(binomialTail(4, 0.5, 2)).toBeCloseTo(11 / 16, 12);
  });
  it('points: P(Normal(60 + 8d, 20) ≥ cut-off); Dongguan-style cut from 130 to 100 raises every share', () => {
    const at130 = e(p({ settlementMode: 'points', pointsCutoff: 130 }));
    const at100 = e(p({ settlementMode: 'points', pointsCutoff: 100 }));
    // d = 5: mean 100, cut-off 100 → ½; cut-off 130 → 1 − Φ(1.5) = 0.0668
    expect(at100[5]).toBeCloseTo(0.5, 6);
    expect(at130[5]).toBeCloseTo(1 - normalCdf(1.5), 6);
    for (let d = 0; d < DURATIONS; d++) expect(at100[d]).toBeGreaterThan(at130[d]);
  });
  it('tiers: the open share is open only to those with legal residence', () => {
    // 30 % live where settlement is open, 60 % of migrants have legal residence: e = 0.3 · 0.6 + 0.7 · e_points;
    // points at d = 5: mean 60 + 8 · 5 = 100 = cut-off → ½
    const tiered = e(p({ settlementMode: 'points', openAreaShare: 0.3, legalResidenceShare: 0.6 }));
    expect(tiered[5]).toBeCloseTo(0.18 + 0.7 * 0.5, 7); // normalCdf is good to ~1e-8
    // closed in the core: only the open towns' legal residents
    expect(e(p({ settlementMode: 'closed', openAreaShare: 0.3, legalResidenceShare: 0.6 }))[5]).toBeCloseTo(0.18, 12);
  });
  it('points: insurance years add points in proportion to coverage', () => {
    // mean = 60 + 8 · 5 + 6 · coverage 0.5 · 5 = 115, sd 15, cut-off 100: P = Φ(1) = 0.841344746068543
    const out = e(p({ settlementMode: 'points', pointsInsurancePerYear: 6, insuranceCoverage: 0.5, pointsSd: 15 }));
    expect(out[5]).toBeCloseTo(0.841344746068543, 7);
    // sd 0: all or nothing at the cut-off — d = 5 without insurance points is exactly on it
    const sharp = e(p({ settlementMode: 'points', pointsSd: 0 }));
    expect([sharp[4], sharp[5], sharp[6]]).toEqual([0, 1, 1]);
  });
  it('conditions: eligible from exactly Y years of residence', () => {
    const out = e(p({ settlementMode: 'conditions', condResidenceYears: 4, condInsuranceYears: 0, legalJobShare: 0.5, legalHousingShare: 0.9 }));
    expect(out[3]).toBe(0);
    expect(out[4]).toBeCloseTo(0.45, 12);
    // insurance: each year of stay a year of insurance with probability 0.8; 3 years needed after 4 years of stay:
    // P(Bin(4, 0.8) ≥ 3) = 4 · 0.8³ · 0.2 + 0.8⁴ = 0.8192
    const ins = e(p({ settlementMode: 'conditions', condResidenceYears: 0, condInsuranceYears: 3, insuranceCoverage: 0.8 }));
    expect(ins[4]).toBeCloseTo(0.8192, 12);
    expect(ins[2]).toBe(0);
  });
  it('binomial tail P(Bin(n, c) ≥ k) by hand, edges included', () => {
    expect(binomialTail(3, 0.5, 3)).toBeCloseTo(0.125, 15);
    expect(binomialTail(4, 0.2, 1)).toBeCloseTo(1 - 0.8 ** 4, 15);
    expect(binomialTail(5, 0.3, 2.2)).toBeCloseTo(1 - 0.7 ** 5 - 5 * 0.3 * 0.7 ** 4 - 10 * 0.09 * 0.7 ** 3, 14); // k rounded up to 3
    expect(binomialTail(3, 0.7, 5)).toBe(0); // more years than there have been
    expect(binomialTail(2, 0.4, 0)).toBe(1);
    expect(binomialTail(2, 0.4, -1)).toBe(1);
    expect(binomialTail(0, 0.4, 0)).toBe(1);
    // full coverage: every year of stay is a year of insurance
    expect(binomialTail(4, 1, 3)).toBe(1);
    expect(binomialTail(4, 1, 4)).toBe(1);
    expect(binomialTail(4, 0, 1)).toBe(0);
  });
  it('tiers: open county towns mixed with points in the core', () => {
    const pts = e(p({ settlementMode: 'points' }));
    const tiered = e(p({ settlementMode: 'points', openAreaShare: 0.3, legalResidenceShare: 1 }));
    expect(tiered[2]).toBeCloseTo(0.3 + 0.7 * pts[2], 12);
  });
});

describe('settlement caps', () => {
  it('a binding quota settles exactly the quota', () => {
    const { settled } = oneYear({ settlementMode: 'open', settleWillingness: 0.5, settleQuota: 1234 });
    expect(settled).toBeCloseTo(1234, 8);
    // Without the quota: ½ of 11,300 = 5,650 (hand count).
    expect(oneYear({ settlementMode: 'open', settleWillingness: 0.5 }).settled).toBeCloseTo(5650, 8);
  });
  it('rental-based settlement needs a free unit, one per household', () => {
    // 5,650 would settle, 40 % on rentals = 2,260 persons; 500 free units house 1,000 of them in households of 2:
    // 1,000 renters and the 3,390 who do not rent settle (5,650 − 1,260), and the renters hold all 500 units.
    const { settled, ws } = oneYear({ settlementMode: 'open', settleWillingness: 0.5, rentalSettleShare: 0.4, housingUnits: 500, householdSize: 2 });
    expect(settled).toBeCloseTo(5650 - 1260, 6);
    expect(ws.unitsOccupied).toBeCloseTo(500, 6);
  });
  const renters = (over: Partial<ModelParamsInput>) => {
    // 1,000 urban migrants at 10 %: 100 would settle, half of them on rentals.
    const s = new Float64Array(STATE_SIZE);
    s[idx(mu(5), Sex.F, 30)] = 1000;
    const p = modelParams({ startYear: 2020, endYear: 2022, localSettleRate: 0, migrantSettleRate: 0.1, migrantSettleMinYears: 0,
      rentalSettleShare: 0.5, housingUnits: 10, ...over });
    const ws = new Workspace();
    return (y: number) => {
      ws.flows.fill(0);
      settlementPolicy(s, p, y, ws);
      applySettlement(s, p, y, ws);
      return { settled: ws.flows[Flow.settledMigrants], units: ws.unitsOccupied };
    };
  };
  it('renters never settle into more units than are free; those who do not rent are not held back', () => {
    const year = renters({ householdSize: 1 });
    // Year 1: 10 renters into the 10 free units + the 50 who do not rent = 60.
    const y1 = year(0);
    expect(y1.settled).toBeCloseTo(60, 9);
    expect(y1.units).toBeCloseTo(10, 9);
    // Year 2: no unit is free; of the 940 left, 94 would settle and the 47 who do not rent do.
    const y2 = year(1);
    expect(y2.settled).toBeCloseTo(47, 9);
    expect(y2.units).toBeCloseTo(10, 9);
  });
  it('a settled renter household holds its unit for good: no unit is released when its members die or leave', () => {
    // Year 1 as above: 10 renters take the 10 units, 60 settle. Then every settler is gone (Uu emptied, as if they had
    // died or moved away) and 1,000 fresh migrants wait: no unit is free, so only the 50 who do not rent settle.
    const s = new Float64Array(STATE_SIZE);
    s[idx(mu(5), Sex.F, 30)] = 1000;
    const p = modelParams({ startYear: 2020, endYear: 2022, localSettleRate: 0, migrantSettleRate: 0.1, migrantSettleMinYears: 0,
      rentalSettleShare: 0.5, housingUnits: 10, householdSize: 1, housingApplyShare: 0 });
    const ws = new Workspace();
    settlementPolicy(s, p, 0, ws);
    applySettlement(s, p, 0, ws);
    expect(ws.flows[Flow.settledMigrants]).toBeCloseTo(60, 9);
    s.fill(0);
    s[idx(mu(5), Sex.F, 30)] = 1000;
    ws.flows.fill(0);
    settlementPolicy(s, p, 1, ws);
    applySettlement(s, p, 1, ws);
    expect(ws.flows[Flow.settledMigrants]).toBeCloseTo(50, 9);
    expect(ws.unitsOccupied).toBeCloseTo(10, 9);
    // Housing demand still counts the 10 held units (no migrant applies at apply share 0): all 10 units, no shortage.
    measureCapacity(s, p, 1, ws);
    expect(ws.levers[Lever.housingDemand]).toBeCloseTo(10, 9);
    expect(ws.levers[Lever.housingShortage]).toBe(0);
  });
  it('units taken in the first year stay taken through every later year, while the settlers die and leave', () => {
    // Settlement only in the first year (8 % of Mu with 3+ years, half of them renting, households of 3 → far more than
    // the 1,000 units); no migrant applies for a unit. Short lives (e0 40) and departures thin Uu year by year.
    const c = run({ migrantSettleRate: [0.08, 0, 0, 0, 0, 0, 0], localSettleRate: 0, rentalSettleShare: 0.5, housingUnits: 1000,
      housingApplyShare: 0, e0M: 40, e0F: 40, localDepartureRate: 0.2 });
    const demand = [...c.housing_demand];
    expect(demand[0]).toBe(0); // base year: no unit held
    for (const v of demand.slice(1)) expect(v).toBeCloseTo(1000, 9);
    expect(last(c.settled_migrants)).toBe(0);
  });
  it('when everyone would rent and no unit is free, nobody settles and no unit is taken, with or without a quota', () => {
    for (const settleQuota of [Infinity, 5, 0]) {
      const y1 = renters({ householdSize: 1, rentalSettleShare: 1, housingUnits: 0, settleQuota })(0);
      expect(y1.settled).toBe(0);
      expect(y1.units).toBe(0);
    }
  });
  it('a household size of 0 or less counts as one person a unit', () => {
    // as households of 1: 10 renters into the 10 units + 50 who do not rent
    for (const householdSize of [0, -2]) {
      const y1 = renters({ householdSize })(0);
      expect(y1.settled).toBeCloseTo(60, 9);
      expect(y1.units).toBeCloseTo(10, 9);
    }
  });
  it('a binding quota takes renters and the others in proportion', () => {
    // Households of 2: the 10 units house 20 renters, 20 + 50 = 70 would settle; a quota of 35 halves both: 5 units taken.
    const y1 = renters({ householdSize: 2, settleQuota: 35 })(0);
    expect(y1.settled).toBeCloseTo(35, 9);
    expect(y1.units).toBeCloseTo(5, 9);
  });
  it('the quota caps migrants settled by the mode only: local take-up and source groups are outside it', () => {
    // 11,300 migrants (as above) and 999 local rural-hukou townspeople (Ru, men aged 40) at local rate 50 %;
    // newgen_workers (Ru and Mu aged 0–35) take 10 % of what is left of their pool.
    const s = new Float64Array(STATE_SIZE);
    for (let d = 0; d < DURATIONS; d++) s[idx(mu(d), Sex.F, 30)] = 1000;
    s[idx(mu(5), Sex.M, 8)] = 300;
    s[idx(Status.Ru, Sex.M, 40)] = 999;
    const p = modelParams({ startYear: 2020, endYear: 2021, settlementMode: 'open', settleWillingness: 0.5, settleQuota: 10,
      localSettleRate: 0.5, settlementGroups: { newgen_workers: { eligibleShare: 1, takeUp: 0.1 } } });
    const ws = new Workspace();
    settlementPolicy(s, p, 0, ws);
    applySettlement(s, p, 0, ws);
    // mode: exactly 10 migrants; locals: 499.5; newgen: 10 % of the 11,290 migrants left (the Ru men are 40)
    expect(ws.flows[Flow.settledLocal]).toBeCloseTo(499.5, 9);
    expect(ws.flows[FIRST_GROUP_FLOW + SETTLEMENT_GROUPS.indexOf('newgen_workers')]).toBeCloseTo(1129, 9);
    expect(ws.flows[Flow.settledMigrants]).toBeCloseTo(10 + 1129, 9);
  });
  it('school places cap settlement of households with school-age children', () => {
    // ½ of the 300 children at d = 5 would settle (150); 60 free places: f = 0.4, 60 children settle,
    // and 1.5 parents per child held back: 90 × 1.5 = 135 of the 500 settling women aged 30 at d = 5.
    const { s, settled } = oneYear({ settlementMode: 'open', settleWillingness: 0.5, schoolPlaces: 60 });
    expect(s[idx(Status.Uu, Sex.M, 8)]).toBeCloseTo(60, 8);
    expect(settled).toBeCloseTo(5650 - 90 - 135, 6);
  });
  it('keeping land rights multiplies local take-up; migrants are not affected', () => {
    // 999 Ru at 5 % × 1.6 = 8 %: 79.92 settle
    const kept = oneYear({ settlementMode: 'closed', localSettleRate: 0.05, landRightsKept: 1, landRightsTakeupMultiplier: 1.6 });
    const s = new Float64Array(STATE_SIZE);
    s[idx(Status.Ru, Sex.M, 40)] = 999;
    const p = modelParams({ startYear: 2020, endYear: 2021, localSettleRate: 0.05, landRightsKept: 1, landRightsTakeupMultiplier: 1.6, migrantSettleRate: 0 });
    const ws = new Workspace();
    settlementPolicy(s, p, 0, ws);
    applySettlement(s, p, 0, ws);
    expect(ws.flows[Flow.settledLocal]).toBeCloseTo(79.92, 9);
    expect(kept.settled).toBe(0);
  });
  it('school cap: local children of every resident status are seated first', () => {
    // Local school-age children: Uu 10, Ur 20, Ru 30, Rr 40 (Ua 500 live away): 100 of 160 places, 60 free.
    // The 300 children at d = 5 would settle half (150): f = 60 / 150 = 0.4 as in the test above.
    const s = new Float64Array(STATE_SIZE);
    for (let d = 0; d < DURATIONS; d++) s[idx(mu(d), Sex.F, 30)] = 1000;
    s[idx(mu(5), Sex.M, 8)] = 300;
    [Status.Uu, Status.Ur, Status.Ru, Status.Rr].forEach((st, i) => (s[idx(st, Sex.F, 6 + 2 * i)] = 10 * (i + 1)));
    s[idx(Status.Ua, Sex.F, 10)] = 500;
    const p = modelParams({ startYear: 2020, endYear: 2021, localSettleRate: 0, ruralToTownRate: 0, settlementMode: 'open', settleWillingness: 0.5,
      schoolPlaces: 160 });
    const ws = new Workspace();
    settlementPolicy(s, p, 0, ws);
    applySettlement(s, p, 0, ws);
    expect(s[idx(Status.Uu, Sex.M, 8)]).toBeCloseTo(60, 8);
    expect(ws.flows[Flow.settledMigrants]).toBeCloseTo(5650 - 90 - 135, 6);
  });
  it('land rights count as kept from 0.5 (a share of households keeping them, read as kept or not)', () => {
    const local = (landRightsKept: number) => {
      const s = new Float64Array(STATE_SIZE);
      s[idx(Status.Ru, Sex.M, 40)] = 1000;
      const p = modelParams({ startYear: 2020, endYear: 2021, localSettleRate: 0.05, landRightsKept, landRightsTakeupMultiplier: 2, migrantSettleRate: 0 });
      const ws = new Workspace();
      settlementPolicy(s, p, 0, ws);
      applySettlement(s, p, 0, ws);
      return ws.flows[Flow.settledLocal];
    };
    expect([local(0.49), local(0.5), local(1)]).toEqual([50, 100, 100]);
  });
  it('school cap with school-age children but no parents aged 25–49 at their duration: only the children are held', () => {
    // 100 children aged 8 at d = 4, no adults there; half would settle (50), 20 free places: 20 settle, nothing else moves
    const s = new Float64Array(STATE_SIZE);
    s[idx(mu(4), Sex.F, 8)] = 100;
    s[idx(mu(4), Sex.F, 60)] = 100; // a grandparent, outside 25–49: not held
    const p = modelParams({ startYear: 2020, endYear: 2021, localSettleRate: 0, settlementMode: 'open', settleWillingness: 0.5, schoolPlaces: 20 });
    const ws = new Workspace();
    settlementPolicy(s, p, 0, ws);
    applySettlement(s, p, 0, ws);
    expect(s[idx(Status.Uu, Sex.F, 8)]).toBeCloseTo(20, 9);
    expect(s[idx(Status.Uu, Sex.F, 60)]).toBeCloseTo(50, 9);
    expect(ws.flows[Flow.settledMigrants]).toBeCloseTo(70, 9);
  });
  it('keeping land rights raises local take-up', () => {
    const base = run({ localSettleRate: 0.05 });
    const kept = run({ localSettleRate: 0.05, landRightsKept: 1, landRightsTakeupMultiplier: 1.6 });
    expect(total(kept.settled_local)).toBeGreaterThan(total(base.settled_local));
  });
});

describe('levers move outcomes the right way (monotone)', () => {
  it('lowering the points cut-off or raising the quota never lowers settlement', () => {
    let prev = -1;
    for (const cut of [160, 140, 130, 115, 100, 80]) {
      const s = total(run({ settlementMode: 'points', pointsCutoff: cut, settleWillingness: 0.3 }).settled_migrants);
      expect(s).toBeGreaterThanOrEqual(prev);
      prev = s;
    }
    prev = -1;
    for (const q of [0, 5000, 20_000, 50_000, Infinity]) {
      const s = total(run({ settlementMode: 'open', settleWillingness: 0.3, settleQuota: q }).settled_migrants);
      expect(s).toBeGreaterThanOrEqual(prev - 1e-6);
      prev = s;
    }
  });
  it('more school places never lower the public-school share of migrant children', () => {
    let prev = -1;
    for (const places of [300_000, 500_000, 600_000, 700_000, 900_000, Infinity]) {
      const c = run({ schoolPlaces: places, permitSchoolYears: 1, publicAccessShare: 0.8 });
      const share = c.migrant_children_public_share[1];
      expect(share).toBeGreaterThanOrEqual(prev - 1e-12);
      prev = share;
    }
  });
  it('a school shortage keeps children behind and sends families home', () => {
    const ample = run({ childShortageElasticity: 0.8, returnShortageElasticity: 0.5 });
    const short = run({ schoolPlaces: 300_000, childShortageElasticity: 0.8, returnShortageElasticity: 0.5 });
    expect(total(short.out_migrants)).toBeGreaterThan(total(ample.out_migrants));
    expect(last(short.school_shortage)).toBeGreaterThan(0);
    expect(last(ample.school_shortage)).toBe(0);
  });
  it('housing slack draws migrants in, shortage keeps them out', () => {
    const slack = run({ housingUnits: 1e7, housingInflowElasticity: 0.3 });
    const short = run({ housingUnits: 1000, housingInflowElasticity: 0.3 });
    expect(total(slack.in_migrants)).toBeGreaterThan(total(short.in_migrants));
  });
  it('cost: Dalian 11万 per person split 40/32/28 (seed 004 L942-948)', () => {
    const c = run({ costOneOff: 110_000, costShareGovernment: 0.4, costShareEnterprise: 0.32, landPerSettled: 100, transferPerSettled: 5000 });
    const settled = c.settled_local[1] + c.settled_migrants[1];
    expect(c.cost_government[1]).toBeCloseTo(settled * 110_000 * 0.4, 3);
    expect(c.cost_enterprise[1]).toBeCloseTo(settled * 110_000 * 0.32, 3);
    expect(c.cost_individual[1]).toBeCloseTo(settled * 110_000 * 0.28, 3);
    expect(c.land_quota_m2[1]).toBeCloseTo(settled * 100, 6);
    expect(c.transfer_yuan[1]).toBeCloseTo(settled * 5000, 4);
  });
});

describe('neutral levers equal the plain engine', () => {
  it('ample capacity, no quota, no cost: identical to the plain form', () => {
    const plain = run({});
    const neutral = run({ schoolPlaces: Infinity, housingUnits: Infinity, settleQuota: Infinity, childShortageElasticity: 0.7,
      returnShortageElasticity: 0.7, housingInflowElasticity: 0, rentalSettleShare: 0.5 });
    for (const k of ['resident_rate', 'registered_rate', 'total_pop', 'settled_migrants'] as const)
      expect([...neutral[k]]).toEqual([...plain[k]]);
  });
});

describe('invariants with every lever on (property)', () => {
  it('keeps the accounting identity and non-negative stocks', () => {
    fc.assert(
      fc.property(baselineInput(), leverParams(6), (b, { params: p, levers: lv }) => {
        const r = project({ params: { ...p, ...rateReading(b) }, initialState: buildBaseline(b).state }, { keepStates: true });
        const c = r.columns;
        for (let y = 1; y < r.years.length; y++) {
          const delta = c.total_pop[y] - c.total_pop[y - 1];
          const net = c.births[y] - c.deaths[y] + c.in_migrants[y] - c.out_migrants[y];
          expect(Math.abs(delta - net)).toBeLessThanOrEqual(1e-9 * c.total_pop[y - 1]);
          // the quota caps the general settlement; source groups settle on top, each within its own target
          let byGroups = 0;
          for (const g of SETTLEMENT_GROUPS) {
            const v = c[`settled_${g}`][y];
            expect(v).toBeLessThanOrEqual(lv.settlementGroups[g].yearlyTarget * (1 + 1e-12) + 1e-6);
            byGroups += v;
          }
          expect(c.settled_migrants[y]).toBeLessThanOrEqual(lv.settleQuota * (1 + 1e-12) + byGroups + 1e-6);
          // with nobody applying, housing demand is the units settled renters hold: never more than there are
          if (lv.housingApplyShare === 0) expect(c.housing_demand[y]).toBeLessThanOrEqual(lv.housingUnits * (1 + 1e-12) + 1e-6);
        }
        for (const s of r.states!) for (let i = 0; i < s.length; i++) if (!(s[i] >= 0)) expect.fail(`cell ${i} = ${s[i]}`);
      }),
      runs(100),
    );
  });
});
