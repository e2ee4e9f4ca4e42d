/**
 * Wilson score interval for a binomial proportion k/n (95 % by default):
 * well-behaved at 0 and n, unlike the normal approximation.
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
  return { p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}
