import type { SensitivityResult } from './sensitivity.ts';
import { rankGroups } from './sharedRanks.ts';
import { sensitivityRanking } from './sensitivityTable.ts';

/** Whether a sensitivity analysis's Sobol' indices are precise enough to rank the inputs, and what is off. */
export interface SensitivityPrecision {
  /** The widest half-width of the first-order and total indices' intervals. */
  readonly halfWidth: number;
  /** The half-width asked for. */
  readonly target: number;
  readonly enough: boolean;
  /** Base rows that would bring `halfWidth` to `target` (intervals narrow as 1/√n). */
  readonly neededRuns: number;
  /**
   * Inputs whose first-order estimate exceeds their total by more than 0.02 —
   * impossible for the indices themselves — with the bootstrap interval of
   * the excess. `beyondError`: that interval lies wholly above 0, so the
   * bootstrap's own error does not account for it (the intervals understate
   * the error: too few rows for a heavy-tailed metric); otherwise it is noise
   * of the size the intervals show.
   */
  readonly firstAboveTotal: readonly {
    readonly parameter: string;
    readonly first: number;
    readonly total: number;
    readonly lower: number;
    readonly upper: number;
    readonly beyondError: boolean;
  }[];
  /**
   * Inputs (indices into `parameters`) ranked by total index, in groups: an
   * input joins the group of the inputs above it while its total-index
   * interval reaches the group leader's. The ranking tells groups apart, not
   * the inputs within one.
   */
  readonly groups: readonly (readonly number[])[];
}

/** How far a first-order estimate may exceed the total (both printed with two decimals) before it says something. */
const SLACK = 0.02;

/**
 * Read a sensitivity result for what it can support: the widest interval of
 * its Sobol' indices against `target` (default ±0.05) and the base rows that
 * would reach it, first-order estimates above their totals (which the true
 * indices never are: S_i ≤ ST_i) and whether the bootstrap accounts for the
 * excess, and which inputs the ranking can tell apart.
 *
 * @example
 * const p = sensitivityPrecision(result);
 * p.enough;     // false at 500 base rows on Dalian
 * p.neededRuns; // e.g. 1100
 */
export function sensitivityPrecision(r: SensitivityResult, target = 0.05): SensitivityPrecision {
  let halfWidth = 0;
  for (let i = 0; i < r.parameters.length; i++)
    for (const [lo, hi] of [[r.firstLower[i], r.firstUpper[i]], [r.totalLower[i], r.totalUpper[i]]])
      if (Number.isFinite(lo) && Number.isFinite(hi)) halfWidth = Math.max(halfWidth, (hi - lo) / 2);
  const firstAboveTotal = r.parameters
    .map((parameter, i) => ({ parameter, first: r.first[i], total: r.total[i], lower: r.excessLower[i], upper: r.excessUpper[i], beyondError: r.excessLower[i] > 0 }))
    .filter((x) => x.first - x.total > SLACK);
  const order = sensitivityRanking(r);
  const groups = rankGroups(order.map((i) => ({ lower: r.totalLower[i], upper: r.totalUpper[i] }))).map((g) => g.map((k) => order[k]));
  // An excess beyond the bootstrap's error means the intervals themselves are not to be trusted yet: not enough,
  // however narrow they look, and at least twice the rows.
  const untrusted = firstAboveTotal.some((x) => x.beyondError);
  const enough = halfWidth <= target && !untrusted;
  const neededRuns = Math.max(halfWidth > 0 ? Math.ceil(r.runs * (halfWidth / target) ** 2) : r.runs, untrusted ? 2 * r.runs : r.runs);
  return { halfWidth, target, enough, neededRuns, firstAboveTotal, groups };
}

/**
 * What a pass of {@link sensitivityToPrecision} found, one line: the widest interval and, where not enough, why and the
 * base rows asked next — the intervals wider than asked, or a first-order estimate above its total beyond the
 * bootstrap's error (the intervals then understate the error however narrow: twice the rows). The second was said as
 * the first: Dongguan's levers at 3,200 rows, every interval within ±0.033, read '±0.05 needs about 6,400 rows'.
 *
 * @example
 * passText(3200, precision); // "3,200 base rows: Sobol' intervals up to ±0.033, within ±0.05, but net_migration's first-order estimate is above its total beyond the bootstrap's error: about 6,400 rows"
 */
export function passText(runs: number, p: SensitivityPrecision): string {
  const head = `${runs.toLocaleString('en')} base rows: Sobol' intervals up to ±${p.halfWidth.toFixed(3)}`;
  if (p.enough) return head;
  const rows = `about ${p.neededRuns.toLocaleString('en')} rows`;
  if (p.halfWidth > p.target) return `${head}; ±${p.target} needs ${rows}`;
  const beyond = p.firstAboveTotal.filter((x) => x.beyondError).map((x) => x.parameter);
  const what = beyond.length === 1 ? `${beyond[0]}'s first-order estimate is above its total` : `the first-order estimates of ${beyond.join(', ')} are above their totals`;
  return `${head}, within ±${p.target}, but ${what} beyond the bootstrap's error: ${rows}`;
}
