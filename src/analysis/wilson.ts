/**
 * Wilson score interval for a binomial proportion k/n (95 % by default):
 * well-behaved at 0 and n, unlike the normal approximation.
 *
 * At k = 0 the lower bound is 0 and at k = n the upper bound is 1 exactly
 * (centre and half-width are equal there); computed, they differ by rounding
 * and would print as 8.67e-19 or 99.99999999999999 %, so they are set.
 *
 * @example
 * wilson(0, 100); // { p: 0, lower: 0, upper: 0.037 }
 */
export function wilson(k: number, n: number, z = 1.959963984540054): { p: number; lower: number; upper: number } {
  if (n === 0) return { p: NaN, lower: 0, upper: 1 };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return {
    p,
    lower: k <= 0 ? 0 : Math.max(0, centre - half),
    upper: k >= n ? 1 : Math.min(1, centre + half),
  };
}
