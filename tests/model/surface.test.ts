import { describe, expect, it } from 'vitest';
import {
  AGES, DURATIONS, FIRST_FLOW_METRIC, FIRST_LEVER_METRIC, GROUP_INDEX, LifeTableFamily, METRICS, METRIC_COUNT, M, STATE_SIZE, STATUSES, STATUS_NAMES, Sex, Status, Workspace,
  assertShapes, buildBaseline, hukouGroup, idx, isResident, isUrbanResident, modelParams, mr, mu, project, rangeSum, rowOffset, runInto,
  statusTotal, stepCount, sumStatuses,
} from '../../src/model/index.ts';
import { clamp01, nonNeg } from '../../src/model/clamp01.ts';
import { readFileSync } from 'node:fs';

describe('state layout (src/model/README.md, the status table)', () => {
  it('names, hukou groups and where each status lives', () => {
    const names = ['Uu', 'Ur', 'Ua', 'Ru', 'Rr', 'Ra', ...Array.from({ length: 11 }, (_, d) => `Mu${d}`), ...Array.from({ length: 11 }, (_, d) => `Mr${d}`)];
    expect(STATUS_NAMES).toEqual(names);
    expect(STATUSES).toBe(28);
    const group = names.map((n) => (n[0] === 'U' ? 0 : n[0] === 'R' ? 1 : 2));
    const resident = names.map((n) => n !== 'Ua' && n !== 'Ra');
    const urban = names.map((n) => n === 'Uu' || n === 'Ru' || n.startsWith('Mu'));
    for (let s = 0; s < STATUSES; s++) {
      expect(hukouGroup(s), names[s]).toBe(group[s]);
      expect(isResident(s), names[s]).toBe(resident[s]);
      expect(isUrbanResident(s), names[s]).toBe(urban[s]);
    }
    expect(mu(0)).toBe(6);
    expect(mr(10)).toBe(27);
  });

  it('flat indices: status × sex × age', () => {
    expect(idx(Status.Ru, Sex.F, 7)).toBe((3 * 2 + 1) * AGES + 7);
    expect(rowOffset(mu(2), Sex.M)).toBe(idx(mu(2), Sex.M, 0));
    expect(STATE_SIZE).toBe(STATUSES * 2 * AGES);
  });

  it('sums over ranges of odd and even length, and status totals', () => {
    const s = new Float64Array(STATE_SIZE);
    s[idx(Status.Rr, Sex.M, 0)] = 1;
    s[idx(Status.Rr, Sex.F, 100)] = 2;
    s[idx(mr(3), Sex.F, 50)] = 4;
    expect(rangeSum(s, idx(Status.Rr, Sex.M, 0), idx(Status.Rr, Sex.F, 100) + 1)).toBe(3);
    expect(rangeSum(s, idx(Status.Rr, Sex.M, 0), idx(Status.Rr, Sex.F, 100))).toBe(1);
    expect(rangeSum(s, idx(Status.Rr, Sex.M, 1), idx(Status.Rr, Sex.F, 100) + 1)).toBe(2);
    expect(statusTotal(s, Status.Rr)).toBe(3);
    const out = new Float64Array(STATUSES);
    sumStatuses(s, out);
    expect(out[Status.Rr]).toBe(3);
    expect(out[mr(3)]).toBe(4);
    expect(out.reduce((a, v) => a + v, 0)).toBe(7);
  });
});

describe('clamping data, never throwing', () => {
  it('rates to [0, 1] and counts to ≥ 0, NaN to 0', () => {
    expect([clamp01(-0.5), clamp01(0.3), clamp01(1.7), clamp01(NaN), clamp01(Infinity)]).toEqual([0, 0.3, 1, 0, 1]);
    expect([nonNeg(-3), nonNeg(2.5), nonNeg(NaN), nonNeg(Infinity)]).toEqual([0, 2.5, 0, Infinity]);
  });
});

describe('model parameters', () => {
  it('a number is every year\'s value; a short array repeats its last value', () => {
    const p = modelParams({ startYear: 2020, endYear: 2025, inflow: 5, e0F: [80, 81] });
    expect(stepCount(p)).toBe(5);
    expect([...p.inflow]).toEqual([5, 5, 5, 5, 5]);
    expect([...p.e0F]).toEqual([80, 81, 81, 81, 81]);
  });

  it('defaults as documented in src/model/README.md', () => {
    const p = modelParams({ startYear: 2020, endYear: 2021 });
    expect([p.e0M[0], p.e0F[0], p.tfrUrbanHukou[0], p.tfrRuralHukou[0], p.tfrMigrant[0], p.sexRatioAtBirth[0]]).toEqual([74, 79, 1.1, 1.5, 1.3, 1.15]);
    expect([...p.migrantReturnHazard]).toEqual([0.15, 0.12, 0.1, 0.09, 0.08, 0.07, 0.06, 0.055, 0.05, 0.045, 0.04]);
    expect([p.localDepartureRate[0], p.awayReturnRate[0], p.hukouExitRate[0], p.inflow[0], p.inflowChildShare[0], p.inflowUrbanShare[0]]).toEqual([0.005, 0.05, 0.02, 0, 0.107, 0.9]);
    // newborns of migrants raised here: the midpoint of 981/(981 + 2,342) = 0.2952 and 981/(981 + 0.3 · 2,342) = 0.5827
    expect(p.migrantNewbornStay[0]).toBe(0.439);
    // and src/model/README.md says so, in steps 2 and 5
    const doc = readFileSync('src/model/README.md', 'utf8').split('\n');
    expect(doc.find((l) => l.startsWith('- `migrantNewbornStay` k'))).toContain('(default 0.439)');
    expect(doc.find((l) => l.startsWith('- `inflowChildShare` k'))).toContain('(default 0.107:');
    expect([p.ruralToTownRate[0], p.urbanHukouToTownRate[0], p.settleQuota[0], p.schoolPlaces[0], p.housingUnits[0]]).toEqual([0.01, 0.02, Infinity, Infinity, Infinity]);
    expect([p.settlementMode, p.migrantSettleMinYears, p.schoolAgeMin, p.schoolAgeMax, p.parentsPerChild]).toEqual(['plain', 3, 6, 14, 1.5]);
    expect([p.registeredRateDefinition, p.registeredRateDenominator]).toEqual(['hukou', 'registered']);
    expect([p.costShareGovernment[0], p.costShareEnterprise[0]]).toEqual([0.4, 0.32]);
    // source groups: off (take-up 0), whole pool eligible, no target
    for (const g of p.settlementGroups) expect([g.takeUp[0], g.eligibleShare[0], g.yearlyTarget[0]]).toEqual([0, 1, Infinity]);
    expect(p.departureProfile.length).toBe(AGES);
    expect(p.inflowAdult.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 12);
    expect(p.inflowChild.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 12);
  });

  it('takes every structural setting it is given instead of the default', () => {
    const lifeTables = { M: new LifeTableFamily(new Float64Array(AGES).fill(0.02)), F: new LifeTableFamily(new Float64Array(AGES).fill(0.01)) };
    const fertilitySchedule = new Float64Array(AGES).fill(1 / AGES);
    const migrantReturnHazard = new Float64Array(DURATIONS).fill(0.07);
    const departureProfile = new Float64Array(AGES).fill(0.5);
    const inflowAdult = new Float64Array(2 * AGES).fill(1 / 170);
    const inflowChild = new Float64Array(2 * AGES).fill(1 / 30);
    const p = modelParams({
      startYear: 2020, endYear: 2022, registeredRateDefinition: 'residence', registeredRateDenominator: 'resident', lifeTables, fertilitySchedule,
      migrantReturnHazard, departureProfile, inflowAdult, inflowChild, migrantSettleMinYears: 5, settlementMode: 'points', schoolAgeMin: 7,
      schoolAgeMax: 15, parentsPerChild: 2, settlementGroups: { veterans: { takeUp: [0.1, 0.2], yearlyTarget: 50 } },
    });
    expect([p.registeredRateDefinition, p.registeredRateDenominator, p.settlementMode]).toEqual(['residence', 'resident', 'points']);
    expect(p.lifeTables).toBe(lifeTables);
    expect([p.fertilitySchedule, p.migrantReturnHazard, p.departureProfile, p.inflowAdult, p.inflowChild])
      .toEqual([fertilitySchedule, migrantReturnHazard, departureProfile, inflowAdult, inflowChild]);
    expect([p.migrantSettleMinYears, p.schoolAgeMin, p.schoolAgeMax, p.parentsPerChild]).toEqual([5, 7, 15, 2]);
    const v = p.settlementGroups[GROUP_INDEX.veterans];
    expect([[...v.takeUp], [...v.eligibleShare], [...v.yearlyTarget]]).toEqual([[0.1, 0.2], [1, 1], [50, 50]]);
    expect([...p.settlementGroups[GROUP_INDEX.rural_students].takeUp]).toEqual([0, 0]);
  });

  it('assertShapes names what is short', () => {
    const p = modelParams({ startYear: 2020, endYear: 2023 });
    expect(() => assertShapes(p)).not.toThrow();
    expect(() => assertShapes(modelParams({ startYear: 2020, endYear: 2020 }))).not.toThrow(); // the base year alone
    expect(() => assertShapes({ ...p, inflow: new Float64Array(2) })).toThrow('inflow has 2 yearly values, needs 3');
    expect(() => assertShapes({ ...p, endYear: 2019 })).toThrow('endYear 2019 must be an integer ≥ startYear 2020');
    expect(() => assertShapes({ ...p, endYear: 2022.5 })).toThrow(RangeError);
    expect(() => assertShapes({ ...p, migrantReturnHazard: new Float64Array(10) })).toThrow(`migrantReturnHazard needs ${DURATIONS} values`);
    expect(() => assertShapes({ ...p, fertilitySchedule: new Float64Array(100) })).toThrow('fertilitySchedule needs 101 values');
    expect(() => assertShapes({ ...p, inflowChild: new Float64Array(101) })).toThrow('inflowChild needs 202 values');
    expect(() => assertShapes({ ...p, settlementGroups: p.settlementGroups.slice(1) })).toThrow('settlementGroups needs 10 groups');
    const short = p.settlementGroups.map((g, i) => (i === 3 ? { ...g, takeUp: new Float64Array(1) } : g));
    expect(() => assertShapes({ ...p, settlementGroups: short })).toThrow('settlementGroups.takeUp has 1 yearly values, needs 3');
  });
});

describe('project', () => {
  const b = buildBaseline({ year: 2020, residentPop: 1e6, registeredPop: 9e5, residentRate: 0.6, registeredRate: 0.4 });
  const p = modelParams({ startYear: 2020, endYear: 2023, inflow: 20_000, costOneOff: 1000, schoolPlaces: 5e4 });

  it('gives the years, a base year without flows, capacity measured in the base year too', () => {
    const r = project({ params: p, initialState: b.state }, { keepStates: true });
    expect([...r.years]).toEqual([2020, 2021, 2022, 2023]);
    expect(r.states).toHaveLength(4);
    expect(r.states![0]).toEqual(b.state);
    expect(r.columns.resident_pop[0]).toBeCloseTo(1e6, 6);
    for (let m = FIRST_FLOW_METRIC; m < FIRST_LEVER_METRIC; m++) expect(r.columns[METRICS[m]][0], METRICS[m]).toBeNaN();
    expect(r.columns.settled[0]).toBeNaN();
    expect(r.columns.cost_government[0]).toBeNaN();
    expect(r.columns.school_places[0]).toBe(5e4);
    expect(r.columns.school_demand[0]).toBeGreaterThan(0);
    expect(r.columns.births[1]).toBeGreaterThan(0);
    expect(r.columns.settled[1]).toBeCloseTo(r.columns.settled_local[1] + r.columns.settled_migrants[1], 6);
    expect(r.columns.new_migrants[1]).toBeCloseTo(20_000, 6); // arrivals of the year still here at its end
    expect(project({ params: p, initialState: b.state }).states).toBeUndefined();
  });

  it('runInto reuses one workspace: a second run starts afresh', () => {
    // levers with a memory: units held, settlers so far (recurring cost), last year's shortage and slack
    const p = modelParams({ startYear: 2020, endYear: 2023, inflow: 20_000, costRecurring: 50, rentalSettleShare: 0.5, housingUnits: 300,
      schoolPlaces: 5e4, returnShortageElasticity: 1, housingInflowElasticity: 0.5, e0M: [74, 75] });
    const rows = () => new Float64Array(4 * METRIC_COUNT);
    const ws = new Workspace();
    const a = rows();
    const c = rows();
    runInto(Float64Array.from(b.state), p, ws, a);
    runInto(Float64Array.from(b.state), p, ws, c);
    expect(c).toEqual(a);
    expect(a[3 * METRIC_COUNT + M.resident_pop]).toBe(project({ params: p, initialState: b.state }).columns.resident_pop[3]);
    // the same e0 on other life tables: the workspace's survival tables follow the parameters, not the last run
    const q = modelParams({ startYear: 2020, endYear: 2023, e0M: [74, 75],
      lifeTables: { M: new LifeTableFamily(new Float64Array(AGES).fill(0.02)), F: new LifeTableFamily(new Float64Array(AGES).fill(0.01)) } });
    const d = rows();
    runInto(Float64Array.from(b.state), q, ws, d);
    expect(d[METRIC_COUNT + M.deaths]).toBe(project({ params: q, initialState: b.state }).columns.deaths[1]);
    expect(() => runInto(new Float64Array(10), p, ws, rows())).toThrow(`state has 10 cells, expected ${STATE_SIZE}`);
  });
});
