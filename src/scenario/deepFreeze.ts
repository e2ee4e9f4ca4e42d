/**
 * Freeze an object and everything reachable from it, so that a resolved
 * scenario cannot be changed by whoever reads it.
 *
 * @example
 * const s = deepFreeze({ years: { start: 2013 } });
 * Object.isFrozen(s.years); // true
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
