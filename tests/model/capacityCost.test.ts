import { describe, expect, it } from 'vitest';
import { Flow, Lever, STATE_SIZE, Sex, Status, Workspace, idx, measureCapacity, modelParams, mr, mu, type ModelParamsInput } from '../../src/model/index.ts';
import { accountCost } from '../../src/model/cost.ts';

/**
 * A hand table. School age 6–14. Local children: Uu 100, Ur 50, Ru 30, Rr 20 = 200 (the 40 Ua and 10 Ra live away;
 * the 1,000 Uu aged 15 are past school age). Migrant children: Mu[0] 60, Mu[2] 80, Mr[3] 40 = 180. Migrant adults:
 * Mr[1] 300, Mu[3] 600. Residents: 1,100 + 50 + 30 + 20 + 180 + 900 = 2,280.
 */
function city(): Float64Array {
  const s = new Float64Array(STATE_SIZE);
  const put = (st: number, age: number, n: number) => (s[idx(st, age % 2, age)] += n);
  put(Status.Uu, 8, 100);
  put(Status.Uu, 15, 1000);
  put(Status.Ur, 10, 50);
  put(Status.Ru, 6, 30);
  put(Status.Rr, 14, 20);
  put(Status.Ua, 8, 40);
  put(Status.Ra, 9, 10);
  put(mu(0), 7, 60);
  put(mu(2), 9, 80);
  put(mr(3), 12, 40);
  put(mr(1), 30, 300);
  put(mu(3), 30, 600);
  return s;
}
const params = (over: Partial<ModelParamsInput>) =>
  modelParams({ startYear: 2020, endYear: 2022, permitSchoolYears: 2, permitHousingYears: 3, publicAccessShare: 0.5, housingApplyShare: 0.3,
    householdSize: 3, ...over });

describe('capacity by hand', () => {
  it('school: local children first, then permitted migrant children up to the access share', () => {
    // permitted (d ≥ 2) migrant children 80 + 40 = 120, half of them may enter: demand 200 + 60 = 260 for 230 places,
    // shortage 30; the 30 places left after the locals seat 30 of all 180 migrant children
    const ws = new Workspace();
    measureCapacity(city(), params({ schoolPlaces: 230 }), 0, ws);
    expect(ws.levers[Lever.schoolDemand]).toBeCloseTo(260, 12);
    expect(ws.levers[Lever.schoolPlaces]).toBe(230);
    expect(ws.levers[Lever.schoolShortage]).toBeCloseTo(30, 12);
    expect(ws.levers[Lever.migrantChildrenPublicShare]).toBeCloseTo(30 / 180, 12);
    expect(ws.schoolShortageRatio).toBeCloseTo(30 / 260, 12);
    // ample places: every wanting child seated, 60 of 180
    measureCapacity(city(), params({ schoolPlaces: 1000 }), 0, ws);
    expect(ws.levers[Lever.schoolShortage]).toBe(0);
    expect(ws.levers[Lever.migrantChildrenPublicShare]).toBeCloseTo(60 / 180, 12);
    expect(ws.schoolShortageRatio).toBe(0);
  });

  it('housing: permitted migrants × apply share / household size + units settled renters hold', () => {
    // permitted (d ≥ 3): Mr[3] 40 + Mu[3] 600 = 640 persons, × 0.3 / 3 = 64 households, + 10 units held = 74
    const ws = new Workspace();
    ws.unitsOccupied = 10;
    measureCapacity(city(), params({ housingUnits: 100 }), 0, ws);
    expect(ws.levers[Lever.housingDemand]).toBeCloseTo(74, 12);
    expect(ws.levers[Lever.housingUnits]).toBe(100);
    expect(ws.levers[Lever.housingShortage]).toBe(0);
    expect(ws.housingSlackRatio).toBeCloseTo((100 - 74) / 74, 12);
    measureCapacity(city(), params({ housingUnits: 50 }), 0, ws);
    expect(ws.levers[Lever.housingShortage]).toBeCloseTo(24, 12);
    expect(ws.housingSlackRatio).toBeCloseTo(-24 / 74, 12);
    // slack is clipped to [−1, 1]
    measureCapacity(city(), params({ housingUnits: 1000 }), 0, ws);
    expect(ws.housingSlackRatio).toBe(1);
    measureCapacity(city(), params({ housingUnits: 0 }), 0, ws);
    expect(ws.housingSlackRatio).toBe(-1);
  });
});

describe('capacity on empty or odd data: no throw, no NaN where a number is meant', () => {
  it('nobody: no demand, no shortage, full slack when there are units, no share of nobody', () => {
    const ws = new Workspace();
    measureCapacity(new Float64Array(STATE_SIZE), params({ schoolPlaces: 10, housingUnits: 5 }), 0, ws);
    expect([ws.levers[Lever.schoolDemand], ws.levers[Lever.schoolShortage], ws.schoolShortageRatio]).toEqual([0, 0, 0]);
    expect(ws.levers[Lever.migrantChildrenPublicShare]).toBeNaN();
    expect(ws.housingSlackRatio).toBe(1);
    measureCapacity(new Float64Array(STATE_SIZE), params({ housingUnits: 0 }), 0, ws);
    expect(ws.housingSlackRatio).toBe(0);
  });
  it('a household size of 0 counts persons as households; negative places and units count as none', () => {
    const ws = new Workspace();
    measureCapacity(city(), params({ householdSize: 0, housingUnits: -5, schoolPlaces: -1 }), 0, ws);
    expect(ws.levers[Lever.housingDemand]).toBeCloseTo(640 * 0.3, 12);
    expect(ws.levers[Lever.housingUnits]).toBe(0);
    expect(ws.levers[Lever.schoolPlaces]).toBe(0);
    expect(ws.levers[Lever.schoolShortage]).toBeCloseTo(260, 12);
    expect(ws.levers[Lever.migrantChildrenPublicShare]).toBe(0);
  });
});

describe('cost of 市民化 and linkages by hand', () => {
  it('one-off cost for this year\'s settlers, recurring for earlier ones; transfers per settler and per resident', () => {
    const ws = new Workspace();
    const p = params({ costOneOff: 2000, costRecurring: 300, costShareGovernment: 0.5, costShareEnterprise: 0.3, landPerSettled: 80,
      transferPerSettled: 700, transferPerResident: 5 });
    measureCapacity(city(), p, 0, ws); // leaves the status totals the cost reads
    ws.settledCumulative = 1000;
    ws.flows[Flow.settledLocal] = 100;
    ws.flows[Flow.settledMigrants] = 50;
    accountCost(city(), p, 0, ws);
    // 150 × 2,000 + 1,000 × 300 = 600,000, split 50 / 30 / 20 %
    expect(ws.levers[Lever.costGovernment]).toBeCloseTo(300_000, 6);
    expect(ws.levers[Lever.costEnterprise]).toBeCloseTo(180_000, 6);
    expect(ws.levers[Lever.costIndividual]).toBeCloseTo(120_000, 6);
    expect(ws.levers[Lever.landQuotaM2]).toBeCloseTo(12_000, 9);
    // 150 × 700 + 2,280 residents × 5 (the 50 away get nothing)
    expect(ws.levers[Lever.transferYuan]).toBeCloseTo(105_000 + 11_400, 6);
    // next year 10 settle: 10 × 2,000 + 1,150 × 300
    ws.flows[Flow.settledLocal] = 10;
    ws.flows[Flow.settledMigrants] = 0;
    accountCost(city(), p, 1, ws);
    expect(ws.levers[Lever.costGovernment] + ws.levers[Lever.costEnterprise] + ws.levers[Lever.costIndividual]).toBeCloseTo(20_000 + 345_000, 6);
  });

  it('the enterprise share is what the government leaves at most; individuals bear the rest', () => {
    const ws = new Workspace();
    const p = params({ costOneOff: 1000, costShareGovernment: 0.8, costShareEnterprise: 0.5 });
    ws.flows[Flow.settledMigrants] = 10;
    accountCost(city(), p, 0, ws);
    expect(ws.levers[Lever.costGovernment]).toBeCloseTo(8000, 9);
    expect(ws.levers[Lever.costEnterprise]).toBeCloseTo(2000, 9);
    expect(ws.levers[Lever.costIndividual]).toBeCloseTo(0, 9);
  });
});
