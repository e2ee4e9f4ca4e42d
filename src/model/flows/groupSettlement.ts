import { clamp01, nonNeg } from '../clamp01.ts';
import { GROUP_SEGMENTS } from '../groupSegments.ts';
import type { ModelParams } from '../params.ts';
import { GROUP_COUNT } from '../settlementGroups.ts';
import { FIRST_GROUP_FLOW, Flow, type Workspace } from '../workspace.ts';

const { cells, cellStart, migrantStart } = GROUP_SEGMENTS;

/**
 * Step 8b, settlement by source group, after the general settlement: each
 * group of the catalogue in turn settles (→ `Uu`, same sex and age) the share
 * `r` of every cell of its pool, where pool P is what its filter holds now,
 * `r = e · u` (eligible share × take-up) and, when `e · u · P` exceeds the
 * yearly target T, `r = T / P` so that exactly T settle. Later groups see
 * what earlier ones left. Counts go to the group's flow and to settled
 * local or migrants.
 *
 * Every group takes whole age segments of its rows, and rows all groups
 * treat alike share them (groupSegments.ts), so the groups work on segment
 * totals: from the pools in `ws.groupSegmentLeft` (what the general
 * settlement leaves) this step leaves in `ws.groupSegmentKept` the share of
 * each segment that stays, and applySettlement moves the people, both
 * steps in one pass.
 *
 * @example
 * applySettlement(state, p, y, ws); // calls this step when anyGroupOn(p, y)
 */
export function applyGroupSettlement(p: ModelParams, y: number, ws: Workspace): void {
  const left = ws.groupSegmentLeft;
  const kept = ws.groupSegmentKept;
  kept.fill(1);
  let local = 0;
  let migrants = 0;
  for (let g = 0; g < GROUP_COUNT; g++) {
    const lv = p.settlementGroups[g];
    const want = clamp01(lv.eligibleShare[y]) * clamp01(lv.takeUp[y]);
    const target = nonNeg(lv.yearlyTarget[y]);
    if (!(want > 0) || !(target > 0)) continue;
    const from = cellStart[g];
    const split = migrantStart[g];
    const to = cellStart[g + 1];
    let pool = 0;
    for (let j = from; j < to; j++) pool += left[cells[j]];
    const r = want * pool > target ? target / pool : want;
    if (!(r > 0)) continue;
    const keep = 1 - r;
    let fromLocal = 0;
    let fromMigrants = 0;
    for (let j = from; j < to; j++) {
      const i = cells[j];
      const v = left[i] * r;
      left[i] -= v;
      kept[i] *= keep;
      if (j < split) fromLocal += v;
      else fromMigrants += v;
    }
    ws.flows[FIRST_GROUP_FLOW + g] += fromLocal + fromMigrants;
    local += fromLocal;
    migrants += fromMigrants;
  }
  ws.flows[Flow.settledLocal] += local;
  ws.flows[Flow.settledMigrants] += migrants;
}

/** Whether any source group settles anyone in year y. */
export function anyGroupOn(p: ModelParams, y: number): boolean {
  for (let g = 0; g < GROUP_COUNT; g++) {
    const lv = p.settlementGroups[g];
    if (lv.eligibleShare[y] > 0 && lv.takeUp[y] > 0 && lv.yearlyTarget[y] > 0) return true;
  }
  return false;
}
