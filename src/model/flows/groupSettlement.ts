import { Status, idx } from '../layout.ts';
import { clamp01, nonNeg } from '../clamp01.ts';
import { GROUP_SEGMENTS } from '../groupSegments.ts';
import type { ModelParams } from '../params.ts';
import { GROUP_COUNT } from '../settlementGroups.ts';
import { FIRST_GROUP_FLOW, Flow, type Workspace } from '../workspace.ts';

const { rowStatus, rowSex, rowClass, bounds, segments, cells, cellStart, migrantStart } = GROUP_SEGMENTS;

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
 * totals, and one last pass moves each age by the share its segment lost.
 * The totals are what the general settlement left in `ws.groupSegmentLeft`:
 * applySettlement sums them in its own pass and then calls this step.
 *
 * @example
 * applySettlement(state, p, y, ws); // then this step: ws.flows[FIRST_GROUP_FLOW + GROUP_INDEX.rural_students]
 */
export function applyGroupSettlement(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
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
    for (let j = from; j < split; j++) {
      const i = cells[j];
      const v = left[i] * r;
      left[i] -= v;
      kept[i] *= keep;
      fromLocal += v;
    }
    for (let j = split; j < to; j++) {
      const i = cells[j];
      const v = left[i] * r;
      left[i] -= v;
      kept[i] *= keep;
      fromMigrants += v;
    }
    ws.flows[FIRST_GROUP_FLOW + g] += fromLocal + fromMigrants;
    local += fromLocal;
    migrants += fromMigrants;
  }
  ws.flows[Flow.settledLocal] += local;
  ws.flows[Flow.settledMigrants] += migrants;
  moveSettled(state, kept);
}

/** Whether any source group settles anyone in year y. */
export function anyGroupOn(p: ModelParams, y: number): boolean {
  for (let g = 0; g < GROUP_COUNT; g++) {
    const lv = p.settlementGroups[g];
    if (lv.eligibleShare[y] > 0 && lv.takeUp[y] > 0 && lv.yearlyTarget[y] > 0) return true;
  }
  return false;
}

/** Move each age of a segment to `Uu` by the share the segment lost: what it keeps is `kept`. Two ages a turn, for speed. */
function moveSettled(state: Float64Array, kept: Float64Array): void {
  for (let row = 0; row < rowStatus.length; row++) {
    const from = idx(rowStatus[row], rowSex[row], 0);
    const toUu = idx(Status.Uu, rowSex[row], 0) - from;
    const base = rowClass[row] * segments;
    for (let k = 0; k < segments; k++) {
      const keep = kept[base + k];
      if (keep === 1) continue;
      const hi = from + bounds[k + 1];
      let i = from + bounds[k];
      for (; i + 1 < hi; i += 2) {
        const v = state[i];
        const w = state[i + 1];
        const sv = v * keep;
        const sw = w * keep;
        state[i] = sv;
        state[i + 1] = sw;
        state[i + toUu] += v - sv;
        state[i + 1 + toUu] += w - sw;
      }
      if (i < hi) {
        const v = state[i];
        const sv = v * keep;
        state[i] = sv;
        state[i + toUu] += v - sv;
      }
    }
  }
}
