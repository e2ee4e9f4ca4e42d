import { AGES, STATUSES, Sex, hukouGroup, rowOffset } from '../layout.ts';
import type { ModelParams } from '../params.ts';
import { clamp01 } from '../clamp01.ts';
import { Flow, type Workspace } from '../workspace.ts';

/**
 * Step 2, births. Women are exposed for the year at the mean of their
 * numbers at its start and at its end, the classic cohort-component rule
 * `B = Σ f(x) · ½ (W(x, t) + W(x, t+1))`, with `f(x) = TFR_g · schedule(x)`
 * and g the mother's hukou group. The first half is taken before survival
 * ({@link birthExposureStart}), the second after it and before the year's
 * moves ({@link applyBirths}): migration and settlement count as happening at
 * the end of the year, so newborns then move with their status and age.
 * Newborns take their mother's status (a migrant's child keeps her
 * duration) and enter age 0 after surviving the year, `B · L(0)/l(0)`.
 *
 * @example
 * birthExposureStart(state, p, y, ws); applySurvival(state, p, y, ws); applyBirths(state, p, y, ws);
 */
export function birthExposureStart(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  // Stryker disable next-line EqualityOperator: equivalent — ws.births has STATUSES cells, a write past its end does nothing
  for (let s = 0; s < STATUSES; s++) ws.births[s] = 0.5 * fertileExposure(state, p, y, s);
}

/** Add the end-of-year half of exposure and put the surviving newborns at age 0. */
export function applyBirths(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  const srb = p.sexRatioAtBirth[y];
  const maleShare = srb / (1 + srb);
  const survM = ws.survival[Sex.M].birthSurvival;
  const survF = ws.survival[Sex.F].birthSurvival;
  const stay = clamp01(p.migrantNewbornStay[y]);
  let births = 0;
  let infantDeaths = 0;
  let sentAway = 0;
  for (let s = 0; s < STATUSES; s++) {
    const b = ws.births[s] + 0.5 * fertileExposure(state, p, y, s);
    ws.births[s] = b;
    const m = b * maleShare;
    const f = b - m;
    // a migrant's newborn raised in the home place leaves in its first year: an out-migrant
    const keep = hukouGroup(s) === 2 ? stay : 1;
    state[rowOffset(s, Sex.M)] += m * survM * keep;
    state[rowOffset(s, Sex.F)] += f * survF * keep;
    births += b;
    infantDeaths += m * (1 - survM) + f * (1 - survF);
    sentAway += (m * survM + f * survF) * (1 - keep);
  }
  ws.flows[Flow.births] += births;
  ws.flows[Flow.deaths] += infantDeaths;
  ws.flows[Flow.outMigrants] += sentAway;
}

function fertileExposure(state: Float64Array, p: ModelParams, y: number, s: number): number {
  const g = hukouGroup(s);
  const tfr = g === 0 ? p.tfrUrbanHukou[y] : g === 1 ? p.tfrRuralHukou[y] : p.tfrMigrant[y];
  const o = rowOffset(s, Sex.F);
  let e = 0;
  for (let a = 0; a < AGES; a++) e += p.fertilitySchedule[a] * state[o + a];
  return tfr * e;
}
