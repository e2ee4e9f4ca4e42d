import { AGES, DURATIONS, SEXES, Status, idx, mu, rangeSum } from '../layout.ts';
import { clamp01, nonNeg } from '../clamp01.ts';
import { ages } from '../capacity.ts';
import { eligibility } from '../eligibility.ts';
import type { ModelParams } from '../params.ts';
import { Flow, type Workspace } from '../workspace.ts';
import { GROUP_SEGMENTS } from '../groupSegments.ts';
import { anyGroupOn, applyGroupSettlement } from './groupSettlement.ts';

/**
 * Step 8, settlement (落户). Local rural-hukou urban residents convert at a
 * yearly take-up rate (`Ru → Uu`), raised by `landRightsTakeupMultiplier`
 * when settling keeps rural land rights. Urban migrants convert
 * (`Mu[d] → Uu`) with the per-duration probability the policy left in
 * `ws.migrantSettleShare`, times the per-age factor of the school cap, so
 * children settle with their parents. Then, when any source group is on,
 * step 8b (groupSettlement.ts) settles the groups from what is left.
 *
 * @example
 * settlementPolicy(state, p, y, ws); applySettlement(state, p, y, ws);
 */
export function applySettlement(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  const boost = p.landRightsKept[y] >= 0.5 ? nonNeg(p.landRightsTakeupMultiplier[y]) : 1;
  const rLocal = clamp01(p.localSettleRate[y] * boost);
  const groups = anyGroupOn(p, y);
  const left = ws.groupSegmentLeft;
  left.fill(0);
  let local = 0;
  let migrants = 0;
  if (groups) {
    // The same pass also sums what stays in each age segment of every row the groups draw on (Rr and Ra
    // included, which settle nothing here): the groups' pools, without a pass of their own.
    for (let row = 0; row < rowStatus.length; row++) {
      const s = rowStatus[row];
      const o = idx(s, rowSex[row], 0);
      const toUu = idx(Status.Uu, rowSex[row], 0) - o;
      const base = rowClass[row] * segments;
      if (s >= MU0) migrants += settleRow(state, o, toUu, ws.migrantSettleShare[s - MU0], ws.settleAgeFactor, (s - MU0) * AGES - o, bounds, left, base);
      else local += settleRow(state, o, toUu, s === Status.Ru ? rLocal : 0, ONES, -o, bounds, left, base);
    }
  } else {
    for (let x = 0; x < SEXES; x++) {
      const to = idx(Status.Uu, x, 0);
      const ru = idx(Status.Ru, x, 0);
      local += settleRow(state, ru, to - ru, rLocal, ONES, -ru, WHOLE_ROW, left, 0);
      for (let d = 0; d < DURATIONS; d++) {
        const o = idx(mu(d), x, 0);
        // No clamp per age: shares come clamped from the policy and the age factors are fractions (schoolCap).
        if (ws.migrantSettleShare[d] > 0) migrants += settleRow(state, o, to - o, ws.migrantSettleShare[d], ws.settleAgeFactor, d * AGES - o, WHOLE_ROW, left, 0);
      }
    }
  }
  ws.flows[Flow.settledLocal] += local;
  ws.flows[Flow.settledMigrants] += migrants;
  if (groups) applyGroupSettlement(state, p, y, ws);
}

const { rowStatus, rowSex, rowClass, bounds, segments } = GROUP_SEGMENTS;
const WHOLE_ROW = Int32Array.of(0, AGES);
const ONES = new Float64Array(AGES).fill(1);
const MU0 = mu(0);

/**
 * Settle share `share · factor[f + i]` of each cell i of the age row at `o`
 * into `Uu` (at `i + toUu`), and add what stays in ages `cuts[k] ..
 * cuts[k + 1] − 1` to `left[base + k]`. Returns the persons settled.
 */
function settleRow(
  state: Float64Array, o: number, toUu: number, share: number, factor: Float64Array, f: number, cuts: Int32Array, left: Float64Array, base: number,
): number {
  if (!(share > 0)) {
    for (let k = 0; k + 1 < cuts.length; k++) left[base + k] += rangeSum(state, o + cuts[k], o + cuts[k + 1]);
    return 0;
  }
  // Two ages a turn with two accumulators: one running sum would chain every age on the adder's latency.
  let moved0 = 0;
  let moved1 = 0;
  for (let k = 0; k + 1 < cuts.length; k++) {
    const hi = o + cuts[k + 1];
    let stay0 = 0;
    let stay1 = 0;
    let i = o + cuts[k];
    for (; i + 1 < hi; i += 2) {
      const w0 = state[i];
      const w1 = state[i + 1];
      const v0 = w0 * (share * factor[f + i]);
      const v1 = w1 * (share * factor[f + i + 1]);
      state[i] = w0 - v0;
      state[i + 1] = w1 - v1;
      state[i + toUu] += v0;
      state[i + 1 + toUu] += v1;
      moved0 += v0;
      moved1 += v1;
      stay0 += w0 - v0;
      stay1 += w1 - v1;
    }
    if (i < hi) {
      const w = state[i];
      const v = w * (share * factor[f + i]);
      state[i] = w - v;
      state[i + toUu] += v;
      moved0 += v;
      stay0 += w - v;
    }
    left[base + k] += stay0 + stay1;
  }
  return moved0 + moved1;
}

/**
 * Fill `ws.migrantSettleShare` and `ws.settleAgeFactor` for the year:
 * eligibility × willingness (or the plain rate for `d ≥ Y`), then, in this
 * order, the school cap (school-age children settle only into free places,
 * with their parents), the rental cap (renters need a free public unit) and
 * the yearly quota (scaled down to settle exactly the quota when binding).
 */
export function settlementPolicy(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  const share = ws.migrantSettleShare;
  if (p.settlementMode === 'plain') plainSettlementPolicy(p, y, ws);
  else {
    eligibility(p, y, share);
    const w = clamp01(p.settleWillingness[y]);
    for (let d = 0; d < DURATIONS; d++) share[d] *= w;
  }
  ws.settleAgeFactor.fill(1);
  schoolCap(state, p, y, ws);

  const planned = settlingMigrants(state, ws);
  if (!(planned > 0)) return;
  let scale = 1;
  const rental = clamp01(p.rentalSettleShare[y]);
  const free = Math.max(0, nonNeg(p.housingUnits[y]) - ws.unitsOccupied);
  if (rental * planned > free) scale = 1 - (rental * planned - free) / planned;
  const quota = nonNeg(p.settleQuota[y]);
  if (planned * scale > quota) scale = quota / planned;
  if (scale < 1) for (let d = 0; d < DURATIONS; d++) share[d] *= scale;
  ws.unitsOccupied += rental * planned * scale;
}

/** Fill `ws.migrantSettleShare`: the plain yearly rate for `d ≥ Y`, 0 below. */
export function plainSettlementPolicy(p: ModelParams, y: number, ws: Workspace): void {
  const r = clamp01(p.migrantSettleRate[y]);
  for (let d = 0; d < DURATIONS; d++) ws.migrantSettleShare[d] = d >= p.migrantSettleMinYears ? r : 0;
}

/**
 * School cap on households: settling school-age children become local
 * children, seated first, so no more may settle than there are places beyond
 * the local children already there. When the cap binds, settlement of
 * school-age children falls by f = free / settling, and with them
 * `parentsPerChild` adults aged 25–49 of the same duration each.
 */
function schoolCap(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  const places = p.schoolPlaces[y];
  if (!(places < Infinity)) return;
  const lo = p.schoolAgeMin;
  const hi = p.schoolAgeMax;
  let local = 0;
  for (let s = 0; s < 4; s++) local += ages(state, s === 0 ? Status.Uu : s === 1 ? Status.Ur : s === 2 ? Status.Ru : Status.Rr, lo, hi);
  const free = Math.max(0, places - local);
  let settlingKids = 0;
  for (let d = 0; d < DURATIONS; d++) settlingKids += ws.migrantSettleShare[d] * ages(state, mu(d), lo, hi);
  if (settlingKids <= free) return;
  const f = free / settlingKids;
  for (let d = 0; d < DURATIONS; d++) {
    const share = ws.migrantSettleShare[d];
    if (!(share > 0)) continue;
    const kids = share * ages(state, mu(d), lo, hi);
    const adults = share * ages(state, mu(d), 25, 49);
    const parentsHeld = Math.min(adults, (1 - f) * kids * nonNeg(p.parentsPerChild));
    const g = adults > 0 ? 1 - parentsHeld / adults : 1;
    for (let a = lo; a <= hi; a++) ws.settleAgeFactor[d * AGES + a] = f;
    for (let a = 25; a <= 49; a++) ws.settleAgeFactor[d * AGES + a] = g;
  }
}

/** Persons the current shares and age factors would settle. */
function settlingMigrants(state: Float64Array, ws: Workspace): number {
  let total = 0;
  for (let d = 0; d < DURATIONS; d++) {
    const share = ws.migrantSettleShare[d];
    if (!(share > 0)) continue;
    const f = d * AGES;
    for (let x = 0; x < SEXES; x++) {
      const o = idx(mu(d), x, 0);
      let t0 = 0;
      let t1 = 0;
      let a = 0;
      for (; a + 1 < AGES; a += 2) {
        t0 += state[o + a] * (share * ws.settleAgeFactor[f + a]);
        t1 += state[o + a + 1] * (share * ws.settleAgeFactor[f + a + 1]);
      }
      if (a < AGES) t0 += state[o + a] * (share * ws.settleAgeFactor[f + a]);
      total += t0 + t1;
    }
  }
  return total;
}
