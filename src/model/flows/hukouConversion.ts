import { SEXES, Status, idx } from '../layout.ts';
import { clamp01 } from '../clamp01.ts';
import type { ModelParams } from '../params.ts';
import { Flow, type Workspace } from '../workspace.ts';
import { shift } from './localMoves.ts';

/**
 * Step 7b, hukou conversion in place (农转非 of villagers whose land is taken,
 * 村改居 with the people's hukou converted, 撤县设区): a yearly share c of the
 * rural-hukou locals living in the city gets urban hukou where they live,
 * `Rr → Ur` and `Ru → Uu`. Then, in a year the registry changes its definition
 * (the 2014 unification), a share b of the rural-hukou town dwellers left is
 * counted as urban hukou, `Ru → Uu`, and a share v of the villagers left,
 * `Rr → Ur` (villages and counties the new count calls urban). Nobody moves, so the resident rate does
 * not change, nor later (relabelled villagers move to town at the villagers' pace, localMoves.ts, unless the
 * scenario sets their own rate); nobody moves a hukou in, so neither is counted as settled (落户)
 * nor in the cost of 市民化. Counts the persons converted (`converted_in_place`) and relabelled (`relabelled`).
 *
 * @example
 * applyHukouConversion(state, modelParams({ startYear: 2013, endYear: 2014, hukouConversionRate: 0.05 }), 0, ws);
 */
export function applyHukouConversion(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  const c = clamp01(p.hukouConversionRate[y]);
  const b = clamp01(p.hukouRelabelShare[y]);
  const v = clamp01(p.hukouRelabelVillageShare[y]);
  if (c === 0 && b === 0 && v === 0) return;
  let converted = 0;
  let relabelled = 0;
  for (let x = 0; x < SEXES; x++) {
    converted += shift(state, idx(Status.Rr, x, 0), idx(Status.Ur, x, 0), c);
    converted += shift(state, idx(Status.Ru, x, 0), idx(Status.Uu, x, 0), c);
    relabelled += shift(state, idx(Status.Ru, x, 0), idx(Status.Uu, x, 0), b);
    relabelled += shift(state, idx(Status.Rr, x, 0), idx(Status.Ur, x, 0), v);
  }
  ws.flows[Flow.convertedInPlace] += converted;
  ws.flows[Flow.relabelled] += relabelled;
}
