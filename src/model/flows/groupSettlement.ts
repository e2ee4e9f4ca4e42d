import { AGES, DURATIONS, Status, idx, mu } from '../layout.ts';
import { clamp01, nonNeg } from '../clamp01.ts';
import type { ModelParams } from '../params.ts';
import { GROUP_COUNT, SETTLEMENT_GROUP_FILTERS, type SettlementGroupFilter } from '../settlementGroups.ts';
import { FIRST_GROUP_FLOW, Flow, type Workspace } from '../workspace.ts';

/**
 * Step 8b, settlement by source group, after the general settlement: each
 * group of the catalogue in turn settles (→ `Uu`, same sex and age) the share
 * `r` of every cell of its pool, where pool P is what its filter holds now,
 * `r = e · u` (eligible share × take-up) and, when `e · u · P` exceeds the
 * yearly target T, `r = T / P` so that exactly T settle. Later groups see
 * what earlier ones left. Counts go to the group's flow and to settled
 * local or migrants. A group with take-up 0 costs one comparison.
 *
 * @example
 * applyGroupSettlement(state, p, y, ws); ws.flows[FIRST_GROUP_FLOW + GROUP_INDEX.rural_students];
 */
export function applyGroupSettlement(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  for (let g = 0; g < GROUP_COUNT; g++) {
    const lv = p.settlementGroups[g];
    const want = clamp01(lv.eligibleShare[y]) * clamp01(lv.takeUp[y]);
    const target = nonNeg(lv.yearlyTarget[y]);
    if (!(want > 0) || !(target > 0)) continue;
    const f: SettlementGroupFilter = SETTLEMENT_GROUP_FILTERS[g];
    const pool = poolOf(state, f);
    const r = want * pool > target ? target / pool : want;
    if (r > 0) ws.flows[FIRST_GROUP_FLOW + g] += settleShare(state, f, r, ws);
  }
}

/** Persons in the cells the filter selects. */
function poolOf(state: Float64Array, f: SettlementGroupFilter): number {
  let total = 0;
  for (let i = 0; i < f.sexes.length; i++) {
    const x = f.sexes[i];
    for (let j = 0; j < f.locals.length; j++) total += sumAges(state, idx(f.locals[j], x, 0), f.ageMin, f.ageMax);
    for (let d = f.migrantMinStay; d < DURATIONS; d++) total += sumAges(state, idx(mu(d), x, 0), f.ageMin, f.ageMax);
  }
  return total;
}

/** Move share r of every cell the filter selects to `Uu`, counting the persons moved as settled local or migrants; returns them. */
function settleShare(state: Float64Array, f: SettlementGroupFilter, r: number, ws: Workspace): number {
  let local = 0;
  let migrants = 0;
  for (let i = 0; i < f.sexes.length; i++) {
    const x = f.sexes[i];
    const to = idx(Status.Uu, x, 0);
    for (let j = 0; j < f.locals.length; j++) local += moveAges(state, idx(f.locals[j], x, 0), to, f.ageMin, f.ageMax, r);
    for (let d = f.migrantMinStay; d < DURATIONS; d++) migrants += moveAges(state, idx(mu(d), x, 0), to, f.ageMin, f.ageMax, r);
  }
  ws.flows[Flow.settledLocal] += local;
  ws.flows[Flow.settledMigrants] += migrants;
  return local + migrants;
}

function sumAges(state: Float64Array, row: number, lo: number, hi: number): number {
  let total = 0;
  for (let a = lo; a <= hi && a < AGES; a++) total += state[row + a];
  return total;
}

/** Move share r of ages lo..hi of one age row to another; returns the persons moved. */
function moveAges(state: Float64Array, from: number, to: number, lo: number, hi: number, r: number): number {
  let moved = 0;
  for (let a = lo; a <= hi && a < AGES; a++) {
    const v = state[from + a] * r;
    state[from + a] -= v;
    state[to + a] += v;
    moved += v;
  }
  return moved;
}
