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
 * leverRounded(1000500, 500);      // 1000500 (a step of 500 keeps the hundreds)
 */
export function leverRounded(x: number, step?: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const significant = 3 - Math.floor(Math.log10(Math.abs(x)));
  const stepped = step !== undefined && step > 0 && Number.isFinite(step) ? Math.ceil(-Math.log10(step) - 1e-9) : -Infinity;
  const decimals = Math.max(significant, stepped);
  // toFixed takes 0–100 decimals: a value too small for them (1.5e-120) to its four significant figures instead of 0.
  if (decimals > 100) return Number(x.toPrecision(4));
  if (decimals >= 0) return Number(x.toFixed(decimals));
  // None left (10,000 or more): to the power of ten they say, so a step of 500 keeps the hundreds (1,000,500 read
  // 1,001,000 to four significant figures, as did 1,001,000 a step on).
  const unit = 10 ** -decimals;
  return Math.round(x / unit) * unit;
}

/**
 * A lever value as solve shows it, a number in the unit it is said in: a rate (`percent`) in percent, a lever searched
 * in whole numbers (`integer`: persons, years) to the unit, anything else {@link leverRounded}. What urbsim solve prints
 * (leverText) and what a solve report's table gives, alike.
 *
 * @example
 * leverShown(0.0113307, { percent: true, integer: false });  // 1.133
 * leverShown(35284, { percent: false, integer: true }, 683);  // 35284
 * leverShown(1000500, { percent: false, integer: false }, 500); // 1000500
 */
export function leverShown(x: number, o: { readonly percent: boolean; readonly integer: boolean }, step?: number): number {
  if (o.percent) return leverRounded(x * 100, step === undefined ? undefined : step * 100);
  return o.integer ? Math.round(x) : leverRounded(x, step);
}
