import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

/**
 * Write a file under a temporary name in the same folder, then rename it
 * into place: a reader, or a run killed half-way, never sees a partial file
 * under the final name.
 *
 * @example
 * writeFileAtomic('out/meta.json', JSON.stringify(meta));
 */
export function writeFileAtomic(path: string, chunks: Uint8Array | string | Iterable<Uint8Array>): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    if (typeof chunks === 'string' || chunks instanceof Uint8Array) writeSync(fd, typeof chunks === 'string' ? Buffer.from(chunks) : chunks);
    else for (const c of chunks) writeSync(fd, c);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, path);
  } catch (e) {
    try { closeSync(fd); } catch { /* already closed */ }
    rmSync(tmp, { force: true });
    throw e;
  }
}
