import { type Stats, readFileSync, statSync } from 'node:fs';
import { InputError } from '../inputError.ts';

/**
 * A path that names something other than a regular file (a pipe, a device, a socket, a folder) where a file is
 * read. Reading a pipe nobody writes, or a device such as /dev/zero or a terminal, blocks the process for good, so
 * every reader of a file a user names (a scenario, an observed CSV, the files of a run folder) refuses it first
 * ({@link regularFileStats}). An {@link InputError}: exit 2, no stack trace.
 */
export class NotRegularFileError extends InputError {
  override name = 'NotRegularFileError';
  constructor(readonly path: string, readonly found: string) {
    super(`${path}: expected a regular file, found ${found}`);
  }
}

/**
 * Whether `path` is a folder (through links): false for a file, nothing there, or a link that leads nowhere, which a
 * walk over a folder's entries passes by (statSync threw ENOENT on a dangling link: "cannot write …: no such file").
 *
 * @example
 * readdirSync('out').filter((d) => isFolder(join('out', d)));
 */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * What `st` names, in words: `a file` (a regular one), `a folder`, `a pipe`, `a device`, `a socket`.
 *
 * @example
 * fileKind(statSync('/dev/null')); // 'a device'
 */
export function fileKind(st: Stats): string {
  if (st.isFile()) return 'a file';
  if (st.isDirectory()) return 'a folder';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isFIFO()) return 'a pipe';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The stats of `path` (symbolic links followed), looked at without opening it; a
 * {@link NotRegularFileError} when it is not a regular file. A path that cannot be looked at (missing, no
 * permission) throws the file system's own error, as the read would.
 *
 * @example
 * regularFileStats('data/observed/observed.csv').size; // its length in bytes
 * regularFileStats('/dev/zero'); // throws: /dev/zero: expected a regular file, found a device
 */
export function regularFileStats(path: string): Stats {
  const st = statSync(path);
  if (!st.isFile()) throw new NotRegularFileError(path, fileKind(st));
  return st;
}

/**
 * `readFileSync` of a file a user named, refused before it is opened when it is not a regular file
 * ({@link regularFileStats}): a pipe or a device can no longer hang the command.
 *
 * @example
 * JSON.parse(readRegularFile('out/dalian/meta.json', 'utf8'));
 */
export function readRegularFile(path: string): Buffer;
export function readRegularFile(path: string, encoding: 'utf8'): string;
export function readRegularFile(path: string, encoding?: 'utf8'): Buffer | string {
  regularFileStats(path);
  return encoding ? readFileSync(path, encoding) : readFileSync(path);
}
