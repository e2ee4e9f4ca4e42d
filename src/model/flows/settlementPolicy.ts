import { AGES, DURATIONS, SEXES, Status, idx, mu } from '../layout.ts';
import { clamp01, nonNeg } from '../clamp01.ts';
import { ages } from '../capacity.ts';
import { eligibility } from '../eligibility.ts';
import type { ModelParams } from '../params.ts';
import type { Workspace } from '../workspace.ts';

/**
 * Fill `ws.migrantSettleShare` and `ws.settleAgeFactor` for the year:
 * eligibility × willingness (or the plain rate for `d ≥ Y`), then, in this
 * order, the school cap (school-age children settle only into free places,
 * with their parents), the rental cap (renters need a free public unit) and
 * the yearly quota (scaled down to settle exactly the quota when binding).
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

  const planned = settlingMigrants(state, ws);
  if (!(planned > 0)) return; // nobody would settle: no cap to apply (and no 0 / 0 below)
  // Renting households settle only into free units, one each; the others are not held back by the rental cap.
  const size = p.householdSize[y] > 0 ? p.householdSize[y] : 1;
  const renting = clamp01(p.rentalSettleShare[y]) * planned;
  const room = Math.max(0, nonNeg(p.housingUnits[y]) - ws.unitsOccupied) * size;
  const renters = Math.min(renting, room);
  const settling = planned - (renting - renters);
  // The quota takes renters and the others in proportion.
  const quota = nonNeg(p.settleQuota[y]);
  const kept = settling > quota ? quota / settling : 1;
  for (let d = 0; d < DURATIONS; d++) share[d] *= (settling * kept) / planned;
  ws.unitsOccupied += (renters * kept) / size;
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
  // No limit (Infinity) or no figure (NaN): no cap.
  // Stryker disable next-line EqualityOperator: equivalent — with places = Infinity, ≤ goes on to free = Infinity, which caps nobody
  if (!(places < Infinity)) return;
  const lo = p.schoolAgeMin;
  const hi = p.schoolAgeMax;
  let local = 0;
  for (let s = 0; s < 4; s++) local += ages(state, s === 0 ? Status.Uu : s === 1 ? Status.Ur : s === 2 ? Status.Ru : Status.Rr, lo, hi);
  const free = Math.max(0, places - local);
  let settlingKids = 0;
  for (let d = 0; d < DURATIONS; d++) settlingKids += ws.migrantSettleShare[d] * ages(state, mu(d), lo, hi);
  // Stryker disable next-line EqualityOperator: equivalent — at settlingKids = free, f = 1 and no parent is held: the cap does nothing
  if (settlingKids <= free) return;
  const f = free / settlingKids;
  for (let d = 0; d < DURATIONS; d++) {
    const share = ws.migrantSettleShare[d];
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
  for (let d = 0; d < DURATIONS; d++)
    for (let x = 0; x < SEXES; x++)
      for (let a = 0; a < AGES; a++) total += state[idx(mu(d), x, a)] * (ws.migrantSettleShare[d] * ws.settleAgeFactor[d * AGES + a]);
  return total;
}
