import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DURATIONS, FIRST_GROUP_FLOW, FLOW_COUNT, Flow, STATUSES, Status, Workspace, buildBaseline, measureCapacity, mr, mu, step, stepCount,
  sumStatuses, type ModelParams,
} from '../../src/model/index.ts';
import { applySurvival } from '../../src/model/flows/survival.ts';
import { applyBirths, birthExposureStart } from '../../src/model/flows/births.ts';
import { advanceDuration } from '../../src/model/flows/duration.ts';
import { applyOutMigration } from '../../src/model/flows/outMigration.ts';
import { applyInMigration } from '../../src/model/flows/inMigration.ts';
import { applyLocalMoves } from '../../src/model/flows/localMoves.ts';
import { applyHukouConversion } from '../../src/model/flows/hukouConversion.ts';
import { applyReclassification } from '../../src/model/flows/reclassification.ts';
import { settlementPolicy } from '../../src/model/flows/settlementPolicy.ts';
import { applySettlement } from '../../src/model/flows/settlement.ts';
import { accountCost } from '../../src/model/cost.ts';
import { SETTLEMENT_GROUPS } from '../../src/model/settlementGroups.ts';
import { baselineInput, leverParams, rateReading, runs } from '../helpers/arbitraries.ts';

const MU = Array.from({ length: DURATIONS }, (_, d) => mu(d));
const MR = Array.from({ length: DURATIONS }, (_, d) => mr(d));
const sum = (t: Float64Array, ss: readonly number[]) => ss.reduce((a, s) => a + t[s], 0);

/**
 * Each flow of the year, run one at a time in step.ts's order: every status it does not touch keeps its stock to
 * the last bit, and the statuses it touches change by exactly what it records (src/model/README.md).
 */
function checkedYear(state: Float64Array, p: ModelParams, y: number, ws: Workspace, tol: number): void {
  const before = new Float64Array(STATUSES);
  const after = new Float64Array(STATUSES);
  const flows = new Float64Array(FLOW_COUNT);
  const delta = (ss: readonly number[]) => sum(after, ss) - sum(before, ss);
  const untouched = (touched: readonly number[], what: string) => {
    for (let s = 0; s < STATUSES; s++) if (!touched.includes(s)) expect(after[s], `${what}: status ${s}`).toBe(before[s]);
  };
  const flow = (f: number) => ws.flows[f] - flows[f];
  const run = (f: () => void) => {
    sumStatuses(state, before);
    flows.set(ws.flows);
    f();
    sumStatuses(state, after);
  };
  const close = (a: number, b: number, what: string) => expect(Math.abs(a - b), what).toBeLessThanOrEqual(tol);
  const ALL = Array.from({ length: STATUSES }, (_, s) => s);

  ws.flows.fill(0);
  run(() => {
    birthExposureStart(state, p, y, ws);
    applySurvival(state, p, y, ws);
  });
  // survival: no status grows, the stocks fall by the deaths recorded
  for (let s = 0; s < STATUSES; s++) expect(after[s]).toBeLessThanOrEqual(before[s] + tol);
  close(delta(ALL), -flow(Flow.deaths), 'survival');

  run(() => applyBirths(state, p, y, ws));
  // births: every status gains its own births times one common survival to age 0 (a migrant status times the share of
  // newborns raised here; the others leave as out-migrants); the rest are infant deaths
  close(delta(ALL), flow(Flow.births) - flow(Flow.deaths) - flow(Flow.outMigrants), 'births');
  let b = 0;
  for (let s = 0; s < STATUSES; s++) b += ws.births[s];
  close(b, flow(Flow.births), 'births by status');
  const alive = flow(Flow.births) > 0 ? (flow(Flow.births) - flow(Flow.deaths)) / flow(Flow.births) : 1;
  const stay = p.migrantNewbornStay[y];
  for (let s = 0; s < STATUSES; s++) close(after[s] - before[s], ws.births[s] * alive * (s >= MU[0] ? stay : 1), `births of status ${s}`);

  run(() => applyOutMigration(state, p, y, ws));
  // out-migration: migrants leave, away locals give up the hukou; moves away and back stay inside the hukou group
  close(delta(ALL), -flow(Flow.outMigrants), 'out-migration');
  for (const s of [...MU, ...MR]) expect(after[s]).toBeLessThanOrEqual(before[s] + tol);
  const exits = -(delta([Status.Uu, Status.Ur, Status.Ua, Status.Ru, Status.Rr, Status.Ra]));
  expect(exits).toBeGreaterThanOrEqual(-tol);
  expect(-delta([Status.Uu, Status.Ur, Status.Ua])).toBeGreaterThanOrEqual(-tol);
  expect(-delta([Status.Ru, Status.Rr, Status.Ra])).toBeGreaterThanOrEqual(-tol);
  // families leave alike at every d: Mu[d] and Mr[d] lose the same share
  for (let d = 0; d < DURATIONS; d++)
    if (before[mu(d)] > 0 && before[mr(d)] > 0) expect(after[mu(d)] / before[mu(d)]).toBeCloseTo(after[mr(d)] / before[mr(d)], 9);

  run(() => advanceDuration(state));
  untouched([...MU, ...MR], 'duration');
  for (const block of [MU, MR]) {
    expect(after[block[0]]).toBe(0);
    for (let d = 1; d < DURATIONS - 1; d++) expect(after[block[d]]).toBeCloseTo(before[block[d - 1]], 6);
    close(after[block[DURATIONS - 1]], before[block[DURATIONS - 2]] + before[block[DURATIONS - 1]], 'duration 10+');
  }

  run(() => applyInMigration(state, p, y, ws));
  untouched([mu(0), mr(0)], 'in-migration');
  close(delta([mu(0), mr(0)]), flow(Flow.inMigrants), 'in-migration');

  run(() => applyLocalMoves(state, p, y, ws));
  untouched([Status.Uu, Status.Ur, Status.Ru, Status.Rr], 'local moves');
  close(after[Status.Ru] - before[Status.Ru], before[Status.Rr] - after[Status.Rr], 'Rr → Ru');
  close(after[Status.Uu] - before[Status.Uu], before[Status.Ur] - after[Status.Ur], 'Ur → Uu');
  // the villagers' share: the pace itself, or under the logit form the share of rural residents that would carry
  // the resident rate's logit up by the pace (odds × e^c), written out from the statuses' totals
  const pace = p.ruralToTownRate[y];
  const urban = sum(before, [Status.Uu, Status.Ru, ...MU]);
  const rural = sum(before, [Status.Ur, Status.Rr, ...MR]);
  const odds = (urban / rural) * Math.exp(pace);
  const logit = rural > 0 ? (odds / (1 + odds) - urban / (urban + rural)) / (rural / (urban + rural)) : 0; // no rural residents: no villagers
  const villagers = p.ruralToTownForm === 'logit' ? logit : pace;
  close(after[Status.Rr], before[Status.Rr] * (1 - villagers), `villagers to town (${p.ruralToTownForm})`);
  // urban-hukou villagers: the same share, or their own rate when the scenario sets one
  const urbanHukou = p.urbanHukouToTownFollowsPace ? villagers : p.urbanHukouToTownRate[y];
  close(after[Status.Ur], before[Status.Ur] * (1 - urbanHukou), `urban-hukou villagers to town (${p.urbanHukouToTownFollowsPace ? 'the pace' : 'own rate'})`);

  run(() => applyReclassification(state, p, y, ws));
  untouched([Status.Uu, Status.Ur, Status.Ru, Status.Rr, ...MU, ...MR], 'reclassification');
  close(delta([Status.Ur, Status.Rr, ...MR]), -flow(Flow.reclassified), 'reclassified from rural');
  close(delta([Status.Uu, Status.Ru, ...MU]), flow(Flow.reclassified), 'reclassified to urban');
  for (let d = 0; d < DURATIONS; d++) close(after[mu(d)] - before[mu(d)], before[mr(d)] - after[mr(d)], `Mr[${d}] → Mu[${d}]`);

  run(() => applyHukouConversion(state, p, y, ws));
  // conversion, then the change of count: hukou relabelled where people live (Rr → Ur at c, then v; Ru → Uu at c,
  // then b); nobody moves, nothing is settled: counted as converted (c of each) and relabelled (the rest)
  untouched([Status.Uu, Status.Ur, Status.Ru, Status.Rr], 'hukou conversion');
  const [c, town, village] = [p.hukouConversionRate[y], p.hukouRelabelShare[y], p.hukouRelabelVillageShare[y]];
  close(after[Status.Rr], before[Status.Rr] * (1 - c) * (1 - village), 'villagers converted and relabelled');
  close(after[Status.Ur] - before[Status.Ur], before[Status.Rr] - after[Status.Rr], 'Rr → Ur');
  close(after[Status.Ru], before[Status.Ru] * (1 - c) * (1 - town), 'town dwellers converted and relabelled');
  close(after[Status.Uu] - before[Status.Uu], before[Status.Ru] - after[Status.Ru], 'Ru → Uu');
  close(flow(Flow.convertedInPlace), c * (before[Status.Rr] + before[Status.Ru]), 'converted in place');
  close(flow(Flow.relabelled), (1 - c) * (village * before[Status.Rr] + town * before[Status.Ru]), 'relabelled');
  for (let f = 0; f < FLOW_COUNT; f++) if (f !== Flow.convertedInPlace && f !== Flow.relabelled) expect(flow(f), `hukou conversion: flow ${f}`).toBe(0);

  const unitsBefore = ws.unitsOccupied;
  run(() => {
    settlementPolicy(state, p, y, ws);
    applySettlement(state, p, y, ws);
  });
  // settlement: Mu → Uu and R* → Uu, nothing else moves
  untouched([Status.Uu, Status.Ru, Status.Rr, Status.Ra, ...MU], 'settlement');
  close(delta(MU), -flow(Flow.settledMigrants), 'settled migrants');
  close(delta([Status.Ru, Status.Rr, Status.Ra]), -flow(Flow.settledLocal), 'settled locals');
  close(after[Status.Uu] - before[Status.Uu], flow(Flow.settledLocal) + flow(Flow.settledMigrants), 'settled into Uu');
  let byGroups = 0;
  for (let g = 0; g < SETTLEMENT_GROUPS.length; g++) {
    const v = flow(FIRST_GROUP_FLOW + g);
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(p.settlementGroups[g].yearlyTarget[y] * (1 + 1e-12) + tol);
    byGroups += v;
  }
  expect(byGroups).toBeLessThanOrEqual(flow(Flow.settledLocal) + flow(Flow.settledMigrants) + tol);
  // the quota holds the mode's migrants; groups settle beside it
  expect(flow(Flow.settledMigrants)).toBeLessThanOrEqual(p.settleQuota[y] * (1 + 1e-12) + byGroups + tol);
  // renting households settle only into free units
  expect(ws.unitsOccupied - unitsBefore).toBeLessThanOrEqual(Math.max(0, p.housingUnits[y] - unitsBefore) * (1 + 1e-12) + tol);

  run(() => {
    measureCapacity(state, p, y, ws);
    accountCost(state, p, y, ws);
  });
  untouched([], 'capacity and cost');
}

describe('each status changes by exactly its recorded flows (property, every lever on)', () => {
  it('flow by flow, and the flows in this order are step()', () => {
    fc.assert(
      fc.property(baselineInput(), leverParams(4), (b, { params }) => {
        const p = { ...params, ...rateReading(b) };
        const start = buildBaseline(b).state;
        const state = Float64Array.from(start);
        const reference = Float64Array.from(start);
        const ws = new Workspace();
        const wsRef = new Workspace();
        for (const w of [ws, wsRef]) {
          w.reset();
          measureCapacity(start, p, 0, w);
        }
        let total = 0;
        for (let i = 0; i < start.length; i++) total += start[i];
        for (let y = 0; y < stepCount(p); y++) {
          checkedYear(state, p, y, ws, 1e-9 * total + 1e-9);
          step(reference, p, y, wsRef);
          expect(Buffer.from(state.buffer).equals(Buffer.from(reference.buffer)), `year ${y}: the flows in this order are step()`).toBe(true);
          expect([...ws.flows]).toEqual([...wsRef.flows]);
        }
      }),
      runs(60),
    );
  });
});
