/**
 * The column name of a quantile: `p` and the percentage, so that the default
 * summary probabilities give the same names as `summarize` (`p5` … `p95`) and
 * odd levels stay readable (`p2.5`, `p97.5`). Rounded to 6 decimals because
 * 0.05 · 100 is 5.000000000000001 in binary floating point.
 *
 * @example
 * probabilityName(0.05);  // 'p5'
 * probabilityName(0.025); // 'p2.5'
 */
export function probabilityName(p: number): string {
  return `p${Number((p * 100).toFixed(6))}`;
}
