/**
 * Whether a value read from YAML is a mapping (a plain object, not a list or null).
 *
 * @example
 * isMapping({ a: 1 }); // true
 * isMapping([1]);      // false
 */
export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
