import { DURATIONS, Status, idx, mu } from '../layout.ts';
import { clamp01, nonNeg } from '../clamp01.ts';
import type { ModelParams } from '../params.ts';
import { GROUP_COUNT, SETTLEMENT_GROUP_FILTERS, type SettlementGroupFilter } from '../settlementGroups.ts';
import { FIRST_GROUP_FLOW, Flow, type Workspace } from '../workspace.ts';

/**
 * Step 8b, settlement by source group, after the general settlement: each
 * group of the catalogue (settlementGroups.ts), in order, settles share
 * `r = e · u` of every cell of its pool, or `T / pool` when that would
 * exceed its yearly target T (exactly the target settles). Every group
 * draws on its local statuses and on `Mu[d]` from its least years of stay, in
 * its ages and sexes, after the groups before it, so nobody settles twice.
 * Everyone settled goes to `Uu` at the same sex and age; counts go to the
 * group's flow and to settled local or migrants.
 *
 * @example
 * applySettlement(state, p, y, ws); // runs this step after the general settlement
 */
export function applyGroupSettlement(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  for (let g = 0; g < GROUP_COUNT; g++) {
    const lv = p.settlementGroups[g];
    const f = SETTLEMENT_GROUP_FILTERS[g];
    let pool = 0;
    for (const s of f.locals) pool += bandTotal(state, f, s);
    for (let d = f.migrantMinStay; d < DURATIONS; d++) pool += bandTotal(state, f, mu(d));
    const want = clamp01(lv.eligibleShare[y]) * clamp01(lv.takeUp[y]);
    const target = nonNeg(lv.yearlyTarget[y]);
    // r = 0 (no take-up, a zero target) settles nobody; an empty pool never exceeds a target, so r never is 0 / 0.
    const r = want * pool > target ? target / pool : want;
    let local = 0;
    let migrants = 0;
    for (const s of f.locals) local += settleBand(state, f, s, r);
    for (let d = f.migrantMinStay; d < DURATIONS; d++) migrants += settleBand(state, f, mu(d), r);
    ws.flows[FIRST_GROUP_FLOW + g] += local + migrants;
    ws.flows[Flow.settledLocal] += local;
    ws.flows[Flow.settledMigrants] += migrants;
  }
}

/** Persons of status s in the group's ages and sexes. */
function bandTotal(state: Float64Array, f: SettlementGroupFilter, s: number): number {
  let v = 0;
  for (const x of f.sexes) for (let a = f.ageMin; a <= f.ageMax; a++) v += state[idx(s, x, a)];
  return v;
}

/** Move share r of status s's cells in the group's ages and sexes to `Uu` at the same sex and age; returns the persons moved. */
function settleBand(state: Float64Array, f: SettlementGroupFilter, s: number, r: number): number {
  let moved = 0;
  for (const x of f.sexes)
    for (let a = f.ageMin; a <= f.ageMax; a++) {
      const v = state[idx(s, x, a)] * r;
      state[idx(s, x, a)] -= v;
      state[idx(Status.Uu, x, a)] += v;
      moved += v;
    }
  return moved;
}
