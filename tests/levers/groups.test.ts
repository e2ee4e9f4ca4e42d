import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  FIRST_GROUP_FLOW, Flow, GROUP_INDEX, SETTLEMENT_GROUPS, SETTLEMENT_GROUP_FILTERS, STATE_SIZE, Sex, Status, Workspace, buildBaseline,
  describePool, idx, modelParams, mr, mu, project, type ModelParamsInput, type SettlementGroup,
} from '../../src/model/index.ts';
import { applySettlement } from '../../src/model/flows/settlement.ts';
import { settlementPolicy } from '../../src/model/flows/settlementPolicy.ts';
import { runs } from '../helpers/arbitraries.ts';

type Levers = NonNullable<ModelParamsInput['settlementGroups']>;

/**
 * A hand-built state: each line is a cell and the groups whose pool holds it
 * (src/model/settlementGroups.ts). Pools below are sums of these cells.
 */
const CELLS: [status: number, sex: number, age: number, persons: number][] = [
  [Status.Ru, Sex.F, 20, 1000], // students, new generation, home buyers, others, urban village
  [Status.Rr, Sex.M, 21, 2000], // students, veterans, in place
  [mu(2), Sex.F, 19, 400], //      students, new generation, home buyers, others
  [mu(6), Sex.M, 40, 500], //      first generation (d ≥ 5), home buyers, others
  [mu(3), Sex.M, 40, 300], //      home buyers, others (d < 5: not first generation)
  [Status.Ru, Sex.M, 40, 800], //  first generation, home buyers, others, urban village
  [Status.Ra, Sex.F, 30, 600], //  returnees
  [Status.Ru, Sex.F, 70, 200], //  relatives, home buyers, urban village
  [mu(1), Sex.F, 70, 100], //      relatives, home buyers
  [Status.Rr, Sex.F, 50, 3000], // in place
  [Status.Ru, Sex.M, 5, 150], //   new generation (family), home buyers, urban village
  [mr(0), Sex.F, 20, 700], //      none: rural-resident migrants are in no pool (Mr[0] lies right after Mu[10])
  [Status.Ur, Sex.M, 21, 900], //  none: urban hukou already
  [Status.Ua, Sex.F, 30, 100], //  none: urban hukou already (returnees are Ra)
];

function oneYear(groups: Levers) {
  const s = new Float64Array(STATE_SIZE);
  for (const [st, x, a, v] of CELLS) s[idx(st, x, a)] = v;
  const ws = new Workspace();
  // General settlement off (no take-up, local or migrant): only step 8b moves anyone.
  const p = modelParams({ startYear: 2015, endYear: 2016, localSettleRate: 0, migrantSettleRate: 0, settlementGroups: groups });
  settlementPolicy(s, p, 0, ws);
  applySettlement(s, p, 0, ws);
  const settled = (g: SettlementGroup) => ws.flows[FIRST_GROUP_FLOW + GROUP_INDEX[g]];
  return { s, ws, settled };
}
const sum = (a: Float64Array) => a.reduce((x, v) => x + v, 0);

describe('settlement by source group, one year by hand', () => {
  // pool by hand from CELLS; `local` the part of it with local hukou (the rest are migrants Mu)
  it.each([
    ['rural_students', 1000 + 2000 + 400, 3000],
    ['veterans', 2000, 2000],
    ['relatives', 200 + 100, 200],
    ['returnees', 600, 600],
    ['first_gen_workers', 800 + 500, 800],
    ['newgen_workers', 1000 + 400 + 150, 1150],
    ['home_buyers', 1000 + 800 + 200 + 150 + 400 + 500 + 300 + 100, 2150],
    ['others', 1000 + 800 + 400 + 500 + 300, 1800],
    ['urban_village', 1000 + 800 + 200 + 150, 2150],
    ['in_place', 2000 + 3000, 5000],
  ] as [SettlementGroup, number, number][])('%s: pool %i × eligible 50 % × take-up 40 %', (g, pool, local) => {
    const { s, ws, settled } = oneYear({ [g]: { eligibleShare: 0.5, takeUp: 0.4 } });
    expect(settled(g)).toBeCloseTo(0.2 * pool, 9);
    expect(ws.flows[Flow.settledLocal]).toBeCloseTo(0.2 * local, 9);
    expect(ws.flows[Flow.settledMigrants]).toBeCloseTo(0.2 * (pool - local), 9);
    // everyone settled is now urban hukou in town; nobody came or went
    expect(sum(s.subarray(idx(Status.Uu, 0, 0), idx(Status.Ur, 0, 0)))).toBeCloseTo(0.2 * pool, 9);
    expect(sum(s)).toBeCloseTo(CELLS.reduce((x, c) => x + c[3], 0), 9);
    for (const other of SETTLEMENT_GROUPS) if (other !== g) expect(settled(other)).toBe(0);
  });

  it('a yearly target below eligible × take-up × pool settles exactly the target, the same share of every cell', () => {
    // in place: 0.2 × 5,000 = 1,000 would settle; the target lets 250 through, 5 % of each cell
    const { s, settled } = oneYear({ in_place: { eligibleShare: 0.5, takeUp: 0.4, yearlyTarget: 250 } });
    expect(settled('in_place')).toBeCloseTo(250, 9);
    expect(s[idx(Status.Uu, Sex.M, 21)]).toBeCloseTo(0.05 * 2000, 9);
    expect(s[idx(Status.Uu, Sex.F, 50)]).toBeCloseTo(0.05 * 3000, 9);
    // a target above what would settle does not bind
    expect(oneYear({ in_place: { eligibleShare: 0.5, takeUp: 0.4, yearlyTarget: 5000 } }).settled('in_place')).toBeCloseTo(1000, 9);
  });

  it('overlapping groups: the narrower pool first, the broader one from what is left', () => {
    // students take ½ of 3,400; new generation then ½ of what is left of its cells: Ru F 20 500, Mu2 F 19 200, Ru M 5 150
    const { s, settled } = oneYear({ newgen_workers: { takeUp: 0.5 }, rural_students: { takeUp: 0.5 } });
    expect(settled('rural_students')).toBeCloseTo(1700, 9);
    expect(settled('newgen_workers')).toBeCloseTo((500 + 200 + 150) / 2, 9);
    expect(s[idx(Status.Ru, Sex.F, 20)]).toBeCloseTo(250, 9);
  });

  it('a binding target is a share of the pool alone: the rural migrants beside it in the same ages are not counted', () => {
    // rural_students: pool 1,000 + 2,000 + 400 = 3,400 (the 700 Mr[0] women aged 20 are not in it); target 340 → 10 % of each cell
    const { s, settled } = oneYear({ rural_students: { eligibleShare: 1, takeUp: 1, yearlyTarget: 340 } });
    expect(settled('rural_students')).toBeCloseTo(340, 9);
    expect(s[idx(Status.Uu, Sex.F, 20)]).toBeCloseTo(100, 9);
    expect(s[idx(mr(0), Sex.F, 20)]).toBe(700);
  });

  it('nobody is settled twice: every group at 100 % settles each person of the union of pools once', () => {
    const all = Object.fromEntries(SETTLEMENT_GROUPS.map((g) => [g, { takeUp: 1 }])) as Levers;
    const { s, ws } = oneYear(all);
    const inNoPool = (st: number) => st === mr(0) || st === Status.Ur || st === Status.Ua;
    const everyone = CELLS.reduce((x, c) => x + (inNoPool(c[0]) ? 0 : c[3]), 0); // every other cell lies in some pool
    expect(ws.flows[Flow.settledLocal] + ws.flows[Flow.settledMigrants]).toBeCloseTo(everyone, 9);
    let groups = 0;
    for (let g = 0; g < SETTLEMENT_GROUPS.length; g++) groups += ws.flows[FIRST_GROUP_FLOW + g];
    expect(groups).toBeCloseTo(everyone, 9);
    for (const [st, x, a, v] of CELLS) expect(s[idx(st, x, a)]).toBeCloseTo(inNoPool(st) ? v : 0, 9);
  });

  it('is off when take-up, eligible share or target is 0, and then moves nothing', () => {
    for (const lv of [{ takeUp: 0 }, { takeUp: 1, eligibleShare: 0 }, { takeUp: 1, yearlyTarget: 0 }]) {
      const { s, ws } = oneYear({ home_buyers: lv });
      expect(sum(ws.flows)).toBe(0);
      for (const [st, x, a, v] of CELLS) expect(s[idx(st, x, a)]).toBe(v);
    }
  });
});

// A province-sized baseline (the order of scenarios/shandong.yaml), 2015 → 2020.
const province = buildBaseline({ year: 2015, residentPop: 98_470_000, registeredPop: 99_000_000, residentRate: 0.57, registeredRate: 0.47, migrantPop: 2_000_000 });
const run = (groups: Levers, over: Partial<ModelParamsInput> = {}) =>
  project({ params: modelParams({ startYear: 2015, endYear: 2020, inflow: 250_000, ruralToTownRate: 0.03, settlementGroups: groups, ...over }), initialState: province.state }).columns;
const total = (c: Float64Array) => c.slice(1).reduce((a, v) => a + v, 0);

describe('after the general settlement, by hand', () => {
  it('the groups draw on what the general settlement (quota-scaled) left', () => {
    // 1,000 Mu[3] women aged 30 and 1,000 Ru men aged 40. General settlement: migrants 10 % a year from 3 years of
    // stay, cut by a quota of 50 to exactly 50; locals 10 %, so 100. Left: 950 and 900. Then `others` (Ru and Mu,
    // ages 16–64) at eligible 50 % × take-up 40 % = 20 %: 190 migrants and 180 locals.
    const s = new Float64Array(STATE_SIZE);
    s[idx(mu(3), Sex.F, 30)] = 1000;
    s[idx(Status.Ru, Sex.M, 40)] = 1000;
    const ws = new Workspace();
    const p = modelParams({
      startYear: 2015, endYear: 2016, localSettleRate: 0.1, migrantSettleRate: 0.1, migrantSettleMinYears: 3, settleQuota: 50,
      settlementGroups: { others: { eligibleShare: 0.5, takeUp: 0.4 } },
    });
    settlementPolicy(s, p, 0, ws);
    applySettlement(s, p, 0, ws);
    expect(ws.flows[FIRST_GROUP_FLOW + GROUP_INDEX.others]).toBeCloseTo(190 + 180, 9);
    expect(ws.flows[Flow.settledMigrants]).toBeCloseTo(50 + 190, 9);
    expect(ws.flows[Flow.settledLocal]).toBeCloseTo(100 + 180, 9);
    expect(s[idx(mu(3), Sex.F, 30)]).toBeCloseTo(760, 9);
    expect(s[idx(Status.Uu, Sex.F, 30)]).toBeCloseTo(240, 9);
    expect(s[idx(Status.Ru, Sex.M, 40)]).toBeCloseTo(720, 9);
    expect(s[idx(Status.Uu, Sex.M, 40)]).toBeCloseTo(280, 9);
  });
});

describe('group levers move outcomes the right way and by the right amount', () => {
  it('a binding yearly target settles exactly the target every year (in place: 320万 / 5, seed 002:126)', () => {
    const c = run({ in_place: { eligibleShare: 0.1, takeUp: 0.5, yearlyTarget: 640_000 } });
    for (let y = 1; y < c.settled_in_place.length; y++) expect(c.settled_in_place[y]).toBeCloseTo(640_000, 3);
  });

  it('raising a target, a take-up or an eligible share never lowers the group\'s settlement', () => {
    let prev = -1;
    for (const target of [0, 50_000, 200_000, 400_000, 1e6, Infinity]) {
      const s = total(run({ urban_village: { takeUp: 0.2, eligibleShare: 0.8, yearlyTarget: target } }).settled_urban_village);
      expect(s).toBeGreaterThanOrEqual(prev - 1e-6);
      prev = s;
    }
    for (const lever of ['takeUp', 'eligibleShare'] as const) {
      prev = -1;
      for (const v of [0, 0.05, 0.1, 0.3, 0.6, 1]) {
        const s = total(run({ newgen_workers: { takeUp: 0.2, eligibleShare: 0.7, [lever]: v } }).settled_newgen_workers);
        expect(s).toBeGreaterThanOrEqual(prev - 1e-6);
        prev = s;
      }
    }
  });

  it('urban villagers (Ru → Uu) raise the registered rate only; people made urban in place (Rr → Uu) both rates', () => {
    const one = (groups: Levers) =>
      project({ params: modelParams({ startYear: 2015, endYear: 2016, settlementGroups: groups }), initialState: province.state }).columns;
    const plain = one({});
    const uv = one({ urban_village: { takeUp: 1, yearlyTarget: 1_400_000 } });
    const ip = one({ in_place: { takeUp: 1, yearlyTarget: 640_000 } });
    expect(uv.urban_registered_pop[1] - plain.urban_registered_pop[1]).toBeCloseTo(1_400_000, 3);
    expect(uv.urban_resident_pop[1]).toBeCloseTo(plain.urban_resident_pop[1], 3);
    expect(ip.urban_registered_pop[1] - plain.urban_registered_pop[1]).toBeCloseTo(640_000, 3);
    expect(ip.urban_resident_pop[1] - plain.urban_resident_pop[1]).toBeCloseTo(640_000, 3);
    // returnees come back from another province: residents + settled, living away − settled
    const rt = one({ returnees: { takeUp: 1, yearlyTarget: 20_000 } });
    expect(rt.resident_pop[1] - plain.resident_pop[1]).toBeCloseTo(20_000, 3);
    expect(plain.away_pop[1] - rt.away_pop[1]).toBeCloseTo(20_000, 3);
  });
});

describe('neutral groups equal the engine without groups', () => {
  it('every group listed but at take-up, share or target 0: bit-identical columns', () => {
    const plain = run({});
    const off = Object.fromEntries(SETTLEMENT_GROUPS.map((g, i) => [g, [{ takeUp: 0 }, { takeUp: 1, eligibleShare: 0 }, { takeUp: 1, yearlyTarget: 0 }][i % 3]])) as Levers;
    const neutral = run(off);
    for (const k of Object.keys(plain) as (keyof typeof plain)[]) expect(Buffer.from(neutral[k].buffer).equals(Buffer.from(plain[k].buffer)), k).toBe(true);
  });
});

describe('targets bind with every group on (property)', () => {
  it('no group settles more than its yearly target; group counts add up to their share of settled local + migrants', () => {
    const lever = fc.record({
      eligibleShare: fc.double({ min: 0, max: 1, noNaN: true }),
      takeUp: fc.double({ min: 0, max: 1, noNaN: true }),
      yearlyTarget: fc.double({ min: 0, max: 2e6, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.tuple(...SETTLEMENT_GROUPS.map(() => lever)), (lvs) => {
        const groups = Object.fromEntries(SETTLEMENT_GROUPS.map((g, i) => [g, lvs[i]])) as Levers;
        const c = run(groups, { localSettleRate: 0, migrantSettleRate: 0, endYear: 2017 });
        for (let y = 1; y < c.settled_local.length; y++) {
          let groupsTotal = 0;
          SETTLEMENT_GROUPS.forEach((g, i) => {
            const v = c[`settled_${g}`][y];
            expect(v).toBeLessThanOrEqual(lvs[i].yearlyTarget * (1 + 1e-12) + 1e-6);
            groupsTotal += v;
          });
          expect(groupsTotal).toBeCloseTo(c.settled_local[y] + c.settled_migrants[y], 3);
        }
      }),
      runs(25),
    );
  });
});

describe('each group\'s pool in words (scenario docs and JSON Schema), as the model reference\'s table gives it', () => {
  it.each([
    ['rural_students', 'Ru, Rr and Mu, aged 18–22'],
    ['veterans', 'Ru and Rr, men aged 20–24'],
    ['relatives', 'Ru and Mu, aged 60+'],
    ['returnees', 'Ra, aged 16–64'],
    ['first_gen_workers', 'Ru and Mu[d ≥ 5], aged 36–64'],
    ['newgen_workers', 'Ru and Mu, aged 0–35'],
    ['home_buyers', 'Ru and Mu, all ages'],
    ['others', 'Ru and Mu, aged 16–64'],
    ['urban_village', 'Ru, all ages'],
    ['in_place', 'Rr, all ages'],
  ] as const)('%s: %s', (name, words) => {
    expect(describePool(SETTLEMENT_GROUP_FILTERS[GROUP_INDEX[name]])).toBe(words);
  });
  it('a group of women only says so', () => {
    const f = { ...SETTLEMENT_GROUP_FILTERS[GROUP_INDEX.veterans], sexes: [Sex.F], locals: [Status.Ru, Status.Rr, Status.Ra] };
    expect(describePool(f)).toBe('Ru, Rr and Ra, women aged 20–24');
  });
});
