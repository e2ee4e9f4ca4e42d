import { DURATIONS, STATUSES } from './layout.ts';
import { SurvivalRatios } from './lifeTable.ts';
import { GROUP_COUNT } from './settlementGroups.ts';

/** Indices of the yearly flow counters in {@link Workspace.flows}. */
export const Flow = {
  births: 0,
  deaths: 1,
  inMigrants: 2,
  outMigrants: 3,
  settledLocal: 4,
  settledMigrants: 5,
  reclassified: 6,
  /** Rural-hukou locals given urban hukou where they live (hukou conversion in place, step 7b). */
  convertedInPlace: 7,
  /** Rural-hukou locals counted as urban hukou by a change of the registry's definition (the change of count, step 7b). */
  relabelled: 8,
} as const;
/** Persons settled from source group g are counted at `FIRST_GROUP_FLOW + g` (and in settledLocal or settledMigrants too). */
export const FIRST_GROUP_FLOW = 9;
export const FLOW_COUNT = FIRST_GROUP_FLOW + GROUP_COUNT;

/** Indices of the lever indicators in {@link Workspace.levers}: capacity at the end of the year, cost and linkages of the year. */
export const Lever = {
  schoolDemand: 0,
  schoolPlaces: 1,
  schoolShortage: 2,
  migrantChildrenPublicShare: 3,
  housingDemand: 4,
  housingUnits: 5,
  housingShortage: 6,
  costGovernment: 7,
  costEnterprise: 8,
  costIndividual: 9,
  landQuotaM2: 10,
  transferYuan: 11,
} as const;
export const LEVER_COUNT = 12;

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
  /** Births of the year by the mother's status. */
  readonly births = new Float64Array(STATUSES);
  /** Yearly settlement probability of `Mu[d]` by duration, filled by the settlement policy. */
  readonly migrantSettleShare = new Float64Array(DURATIONS);
  /** Flow counters of the current year. */
  readonly flows = new Float64Array(FLOW_COUNT);
  /** Persons by status at the end of the year, summed once for capacity and indicators. */
  readonly totals = new Float64Array(STATUSES);
  /** Lever indicators of the current year. */
  readonly levers = new Float64Array(LEVER_COUNT);
  /** Age factor on the settlement share, by duration × age (school cap on households). */
  readonly settleAgeFactor = new Float64Array(11 * 101).fill(1);
  /** Last computed school shortage / demand, and housing (units − demand) / demand in [−1, 1]; feed next year's flows. */
  schoolShortageRatio = 0;
  housingSlackRatio = 0;
  /** Public rental units taken by renters who settled. */
  unitsOccupied = 0;
  /** Migrants and locals settled since the base year (for recurring cost). */
  settledCumulative = 0;

  /** Clear the per-run memory before a new run. */
  reset(): void {
    this.schoolShortageRatio = 0;
    this.housingSlackRatio = 0;
    this.unitsOccupied = 0;
    this.settledCumulative = 0;
  }
}
