import { readManifest } from '../io/outputManifest.ts';

/**
 * Who writes a folder's weighed.json anew: the command its manifest says committed it (`urbsim run`, `urbsim merge`,
 * `urbsim batch`, which all keep one), into the same folder; in a folder written before manifests named it, the three.
 * A run's folder was told 'urbsim batch writes it anew', a command that never wrote it.
 *
 * @example
 * writesAnew('out/dalian'); // 'urbsim run writes it anew with the same --out'
 */
export function writesAnew(dir: string): string {
  const command = readManifest(dir)?.command;
  return command === undefined ? 'urbsim run, merge or batch, whichever wrote the folder, writes it anew with the same --out' : `${command} writes it anew with the same --out`;
}
