import { DURATIONS, STATUSES, Status, mr, mu, sumStatuses } from './layout.ts';
import { FLOW_COUNT, Flow, LEVER_COUNT } from './workspace.ts';
import { SETTLEMENT_GROUPS } from './settlementGroups.ts';

/** Persons settled from each source group in the year, in catalogue order. */
export const GROUP_METRICS = SETTLEMENT_GROUPS.map((g) => `settled_${g}` as const);

/**
 * The yearly indicators, in column order: stocks and rates at the end of
 * the year, then the flows during it (Workspace {@link Flow} order, the
 * source groups last), then capacity, cost and linkages.
 */
export const METRICS = [
  'resident_pop', 'registered_pop', 'urban_resident_pop', 'urban_registered_pop',
  'resident_rate', 'registered_rate', 'rate_gap', 'away_pop', 'migrant_pop', 'total_pop',
  'births', 'deaths', 'in_migrants', 'out_migrants', 'settled_local', 'settled_migrants', 'reclassified',
  'converted_in_place', 'relabelled',
  ...GROUP_METRICS,
  'school_demand', 'school_places', 'school_shortage', 'migrant_children_public_share',
  'housing_demand', 'housing_units', 'housing_shortage',
  'cost_government', 'cost_enterprise', 'cost_individual', 'land_quota_m2', 'transfer_yuan',
  'settled', 'new_migrants',
] as const;
export type Metric = (typeof METRICS)[number];
export const METRIC_COUNT = METRICS.length;
export const FIRST_FLOW_METRIC = METRICS.indexOf('births');
export const FIRST_LEVER_METRIC = METRICS.indexOf('school_demand');
/** Column index of each metric. */
/** Levers before this index are capacity stocks, the rest yearly flows. */
const COST_LEVERS = 7;

export const M = Object.fromEntries(METRICS.map((m, i) => [m, i])) as Record<Metric, number>;

/**
 * Write the indicators of `state` into `out[offset .. offset + METRIC_COUNT)`.
 * `flows` null writes NaN flows (the base year has none); `levers` holds the
 * capacity, cost and linkage indicators (Workspace {@link Lever} order).
 *
 * - resident rate = (Uu + Ru + Mu) / residents
 * - registered rate, definition `hukou` = (Uu + Ur + Ua) / registered;
 *   definition `residence` = (Uu + Ru) / registered; with `denominator`
 *   `resident`, the registered urban persons living here over residents:
 *   `hukou` (Uu + Ur) / residents, `residence` (Uu + Ru) / residents (some
 *   cities state the rate so: seed 004 L4724, Dongguan, where only that
 *   reading squares the plan's settlement with its targets); away people
 *   are not residents, so they are not counted over residents either
 * - urban_registered_pop = the registered rate's numerator
 * - rate gap = resident rate − registered rate
 * - settled = settled_local + settled_migrants (people whose hukou moved to
 *   the towns during the year, what the hukou registry counts as 落户)
 * - new_migrants = Mu[0] + Mr[0]: migrants who arrived during the year and
 *   still live here at its end, i.e. those who become eligible for a
 *   residence permit under the 6-month rule during the year
 *
 * @example
 * const row = new Float64Array(METRIC_COUNT);
 * writeIndicators(state, 'hukou', null, ws.levers, row, 0); row[M.resident_rate];
 */
export function writeIndicators(
  state: Float64Array,
  definition: 'hukou' | 'residence',
  flows: Float64Array | null,
  levers: Float64Array,
  out: Float64Array,
  offset: number,
  totals: Float64Array = statusTotalsOf(state),
  denominator: 'registered' | 'resident' = 'registered',
): void {
  const uu = totals[Status.Uu], ur = totals[Status.Ur], ua = totals[Status.Ua];
  const ru = totals[Status.Ru], rr = totals[Status.Rr], ra = totals[Status.Ra];
  let mUrban = 0;
  let mRural = 0;
  for (let d = 0; d < DURATIONS; d++) {
    mUrban += totals[mu(d)];
    mRural += totals[mr(d)];
  }
  const migrants = mUrban + mRural;
  const residents = uu + ur + ru + rr + migrants;
  const registered = uu + ur + ua + ru + rr + ra;
  const urbanResidents = uu + ru + mUrban;
  // Over the residents, only registered persons living here count: the rate stays a share.
  const overResidents = denominator === 'resident';
  const urbanRegistered = definition === 'residence' ? uu + ru : overResidents ? uu + ur : uu + ur + ua;
  const residentRate = residents > 0 ? urbanResidents / residents : NaN;
  const base = overResidents ? residents : registered;
  const registeredRate = base > 0 ? urbanRegistered / base : NaN;
  out[offset] = residents;
  out[offset + 1] = registered;
  out[offset + 2] = urbanResidents;
  out[offset + 3] = urbanRegistered;
  out[offset + 4] = residentRate;
  out[offset + 5] = registeredRate;
  out[offset + 6] = residentRate - registeredRate;
  out[offset + 7] = ua + ra;
  out[offset + 8] = migrants;
  out[offset + 9] = residents + ua + ra;
  for (let f = 0; f < FLOW_COUNT; f++) out[offset + FIRST_FLOW_METRIC + f] = flows ? flows[f] : NaN;
  // Capacity is a stock (measured in the base year too); cost and linkages are flows.
  for (let l = 0; l < LEVER_COUNT; l++) out[offset + FIRST_LEVER_METRIC + l] = flows || l < COST_LEVERS ? levers[l] : NaN;
  // Registry counts a city keeps, so that it can calibrate on its own administrative data.
  out[offset + M.settled] = flows ? flows[Flow.settledLocal] + flows[Flow.settledMigrants] : NaN;
  out[offset + M.new_migrants] = totals[mu(0)] + totals[mr(0)];
}

/**
 * Round the base year's indicators (`row`, METRIC_COUNT values) to 12
 * significant digits, in place. The baseline matches the given figures
 * exactly, but its sums over thousands of cells carry float noise (a
 * registered rate of 0.6309999999999999 for the seed's 63.1 %); 12 digits are
 * far beyond any figure's precision and give the figures back as written.
 * Only the reported row changes: the state the projection steps is untouched.
 *
 * @example
 * const row = Float64Array.of(0.6309999999999999, 6917999.999999999, NaN);
 * roundBaseYear(row); // [0.631, 6918000, NaN]
 */
export function roundBaseYear(row: Float64Array): void {
  for (let m = 0; m < row.length; m++) row[m] = roundSignificant(row[m]);
}

/**
 * `10 ** k` for every exponent a finite double's rounding can ask for (|k| ≤ 335), computed once by `**` itself, so
 * the same values: every run rounds its base year, and two powers a value were most of its cost.
 */
const POWERS_OF_TEN = Float64Array.from({ length: 400 }, (_, k) => 10 ** k);

function roundSignificant(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const decimals = 11 - Math.floor(Math.log10(Math.abs(x)));
  // An integer over an exact power of ten: the division rounds once, to the double nearest the decimal.
  return decimals >= 0
    ? Math.round(x * POWERS_OF_TEN[decimals]) / POWERS_OF_TEN[decimals]
    : Math.round(x / POWERS_OF_TEN[-decimals]) * POWERS_OF_TEN[-decimals];
}

const scratchTotals = new Float64Array(STATUSES);
function statusTotalsOf(state: Float64Array): Float64Array {
  sumStatuses(state, scratchTotals);
  return scratchTotals;
}
