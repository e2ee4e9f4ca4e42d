import { MAX_AGE, SEXES, STATUSES, rowOffset } from '../layout.ts';
import type { ModelParams } from '../params.ts';
import { Flow, type Workspace } from '../workspace.ts';

/**
 * Step 1, survival and ageing: everyone alive at the start of year `y` is
 * carried one year of age older with the survival ratio of their sex,
 * `P(x+1, t+1) = P(x, t) · L(x+1)/L(x)`, and the open group 100+ keeps
 * `(P(99) + P(100+)) · T(100)/T(99)`. Age 0 is left empty for births.
 * The life table of each sex is the Brass logit member with that year's e0.
 *
 * @example
 * applySurvival(state, params, 0, ws); // ws.flows[Flow.deaths] holds the year's deaths
 */
export function applySurvival(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  refreshSurvival(p, y, ws);
  let deaths = 0;
  for (let s = 0; s < STATUSES; s++)
    for (let x = 0; x < SEXES; x++) {
      const r = ws.survival[x].ratio;
      const o = rowOffset(s, x);
      const p99 = state[o + MAX_AGE - 1];
      const p100 = state[o + MAX_AGE];
      const open = (p99 + p100) * r[MAX_AGE - 1];
      let before = p99 + p100;
      let after = open;
      for (let a = MAX_AGE - 1; a >= 1; a--) {
        const v = state[o + a - 1];
        const kept = v * r[a - 1];
        state[o + a] = kept;
        before += v;
        after += kept;
      }
      deaths += before - after;
      state[o + MAX_AGE] = open;
      state[o] = 0;
    }
  ws.flows[Flow.deaths] += deaths;
}

/** Fill the workspace's survival tables with the life tables of year y's e0 (births read them too). */
export function refreshSurvival(p: ModelParams, y: number, ws: Workspace): void {
  p.lifeTables.M.fill(p.e0M[y], ws.survival[0]);
  p.lifeTables.F.fill(p.e0F[y], ws.survival[1]);
}
