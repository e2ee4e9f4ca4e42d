import { errorFunction } from 'simple-statistics';

/**
 * Standard normal distribution function (simple-statistics erf, error < 1.2e-7).
 *
 * @example
 * normalCdf(1.96); // 0.975
 */
export const normalCdf = (z: number): number =>
  z === Infinity ? 1 : z === -Infinity ? 0 : 0.5 * (1 + errorFunction(z / Math.SQRT2));
