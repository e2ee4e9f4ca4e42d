import { existsSync, linkSync, rmSync } from 'node:fs';
import { type FileData, type FileIo, NODE_FILE_IO, type WrittenFile, openFileSink, writeThrough } from './fileSink.ts';
import { writeFailure } from './writeError.ts';

/**
 * Write one file under a temporary name beside it, check every byte went
 * through, flush, then rename it into place: a reader, or a run killed
 * half-way, never sees a partial file under the final name, and a full disk
 * is a {@link WriteError} naming `path` with the old file left as it was.
 * For a single file such as a schema; a command's output folder is written
 * with {@link openOutputFolder} instead, which commits all its files at once.
 * `replace: false`: never over a file that exists when it is put in place
 * ({@link FileExistsError}), not only when it was checked: two commands
 * writing one new name at once do not both succeed, the second replacing the
 * first's file.
 *
 * @example
 * writeFileAtomic('scenarios/urbsim.schema.json', text);
 */
export function writeFileAtomic(path: string, data: FileData, io: FileIo = NODE_FILE_IO, o: { readonly replace?: boolean } = {}): WrittenFile {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const written = writeThrough(openFileSink(tmp, path, io), data);
    try {
      if (o.replace === false) putNew(tmp, path, io);
      else io.renameSync(tmp, path);
    } catch (e) {
      if (e instanceof FileExistsError) throw e;
      throw writeFailure(e, path);
    }
    return written;
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // a temporary name the system refuses (too long) was never made; the error to report is the write's
    }
    throw e;
  }
}

/** A file {@link writeFileAtomic} was not to replace exists at `path` (made after the caller checked). */
export class FileExistsError extends Error {
  override name = 'FileExistsError';
  constructor(readonly path: string) {
    super(`${path}: the file exists`);
  }
}

/**
 * Put `tmp` in place at `path` only if nothing is there: a hard link fails if the name exists (atomically), then the
 * temporary name goes. Where the file system has no hard links, a check and a rename (a race left open there).
 */
function putNew(tmp: string, path: string, io: FileIo): void {
  try {
    linkSync(tmp, path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new FileExistsError(path);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw e;
    if (existsSync(path)) throw new FileExistsError(path);
    io.renameSync(tmp, path);
    return;
  }
  rmSync(tmp, { force: true });
}
