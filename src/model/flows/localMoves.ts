import { AGES, SEXES, Status, idx } from '../layout.ts';
import { clamp01 } from '../clamp01.ts';
import type { ModelParams } from '../params.ts';
import type { Workspace } from '../workspace.ts';

/**
 * Step 6, local moves within the city: rural-hukou villagers move to town
 * (`Rr → Ru`) and urban-hukou people in rural areas move to town
 * (`Ur → Uu`), whole households at one yearly rate each. No flow counter:
 * residence changes inside the city change rates, not totals.
 *
 * @example
 * applyLocalMoves(state, p, y, ws);
 */
export function applyLocalMoves(state: Float64Array, p: ModelParams, y: number, _ws: Workspace): void {
  const rRural = clamp01(p.ruralToTownRate[y]);
  const rUrban = clamp01(p.urbanHukouToTownRate[y]);
  for (let x = 0; x < SEXES; x++) {
    shift(state, idx(Status.Rr, x, 0), idx(Status.Ru, x, 0), rRural);
    shift(state, idx(Status.Ur, x, 0), idx(Status.Uu, x, 0), rUrban);
  }
}

/** Move share r of `length` cells (an age row by default) to as many cells from `to`, uncounted. */
export function shift(state: Float64Array, from: number, to: number, r: number, length = AGES): void {
  const gap = to - from;
  const end = from + length;
  for (let i = from; i < end; i++) {
    const v = state[i];
    const m = v * r;
    state[i] = v - m;
    state[i + gap] += m;
  }
}
