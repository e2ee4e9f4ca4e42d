import { DURATIONS, SEXES, Status, idx, mr, mu, sumStatuses } from './layout.ts';
import { clamp01, nonNeg } from './clamp01.ts';
import type { ModelParams } from './params.ts';
import { Lever, type Workspace } from './workspace.ts';

/**
 * Step 9, capacity, measured on the state: public compulsory-school places
 * and public rental units against demand. Local children are seated first,
 * then migrant children whose parents have held a residence permit long
 * enough, up to the policy's public-access share. The shortage and slack
 * ratios are kept in the workspace and act on next year's flows (families
 * react to the school year they saw).
 *
 * - school demand = local children + permitted migrant children × access share
 * - shortage = max(0, demand − places); public share = migrant children seated / all migrant children
 * Also leaves the status totals in `ws.totals` for the indicators.
 *
 * - housing demand (units) = permitted migrants × apply share / household size + units held by settled renters
 *
 * @example
 * measureCapacity(state, p, y, ws); ws.levers[Lever.schoolShortage];
 */
export function measureCapacity(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  sumStatuses(state, ws.totals);
  const lo = p.schoolAgeMin;
  const hi = p.schoolAgeMax;
  let localKids = 0;
  for (const s of LOCAL_RESIDENT) localKids += ages(state, s, lo, hi);
  let migrantKids = 0;
  let permittedKids = 0;
  let permittedMigrants = 0;
  for (let d = 0; d < DURATIONS; d++) {
    const kids = ages(state, mu(d), lo, hi) + ages(state, mr(d), lo, hi);
    migrantKids += kids;
    if (d >= p.permitSchoolYears[y]) permittedKids += kids;
    if (d >= p.permitHousingYears[y]) permittedMigrants += ws.totals[mu(d)] + ws.totals[mr(d)];
  }
  const places = nonNeg(p.schoolPlaces[y]);
  const wanting = permittedKids * clamp01(p.publicAccessShare[y]);
  const localSeated = Math.min(localKids, places);
  const migrantSeated = Math.min(wanting, places - localSeated);
  const demand = localKids + wanting;
  const shortage = Math.max(0, demand - places);
  ws.levers[Lever.schoolDemand] = demand;
  ws.levers[Lever.schoolPlaces] = places;
  ws.levers[Lever.schoolShortage] = shortage;
  // no migrant child: 0 / 0, NaN (no share to speak of)
  ws.levers[Lever.migrantChildrenPublicShare] = migrantSeated / migrantKids;
  ws.schoolShortageRatio = demand > 0 ? shortage / demand : 0;

  const units = nonNeg(p.housingUnits[y]);
  const size = p.householdSize[y] > 0 ? p.householdSize[y] : 1;
  const hDemand = (permittedMigrants * clamp01(p.housingApplyShare[y])) / size + ws.unitsOccupied;
  ws.levers[Lever.housingDemand] = hDemand;
  ws.levers[Lever.housingUnits] = units;
  ws.levers[Lever.housingShortage] = Math.max(0, hDemand - units);
  const slack = hDemand > 0 ? (units - hDemand) / hDemand : units > 0 ? 1 : 0;
  // units ≥ 0, so slack ≥ −1 already; only the top needs clipping
  // Stryker disable next-line EqualityOperator: equivalent — at slack = 1 both give 1
  ws.housingSlackRatio = slack > 1 ? 1 : slack;
}

const LOCAL_RESIDENT = [Status.Uu, Status.Ur, Status.Ru, Status.Rr] as const;

/** Persons of a status aged lo..hi, both sexes. */
export function ages(state: Float64Array, status: number, lo: number, hi: number): number {
  let v = 0;
  for (let x = 0; x < SEXES; x++) {
    const o = idx(status, x, 0);
    for (let a = lo; a <= hi; a++) v += state[o + a];
  }
  return v;
}
