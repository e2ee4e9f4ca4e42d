/** System calls that only look at or read what is there: a failure of one is a read failure, not a write's. */
const READS = new Set(['read', 'scandir', 'opendir', 'stat', 'lstat', 'fstat', 'statfs', 'readlink', 'realpath', 'access']);

/**
 * What a file system call failed to do to its path, as a message says it: `open` (reading or writing: the call does
 * not tell), `read` for a call that only looks at or reads what is there (readdir's scandir, stat, readlink…), else
 * `write` (mkdir, rename, unlink, write…). `urbsim widths` on a folder it may not list said "cannot write" it.
 *
 * @example
 * fsFailureVerb(Object.assign(new Error(), { code: 'EACCES', syscall: 'scandir' })); // 'read'
 * fsFailureVerb(Object.assign(new Error(), { code: 'EROFS', syscall: 'mkdir' })); // 'write'
 */
export function fsFailureVerb(e: NodeJS.ErrnoException): 'open' | 'read' | 'write' {
  if (e.syscall === 'open') return 'open';
  return READS.has(e.syscall ?? '') ? 'read' : 'write';
}
