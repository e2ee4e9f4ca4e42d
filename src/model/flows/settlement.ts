import { AGES, DURATIONS, SEXES, Status, idx, mu } from '../layout.ts';
import { clamp01, nonNeg } from '../clamp01.ts';
import type { ModelParams } from '../params.ts';
import { Flow, type Workspace } from '../workspace.ts';
import { applyGroupSettlement } from './groupSettlement.ts';

/**
 * Step 8, settlement (落户). Local rural-hukou urban residents convert at a
 * yearly take-up rate (`Ru → Uu`), raised by `landRightsTakeupMultiplier`
 * when settling keeps rural land rights. Urban migrants convert
 * (`Mu[d] → Uu`) with the per-duration probability the policy left in
 * `ws.migrantSettleShare`, times the per-age factor of the school cap, so
 * children settle with their parents. Step 8b (groupSettlement.ts) then
 * settles the source groups from what is left.
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
    const toUu = idx(Status.Uu, x, 0);
    const ru = idx(Status.Ru, x, 0);
    for (let a = 0; a < AGES; a++) {
      const v = state[ru + a] * rLocal;
      state[ru + a] -= v;
      state[toUu + a] += v;
      local += v;
    }
    for (let d = 0; d < DURATIONS; d++) {
      const o = idx(mu(d), x, 0);
      for (let a = 0; a < AGES; a++) {
        // No clamp per age: shares come clamped from the policy and the age factors are fractions (schoolCap).
        const v = state[o + a] * (ws.migrantSettleShare[d] * ws.settleAgeFactor[d * AGES + a]);
        state[o + a] -= v;
        state[toUu + a] += v;
        migrants += v;
      }
    }
  }
  ws.flows[Flow.settledLocal] += local;
  ws.flows[Flow.settledMigrants] += migrants;
  applyGroupSettlement(state, p, y, ws);
}
