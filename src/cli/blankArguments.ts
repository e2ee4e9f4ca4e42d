import type { Command } from 'commander';
import { UsageError } from './errors.ts';

/**
 * Refuse an argument or option value that is empty or only spaces (`--out ""`, `--out "$DIR"` with DIR unset, a
 * scenario file `""`), before the command does anything: a path read as "" is the current folder, so
 * `urbsim batch s.yaml --out ""` wrote its tables, manifest and scenario folders into the working directory,
 * `urbsim run s.yaml --out " "` made a folder named " ", `init --out ""` failed with an internal error, and
 * `fit-defaults --out ""` did so after fitting for minutes. No path means anything when empty; other options (a
 * seed, a year, a name) are checked by their commands in their own words.
 *
 * @example
 * program.hook('preAction', (_, action) => refuseBlankArguments(action));
 * // urbsim run s.yaml --out "" → UsageError: --out <DIR>: expected a folder (DIR), found an empty text ("")
 */
export function refuseBlankArguments(command: Command): void {
  const blank = (v: unknown) => typeof v === 'string' && v.trim() === '';
  const shown = (v: string) => (v === '' ? 'an empty text ("")' : `only spaces (${JSON.stringify(v)})`);
  for (const o of command.options) {
    // Paths only: other options say what they expect in their own words ('--seed: expected a whole number …').
    if (!/<(DIR|FILE)(\.\.\.)?>/.test(o.flags)) continue;
    const value = command.getOptionValue(o.attributeName()) as unknown;
    const values = Array.isArray(value) ? value : [value];
    const bad = values.find(blank) as string | undefined;
    if (bad === undefined) continue;
    throw new UsageError(`${o.flags.replace(/^-\w, /, '')}: expected ${o.flags.includes('<DIR') ? 'a folder (DIR)' : 'a file (FILE)'}, found ${shown(bad)}`);
  }
  const declared = command.registeredArguments;
  command.processedArgs.forEach((value: unknown, i: number) => {
    const values = Array.isArray(value) ? value : [value];
    const bad = values.find(blank) as string | undefined;
    if (bad === undefined) return;
    const a = declared[Math.min(i, declared.length - 1)];
    if (a && !PATH_ARGUMENTS.has(a.name())) return;
    const name = a ? `<${a.name()}${a.variadic ? '...' : ''}>` : `argument ${i + 1}`;
    throw new UsageError(`${name}: expected ${a?.description || 'a value'}, found ${shown(bad)}`);
  });
}

/** The commands' arguments that name files or folders (an area's id, `init [area]`, is checked by its command). */
const PATH_ARGUMENTS = new Set(['scenario', 'scenarios', 'dir', 'dirs', 'observed']);
