/**
 * Whether two or more runs are one projection: every value of every run (rows run-major, `rows.length / runs` values
 * a run) the same as the first run's, NaN as NaN. A scenario that draws nothing at random runs so: each target is
 * met in all its runs or in none, and a Wilson interval on its P(met) (88.6–100 % on 30 runs) would suggest a Monte
 * Carlo error there is none of. From a summary, where the runs are not held (a folder's summary.arrow): {@link everyRunSame}.
 *
 * @example
 * everyRunIdentical(Float64Array.of(1, NaN, 1, NaN), 2); // true
 * everyRunIdentical(Float64Array.of(1, 2, 1, 3), 2);     // false
 * everyRunIdentical(Float64Array.of(1, 2), 1);           // false: one run is no evidence
 */
export function everyRunIdentical(rows: Float64Array, runs: number): boolean {
  if (runs < 2 || rows.length % runs !== 0) return false;
  const per = rows.length / runs;
  for (let i = per; i < rows.length; i++) {
    const a = rows[i];
    const b = rows[i % per];
    if (a !== b && !(a !== a && b !== b)) return false;
  }
  return true;
}
