import { accessSync, constants, existsSync, lstatSync, readlinkSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { disklessWhy } from '../io/diskNeed.ts';
import { fsErrorText } from '../io/fsErrorText.ts';
import { fileKind, readRegularFile } from '../io/regularFile.ts';
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
  // A symbolic link that leads nowhere (its folder gone, or a loop of links): the runs ran, then the folder could not
  // be put in its place ("cannot write out: a part of the path is a file, not a folder").
  danglingLink(option, dir, resolve(dir));
  diskless(option, dir);
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
  diskless(option, file);
  if (existsSync(file)) {
    const st = statSync(file);
    if (st.isDirectory()) throw new UsageError(`${option} ${file}: is a folder, expected a file name`);
    // The file is written beside and renamed over the name: that would put a file in place of a device or a pipe
    // (init --out /dev/null --force, run as root, replaced /dev/null), not write into it.
    if (!st.isFile())
      throw new UsageError(`${option} ${file}: is ${fileKind(st)}, expected a file name (urbsim writes a new file in its place, which would replace ${fileKind(st)}, not write to it)`);
    writable(option, file, file);
    return;
  }
  checkAncestors(option, file);
}

/**
 * Check that `file`, when it exists, is a JSON file the command wrote before (`own` tells from its content: an older
 * version's too), so writing it anew replaces urbsim's output, never a file of the user's (`urbsim schema --out
 * notes.json` replaced the notes, silently); one it cannot read is refused as such. `what` names what the command writes.
 *
 * @example
 * checkOwnJsonFile('--out', 'scenarios/urbsim.schema.json', (j) => …, 'the schema of scenario files urbsim writes');
 */
export function checkOwnJsonFile(option: string, file: string, own: (json: unknown) => boolean, what: string): void {
  if (!existsSync(file)) return;
  // A file that cannot be read (no read permission) is not known to be another's: say so, not that it is not ours.
  let text: string;
  try {
    text = readRegularFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${option} ${file}: the file exists and cannot be read (${fsErrorText(e)}), so urbsim cannot tell whether it is ${what}; give another name, or move it away first`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!own(json)) throw new UsageError(`${option} ${file}: the file exists and is not ${what}; give another name, or move it away first`);
}

/** Refuse `at` (`path` or a folder above it) when it is a symbolic link that leads to nothing. */
function danglingLink(option: string, path: string, at: string): void {
  let link = false;
  try {
    link = !existsSync(at) && lstatSync(at).isSymbolicLink();
  } catch {
    // not there at all
  }
  if (link)
    throw new UsageError(`${option} ${path}: ${at === resolve(path) ? '' : `${at} `}is a symbolic link to ${readlinkSync(at)}, which leads to no folder (it does not exist, or the links make a loop): make that folder, or choose another`);
}

/** Refuse a path on a file system that holds no files (/proc, /sys), whose own checks pass as root. */
function diskless(option: string, path: string): void {
  const why = disklessWhy(path);
  if (why) throw new UsageError(`${option} ${path}: cannot be written: ${why}; write to a folder on a disk`);
}

function checkAncestors(option: string, path: string): void {
  let up = dirname(resolve(path));
  while (!existsSync(up)) {
    danglingLink(option, path, up);
    up = dirname(up);
  }
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
