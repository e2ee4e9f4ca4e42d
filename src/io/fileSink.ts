import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { writeFailure } from './writeError.ts';

/**
 * The file-system calls the output writers make, so tests can inject faults
 * (short writes, a full disk, a kill between renames) without a real disk.
 */
export interface FileIo {
  openSync(path: string, flags: string): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  /** fsync on another thread (libuv's pool), so this one goes on meanwhile; absent: {@link fsyncSync}. */
  fsync?(fd: number, done: (e: Error | null) => void): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  /** Throws when `path` may not be accessed as `mode` asks (fs.constants.W_OK: written); absent: fs.accessSync. */
  accessSync?(path: string, mode: number): void;
}

export const NODE_FILE_IO: FileIo = {
  openSync: (p, f) => fs.openSync(p, f),
  writeSync: (fd, b, o, l) => fs.writeSync(fd, b, o, l),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  fsync: (fd, done) => fs.fsync(fd, done),
  closeSync: (fd) => fs.closeSync(fd),
  renameSync: (a, b) => fs.renameSync(a, b),
  accessSync: (p, m) => fs.accessSync(p, m),
};

/** What was written: its length and SHA-256 (hex), for a folder's manifest. */
export interface WrittenFile {
  readonly bytes: number;
  readonly sha256: string;
}

/** A file being written: chunks in order, then {@link FileSink.close}. */
export interface FileSink {
  /** Append a chunk; all of it reaches the file or this throws. */
  write(chunk: Uint8Array | string): void;
  /** Flush to disk and close; the file is complete. */
  close(): WrittenFile;
  /**
   * {@link close}, with the flush to disk (seconds for gigabytes just written) on another thread while this one goes
   * on with other work; nothing may be written meanwhile.
   */
  closeAsync(): Promise<WrittenFile>;
  /** Close without completing it (the run failed): the file is discarded with its staging folder. */
  abandon(): void;
}

/** Data for a whole file: bytes, text (UTF-8) or chunks written in order (a generator may reuse its buffers between chunks). */
export type FileData = Uint8Array | string | Iterable<Uint8Array>;

/**
 * Open `path` for writing (created or truncated) and return a sink that
 * checks every write went through to its last byte — `write(2)` may write
 * less than asked, and on a nearly full disk or under a file-size limit it
 * does — hashes what it writes, and on close flushes it to disk. An error
 * names `shownAs` (the file's final name, when `path` is a temporary one):
 * a full disk or file-size limit as a {@link WriteError}.
 *
 * @example
 * const f = openFileSink('out/.tmp/a.arrow', 'out/a.arrow');
 * f.write(bytes);
 * f.close(); // { bytes: 1234, sha256: '9f…' }
 */
export function openFileSink(path: string, shownAs: string = path, io: FileIo = NODE_FILE_IO): FileSink {
  let fd: number;
  try {
    fd = io.openSync(path, 'w');
  } catch (e) {
    throw writeFailure(e, shownAs);
  }
  const hash = createHash('sha256');
  let bytes = 0;
  let open = true;
  let syncing = false;
  const fail = (e: unknown): never => {
    if (open) {
      open = false;
      try {
        io.closeSync(fd);
      } catch {
        // the write error is the one to report
      }
    }
    throw writeFailure(e, shownAs);
  };
  return {
    write(chunk) {
      if (!open || syncing) throw new Error(`${shownAs}: write after close`);
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      try {
        for (let off = 0; off < b.length; ) {
          const n = io.writeSync(fd, b, off, b.length - off);
          // A regular file writes nothing only when it cannot: treat it as the full disk it almost surely is.
          if (!(n > 0)) throw Object.assign(new Error('no bytes written'), { code: 'ENOSPC' });
          off += n;
        }
      } catch (e) {
        fail(e);
      }
      hash.update(b);
      bytes += b.length;
    },
    close() {
      if (!open) throw new Error(`${shownAs}: closed twice`);
      try {
        io.fsyncSync(fd);
        open = false;
        io.closeSync(fd);
      } catch (e) {
        fail(e);
      }
      return { bytes, sha256: hash.digest('hex') };
    },
    closeAsync() {
      if (!open) return Promise.reject(new Error(`${shownAs}: closed twice`));
      if (!io.fsync) return new Promise((resolve) => resolve(this.close()));
      const fsync = io.fsync;
      syncing = true; // the descriptor stays open until the flush is done, whatever abandon() is called meanwhile
      return new Promise((resolve, reject) =>
        fsync(fd, (err) => {
          syncing = false;
          try {
            if (err) fail(err);
            open = false;
            io.closeSync(fd);
            resolve({ bytes, sha256: hash.digest('hex') });
          } catch (e) {
            reject(writeFailure(e, shownAs));
          }
        }),
      );
    },
    abandon() {
      if (!open || syncing) return;
      open = false;
      try {
        io.closeSync(fd);
      } catch {
        // nothing to keep: the file goes with its folder
      }
    },
  };
}

/**
 * Write `data` through `sink` and close it.
 *
 * @example
 * writeThrough(openFileSink(tmp, path), 'text');
 */
export function writeThrough(sink: FileSink, data: FileData): WrittenFile {
  if (typeof data === 'string' || data instanceof Uint8Array) sink.write(data);
  else for (const c of data) sink.write(c);
  return sink.close();
}
