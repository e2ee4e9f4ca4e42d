import { NotRegularFileError } from './regularFile.ts';

/**
 * Why a file could not be read or written, in words rather than an errno
 * code, for messages that already name the path.
 *
 * @example
 * fsErrorText(Object.assign(new Error(), { code: 'EISDIR' })); // 'it is a folder, expected a file'
 * fsErrorText(new NotRegularFileError('/tmp/f.csv', 'a pipe')); // 'expected a regular file, found a pipe'
 */
export function fsErrorText(e: unknown): string {
  if (e instanceof NotRegularFileError) return `expected a regular file, found ${e.found}`;
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file';
    case 'EISDIR': return 'it is a folder, expected a file';
    case 'ENOTDIR': return 'a part of the path is a file, not a folder';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ENAMETOOLONG': return 'a name in the path is too long (file systems allow 255 bytes a name)';
    case 'ELOOP': return 'its symbolic links lead round in a loop';
    default: return (e as Error)?.message ?? String(e);
  }
}
