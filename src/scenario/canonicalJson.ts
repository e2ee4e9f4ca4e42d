/**
 * JSON with object keys sorted at every level, so that equal data always
 * gives the same text. Infinities, which JSON cannot hold, are written as
 * the strings "Infinity" and "-Infinity" (an ample quota stays distinct from 0).
 *
 * @example
 * canonicalJson({ b: 1, a: [Infinity] }); // '{"a":["Infinity"],"b":1}'
 */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object' && v !== null)
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  if (v === Infinity || v === -Infinity) return JSON.stringify(String(v));
  return JSON.stringify(v) ?? 'null';
}
