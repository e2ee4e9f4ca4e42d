import { existsSync, readdirSync } from 'node:fs';
import { isFolder } from '../io/regularFile.ts';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { InputError } from '../inputError.ts';

/**
 * The scenario folders of a batch folder, sorted: those its combined `targets.arrow` names in its schema's metadata
 * `scenarios` (every scenario of the batch, targets or not), or, in a table written before urbsim recorded them,
 * every subfolder holding a run's meta.json. Naming them keeps out a folder that an earlier batch into the same --out
 * left behind: it is not this batch's, and its answers are not in this batch's table.
 *
 * @example
 * batchMembers('out/pilots', readArrowFile('out/pilots/targets.arrow')); // ['alaer', 'anhui', …]
 */
export function batchMembers(dir: string, table: Table): string[] {
  const json = table.schema.metadata.get('scenarios');
  if (json === undefined)
    return readdirSync(dir)
      .filter((d) => isFolder(join(dir, d)) && existsSync(join(dir, d, 'meta.json')))
      .sort();
  let names: unknown;
  try {
    names = JSON.parse(json);
  } catch {
    // Not JSON: refused below, as a list of anything but folder names is.
  }
  const file = join(dir, 'targets.arrow');
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string' && n !== '' && !/[\\/]/.test(n) && n !== '.' && n !== '..'))
    throw new InputError(`${file}: its metadata scenarios is not a list of scenario folder names; run urbsim batch again`);
  const missing = names.find((n) => !existsSync(join(dir, n, 'meta.json')));
  if (missing !== undefined) throw new InputError(`${file} names the scenario ${missing}, but ${join(dir, missing)} holds no run (meta.json); run urbsim batch again`);
  return [...names].sort();
}
