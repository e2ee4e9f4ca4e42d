/**
 * How a value found in a scenario file is shown in an error: numbers and
 * words as written, texts quoted, structures by their kind.
 *
 * @example
 * describeFound(-3);        // '-3'
 * describeFound('abc');     // '"abc"'
 * describeFound({ a: 1 });  // 'a mapping'
 */
export function describeFound(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}
