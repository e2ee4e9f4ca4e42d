import { AGES, DURATIONS, SEXES, Status, idx, mr, mu, rangeSum, statusTotal } from '../layout.ts';
import { clamp01, nonNeg } from '../clamp01.ts';
import type { ModelParams } from '../params.ts';
import { Flow, type Workspace } from '../workspace.ts';
import { shift } from './localMoves.ts';

/**
 * Step 7, reclassification in place (村改居, 撤县设区): a share of the rural
 * residents becomes urban without moving, the yearly share plus a scheduled
 * number of persons spread over all rural residents,
 * `share = min(1, ρ + P / rural residents)`. `Ur → Uu`, `Mr[d] → Mu[d]`,
 * `Rr → Ru`, and of the `Rr` reclassified a share h also gets urban hukou
 * (`Rr → Uu`). Counts persons reclassified.
 *
 * @example
 * applyReclassification(state, p, y, ws); // ws.flows[Flow.reclassified]
 */
export function applyReclassification(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  const rho = clamp01(p.reclassShare[y]);
  const persons = nonNeg(p.reclassPersons[y]);
  // Mr[0..10] lie end to end, as do Mu[0..10] in the same order: one run over the block, not 22 rows.
  const mrFrom = idx(mr(0), 0, 0);
  const mrTo = idx(mr(DURATIONS - 1), SEXES - 1, 0) + AGES;
  const rural = statusTotal(state, Status.Ur) + statusTotal(state, Status.Rr) + rangeSum(state, mrFrom, mrTo);
  // With no rural resident the share is 1 (P/0) or 0 (NaN clamped): either way nobody moves.
  const share = clamp01(rho + persons / rural);
  const h = clamp01(p.reclassHukouShare[y]);
  shift(state, mrFrom, idx(mu(0), 0, 0), share, mrTo - mrFrom);
  for (let x = 0; x < SEXES; x++) {
    shift(state, idx(Status.Ur, x, 0), idx(Status.Uu, x, 0), share);
    const rr = idx(Status.Rr, x, 0);
    const toRu = idx(Status.Ru, x, 0) - rr;
    const toUu = idx(Status.Uu, x, 0) - rr;
    for (let i = rr; i < rr + AGES; i++) {
      const w = state[i];
      const v = w * share;
      const toHukou = v * h;
      state[i] = w - v;
      state[i + toRu] += v - toHukou;
      state[i + toUu] += toHukou;
    }
  }
  // Every rural resident moves at the same share, so the count is share × the rural total already summed.
  ws.flows[Flow.reclassified] += share * rural;
}
