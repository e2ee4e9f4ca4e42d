import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdirSync(dir, { recursive: true })`, made one level at a time from the nearest folder that exists: Node 20's
 * recursive mkdir retries for good where mkdir answers ENOENT under a parent that exists (/proc and other pseudo file
 * systems), a synchronous loop no Ctrl-C stops. Here that mkdir's error is thrown. Returns the first folder made (the
 * outermost), or undefined when `dir` was there; a folder another process makes meanwhile is taken as made.
 *
 * @example
 * makeDirs('out/a/b'); // 'out/a' when out/ existed, undefined the second time
 * makeDirs('/proc/x'); // throws ENOENT (mkdir '/proc/x'), where mkdirSync(…, { recursive: true }) never returns
 */
export function makeDirs(dir: string): string | undefined {
  const missing: string[] = [];
  for (let p = resolve(dir); !present(p); p = dirname(p)) {
    missing.push(p);
    if (dirname(p) === p) break;
  }
  // A file where the folder should be: mkdir's EEXIST, as the recursive form throws it.
  if (missing.length === 0 && !statSync(dir).isDirectory()) mkdirSync(dir);
  missing.reverse();
  for (const p of missing) {
    try {
      mkdirSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return missing[0];
}

/** There, or not knowable from here (EACCES: what is written in it says so); a file on the way throws ENOTDIR. */
function present(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw e;
    return code !== 'ENOENT';
  }
}
