import { existsSync, statSync } from 'node:fs';
import { UsageError } from './errors.ts';

/**
 * Refuse an output folder that is an existing file, before anything runs:
 * the run would otherwise end in a write error after all its work.
 *
 * @example
 * checkOutFolder('--out', 'out/dalian'); // fine: missing or a folder
 */
export function checkOutFolder(option: string, dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`${option}: ${dir} is a file; expected a folder to write into (existing or new)`);
}
