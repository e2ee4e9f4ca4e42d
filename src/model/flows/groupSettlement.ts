import { DURATIONS, MU0, Status, idx, mu } from '../layout.ts';
import { clamp01, nonNeg } from '../clamp01.ts';
import type { ModelParams } from '../params.ts';
import { GROUP_COUNT, SETTLEMENT_GROUP_FILTERS } from '../settlementGroups.ts';
import { FIRST_GROUP_FLOW, Flow, type Workspace } from '../workspace.ts';

/** The statuses each group draws on: its local statuses, then the urban migrants `Mu[d]` from its least stay. */
const GROUP_ROWS: readonly (readonly number[])[] = SETTLEMENT_GROUP_FILTERS.map((f) => [
  ...f.locals,
  ...Array.from({ length: Math.max(0, DURATIONS - f.migrantMinStay) }, (_, k) => mu(f.migrantMinStay + k)),
]);

/**
 * Step 8b, settlement by source group, after the general settlement: each
 * group of the catalogue in turn settles (→ `Uu`, same sex and age) the share
 * `r` of every cell of its pool, where pool P is what its filter holds now,
 * `r = e · u` (eligible share × take-up) and, when `e · u · P` exceeds the
 * yearly target T, `r = T / P` so that exactly T settle. Later groups see
 * what earlier ones left. Counts go to the group's flow and to settled
 * local or migrants.
 *
 * @example
 * applySettlement(state, p, y, ws); // calls this step when anyGroupOn(p, y)
 */
export function applyGroupSettlement(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  for (let g = 0; g < GROUP_COUNT; g++) {
    const lv = p.settlementGroups[g];
    const want = clamp01(lv.eligibleShare[y]) * clamp01(lv.takeUp[y]);
    const target = nonNeg(lv.yearlyTarget[y]);
    if (!(want > 0) || !(target > 0)) continue;
    const f = SETTLEMENT_GROUP_FILTERS[g];
    const rows = GROUP_ROWS[g];
    let pool = 0;
    for (const s of rows) for (const x of f.sexes) for (let a = f.ageMin; a <= f.ageMax; a++) pool += state[idx(s, x, a)];
    const r = want * pool > target ? target / pool : want;
    if (!(r > 0)) continue;
    let local = 0;
    let migrants = 0;
    for (const s of rows)
      for (const x of f.sexes)
        for (let a = f.ageMin; a <= f.ageMax; a++) {
          const v = state[idx(s, x, a)] * r;
          state[idx(s, x, a)] -= v;
          state[idx(Status.Uu, x, a)] += v;
          if (s >= MU0) migrants += v;
          else local += v;
        }
    ws.flows[FIRST_GROUP_FLOW + g] += local + migrants;
    ws.flows[Flow.settledLocal] += local;
    ws.flows[Flow.settledMigrants] += migrants;
  }
}

/** Whether any source group settles anyone in year y. */
export function anyGroupOn(p: ModelParams, y: number): boolean {
  for (let g = 0; g < GROUP_COUNT; g++) {
    const lv = p.settlementGroups[g];
    if (lv.eligibleShare[y] > 0 && lv.takeUp[y] > 0 && lv.yearlyTarget[y] > 0) return true;
  }
  return false;
}
