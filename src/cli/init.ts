import { existsSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { type InitScenario, SCHEMA_PATH, blankScenario, initScenario } from '../batch/initScenario.ts';
import { FileExistsError, writeFileAtomic } from '../io/atomicWrite.ts';
import { SAFE_NAME } from '../scenario/scenarioName.ts';
import { UsageError } from './errors.ts';
import { checkOutputFile } from './outputPath.ts';
import { shellWord } from './shellWord.ts';
import { makeDirs } from '../io/makeDirs.ts';

export interface InitCommandOptions {
  readonly blank?: boolean;
  readonly name?: string;
  readonly out?: string;
  readonly force?: boolean;
}

/**
 * `urbsim init AREA` / `urbsim init --blank`: a commented scenario to start
 * from ({@link initScenario}, {@link blankScenario}), written to `--out`
 * (never over an existing file without `--force`) or returned for standard
 * output. `note` gets what to do next and the placeholders to replace.
 *
 * @example
 * initCommand('dalian', { out: 'my-dalian.yaml' }, console.error); // '' (written to the file)
 */
export function initCommand(area: string | undefined, o: InitCommandOptions, note: (line: string) => void = () => {}): string {
  if (o.blank && area !== undefined) throw new UsageError(`init: give an area id or --blank, not both (found ${area.trim() === '' ? JSON.stringify(area) : area} and --blank)`);
  if (!o.blank && area === undefined) throw new UsageError('init: give an area id of data/areas/areas.csv (e.g. urbsim init dalian) or --blank for a city of your own');
  if (o.out !== undefined) {
    checkOutputFile('--out', o.out);
    if (existsSync(o.out) && !o.force) throw new UsageError(`--out ${o.out}: the file exists; give another name, or --force to replace it`);
  }
  // The editor line points at the schema from where the file will be.
  const schema = relative(o.out === undefined ? process.cwd() : dirname(resolve(o.out)), SCHEMA_PATH) || 'urbsim.schema.json';
  let s: InitScenario;
  try {
    // The name chooses the output folder: a file's own name (my-dalian.yaml → out/my-dalian), not the area's, whose
    // folder the toolkit's scenario of the area (npm start: out/dalian) may hold already.
    const name = o.name ?? (o.out === undefined ? undefined : fileName(o.out));
    s = o.blank ? blankScenario({ schema, name }) : initScenario(area!, { schema, name });
  } catch (e) {
    if (e instanceof Error && e.name === 'InputError') throw new UsageError(e.message);
    throw e;
  }
  // What to do next, said once the file is there: a write that fails says only that it failed.
  if (o.out !== undefined) {
    makeDirs(dirname(resolve(o.out)));
    try {
      // Without --force, not over a file another command put there since the check above.
      writeFileAtomic(o.out, s.yaml, undefined, { replace: o.force === true });
    } catch (e) {
      if (e instanceof FileExistsError) throw new UsageError(`--out ${o.out}: the file exists (written meanwhile by another command); give another name, or --force to replace it`);
      throw e;
    }
    note(`init: wrote ${o.out}`);
    // The file's own name cannot name the output folder (a space, a leading dot…): said, as the folder is then the area's.
    if (o.name === undefined && fileName(o.out) === undefined)
      note(`init: its name is ${o.blank ? 'my-city' : area}, not the file's: "${basename(o.out).replace(/\.ya?ml$/i, '')}" cannot name an output folder (letters, digits, _, and . or - after the first); give --name to choose another`);
  }
  // Quoted for the shell where it would split or expand the path (my city.yaml), so the line can be pasted as it is.
  const file = o.out === undefined ? '<file>' : shellWord(o.out);
  if (o.blank) note(`init: replace the values marked YOURS with your city's (${s.placeholders.join(', ')}) before trusting any result`);
  else if (s.placeholders.length)
    note(`init: replace the placeholders before trusting any result (${s.placeholders.join(', ')}): data/areas has no figure for them (${area})`);
  note(`init: then urbsim validate ${file} && urbsim run ${file}`);
  return o.out === undefined ? s.yaml : '';
}

/** A file's name without its extension, if it is a valid scenario name ({@link SAFE_NAME}). */
function fileName(path: string): string | undefined {
  const stem = basename(path).replace(/\.ya?ml$/i, '');
  return SAFE_NAME.test(stem) ? stem : undefined;
}
