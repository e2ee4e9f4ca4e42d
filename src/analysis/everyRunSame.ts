import type { SummaryRow } from '../report/summaryRows.ts';
import { type Summary, sameInEveryRun } from './summarize.ts';

/**
 * Every one of two or more runs the same projection, judged from their summary: every cell of every year the same in
 * every run ({@link sameInEveryRun}). The summary a run holds (`urbsim run`'s table) or its rows read back from
 * summary.arrow (the report's run page) decide it alike, so both then give the targets no interval. Rows written
 * before n was recorded (NaN) are not taken for it. From the runs themselves, where they are held: {@link everyRunIdentical}.
 *
 * @example
 * everyRunSame(summarize(result.rows, result.years), 100); // true for a scenario that draws nothing at random
 * everyRunSame(summaryRows(table), 100);                   // the same, from its summary.arrow
 */
export function everyRunSame(summary: Summary | readonly SummaryRow[], runs: number): boolean {
  if (!(runs > 1)) return false;
  if ('stats' in summary) return summary.n.every((n, i) => sameInEveryRun(n, summary.stats.sd[i], summary.unlimited[i], runs));
  return summary.every((r) => sameInEveryRun(r.n, r.sd, r.unlimited, runs));
}
