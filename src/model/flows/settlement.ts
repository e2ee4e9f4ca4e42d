import { DURATIONS, SEXES, Status, idx, mu } from '../layout.ts';
import { clamp01 } from '../clamp01.ts';
import type { ModelParams } from '../params.ts';
import { Flow, type Workspace } from '../workspace.ts';
import { move } from './localMoves.ts';

/**
 * Step 8, settlement (落户), plain form. Local rural-hukou urban residents
 * convert at a yearly rate (`Ru → Uu`); urban migrants with at least Y
 * completed years of stay convert at a yearly rate (`Mu[d≥Y] → Uu`).
 * Rates apply to every age alike, so children settle with their parents.
 *
 * The migrant part reads its per-duration probabilities from
 * `ws.migrantSettleShare`, which a policy fills first
 * ({@link plainSettlementPolicy} here); policy modes and capacity caps fill
 * the same array, so this step does not change when they arrive.
 *
 * @example
 * plainSettlementPolicy(p, y, ws); applySettlement(state, p, y, ws);
 */
export function applySettlement(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  const rLocal = clamp01(p.localSettleRate[y]);
  let local = 0;
  let migrants = 0;
  for (let x = 0; x < SEXES; x++) {
    local += move(state, idx(Status.Ru, x, 0), idx(Status.Uu, x, 0), rLocal);
    for (let d = 0; d < DURATIONS; d++) {
      const share = ws.migrantSettleShare[d];
      if (share > 0) migrants += move(state, idx(mu(d), x, 0), idx(Status.Uu, x, 0), share);
    }
  }
  ws.flows[Flow.settledLocal] += local;
  ws.flows[Flow.settledMigrants] += migrants;
}

/** Fill `ws.migrantSettleShare`: the yearly rate for `d ≥ Y`, 0 below. */
export function plainSettlementPolicy(p: ModelParams, y: number, ws: Workspace): void {
  const r = clamp01(p.migrantSettleRate[y]);
  for (let d = 0; d < DURATIONS; d++) ws.migrantSettleShare[d] = d >= p.migrantSettleMinYears ? r : 0;
}

