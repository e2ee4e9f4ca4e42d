/** Characters of a text shown at most: enough to recognise a value, never a whole file that is not a scenario. */
const EXCERPT = 40;

/**
 * How a value found in a scenario file is shown in an error: numbers and
 * words as written, texts quoted (a long one by its start and length),
 * structures by their kind.
 *
 * @example
 * describeFound(-3);        // '-3'
 * describeFound('abc');     // '"abc"'
 * describeFound({ a: 1 });  // 'a mapping'
 * describeFound('x'.repeat(500)); // '"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" (a text of 500 characters)'
 */
export function describeFound(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string')
    return v.length <= EXCERPT ? JSON.stringify(v) : `${JSON.stringify(`${[...v].slice(0, EXCERPT).join('')}…`)} (a text of ${v.length.toLocaleString('en-US')} characters)`;
  return String(v);
}
