import { rmSync } from 'node:fs';
import { type FileData, type FileIo, NODE_FILE_IO, type WrittenFile, openFileSink, writeThrough } from './fileSink.ts';
import { writeFailure } from './writeError.ts';

/**
 * Write one file under a temporary name beside it, check every byte went
 * through, flush, then rename it into place: a reader, or a run killed
 * half-way, never sees a partial file under the final name, and a full disk
 * is a {@link WriteError} naming `path` with the old file left as it was.
 * For a single file such as a schema; a command's output folder is written
 * with {@link openOutputFolder} instead, which commits all its files at once.
 *
 * @example
 * writeFileAtomic('scenarios/urbsim.schema.json', text);
 */
export function writeFileAtomic(path: string, data: FileData, io: FileIo = NODE_FILE_IO): WrittenFile {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const written = writeThrough(openFileSink(tmp, path, io), data);
    try {
      io.renameSync(tmp, path);
    } catch (e) {
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
