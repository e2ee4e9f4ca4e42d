/**
 * The value of a whole number written in decimal digits only, else NaN.
 * `Number` alone reads `""` and `" "` as 0, `0x10` as 16 and `1e3` as 1000:
 * a typo would silently run another seed or run count.
 *
 * @example
 * decimalWhole('16');   // 16
 * decimalWhole('0x10'); // NaN
 */
export function decimalWhole(raw: string): number {
  return /^\d+$/.test(raw) ? Number(raw) : NaN;
}
