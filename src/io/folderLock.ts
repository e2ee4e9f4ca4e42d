import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { InputError } from '../inputError.ts';

/** Who holds a lock: written into the lock file, read back to tell a live writer from a dead one. */
export interface LockHolder {
  readonly pid: number;
  /** The process's start time (Linux `/proc/<pid>/stat` field 22), so a reused pid is not taken for the writer. */
  readonly start: string | null;
  readonly host: string;
  readonly command: string;
  readonly since: string;
  /** Unique per lock taken: tells this lock from a later one by the same process. */
  readonly token: string;
}

/** Another process is writing the folder: refused, exit code 2. */
export class FolderBusyError extends InputError {
  override name = 'FolderBusyError';
  constructor(readonly dir: string, readonly holder: LockHolder, readonly lockFile: string) {
    super(
      `${dir} is being written by another urbsim process (pid ${holder.pid}${holder.host !== hostname() ? ` on ${holder.host}` : ''}, ` +
        `${holder.command}, since ${holder.since}); wait for it to finish or choose another output folder` +
        (holder.host !== hostname() ? ` (if that process is gone, delete ${lockFile})` : ''),
    );
  }
}

export interface FolderLock {
  readonly holder: LockHolder;
  /** Whether the lock file is still this lock (nobody broke it as stale). */
  held(): boolean;
  /** Remove the lock file if it is still this lock. */
  release(): void;
}

/**
 * Take the lock file `lockFile` for writing `dir`, or throw
 * {@link FolderBusyError} naming the live process that holds it. The file
 * appears complete or not at all (written aside, then hard-linked into
 * place), so a reader never sees half a lock. A lock whose process is dead —
 * no such pid, or a pid now used by a process started later — is stale and
 * taken over; two processes breaking the same stale lock cannot both win.
 * A lock from another host cannot be checked and counts as live.
 *
 * @example
 * const lock = acquireLock('out/.urbsim/dalian.lock', 'out/dalian', 'urbsim run');
 * try { … } finally { lock.release(); }
 */
export function acquireLock(lockFile: string, dir: string, command: string): FolderLock {
  const holder: LockHolder = {
    pid: process.pid,
    start: processStart(process.pid),
    host: hostname(),
    command,
    since: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  const text = `${JSON.stringify(holder)}\n`;
  const aside = `${lockFile}.${process.pid}-${holder.token}`;
  writeFileSync(aside, text);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(aside, lockFile);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 20) throw e;
      }
      const seen = readLock(lockFile);
      if (seen === undefined) continue; // released meanwhile
      const other = parseHolder(seen);
      if (other && isAlive(other)) throw new FolderBusyError(dir, other, lockFile);
      breakStale(lockFile, seen);
    }
  } finally {
    rmSync(aside, { force: true });
  }
  const held = () => readLock(lockFile) === text;
  return {
    holder,
    held,
    release: () => {
      if (held()) rmSync(lockFile, { force: true });
    },
  };
}

/**
 * Remove a stale lock, but only the one that was read: move it aside (one
 * process wins the rename), check it is the same text, and put back a lock
 * that a live process took in between.
 */
function breakStale(lockFile: string, seen: string): void {
  const moved = `${lockFile}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lockFile, moved);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // another process broke it first
    throw e;
  }
  if (readLock(moved) !== seen) {
    try {
      linkSync(moved, lockFile);
    } catch {
      // a third process has locked it since: its lock stands, and the one moved aside is checked at its commit
    }
  }
  rmSync(moved, { force: true });
}

function readLock(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const h = JSON.parse(text) as LockHolder;
    return Number.isInteger(h.pid) && h.pid > 0 ? h : undefined;
  } catch {
    return undefined; // never written by this module (which writes whole files): not a live writer's
  }
}

/**
 * Whether `lockFile` is held by a process that still runs ({@link isAlive}: one on another host counts), not stale or
 * absent.
 *
 * @example
 * lockHeld('out/.urbsim/dalian.lock'); // true while urbsim writes out/dalian
 */
export function lockHeld(lockFile: string): boolean {
  return liveHolder(lockFile) !== undefined;
}

/**
 * Who holds `lockFile`, when a process that still runs does ({@link isAlive}: one on another host counts); undefined
 * when it is stale or absent.
 *
 * @example
 * liveHolder('out/.urbsim/dalian.lock'); // { pid: 4242, command: 'urbsim run', since: '2026-12-05T20:01:02.003Z', … } while it writes
 */
export function liveHolder(lockFile: string): LockHolder | undefined {
  const text = readLock(lockFile);
  const holder = text === undefined ? undefined : parseHolder(text);
  return holder !== undefined && isAlive(holder) ? holder : undefined;
}

/**
 * Whether the process that wrote a lock still runs: on this host, its pid
 * exists and (where the system tells) started when the lock says.
 *
 * @example
 * isAlive({ pid: process.pid, start: processStart(process.pid), host: hostname(), … }); // true
 */
export function isAlive(h: LockHolder): boolean {
  if (h.host !== hostname()) return true;
  if (!pidExists(h.pid)) return false;
  const start = processStart(h.pid);
  return h.start === null || start === null || start === h.start;
}

/**
 * Whether a process with this pid exists on this host (someone else's counts).
 *
 * @example
 * pidExists(process.pid); // true
 */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // ESRCH: no such process
  }
}

/**
 * A process's start time in clock ticks since boot (Linux `/proc/<pid>/stat`,
 * field 22), or null where the system does not say.
 *
 * @example
 * processStart(process.pid); // '78792'
 */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command name) is in parentheses and may hold spaces: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}
