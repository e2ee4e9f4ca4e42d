import { Status, idx, rangeSum } from '../layout.ts';
import { clamp01, nonNeg } from '../clamp01.ts';
import { GROUP_SEGMENTS } from '../groupSegments.ts';
import type { ModelParams } from '../params.ts';
import { GROUP_COUNT } from '../settlementGroups.ts';
import { FIRST_GROUP_FLOW, Flow, type Workspace } from '../workspace.ts';

const { rowStatus, rowSex, rowClass, localClasses, bounds, segments, cells } = GROUP_SEGMENTS;
/** Number of each group's cells in local classes (listed first). */
const localCells = Int32Array.from(cells, (c) => c.filter((i) => i < localClasses * segments).length);

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
 * With every group off, nothing is read or written.
 *
 * @example
 * applyGroupSettlement(state, p, y, ws); ws.flows[FIRST_GROUP_FLOW + GROUP_INDEX.rural_students];
 */
export function applyGroupSettlement(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  if (!anyGroupOn(p, y)) return;
  const left = ws.groupSegmentLeft;
  const kept = ws.groupSegmentKept;
  sumSegments(state, left);
  kept.fill(1);
  let local = 0;
  let migrants = 0;
  for (let g = 0; g < GROUP_COUNT; g++) {
    const lv = p.settlementGroups[g];
    const want = clamp01(lv.eligibleShare[y]) * clamp01(lv.takeUp[y]);
    const target = nonNeg(lv.yearlyTarget[y]);
    if (!(want > 0) || !(target > 0)) continue;
    const c = cells[g];
    let pool = 0;
    for (let j = 0; j < c.length; j++) pool += left[c[j]];
    const r = want * pool > target ? target / pool : want;
    if (!(r > 0)) continue;
    // a group's cells list its local classes first
    const split = localCells[g];
    let fromLocal = 0;
    let fromMigrants = 0;
    for (let j = 0; j < c.length; j++) {
      const i = c[j];
      const v = left[i] * r;
      left[i] -= v;
      kept[i] *= 1 - r;
      if (j < split) fromLocal += v;
      else fromMigrants += v;
    }
    ws.flows[FIRST_GROUP_FLOW + g] += fromLocal + fromMigrants;
    local += fromLocal;
    migrants += fromMigrants;
  }
  ws.flows[Flow.settledLocal] += local;
  ws.flows[Flow.settledMigrants] += migrants;
  moveSettled(state, kept);
}

/** Persons in each (class, age segment). */
function sumSegments(state: Float64Array, left: Float64Array): void {
  left.fill(0);
  for (let row = 0; row < rowStatus.length; row++) {
    const base = rowClass[row] * segments;
    const o = idx(rowStatus[row], rowSex[row], 0);
    for (let k = 0; k < segments; k++) left[base + k] += rangeSum(state, o + bounds[k], o + bounds[k + 1]);
  }
}

function anyGroupOn(p: ModelParams, y: number): boolean {
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
