import { AGES, SEXES, STATUSES, Status, idx, isResident, isUrbanResident, statusTotal } from '../layout.ts';
import { clamp01 } from '../clamp01.ts';
import type { ModelParams } from '../params.ts';
import type { Workspace } from '../workspace.ts';

/**
 * Step 6, local moves within the city: villagers move to town, whole
 * households, at one yearly share whatever their hukou — rural-hukou
 * `Rr → Ru` and urban-hukou `Ur → Uu` alike, so that relabelling a villager's
 * hukou (conversion, change of count: `Rr → Ur`) does not change where she
 * lives. The share is the pace itself, or under the `logit` form
 * {@link logitPaceShare} of the pace at the resident rate of the moment.
 * When `urbanHukouToTownFollowsPace` is false, `Ur → Uu` moves at
 * `urbanHukouToTownRate` instead. No flow counter: residence changes inside
 * the city change rates, not totals.
 *
 * @example
 * applyLocalMoves(state, p, y, ws);
 */
export function applyLocalMoves(state: Float64Array, p: ModelParams, y: number, _ws: Workspace): void {
  const pace = clamp01(p.ruralToTownRate[y]);
  const rRural = p.ruralToTownForm === 'logit' && pace !== 0 ? logitPaceShare(pace, residentRate(state)) : pace;
  const rUrban = p.urbanHukouToTownFollowsPace ? rRural : clamp01(p.urbanHukouToTownRate[y]);
  for (let x = 0; x < SEXES; x++) {
    shift(state, idx(Status.Rr, x, 0), idx(Status.Ru, x, 0), rRural);
    shift(state, idx(Status.Ur, x, 0), idx(Status.Uu, x, 0), rUrban);
  }
}

/**
 * The share of rural residents who, becoming urban, raise the logit of the
 * resident rate `rate` by `pace` in a year: with odds o = p/(1 − p) turning
 * into o·e^c, the share is (p' − p)/(1 − p) = p(e^c − 1)/(1 − p + p·e^c)
 * (≈ c·p for a small pace; 0 when nobody lives in town, NaN rates give 0).
 *
 * @example
 * logitPaceShare(0.05, 0.5); // ≈ 0.0250: half as much as the share form's 5 % at a resident rate of 50 %
 */
export function logitPaceShare(pace: number, rate: number): number {
  const g = Math.exp(pace);
  return clamp01((rate * (g - 1)) / (1 - rate + rate * g));
}

/** Urban residents over residents (the resident rate of the state as it stands; NaN without residents). */
function residentRate(state: Float64Array): number {
  let urban = 0;
  let residents = 0;
  for (let s = 0; s < STATUSES; s++) {
    if (!isResident(s)) continue;
    const t = statusTotal(state, s);
    residents += t;
    if (isUrbanResident(s)) urban += t;
  }
  return urban / residents;
}

/** Move share r of `length` cells (an age row by default) to as many cells from `to`; returns the persons moved. */
export function shift(state: Float64Array, from: number, to: number, r: number, length = AGES): number {
  const gap = to - from;
  const end = from + length;
  let moved = 0;
  for (let i = from; i < end; i++) {
    const v = state[i];
    const m = v * r;
    state[i] = v - m;
    state[i + gap] += m;
    moved += m;
  }
  return moved;
}
