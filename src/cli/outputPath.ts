import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './errors.ts';

/**
 * Check that `dir` can become an output folder — it is a folder or does not
 * exist yet, and the nearest existing folder above it is writable — before
 * anything runs, so a slip in `--out` costs no simulation time and no half-written folder.
 *
 * @example
 * checkOutputFolder('--out', 'out/dalian'); // ok, or a UsageError naming the path
 */
export function checkOutputFolder(option: string, dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new UsageError(`${option} ${dir}: is a file, expected a folder (new or existing)`);
    writable(option, dir, dir);
    return;
  }
  checkAncestors(option, dir);
}

/**
 * Check that `file` can be written: not a folder, and its nearest existing
 * ancestor is a writable folder (missing parent folders are created by the writer).
 *
 * @example
 * checkOutputFile('--out', 'scenarios/urbsim.schema.json');
 */
export function checkOutputFile(option: string, file: string): void {
  if (existsSync(file)) {
    if (statSync(file).isDirectory()) throw new UsageError(`${option} ${file}: is a folder, expected a file name`);
    writable(option, file, file);
    return;
  }
  checkAncestors(option, file);
}

function checkAncestors(option: string, path: string): void {
  let up = dirname(resolve(path));
  while (!existsSync(up)) up = dirname(up);
  if (!statSync(up).isDirectory()) throw new UsageError(`${option} ${path}: ${up} is a file, so no folder can be made inside it`);
  writable(option, path, up);
}

function writable(option: string, path: string, at: string): void {
  try {
    accessSync(at, constants.W_OK);
  } catch {
    throw new UsageError(`${option} ${path}: ${at} is not writable (permission denied)`);
  }
}
