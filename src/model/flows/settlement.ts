import { AGES, DURATIONS, SEXES, Status, idx, mu } from '../layout.ts';
import { clamp01, nonNeg } from '../clamp01.ts';
import { ages } from '../capacity.ts';
import { eligibility } from '../eligibility.ts';
import type { ModelParams } from '../params.ts';
import { Flow, type Workspace } from '../workspace.ts';
import { move } from './localMoves.ts';

/**
 * Step 8, settlement (落户). Local rural-hukou urban residents convert at a
 * yearly take-up rate (`Ru → Uu`), raised by `landRightsTakeupMultiplier`
 * when settling keeps rural land rights. Urban migrants convert
 * (`Mu[d] → Uu`) with the per-duration probability the policy left in
 * `ws.migrantSettleShare`, times the per-age factor of the school cap, so
 * children settle with their parents.
 *
 * @example
 * settlementPolicy(state, p, y, ws); applySettlement(state, p, y, ws);
 */
export function applySettlement(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  const boost = p.landRightsKept[y] >= 0.5 ? nonNeg(p.landRightsTakeupMultiplier[y]) : 1;
  const rLocal = clamp01(p.localSettleRate[y] * boost);
  let local = 0;
  let migrants = 0;
  for (let x = 0; x < SEXES; x++) {
    local += move(state, idx(Status.Ru, x, 0), idx(Status.Uu, x, 0), rLocal);
    const to = idx(Status.Uu, x, 0);
    for (let d = 0; d < DURATIONS; d++) {
      const share = ws.migrantSettleShare[d];
      if (!(share > 0)) continue;
      const from = idx(mu(d), x, 0);
      const f = d * AGES;
      // No clamp per age: shares come clamped from the policy and the age factors are fractions (schoolCap).
      // Two accumulators: one running sum would chain every age on the adder's latency.
      let m0 = 0;
      let m1 = 0;
      let a = 0;
      for (; a + 1 < AGES; a += 2) {
        const v0 = state[from + a] * (share * ws.settleAgeFactor[f + a]);
        const v1 = state[from + a + 1] * (share * ws.settleAgeFactor[f + a + 1]);
        state[from + a] -= v0;
        state[from + a + 1] -= v1;
        state[to + a] += v0;
        state[to + a + 1] += v1;
        m0 += v0;
        m1 += v1;
      }
      for (; a < AGES; a++) {
        const v = state[from + a] * (share * ws.settleAgeFactor[f + a]);
        state[from + a] -= v;
        state[to + a] += v;
        m0 += v;
      }
      migrants += m0 + m1;
    }
  }
  ws.flows[Flow.settledLocal] += local;
  ws.flows[Flow.settledMigrants] += migrants;
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
