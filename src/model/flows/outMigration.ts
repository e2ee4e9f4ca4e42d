import { AGES, DURATIONS, SEXES, Status, idx, mr, mu } from '../layout.ts';
import { clamp01, nonNeg } from '../clamp01.ts';
import type { ModelParams } from '../params.ts';
import { Flow, type Workspace } from '../workspace.ts';

/**
 * Step 3, out-migration. Three movements, each computed from the stocks at
 * the start of the step so their order does not matter:
 * - migrants leave the city with hazard `h(d) · multiplier · (1 + ε_r · school shortage ratio)`
 *   by the years of stay d they had completed at the start of the year (all
 *   ages alike, so families leave together); this runs before duration
 *   advances, so h(0) is the hazard of last year's arrivals;
 * - local residents move away (`U* → Ua`, `R* → Ra`) at `rate · profile(age)`,
 *   and locals away come back (`Ua → Uu`; `Ra → Ru` for a share, else `Rr`);
 * - locals away give up the hukou at `hukouExitRate` and leave the account.
 * Only the first and last count as out-migrants; moving away keeps a person
 * in the registered population (人户分离).
 *
 * @example
 * applyOutMigration(state, p, y, ws); // ws.flows[Flow.outMigrants]
 */
export function applyOutMigration(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  let out = 0;
  // Families leave more when last year's schools were short.
  const mult = p.migrantReturnMultiplier[y] * (1 + nonNeg(p.returnShortageElasticity[y]) * ws.schoolShortageRatio);
  for (let d = 0; d < DURATIONS; d++) {
    const h = clamp01(p.migrantReturnHazard[d] * mult);
    for (let block = 0; block < 2; block++)
      for (let x = 0; x < SEXES; x++) {
        const status = block === 0 ? mu(d) : mr(d);
        const o = idx(status, x, 0);
        let total = 0;
        for (let a = 0; a < AGES; a++) {
          const v = state[o + a];
          total += v;
          state[o + a] = v - v * h;
        }
        out += h * total;
      }
  }

  const dep = p.localDepartureRate[y];
  // Returning and giving up the hukou compete for the same people: scaled to sum to at most 1.
  const k = Math.max(1, clamp01(p.awayReturnRate[y]) + clamp01(p.hukouExitRate[y]));
  const ret = clamp01(p.awayReturnRate[y]) / k;
  const exit = clamp01(p.hukouExitRate[y]) / k;
  const stay = clamp01(1 - ret - exit);
  const up = clamp01(p.awayReturnUrbanShare[y]);
  for (let x = 0; x < SEXES; x++) {
    const uu = idx(Status.Uu, x, 0), ur = idx(Status.Ur, x, 0), ua = idx(Status.Ua, x, 0);
    const ru = idx(Status.Ru, x, 0), rr = idx(Status.Rr, x, 0), ra = idx(Status.Ra, x, 0);
    for (let a = 0; a < AGES; a++) {
      const r = clamp01(dep * p.departureProfile[a]);
      const dUu = state[uu + a] * r, dUr = state[ur + a] * r;
      const dRu = state[ru + a] * r, dRr = state[rr + a] * r;
      // Stayers are computed first so that rounding can never leave a negative stock.
      const stayU = state[ua + a] * stay, backU = state[ua + a] * ret, exitU = state[ua + a] - stayU - backU;
      const stayR = state[ra + a] * stay, backR = state[ra + a] * ret, exitR = state[ra + a] - stayR - backR;
      state[uu + a] += backU - dUu;
      state[ur + a] -= dUr;
      state[ua + a] = stayU + dUu + dUr;
      state[ru + a] += backR * up - dRu;
      state[rr + a] += backR * (1 - up) - dRr;
      state[ra + a] = stayR + dRu + dRr;
      out += exitU + exitR;
    }
  }
  ws.flows[Flow.outMigrants] += out;
}
