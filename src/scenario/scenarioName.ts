/**
 * What a scenario's `name:` may be: it names the output folder, so no separators and no leading dot (or dash, which
 * a command line would take for an option): letters (any script), digits, `_`, and `.` or `-` after the first.
 *
 * @example
 * SAFE_NAME.test('dalian-open'); // true
 * SAFE_NAME.test('../x');        // false
 */
export const SAFE_NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_.-]*$/u;

/**
 * The longest name an output folder may have, in UTF-8 bytes: file systems allow 255 bytes a name, and urbsim works
 * beside the folder under its name and up to 30 bytes more (`<name>.lock.<pid>-<token>` in `.urbsim/`); 200 leaves
 * room. About 66 Chinese characters (3 bytes each) or 200 Latin letters. A longer `name:` or `--out` folder stopped on
 * an internal error (ENAMETOOLONG) when the lock was taken, a compare variant's folder after every run.
 */
export const MAX_NAME_BYTES = 200;

/**
 * Whether `name` is too long to name an output folder ({@link MAX_NAME_BYTES}); its length in bytes when it is.
 *
 * @example
 * nameTooLong('dalian');        // undefined
 * nameTooLong('城'.repeat(70)); // 210
 */
export function nameTooLong(name: string): number | undefined {
  const bytes = Buffer.byteLength(name, 'utf8');
  return bytes > MAX_NAME_BYTES ? bytes : undefined;
}
