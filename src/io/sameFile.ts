import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Whether two paths name one file (through links and `..`, as the file system resolves them; by their absolute paths
 * when either cannot be resolved), so a file given twice is told from two files that share a name.
 *
 * @example
 * sameFile('scenarios/pilots/weihai.yaml', './scenarios/pilots/../pilots/weihai.yaml'); // true
 */
export function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

/**
 * What {@link sameFile} compares a path by: the file system's path for it, or its absolute path when it cannot be
 * resolved. Paths with one key are one file, so a list's repeats are found with one lookup a path.
 *
 * @example
 * fileKey('./scenarios/pilots/../pilots/weihai.yaml') === fileKey('scenarios/pilots/weihai.yaml'); // true
 */
export function fileKey(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
