import { isMapping } from './isMapping.ts';

/**
 * The data with infinities made finite, for the structural pass only: zod's
 * numbers exclude them, but `.inf` is how a scenario says "no quota" or
 * "ample places", and bounds are checked afterwards on the real values.
 *
 * @example
 * finiteCopy({ settle_quota: Infinity }); // { settle_quota: 1.7976931348623157e308 }
 */
export function finiteCopy(v: unknown): unknown {
  if (v === Infinity || v === -Infinity) return Math.sign(v) * Number.MAX_VALUE;
  if (Array.isArray(v)) return v.map(finiteCopy);
  if (isMapping(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, finiteCopy(x)]));
  return v;
}
