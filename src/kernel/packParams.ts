import { clamp01, nonNeg } from '../model/clamp01.ts';
import { eligibility } from '../model/eligibility.ts';
import { AGES, DURATIONS } from '../model/layout.ts';
import { stepCount, type ModelParams, type YearlyKey } from '../model/params.ts';
import { GROUP_COUNT } from '../model/settlementGroups.ts';
import type { SurvivalTables } from './survivalTables.ts';

/** The yearly parameters the kernel reads, in the order of its constants (assembly/kernel.ts, TFR_U … HUKOU_RELABEL_VILLAGE). */
export const KERNEL_YEARLY = [
  'tfrUrbanHukou', 'tfrRuralHukou', 'tfrMigrant', 'sexRatioAtBirth', 'migrantReturnMultiplier', 'localDepartureRate',
  'awayReturnRate', 'awayReturnUrbanShare', 'hukouExitRate', 'inflow', 'inflowChildShare', 'inflowUrbanShare',
  'ruralToTownRate', 'urbanHukouToTownRate', 'reclassShare', 'reclassPersons', 'reclassHukouShare', 'localSettleRate',
  'settleQuota', 'landRightsKept', 'landRightsTakeupMultiplier', 'rentalSettleShare', 'permitSchoolYears',
  'permitHousingYears', 'schoolPlaces', 'publicAccessShare', 'childShortageElasticity', 'returnShortageElasticity',
  'housingUnits', 'housingApplyShare', 'householdSize', 'housingInflowElasticity', 'costOneOff', 'costRecurring',
  'costShareGovernment', 'costShareEnterprise', 'landPerSettled', 'transferPerSettled', 'transferPerResident', 'hukouConversionRate',
  'hukouRelabelShare', 'hukouRelabelVillageShare', 'migrantNewbornStay',
] as const satisfies readonly YearlyKey[];
export const KERNEL_YEARLY_COUNT = KERNEL_YEARLY.length;
/**
 * Then per year: survival table of men, of women, any source group on, the pace's logit form, urban-hukou villagers
 * following the pace (kernel: SURV_M, SURV_F, ANY_GROUP, PACE_LOGIT, URBAN_FOLLOWS_PACE).
 */
const SURV_M = KERNEL_YEARLY_COUNT;
const SURV_F = SURV_M + 1;
const ANY_GROUP = SURV_M + 2;
const PACE_LOGIT = SURV_M + 3;
const URBAN_FOLLOWS_PACE = SURV_M + 4;
const YEARLY = SURV_M + 5;

/** Values the kernel reads for a run of `steps` years. */
export const paramsLength = (steps: number): number => YEARLY * steps + DURATIONS * steps + 2 * GROUP_COUNT * steps;

const share = new Float64Array(DURATIONS);
/**
 * What the eligible shares last computed were computed from: the same inputs give the same shares. Willingness is
 * not among them (it varies year to year in a Monte Carlo run, the eligibility rarely does): it scales the shares after.
 */
const ELIGIBILITY_KEYS = [
  'legalResidenceShare', 'condResidenceYears', 'condInsuranceYears', 'insuranceCoverage', 'legalJobShare', 'legalHousingShare',
  'pointsBase', 'pointsPerYear', 'pointsInsurancePerYear', 'pointsSd', 'pointsCutoff', 'openAreaShare',
] as const satisfies readonly YearlyKey[];
const lastInputs = new Float64Array(ELIGIBILITY_KEYS.length).fill(NaN);
let lastMode = '';
const eligible = new Float64Array(DURATIONS);
/** This run's arrays of ELIGIBILITY_KEYS. */
const eligibilityInputs: Float64Array[] = [];

/** Eligibility × willingness of year y into `share`, the eligibility reused from the last year computed when its inputs were the same. */
function policyShares(p: ModelParams, y: number): void {
  let same = p.settlementMode === lastMode;
  for (let i = 0; i < ELIGIBILITY_KEYS.length; i++) {
    const v = eligibilityInputs[i][y];
    if (!Object.is(v, lastInputs[i])) same = false;
    lastInputs[i] = v;
  }
  if (!same) {
    lastMode = p.settlementMode;
    eligibility(p, y, eligible);
  }
  const w = clamp01(p.settleWillingness[y]);
  for (let d = 0; d < DURATIONS; d++) share[d] = eligible[d] * w;
}

/**
 * Write what the kernel reads of `p` into `out` (paramsLength values) and `fixed` (the age schedules): the yearly
 * arrays, and what depends on the parameters alone, computed here with the reference's own functions — the life
 * table of each year and sex ({@link SurvivalTables}), the settlement policy's shares by years of stay before its caps
 * (settlementPolicy.ts: plain rate from the minimum stay, else eligibility × willingness), whether any source group is
 * on and each group's wanted share and target (groupSettlement.ts). Returns the fertile ages.
 *
 * @example
 * const { fertLo, fertHi } = packParams(p, params, fixed, tables);
 */
export function packParams(p: ModelParams, out: Float64Array, fixed: Float64Array, survival: SurvivalTables): { fertLo: number; fertHi: number } {
  const n = stepCount(p);
  for (let k = 0; k < KERNEL_YEARLY_COUNT; k++) {
    const values = p[KERNEL_YEARLY[k]];
    out.set(values.length === n ? values : values.subarray(0, n), k * n); // a copy of bytes, not a loop of loads
  }
  const groupBase = YEARLY * n + DURATIONS * n;
  out.fill(0, ANY_GROUP * n, (ANY_GROUP + 1) * n);
  out.fill(p.ruralToTownForm === 'logit' ? 1 : 0, PACE_LOGIT * n, (PACE_LOGIT + 1) * n);
  out.fill(p.urbanHukouToTownFollowsPace ? 1 : 0, URBAN_FOLLOWS_PACE * n, (URBAN_FOLLOWS_PACE + 1) * n);
  for (let g = 0; g < GROUP_COUNT; g++) {
    const { eligibleShare, takeUp, yearlyTarget } = p.settlementGroups[g];
    for (let y = 0; y < n; y++) {
      if (eligibleShare[y] > 0 && takeUp[y] > 0 && yearlyTarget[y] > 0) out[ANY_GROUP * n + y] = 1;
      const at = groupBase + (g * n + y) * 2;
      out[at] = clamp01(eligibleShare[y]) * clamp01(takeUp[y]);
      out[at + 1] = nonNeg(yearlyTarget[y]);
    }
  }
  const { M, F } = p.lifeTables;
  const plain = p.settlementMode === 'plain';
  if (!plain) for (let i = 0; i < ELIGIBILITY_KEYS.length; i++) eligibilityInputs[i] = p[ELIGIBILITY_KEYS[i]];
  survival.slots(M, p.e0M, n, out, SURV_M * n);
  survival.slots(F, p.e0F, n, out, SURV_F * n);
  for (let y = 0; y < n; y++) {
    if (plain) {
      const r = clamp01(p.migrantSettleRate[y]);
      for (let d = 0; d < DURATIONS; d++) share[d] = d >= p.migrantSettleMinYears ? r : 0;
    } else policyShares(p, y);
    out.set(share, YEARLY * n + y * DURATIONS);
  }
  fixed.set(p.fertilitySchedule, 0);
  fixed.set(p.departureProfile, AGES);
  fixed.set(p.inflowAdult, 2 * AGES);
  fixed.set(p.inflowChild, 4 * AGES);
  fixed.set(p.migrantReturnHazard, 6 * AGES);
  const sched = p.fertilitySchedule;
  let lo = 0;
  let hi = AGES - 1;
  while (lo < hi && !(sched[lo] > 0)) lo++;
  while (hi > lo && !(sched[hi] > 0)) hi--;
  return { fertLo: lo, fertHi: hi };
}
