/** What the system says when a write cannot complete, in words; undefined for other errors. */
const WHY: Record<string, string> = {
  ENOSPC: 'disk full',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large for this system (a file-size limit: ulimit -f?)',
  EIO: 'input/output error',
};

/**
 * A file could not be written to the end because the machine ran out of room
 * (disk full, quota, a file-size limit) or the device failed. The message names
 * the final path, never a temporary one; nothing under that path was changed.
 * Not bad input: the CLI prints the message and exits with code 1, without
 * "internal error".
 *
 * @example
 * throw new WriteError('out/dalian/trajectories.arrow', 'ENOSPC'); // 'disk full writing out/dalian/trajectories.arrow'
 */
export class WriteError extends Error {
  override name = 'WriteError';
  constructor(readonly path: string, readonly code: string) {
    super(`${WHY[code] ?? code} writing ${path}`);
  }
}

/**
 * The {@link WriteError} for an error thrown while writing `path`, or the error
 * itself with `path` put in place of the temporary name it was thrown for.
 *
 * @example
 * throw writeFailure(e, 'out/dalian/meta.json');
 */
export function writeFailure(e: unknown, path: string): Error {
  const err = e as NodeJS.ErrnoException;
  if (err?.code && err.code in WHY) return new WriteError(path, err.code);
  if (err && typeof err === 'object' && 'path' in err) {
    err.path = path;
    err.syscall = 'write'; // an open of the temporary name is, to the user, a write of this one
  }
  return err as Error;
}
