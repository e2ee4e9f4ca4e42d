import { AGES, Status, idx, mu } from '../layout.ts';
import { clamp01, nonNeg } from '../clamp01.ts';
import { GROUP_SEGMENTS } from '../groupSegments.ts';
import type { ModelParams } from '../params.ts';
import { Flow, type Workspace } from '../workspace.ts';
import { anyGroupOn, applyGroupSettlement } from './groupSettlement.ts';

const { rowStatus, rowSex, rowClass, classStatus, bounds, segments } = GROUP_SEGMENTS;
const MU0 = mu(0);
const WHOLE_ROW = Int32Array.of(0, AGES);
const ONES = new Float64Array(AGES).fill(1);
/** Keep factor of the single whole-row segment when no source group is on. */
const KEEP_ALL = Float64Array.of(1);

/**
 * Step 8, settlement (落户). Local rural-hukou urban residents convert at a
 * yearly take-up rate (`Ru → Uu`), raised by `landRightsTakeupMultiplier`
 * when settling keeps rural land rights. Urban migrants convert
 * (`Mu[d] → Uu`) with the per-duration probability the policy left in
 * `ws.migrantSettleShare`, times the per-age factor of the school cap, so
 * children settle with their parents. When any source group is on, step 8b
 * (groupSettlement.ts) then settles the groups from what is left.
 *
 * Both steps move people in one pass: the groups' pools (what the general
 * settlement leaves in each age segment) follow from the segment totals the
 * policy summed, so the groups decide their shares first, and each age then
 * moves its general share and, of what stays, its group share.
 *
 * @example
 * settlementPolicy(state, p, y, ws); applySettlement(state, p, y, ws);
 */
export function applySettlement(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  const boost = p.landRightsKept[y] >= 0.5 ? nonNeg(p.landRightsTakeupMultiplier[y]) : 1;
  const rLocal = clamp01(p.localSettleRate[y] * boost);
  const groups = anyGroupOn(p, y);
  if (groups) {
    groupPools(rLocal, ws);
    applyGroupSettlement(p, y, ws);
  }
  const kept = groups ? ws.groupSegmentKept : KEEP_ALL;
  const cuts = groups ? bounds : WHOLE_ROW;
  let local = 0;
  let migrants = 0;
  for (let row = 0; row < rowStatus.length; row++) {
    const s = rowStatus[row];
    const d = s - MU0;
    // No clamp per age: shares come clamped from the policy and the age factors are fractions (schoolCap).
    const share = d >= 0 ? ws.migrantSettleShare[d] : s === Status.Ru ? rLocal : 0;
    if (!groups && !(share > 0)) continue;
    const o = idx(s, rowSex[row], 0);
    const toUu = idx(Status.Uu, rowSex[row], 0) - o;
    const base = groups ? rowClass[row] * segments : 0;
    const moved = d >= 0
      ? settleRow(state, o, toUu, share, ws.settleAgeFactor, d * AGES - o, cuts, kept, base)
      : settleRow(state, o, toUu, share, ONES, -o, cuts, kept, base);
    if (d >= 0) migrants += moved;
    else local += moved;
  }
  ws.flows[Flow.settledLocal] += local;
  ws.flows[Flow.settledMigrants] += migrants;
}

/**
 * The groups' pools from the policy's segment totals: what the general
 * settlement leaves, local take-up `rLocal` from `Ru`, the (scaled) settling
 * migrants from `Mu`, nothing from `Rr` and `Ra`.
 */
function groupPools(rLocal: number, ws: Workspace): void {
  const left = ws.groupSegmentLeft;
  const settling = ws.groupSegmentSettling;
  const scale = ws.settleScale;
  for (let c = 0; c < classStatus.length; c++)
    for (let i = c * segments; i < (c + 1) * segments; i++)
      left[i] -= classStatus[c] === Status.Ru ? left[i] * rLocal : settling[i] * scale;
}

/**
 * Settle, of each cell i of the age row at `o`, the share `share · factor[f + i]`
 * into `Uu` (at `i + toUu`), and of what stays, the share `1 − kept[base + k]`
 * for ages `cuts[k] .. cuts[k + 1] − 1`. Returns the persons of the general
 * share; the groups counted theirs from the pools.
 */
function settleRow(
  state: Float64Array, o: number, toUu: number, share: number, factor: Float64Array, f: number, cuts: Int32Array, kept: Float64Array, base: number,
): number {
  // Two ages a turn with two accumulators: one running sum would chain every age on the adder's latency.
  let moved0 = 0;
  let moved1 = 0;
  for (let k = 0; k + 1 < cuts.length; k++) {
    const keep = kept[base + k];
    const hi = o + cuts[k + 1];
    let i = o + cuts[k];
    if (keep === 1) {
      // the general share alone (every segment when no group is on), apart so that runs without groups pay nothing for them
      if (!(share > 0)) continue;
      for (; i + 1 < hi; i += 2) {
        const v0 = state[i] * (share * factor[f + i]);
        const v1 = state[i + 1] * (share * factor[f + i + 1]);
        state[i] -= v0;
        state[i + 1] -= v1;
        state[i + toUu] += v0;
        state[i + 1 + toUu] += v1;
        moved0 += v0;
        moved1 += v1;
      }
    } else for (; i + 1 < hi; i += 2) {
      const w0 = state[i];
      const w1 = state[i + 1];
      const v0 = w0 * (share * factor[f + i]);
      const v1 = w1 * (share * factor[f + i + 1]);
      const stay0 = w0 - v0;
      const stay1 = w1 - v1;
      const kept0 = stay0 * keep;
      const kept1 = stay1 * keep;
      state[i] = kept0;
      state[i + 1] = kept1;
      state[i + toUu] += v0 + (stay0 - kept0);
      state[i + 1 + toUu] += v1 + (stay1 - kept1);
      moved0 += v0;
      moved1 += v1;
    }
    if (i < hi) {
      const w = state[i];
      const v = w * (share * factor[f + i]);
      const stay = w - v;
      const k1 = stay * keep; // exact when keep is 1
      state[i] = k1;
      state[i + toUu] += v + (stay - k1);
      moved0 += v;
    }
  }
  return moved0 + moved1;
}
