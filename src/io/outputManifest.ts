import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../inputError.ts';
import type { WrittenFile } from './fileSink.ts';
import { checkReadable } from './checkReadable.ts';
import { fileKind, readRegularFile, regularFileStats } from './regularFile.ts';

/** The file in every output folder that lists what the folder holds; written last, when the folder is complete. */
export const MANIFEST_FILE = 'manifest.json';

/**
 * `manifest.json`: every file an urbsim command wrote into a folder (paths
 * relative to it, `/`-separated, sub-folders included), with its length and
 * SHA-256, so a reader can tell a complete folder from one that mixes two
 * runs or was changed since.
 */
export interface OutputManifest {
  readonly urbsim: string;
  readonly committedAt: string;
  /**
   * The scenario file the output is of (the reference of a comparison), relative to the folder, `/`-separated: a
   * run of another file is refused the folder ({@link checkOutputOf}, src/io/outputFolder.ts). Absent for outputs of
   * no scenario file and folders written before it was recorded.
   */
  readonly scenarioFile?: string;
  /**
   * A report's folder (`urbsim report`): the output folder it draws, relative to it, `/`-separated. A folder's own
   * `report/` is replaced with it; a report of another folder written there is not the folder's to delete
   * (src/io/outputFolder.ts). Absent in reports written before it was recorded, and in other outputs.
   */
  readonly reportOf?: string;
  /**
   * The command that committed the folder last, as it names itself (`urbsim run`, `urbsim merge`, `urbsim batch`): a
   * file of its found unreadable later is said to be written anew by that command, not by one that never wrote the
   * folder (weighed.json, which run, merge and batch all write: src/batch/weighedFile.ts). Absent in folders written
   * before it was recorded.
   */
  readonly command?: string;
  readonly files: Readonly<Record<string, WrittenFile>>;
}

/**
 * The manifest of `dir`, or undefined when it has none (or one that is not
 * an urbsim manifest).
 *
 * @example
 * readManifest('out/dalian')?.files['trajectories.arrow'].bytes;
 */
export function readManifest(dir: string): OutputManifest | undefined {
  let m: OutputManifest;
  try {
    m = JSON.parse(readRegularFile(join(dir, MANIFEST_FILE), 'utf8')) as OutputManifest;
  } catch {
    return undefined; // (a pipe or a device in its place too: refused, never opened)
  }
  // scenarioFile, when there, is the path urbsim wrote (never empty): anything else was edited by hand.
  const ok = m && typeof m.urbsim === 'string' && m.files && typeof m.files === 'object' &&
    Object.values(m.files).every((f) => Number.isInteger(f?.bytes) && typeof f.sha256 === 'string') &&
    (m.scenarioFile === undefined || (typeof m.scenarioFile === 'string' && m.scenarioFile !== '')) &&
    (m.reportOf === undefined || (typeof m.reportOf === 'string' && m.reportOf !== '')) &&
    (m.command === undefined || (typeof m.command === 'string' && m.command !== ''));
  return ok ? m : undefined;
}

/**
 * Check that `dir` is a complete urbsim output folder as it was committed:
 * it has a manifest.json, and every file listed there exists with the
 * length recorded (and, with `content`, the same SHA-256). Otherwise an
 * {@link InputError} says what differs. A file the manifest does not list
 * is not an error: a later `urbsim report` may add its own folder. `content`
 * may also choose the files hashed (by their path in the folder), the others'
 * lengths checked only: {@link notPerRun} hashes what does not grow with the runs.
 *
 * @example
 * verifyOutputFolder('out/dalian');                     // lengths: cheap
 * verifyOutputFolder('out/s1', { content: true });      // hashes every byte
 * verifyOutputFolder('out/dalian', { content: notPerRun }); // hashes summary.arrow, targets.arrow, meta.json…
 */
export function verifyOutputFolder(dir: string, o: { content?: boolean | ((name: string) => boolean) } = {}): OutputManifest {
  if (!existsSync(dir)) throw new InputError(`${dir} does not exist: expected an urbsim output folder`);
  if (!statSync(dir).isDirectory()) throw new InputError(`${dir} is ${fileKind(statSync(dir))}: expected an urbsim output folder`);
  // A folder or a manifest this user may not read, a pipe or a device in the manifest's place, is said as what it is,
  // not as a folder whose writing was interrupted (a folder of mode 700 of another user's said 'has no manifest.json').
  checkReadable(dir, { folder: true });
  if (existsSync(join(dir, MANIFEST_FILE))) {
    regularFileStats(join(dir, MANIFEST_FILE));
    checkReadable(join(dir, MANIFEST_FILE));
  }
  const m = readManifest(dir);
  if (!m)
    throw new InputError(
      `${dir} has no ${MANIFEST_FILE}${existsSync(join(dir, MANIFEST_FILE)) ? ' that urbsim can read' : ''}: its writing was interrupted, ` +
        'or it was written by an older urbsim or by hand; run the command that writes it again',
    );
  const problem = (what: string) =>
    new InputError(`${dir} is not the folder urbsim committed: ${what} (files of two runs, or changed since); run the command that writes it again`);
  for (const [name, f] of Object.entries(m.files)) {
    const path = join(dir, name);
    if (!existsSync(path)) throw problem(`${name} is missing`);
    const bytes = regularFileStats(path).size; // a pipe or a device in a file's place is refused, never opened
    if (bytes !== f.bytes) throw problem(`${name} has ${bytes} bytes where ${MANIFEST_FILE} records ${f.bytes}`);
    if ((typeof o.content === 'function' ? o.content(name) : o.content) && fileSha256(path) !== f.sha256) throw problem(`${name} does not have the content ${MANIFEST_FILE} records (SHA-256 differs)`);
  }
  return m;
}

/**
 * Whether a folder's file (its path in the folder) is one whose size does not grow with the runs — all but
 * trajectories.arrow and params.arrow, a row per run —, so hashing it costs little whatever the runs: what a reader of
 * the tables drawn from them (`urbsim report`) checks byte for byte, since two runs of one scenario, of any number of runs,
 * write a summary.arrow, a targets.arrow, a meta.json of the same lengths.
 *
 * @example
 * notPerRun('summary.arrow'); // true
 * notPerRun('dongguan/trajectories.arrow'); // false
 */
export const notPerRun = (name: string): boolean => !/(^|\/)(trajectories|params)\.arrow$/.test(name);

/** SHA-256 (hex) of a file, read in pieces so a large one is never whole in memory. */
export function fileSha256(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
