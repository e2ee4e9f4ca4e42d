/**
 * A lever value as solve says it, in the unit it is said in (a rate's percent): to four significant figures, as a
 * solve report's title says its answer (46.32 %, not a rounded 46.3 % that may fall short), or to as many decimals as
 * the step between the values searched has, where that is finer, so that no two of them read alike. The range's ends
 * from a law's quantiles read 1.133 %, not 1.13307 %.
 *
 * @example
 * leverRounded(26.2099);          // 26.21
 * leverRounded(40.00123, 0.001);  // 40.001 (a step of 0.001 needs three decimals)
 * leverRounded(0.0510409);        // 0.05104
 */
export function leverRounded(x: number, step?: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const significant = 3 - Math.floor(Math.log10(Math.abs(x)));
  const stepped = step !== undefined && step > 0 && Number.isFinite(step) ? Math.ceil(-Math.log10(step) - 1e-9) : -Infinity;
  const decimals = Math.max(significant, stepped);
  // toFixed takes 0–100 decimals; a value of 10,000 or more to four significant figures has none left.
  return decimals > 0 ? Number(x.toFixed(Math.min(decimals, 100))) : Number(x.toPrecision(4));
}
