import { DURATIONS, STATUSES } from './layout.ts';
import { SurvivalRatios } from './lifeTable.ts';

/** Indices of the yearly flow counters in {@link Workspace.flows}. */
export const Flow = {
  births: 0,
  deaths: 1,
  inMigrants: 2,
  outMigrants: 3,
  settledLocal: 4,
  settledMigrants: 5,
  reclassified: 6,
} as const;
export const FLOW_COUNT = 7;

/**
 * Everything a projection step writes besides the state, allocated once per
 * run so that stepping a year allocates nothing.
 *
 * @example
 * const ws = new Workspace();
 * step(state, params, 0, ws);
 * ws.flows[Flow.births]; // births during the first year
 */
export class Workspace {
  readonly survival = [new SurvivalRatios(), new SurvivalRatios()] as const;
  /** e0 the survival tables were last filled for, per sex, to skip refilling when unchanged. */
  readonly survivalE0 = new Float64Array([NaN, NaN]);
  /** Births of the year by the mother's status. */
  readonly births = new Float64Array(STATUSES);
  /** Yearly settlement probability of `Mu[d]` by duration, filled by the settlement policy. */
  readonly migrantSettleShare = new Float64Array(DURATIONS);
  /** Flow counters of the current year. */
  readonly flows = new Float64Array(FLOW_COUNT);
}
