/**
 * What a scenario's `name:` may be: it names the output folder, so no separators and no leading dot (or dash, which
 * a command line would take for an option): letters (any script), digits, `_`, and `.` or `-` after the first.
 *
 * @example
 * SAFE_NAME.test('dalian-open'); // true
 * SAFE_NAME.test('../x');        // false
 */
export const SAFE_NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_.-]*$/u;
