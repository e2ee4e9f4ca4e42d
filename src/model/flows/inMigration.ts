import { AGES, SEXES, idx, mr, mu } from '../layout.ts';
import { clamp01, nonNeg } from '../clamp01.ts';
import type { ModelParams } from '../params.ts';
import { Flow, type Workspace } from '../workspace.ts';

/**
 * Step 5, in-migration: the year's arrivals N = inflow · (1 + ε_h · housing slack)
 * (slack in [−1, 1], last year's), with children's share k = share · (1 − ε_c · school
 * shortage ratio), enter `Mu[0]` (share u) and
 * `Mr[0]`, adults spread by the adult age–sex schedule and accompanying
 * children (share k of N) by the child schedule:
 * `arrivals(x, a) = N · ((1−k) · adult(x, a) + k · child(x, a))`.
 *
 * @example
 * applyInMigration(state, p, y, ws); // ws.flows[Flow.inMigrants] ≈ p.inflow[y]
 */
export function applyInMigration(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  // Last year's capacity: housing slack draws migrants, a school shortage keeps children behind (留守).
  const n = nonNeg(p.inflow[y] * (1 + p.housingInflowElasticity[y] * ws.housingSlackRatio));
  const k = clamp01(p.inflowChildShare[y] * (1 - nonNeg(p.childShortageElasticity[y]) * ws.schoolShortageRatio));
  const u = clamp01(p.inflowUrbanShare[y]);
  let added = 0;
  for (let x = 0; x < SEXES; x++) {
    const ou = idx(mu(0), x, 0);
    const or = idx(mr(0), x, 0);
    for (let a = 0; a < AGES; a++) {
      const i = x * AGES + a;
      const v = n * ((1 - k) * p.inflowAdult[i] + k * p.inflowChild[i]);
      const vu = v * u;
      state[ou + a] += vu;
      state[or + a] += v - vu;
      added += v;
    }
  }
  ws.flows[Flow.inMigrants] += added;
}
