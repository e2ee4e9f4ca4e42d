/**
 * Clamp a rate to [0, 1], mapping NaN to 0: the kernel never throws on data,
 * so a rate pushed out of range by a shock or an expression is held at the
 * nearest meaningful value instead.
 *
 * @example
 * clamp01(1.2); // 1
 */
export const clamp01 = (x: number): number => (x > 0 ? (x < 1 ? x : 1) : 0);

/** Non-negative count, NaN to 0. */
export const nonNeg = (x: number): number => (x > 0 ? x : 0);
