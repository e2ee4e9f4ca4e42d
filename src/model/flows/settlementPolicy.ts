import { AGES, DURATIONS, SEXES, Status, idx, mu, rangeSum } from '../layout.ts';
import { clamp01, nonNeg } from '../clamp01.ts';
import { ages } from '../capacity.ts';
import { eligibility } from '../eligibility.ts';
import { GROUP_SEGMENTS } from '../groupSegments.ts';
import type { ModelParams } from '../params.ts';
import type { Workspace } from '../workspace.ts';
import { anyGroupOn } from './groupSettlement.ts';

const MU0 = mu(0);

/**
 * Fill `ws.migrantSettleShare` and `ws.settleAgeFactor` for the year:
 * eligibility × willingness (or the plain rate for `d ≥ Y`), then, in this
 * order, the school cap (school-age children settle only into free places,
 * with their parents), the rental cap (renters need a free public unit) and
 * the yearly quota (scaled down to settle exactly the quota when binding).
 * With any source group on, the pass that counts the settling migrants also
 * sums, by age segment, every row the groups draw on (settlingBySegment), so
 * that applySettlement can find the groups' pools without a pass of its own.
 *
 * @example
 * settlementPolicy(state, p, y, ws); ws.migrantSettleShare[5]; // yearly probability of settling after 5 years of stay
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

  ws.settleScale = 1;
  const planned = anyGroupOn(p, y) ? settlingBySegment(state, ws) : settlingMigrants(state, ws);
  if (!(planned > 0)) return;
  // Renting households settle only into free units, one each; the others are not held back by the rental cap.
  const size = p.householdSize[y] > 0 ? p.householdSize[y] : 1;
  const renting = clamp01(p.rentalSettleShare[y]) * planned;
  const room = Math.max(0, nonNeg(p.housingUnits[y]) - ws.unitsOccupied) * size;
  let renters = renting;
  let settling = planned;
  if (renting > room) {
    renters = room;
    settling = planned - (renting - room);
  }
  // The quota takes renters and the others in proportion.
  const quota = nonNeg(p.settleQuota[y]);
  if (settling > quota) {
    renters *= quota / settling;
    settling = quota;
  }
  const scale = settling < planned ? settling / planned : 1;
  if (scale < 1) for (let d = 0; d < DURATIONS; d++) share[d] *= scale;
  ws.settleScale = scale;
  ws.unitsOccupied += renters / size;
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

const { rowStatus, rowSex, rowClass, bounds, segments } = GROUP_SEGMENTS;

/**
 * {@link settlingMigrants}, and per (class, age segment) of the source groups
 * (groupSegments.ts): in `ws.groupSegmentLeft` the persons of every row the
 * groups draw on, in `ws.groupSegmentSettling` the migrants of it the
 * current shares would settle.
 */
function settlingBySegment(state: Float64Array, ws: Workspace): number {
  const all = ws.groupSegmentLeft;
  const settling = ws.groupSegmentSettling;
  const factor = ws.settleAgeFactor;
  all.fill(0);
  settling.fill(0);
  let total = 0;
  for (let row = 0; row < rowStatus.length; row++) {
    const s = rowStatus[row];
    const o = idx(s, rowSex[row], 0);
    const base = rowClass[row] * segments;
    const share = s >= MU0 ? ws.migrantSettleShare[s - MU0] : 0;
    if (!(share > 0)) {
      for (let k = 0; k < segments; k++) all[base + k] += rangeSum(state, o + bounds[k], o + bounds[k + 1]);
      continue;
    }
    const f = (s - MU0) * AGES - o;
    for (let k = 0; k < segments; k++) {
      const hi = o + bounds[k + 1];
      let s0 = 0;
      let s1 = 0;
      let t0 = 0;
      let t1 = 0;
      let i = o + bounds[k];
      for (; i + 1 < hi; i += 2) {
        const w0 = state[i];
        const w1 = state[i + 1];
        s0 += w0;
        s1 += w1;
        t0 += w0 * (share * factor[f + i]);
        t1 += w1 * (share * factor[f + i + 1]);
      }
      if (i < hi) {
        s0 += state[i];
        t0 += state[i] * (share * factor[f + i]);
      }
      all[base + k] += s0 + s1;
      settling[base + k] += t0 + t1;
      total += t0 + t1;
    }
  }
  return total;
}
