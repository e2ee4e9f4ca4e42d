import type { ModelParams } from './params.ts';
import type { Workspace } from './workspace.ts';
import { applyBirths, birthExposureStart } from './flows/births.ts';
import { advanceDuration } from './flows/duration.ts';
import { applyHukouConversion } from './flows/hukouConversion.ts';
import { applyInMigration } from './flows/inMigration.ts';
import { applyLocalMoves } from './flows/localMoves.ts';
import { applyOutMigration } from './flows/outMigration.ts';
import { applyReclassification } from './flows/reclassification.ts';
import { applySettlement } from './flows/settlement.ts';
import { settlementPolicy } from './flows/settlementPolicy.ts';
import { measureCapacity } from './capacity.ts';
import { accountCost } from './cost.ts';
import { applySurvival } from './flows/survival.ts';

/**
 * One projection year `y` (from `startYear + y` to the next), in place, in
 * the order of src/model/README.md (DESIGN §3, with out-migration before
 * duration so that h(0) applies): survival and ageing, births, out-migration, duration,
 * in-migration, local moves, reclassification, hukou conversion in place, settlement (general, then by
 * source group), capacity, cost.
 * Flow counters of the year are left in `ws.flows`, capacity and cost in
 * `ws.levers`. Allocates nothing.
 *
 * @example
 * const ws = new Workspace();
 * for (let y = 0; y < stepCount(p); y++) step(state, p, y, ws);
 */
export function step(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  stepPopulation(state, p, y, ws);
  applyHukouConversion(state, p, y, ws);
  stepSettlement(state, p, y, ws);
  stepLevers(state, p, y, ws);
}

/**
 * {@link step}'s part before the hukou conversion in place (steps 1–7: survival and ageing, births, out-migration,
 * duration, in-migration, local moves, reclassification), the year's flow counters cleared first. Its own function so
 * that what splits a year's registered gain by stage (tests/model/registeredGain.property.test.ts) runs the engine's
 * stages, not a copy of their order.
 *
 * @example
 * stepPopulation(state, p, y, ws); applyHukouConversion(state, p, y, ws); stepSettlement(state, p, y, ws); stepLevers(state, p, y, ws); // = step
 */
export function stepPopulation(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  ws.flows.fill(0);
  birthExposureStart(state, p, y, ws);
  applySurvival(state, p, y, ws);
  applyBirths(state, p, y, ws);
  applyOutMigration(state, p, y, ws);
  advanceDuration(state);
  applyInMigration(state, p, y, ws);
  applyLocalMoves(state, p, y, ws);
  applyReclassification(state, p, y, ws);
}

/**
 * {@link step}'s settlement (step 8, the general policy, then 8b, the source groups).
 *
 * @example
 * stepSettlement(state, p, y, ws); // after applyHukouConversion
 */
export function stepSettlement(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  settlementPolicy(state, p, y, ws);
  applySettlement(state, p, y, ws);
}

/**
 * {@link step}'s last part: school and housing capacity, then the year's cost, into `ws.levers`.
 *
 * @example
 * stepLevers(state, p, y, ws); // after stepSettlement
 */
export function stepLevers(state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  measureCapacity(state, p, y, ws);
  accountCost(state, p, y, ws);
}
