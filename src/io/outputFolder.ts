import { randomBytes } from 'node:crypto';
import { type Dirent, accessSync, chownSync, closeSync, constants, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, realpathSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { displayPath } from './displayPath.ts';
import { InputError } from '../inputError.ts';
import { MAX_NAME_BYTES, nameTooLong } from '../scenario/scenarioName.ts';
import { type FileData, type FileIo, type FileSink, NODE_FILE_IO, type WrittenFile, openFileSink, writeThrough } from './fileSink.ts';
import { type FolderLock, type LockHolder, acquireLock, liveHolder, lockHeld, pidExists } from './folderLock.ts';
import { MANIFEST_FILE, type OutputManifest, fileSha256, readManifest } from './outputManifest.ts';
import { outputCommand } from './outputCommand.ts';
import { TOOLKIT_VERSION } from './toolkitVersion.ts';
import { writeFailure } from './writeError.ts';
import { readRegularFile } from './regularFile.ts';
import { makeDirs } from './makeDirs.ts';
import { shellWord } from '../cli/shellWord.ts';
import { documentedArrowFile } from './urbsimArrow.ts';

/**
 * Beside every output folder, `.urbsim/` holds what only urbsim writes there
 * while it works: the folder's lock and its staging folder. Nothing else is
 * ever created or removed in it, and it is removed when empty.
 */
export const WORK_DIR = '.urbsim';

/**
 * What belongs to an output folder rather than to the output written into it,
 * and so stays when the output is replaced: `cluster/`, where `--slurm` keeps
 * its scripts, job record, logs and shard folders (src/cluster) — the merge
 * that replaces the folder's output reads its shards from there.
 */
export const KEPT_ENTRIES: readonly string[] = ['cluster'];

/**
 * `replace`: the folder becomes exactly the files written (a run, a
 * comparison, a sensitivity analysis…). `update`: the files written are
 * added to the folder or replace files of the same name, others stay (the
 * combined files of a batch; report files in two languages).
 */
export type OutputMode = 'replace' | 'update';

export interface OutputFolderOptions {
  readonly mode?: OutputMode;
  /** Named in the lock file and in the message a second writer gets, e.g. `urbsim run`. */
  readonly command?: string;
  /** File-system calls, for tests that inject faults. */
  readonly io?: FileIo;
  /**
   * The scenario file the output is of: recorded in manifest.json, and a folder whose manifest records another
   * scenario file is refused ({@link checkOutputOf}).
   */
  readonly scenarioFile?: string;
  /**
   * `update` mode: the names the writer adds at the folder's top (a batch's combined files, a report's pages). A folder
   * holding another command's output — its manifest records a scenario file, or it holds a file of urbsim's not among
   * these — is refused ({@link checkUpdatable}): the files added would replace that output's (a batch's targets.arrow
   * over a run's) and mix with the rest.
   */
  readonly writes?: (name: string) => boolean;
  /** A report's folder: the output folder it draws, recorded in manifest.json (`reportOf`). */
  readonly reportOf?: string;
  /**
   * What the output is, as {@link outputCommand} names a folder's (`run`, `compare`, `sensitivity`…): a folder holding
   * another command's output of the same scenario file is refused ({@link checkOutputOf}).
   */
  readonly kind?: string;
}

/**
 * The folder holds the output of another scenario file (two files of one `name:`, whose default folders are one):
 * refused, exit code 2, rather than replace it.
 */
export class OtherScenarioError extends InputError {
  override name = 'OtherScenarioError';
}

/**
 * Refuse to write the output of `scenarioFile` into `dir` when `dir` holds the
 * output of another scenario file (its manifest's `scenarioFile`, relative to
 * the folder): a copy of scenarios/dalian.yaml keeps `name: dalian`, and its
 * run would otherwise replace out/dalian without a word. The same file, edited
 * or not, replaces its own output as before — the same command's: with `kind`,
 * another command's output of it is refused too ({@link checkSameCommand}); a
 * folder that records no scenario file (written before this was recorded, or of
 * no scenario) is not checked. `command` names the writer in the message
 * (default `urbsim <kind>`). Files are compared where they are (symbolic links resolved).
 *
 * @example
 * checkOutputOf('out/dalian', 'my-dalian.yaml', { named: 'dalian' });
 * // OtherScenarioError: out/dalian holds the output of scenarios/dalian.yaml (committed …), not of my-dalian.yaml (both are named "dalian", …); …
 */
export function checkOutputOf(dir: string, scenarioFile: string, o: { named?: string; kind?: string; command?: string } = {}): void {
  const before = recordedScenarioFile(dir);
  if (before === undefined) return;
  if (before === realTarget(scenarioFile)) return checkSameCommand(dir, scenarioFile, o.kind, o.command);
  const target = realTarget(dir);
  const shown = displayPath(before);
  const m = readManifest(target)!;
  // `named`: the folder was named after the scenario (no --out), so another `name:` is a way out too.
  const keep = o.named !== undefined
    ? ` (both are named "${o.named}", and the folder is named after it); to keep it, choose a folder with --out or give ${scenarioFile} another \`name:\``
    : '; to keep it, choose another folder (--out)';
  throw new OtherScenarioError(
    `${dir} holds the output of ${shown} (committed ${m.committedAt}${existsSync(before) ? '' : `; ${shown} is gone`}), not of ${scenarioFile}` +
      `${keep}; to replace it, delete ${dir} first`,
  );
}

/**
 * The folder holds the output of another command of the same scenario file (`urbsim compare a.yaml b.yaml --out
 * out/a` over a's run folder): refused, exit code 2, rather than replace it.
 */
export class OtherCommandError extends InputError {
  override name = 'OtherCommandError';
}

/**
 * Refuse to write the output of `kind` (as {@link outputCommand} names it) into `dir`, the output of the same scenario
 * file, when `dir` holds another command's: the file's own output replaced its folder whatever command wrote it, so
 * `urbsim compare a.yaml b.yaml --out out/a` deleted a's runs, as `urbsim sensitivity a.yaml --out out/a` did. The same
 * command replaces its own output as before; a folder whose command is not told (nothing of urbsim's in it) is not checked.
 */
function checkSameCommand(dir: string, scenarioFile: string, kind: string | undefined, command = kind && `urbsim ${kind}`): void {
  if (kind === undefined) return;
  const target = realTarget(dir);
  const found = outputCommand(target);
  if (found === undefined || found === kind) return;
  const m = readManifest(target)!;
  throw new OtherCommandError(
    `${dir} holds the output of urbsim ${found}${found === 'run' ? ' (a run folder)' : ''} for ${scenarioFile} (committed ${m.committedAt}), ` +
      `which ${command} would replace as a whole: to keep it, choose another folder (--out); to replace it, delete ${dir} first`,
  );
}

/**
 * Refuse to write into `dir` when it is, holds or is inside a folder the command reads (`inputs`: the run folders of
 * `--runs-from`, the shards of a merge): the output replaces its folder as a whole, so the runs the output is made
 * of would be deleted by the very command that reads them (`urbsim calibrate s.yaml --runs-from out/s --out out/s`
 * left a calibration and no runs). What the folder keeps when it is replaced ({@link KEPT_ENTRIES}: `cluster/`,
 * where `--slurm` puts its shards) may be read. Paths are compared where they are (symbolic links resolved).
 *
 * @example
 * checkInputsKept('--out', 'out/dalian', ['out/dalian'], '--runs-from');
 * // InputError: --out out/dalian: is a folder --runs-from reads; the output replaces its folder as a whole, …
 */
export function checkInputsKept(option: string, dir: string, inputs: readonly string[], reader: string): void {
  // Inside a folder it reads (`merge s1 s2 --out s1/merged`): the output would be mixed into the runs it is made of,
  // and s1 no longer a shard of its own (a later `run --out s1` refuses to delete it).
  const where = existingReal(dir);
  for (const input of inputs) {
    if (!existsSync(input)) continue;
    const up = relative(realTarget(input), where);
    if (up !== '' && !up.startsWith('..') && !isAbsolute(up))
      throw new InputError(`${option} ${dir}: is inside ${input}, a folder ${reader} reads; the output would be mixed into the runs it is made of: choose a folder outside it`);
  }
  if (!existsSync(dir)) return;
  const target = realTarget(dir);
  for (const input of inputs) {
    if (!existsSync(input)) continue;
    const rel = relative(target, realTarget(input));
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) || KEPT_ENTRIES.includes(rel.split(sep)[0])) continue;
    throw new InputError(
      `${option} ${dir}: ${rel === '' ? `is a folder ${reader} reads` : `holds ${input}, a folder ${reader} reads`}; the output replaces its folder as a whole, ` +
        'so writing there would delete the runs it is made of: choose another output folder',
    );
  }
}

/** A path with its nearest existing folder's symbolic links resolved (the rest of it is yet to be made). */
function existingReal(path: string): string {
  const abs = resolve(path);
  for (let d = abs; ; d = dirname(d)) {
    if (existsSync(d)) return join(realTarget(d), relative(d, abs));
    if (d === dirname(d)) return abs;
  }
}

/**
 * The scenario file `dir`'s manifest records its output to be of (where it is, symbolic links resolved), or
 * undefined when it records none.
 *
 * @example
 * recordedScenarioFile('out/dalian'); // '/work/project/scenarios/dalian.yaml'
 */
export function recordedScenarioFile(dir: string): string | undefined {
  const target = realTarget(dir);
  const recorded = readManifest(target)?.scenarioFile;
  return recorded === undefined ? undefined : realTarget(resolve(target, recorded));
}

/** A scenario file's path as the manifest records it: relative to the output folder, `/`-separated. */
const recordedPath = (target: string, file: string) => relative(target, realTarget(file)).split(sep).join('/');

/** Where a writer puts files: an output folder being written, or a sub-folder of one. */
export interface OutputSink {
  /** The folder's final path, as given (for messages). */
  readonly dir: string;
  /** Write a whole file (`name` relative to the folder; sub-folders are made as needed). */
  writeFile(name: string, data: FileData): WrittenFile;
  /** A file to stream into, chunk by chunk; close it before the folder commits. */
  openFile(name: string): FileSink;
  /** A sub-folder that gets its own manifest.json, so it can be read on its own (a variant of a comparison). */
  folder(name: string): OutputSink;
  /** A path for a working file that is never part of the output (a spill of indicator rows), removed when the folder closes. */
  scratch(name: string): string;
}

/** Output folders of this process not yet committed or closed: discarded if the process exits first. */
const unfinished = new Set<OutputFolder>();
let exitHookInstalled = false;

/**
 * Open `dir` to be written as a whole: take its lock (a second writer gets
 * {@link FolderBusyError}, exit code 2), finish or undo what a killed writer
 * left, and make an empty staging folder beside it (in `.urbsim/`). Files go
 * into the staging folder; {@link OutputFolder.commit} then writes
 * manifest.json (every file's length and SHA-256) and swaps the staging
 * folder in, so `dir` holds the old output or the new one, never a mix —
 * whatever kills the process, and whenever. {@link OutputFolder.close}
 * discards an uncommitted staging folder and releases the lock; the lock and
 * staging folder of a process that died are found stale by the next writer.
 *
 * In `replace` mode (the default) `dir` must be new, empty, or an urbsim output
 * folder holding nothing urbsim did not write; anything else is an
 * {@link InputError} before any work is done, so no user file is ever lost.
 *
 * @example
 * const out = openOutputFolder('out/dalian', { command: 'urbsim run' });
 * try {
 *   const rows = out.openFile('trajectories.arrow');    // stream…
 *   for (const chunk of trajectoriesIpc(name, 0, years, matrix)) rows.write(chunk);
 *   rows.close();
 *   out.writeFile('meta.json', JSON.stringify(meta));   // …or write whole files
 *   out.commit();                                       // all of it appears at once
 * } finally {
 *   out.close();                                        // after commit a no-op; else discards; releases the lock
 * }
 */
export function openOutputFolder(dir: string, options: OutputFolderOptions = {}): OutputFolder {
  return new OutputFolder(dir, options);
}

/**
 * {@link openOutputFolder}, run `write`, commit when it returns, close in any
 * case: what most commands need. The lock is taken before `write` starts, so
 * a second writer is refused before it spends time computing.
 *
 * @example
 * await withOutputFolder('out/dalian', async (out) => {
 *   const result = await runMonteCarlo(scenario);
 *   writeRunOutputs(out, result, info);
 * }, { command: 'urbsim run' });
 */
export async function withOutputFolder<T>(dir: string, write: (out: OutputFolder) => T | Promise<T>, options: OutputFolderOptions = {}): Promise<T> {
  const out = openOutputFolder(dir, options);
  try {
    const r = await write(out);
    out.commit();
    return r;
  } finally {
    out.close();
  }
}

/**
 * {@link withOutputFolder} for a writer that waits on nothing; a sink given
 * instead of a path is written into as it is (committed by its owner).
 *
 * @example
 * writeOutputFolder('out/dalian', (out) => out.writeFile('meta.json', text));
 */
export function writeOutputFolder<T>(target: string | OutputSink, write: (out: OutputSink) => T, options: OutputFolderOptions = {}): T {
  if (typeof target !== 'string') return write(target);
  const out = openOutputFolder(target, options);
  try {
    const r = write(out);
    out.commit();
    return r;
  } finally {
    out.close();
  }
}

export class OutputFolder implements OutputSink {
  readonly dir: string;
  readonly mode: OutputMode;
  private readonly target: string;
  private readonly work: string;
  private readonly staging: string;
  private readonly io: FileIo;
  private readonly lock: FolderLock;
  /** The highest folder the lock's `.urbsim/` had to make (`out/` of a first run), removed again if left empty. */
  private readonly made: string | undefined;
  private readonly scenarioFile: string | undefined;
  private readonly reportOf: string | undefined;
  private readonly command: string | undefined;
  private readonly written = new Map<string, WrittenFile>();
  private readonly units = new Set<string>();
  private readonly streaming = new Map<string, FileSink>();
  private scratchDir: string | undefined;
  private state: 'open' | 'committed' | 'closed' = 'open';

  constructor(dir: string, options: OutputFolderOptions) {
    this.dir = dir;
    this.mode = options.mode ?? 'replace';
    this.io = options.io ?? NODE_FILE_IO;
    this.target = realTarget(dir);
    this.scenarioFile = options.scenarioFile === undefined ? undefined : recordedPath(this.target, options.scenarioFile);
    this.reportOf = options.reportOf === undefined ? undefined : recordedPath(this.target, options.reportOf) || '.';
    this.command = options.command || undefined; // '' would make the manifest unreadable (readManifest)
    const base = basename(this.target);
    if (base === WORK_DIR || this.target === dirname(this.target)) throw new InputError(`${dir}: cannot be an output folder`);
    const long = nameTooLong(base);
    if (long !== undefined)
      throw new InputError(`${dir}: the folder's name is ${long} bytes long, expected at most ${MAX_NAME_BYTES} (file systems allow 255 a name, and urbsim works beside the folder under longer names): choose a shorter one`);
    // Before the lock's `.urbsim/` is made: in an append-only folder it could not be removed again.
    if (this.mode === 'replace') checkParentReplaceable(dir, this.target);
    this.work = join(dirname(this.target), WORK_DIR);
    ({ lock: this.lock, made: this.made } = lockIn(this.work, join(this.work, `${base}.lock`), dir, options.command ?? `urbsim (pid ${process.pid})`));
    try {
      recover(this.work, base, this.target, this.io);
      checkOpens(dir, this.target, options);
      this.staging = join(this.work, `${base}.${this.mode === 'replace' ? 'new' : 'add'}-${process.pid}-${randomBytes(4).toString('hex')}`);
      mkdirSync(this.staging);
    } catch (e) {
      this.lock.release();
      removeMade(this.work, this.made);
      throw e;
    }
    unfinished.add(this);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('exit', () => {
        for (const f of unfinished) f.close();
      });
    }
  }

  writeFile(name: string, data: FileData): WrittenFile {
    return writeThrough(this.openFile(name), data);
  }

  openFile(name: string): FileSink {
    this.checkOpen();
    const rel = checkName(name);
    if (this.written.has(rel) || this.streaming.has(rel)) throw new Error(`${join(this.dir, rel)} written twice`);
    const path = join(this.staging, rel);
    makeDirs(dirname(path));
    const sink = openFileSink(path, join(this.dir, rel), this.io);
    this.streaming.set(rel, sink);
    return {
      write: (chunk) => sink.write(chunk),
      close: () => {
        const w = sink.close();
        this.streaming.delete(rel);
        this.written.set(rel, w);
        return w;
      },
      closeAsync: async () => {
        const w = await sink.closeAsync();
        this.streaming.delete(rel);
        this.written.set(rel, w);
        return w;
      },
      abandon: () => {
        sink.abandon();
        this.streaming.delete(rel);
      },
    };
  }

  scratch(name: string): string {
    this.checkOpen();
    if (!this.scratchDir) {
      this.scratchDir = this.staging.replace(/\.(new|add)-(?=[^/\\]*$)/, '.tmp-');
      mkdirSync(this.scratchDir);
    }
    return join(this.scratchDir, checkName(name).replaceAll('/', '-'));
  }

  folder(name: string): OutputSink {
    const prefix = checkName(name);
    this.units.add(prefix);
    const sub = (n: string) => `${prefix}/${n}`;
    return {
      dir: join(this.dir, prefix),
      writeFile: (n, data) => this.writeFile(sub(n), data),
      openFile: (n) => this.openFile(sub(n)),
      folder: (n) => this.folder(sub(n)),
      scratch: (n) => this.scratch(sub(n)),
    };
  }

  /**
   * Make what was written the folder's content, all at once: write each
   * sub-folder's manifest and the folder's, then swap the staging folder in
   * (`replace`), or move the files in between removing the old manifest and
   * writing the new one (`update`). A disk that fills up before the swap
   * leaves the old folder as it was.
   */
  commit(): void {
    this.checkOpen();
    if (this.streaming.size) throw new Error(`${this.dir}: ${[...this.streaming.keys()].join(', ')} not closed before commit`);
    if (!this.lock.held()) throw new Error(`${this.dir}: another process took the folder's lock; nothing committed`);
    const committedAt = new Date().toISOString();
    // Deepest first: a sub-folder's manifest is itself one of its parent's files.
    for (const unit of [...this.units].sort((a, b) => b.split('/').length - a.split('/').length)) {
      const files = [...this.written].filter(([p]) => p.startsWith(`${unit}/`)).map(([p, w]): [string, WrittenFile] => [p.slice(unit.length + 1), w]);
      const rel = `${unit}/${MANIFEST_FILE}`;
      this.written.set(rel, this.writeManifest(rel, files, committedAt));
    }
    if (this.mode === 'replace') this.swapIn(committedAt);
    else this.moveIn(committedAt);
    this.state = 'committed';
    this.close();
  }

  /** Discard what was not committed and release the lock; safe to call more than once. */
  close(): void {
    if (this.state === 'closed') return;
    for (const sink of this.streaming.values()) sink.abandon();
    this.streaming.clear();
    if (this.state === 'open') rmSync(this.staging, { recursive: true, force: true });
    if (this.scratchDir) rmSync(this.scratchDir, { recursive: true, force: true });
    this.state = 'closed';
    unfinished.delete(this);
    this.lock.release();
    removeMade(this.work, this.made);
  }

  private swapIn(committedAt: string): void {
    this.writeManifest(MANIFEST_FILE, [...this.written], committedAt);
    fsyncDir(this.staging);
    let old: string | undefined;
    if (existsSync(this.target)) {
      checkReplaceable(this.dir, this.target, this.io); // again: files may have been put there while this ran
      old = this.staging.replace(/\.new-(?=[^/\\]*$)/, '.old-');
      this.rename(this.target, old);
    }
    try {
      this.rename(this.staging, this.target);
    } catch (e) {
      if (old) this.io.renameSync(old, this.target);
      throw e;
    }
    fsyncDir(dirname(this.target));
    if (old) {
      keepEntries(old, this.target, this.io);
      rmSync(old, { recursive: true, force: true });
    }
  }

  private moveIn(committedAt: string): void {
    makeDirs(this.target);
    // Before anything is touched: a flagged file among those replaced was found by its rename, the manifest removed
    // already ('cannot write report: permission denied', the folder left reading as incomplete).
    checkReplacedFiles(this.dir, this.target, [MANIFEST_FILE, ...this.written.keys()], this.io);
    const before = readManifest(this.target);
    // The manifest goes first: while files are moved in, the folder reads as incomplete, never as a mix.
    rmSync(join(this.target, MANIFEST_FILE), { force: true });
    fsyncDir(this.target);
    for (const rel of [...this.written.keys()].sort()) {
      const to = join(this.target, rel);
      makeDirs(dirname(to));
      this.rename(join(this.staging, rel), to);
    }
    const kept = Object.entries(before?.files ?? {}).filter(
      ([p, w]) => !this.written.has(p) && existsSync(join(this.target, p)) && statSync(join(this.target, p)).size === w.bytes,
    );
    this.writeManifest(MANIFEST_FILE, [...kept, ...this.written], committedAt);
    this.rename(join(this.staging, MANIFEST_FILE), join(this.target, MANIFEST_FILE));
    fsyncDir(this.target);
    rmSync(this.staging, { recursive: true, force: true });
  }

  private writeManifest(rel: string, files: readonly [string, WrittenFile][], committedAt: string): WrittenFile {
    // The folder's own manifest records the scenario file and the command (a sub-folder's is read as part of it).
    const own = rel === MANIFEST_FILE;
    const scenarioFile = own ? this.scenarioFile : undefined;
    const reportOf = own ? this.reportOf : undefined;
    const command = own ? this.command : undefined;
    const m: OutputManifest = {
      urbsim: TOOLKIT_VERSION,
      committedAt,
      ...(scenarioFile !== undefined && { scenarioFile }),
      ...(reportOf !== undefined && { reportOf }),
      ...(command !== undefined && { command }),
      files: Object.fromEntries([...files].sort(([a], [b]) => (a < b ? -1 : 1))),
    };
    return writeThrough(openFileSink(join(this.staging, rel), join(this.dir, rel), this.io), `${JSON.stringify(m, null, 2)}\n`);
  }

  private rename(from: string, to: string): void {
    try {
      this.io.renameSync(from, to);
    } catch (e) {
      throw writeFailure(e, this.dir);
    }
  }

  private checkOpen(): void {
    if (this.state !== 'open') throw new Error(`${this.dir}: output folder already ${this.state}`);
  }
}

/**
 * What opening `dir` checks ({@link openOutputFolder}) once its lock is taken, checked without taking it or writing
 * anything: for a command that writes several folders in turn (a batch's scenario folders), so that one the opening
 * would refuse at its turn (a read-only folder in it, a file of the user's) is refused before the first is written.
 *
 * @example
 * for (const s of scenarios) checkOutputFolderOpens(join(outDir, s.name), { command: 'urbsim batch', scenarioFile: s.file });
 */
export function checkOutputFolderOpens(dir: string, options: OutputFolderOptions = {}): void {
  checkOpens(dir, realTarget(dir), options);
}

function checkOpens(dir: string, target: string, options: OutputFolderOptions): void {
  const io = options.io ?? NODE_FILE_IO;
  if (options.scenarioFile !== undefined) checkOutputOf(dir, options.scenarioFile, { kind: options.kind, command: options.command });
  if ((options.mode ?? 'replace') === 'replace') checkReplaceable(dir, target, io);
  else if (existsSync(target) && !statSync(target).isDirectory()) throw new InputError(`${dir}: is a file, expected a folder (new or existing)`);
  else {
    checkOwnManifest(dir, target, options.command ?? 'urbsim');
    if (options.writes) checkUpdatable(dir, target, options.writes, options.command ?? 'urbsim', options.reportOf);
    // Files are added and replaced in it, its manifest.json replaced: a +a folder refuses the latter two (it said, after
    // the report was drawn, 'cannot read report/manifest.json: a part of the path is a file, not a folder').
    if (existsSync(target) && options.writes) {
      const writes = options.writes;
      checkReplacedFiles(dir, target, readdirSync(target).filter((name) => name === MANIFEST_FILE || writes(name)), io);
    }
    if (existsSync(target) && appendOnly(target))
      throw new InputError(
        `${dir}: is append-only or immutable (operation not permitted, as lsattr shows: chattr +a or +i): urbsim replaces the files of the same names in it ` +
          `and its manifest.json, which such a folder refuses: remove the flag (chattr -a or -i, as root), or choose another folder`,
      );
  }
  checkNotInsideOutput(dir, target, options.reportOf);
}

/** The absolute path to write: a folder reached through a symbolic link is written where it is. */
function realTarget(dir: string): string {
  const abs = resolve(dir);
  try {
    return realpathSync(abs);
  } catch {
    return abs;
  }
}

function lockIn(work: string, lockFile: string, dir: string, command: string): { lock: FolderLock; made: string | undefined } {
  // A writer of a folder beside this one removes `.urbsim/` when it empties: make it again and retry.
  let made: string | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      const first = makeDirs(work);
      if (first !== undefined && (made === undefined || first.length < made.length)) made = first;
      return { lock: acquireLock(lockFile, dir, command), made };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 5) throw e;
    }
  }
}

/**
 * Under the lock, what a killed writer of this folder left in `.urbsim/`:
 * when the folder is missing (killed between the two renames of a swap), the
 * staging folder it had completed (it has a manifest) is put in its place,
 * else the old folder it had moved aside; everything else of this folder's
 * is removed, as are lock files written aside by processes now dead.
 */
function recover(work: string, base: string, target: string, io: FileIo): void {
  const b = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const folders = new RegExp(`^${b}\\.(new|add|old|tmp)-\\d+-[0-9a-f]+$`);
  const lockAside = new RegExp(`^${b}\\.lock\\.(?:stale-)?(\\d+)-[0-9a-f]+$`);
  const entries = readdirSync(work);
  const left = entries.filter((e) => folders.test(e)).map((e) => ({ kind: folders.exec(e)![1], path: join(work, e) }));
  if (!existsSync(target)) {
    const when = (p: string) => readManifest(p)?.committedAt ?? '';
    const complete = left.filter((l) => l.kind === 'new' && readManifest(l.path)).sort((x, y) => when(y.path).localeCompare(when(x.path)));
    const back = complete[0] ?? left.find((l) => l.kind === 'old');
    if (back) io.renameSync(back.path, target);
  }
  for (const l of left) {
    if (l.kind === 'old' && existsSync(l.path) && existsSync(target)) keepEntries(l.path, target, io);
    rmSync(l.path, { recursive: true, force: true });
  }
  for (const e of entries) {
    const m = lockAside.exec(e);
    if (m && !pidExists(Number(m[1]))) rmSync(join(work, e), { force: true });
  }
}

/**
 * Whether a writer of `dir` is inside its swap ({@link OutputFolder.commit}, mode `replace`): the output replaced moved
 * aside into `.urbsim/` (`DIR.old-…`) and not yet removed, the folder's lock held by a live process (one on another
 * host, a merge on a compute node, counts) — meanwhile `dir` is missing for a moment, then lacks what it keeps
 * ({@link KEPT_ENTRIES}: cluster/) until that is moved across. A writer killed there (its lock stale) is not under
 * way: the next writer of `dir` puts it right.
 *
 * @example
 * swapUnderWay('out/dalian'); // false, but for the milliseconds of a merge's commit
 */
export function swapUnderWay(dir: string): boolean {
  const target = realTarget(dir);
  const base = basename(target);
  const work = join(dirname(target), WORK_DIR);
  const aside = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.old-\\d+-[0-9a-f]+$`);
  let entries: string[];
  try {
    entries = readdirSync(work);
  } catch {
    return false;
  }
  return entries.some((e) => aside.test(e)) && lockHeld(join(work, `${base}.lock`));
}

/** Move the folder's own entries ({@link KEPT_ENTRIES}) from the output replaced to the one that replaced it. */
function keepEntries(old: string, target: string, io: FileIo): void {
  for (const name of KEPT_ENTRIES)
    if (existsSync(join(old, name)) && !existsSync(join(target, name))) io.renameSync(join(old, name), join(target, name));
}

/**
 * Names urbsim's commands write: any of them may sit in a folder written before manifests existed, or in one whose
 * `update` was stopped between removing its manifest and writing the new one ({@link OutputFolder.commit}): a batch's
 * run folder whose weighed answer (weighed.json) was being drawn anew, which the resumed batch then runs again. A name
 * missing here makes such a folder's own file the user's, and the folder is refused (tests/io/knownFiles.test.ts runs
 * every command and checks each file it writes).
 */
const KNOWN_FILES = new Set([
  'meta.json', 'trajectories.arrow', 'summary.arrow', 'params.arrow', 'targets.arrow', 'registered_gain.arrow', 'pyramid.arrow', 'compare.arrow',
  'sensitivity.arrow', 'swing.arrow', 'solve.arrow', 'frontier.arrow', 'compare-targets.arrow', 'posterior.arrow', 'calibration.arrow', 'points.arrow',
  'calibrated-targets.arrow', 'backtest.arrow', 'cross-validation.arrow', 'cross-validation.md',
  // urbsim sensitivity --shard's
  'runs.arrow', 'design.arrow',
  'reachability.md', 'reachability.html', 'weighed.json',
]);
/**
 * What `urbsim report` writes (src/report/reportCharts.ts, the charts' ids): before its folders had manifests, and since
 * (a report folder whose update was stopped, or whose manifest is gone) — gain, weighed, swing, frontier and the
 * comparison's charts were missing, and a run folder holding such a report/ was refused as holding files urbsim did not
 * write. A batch's own chart is named after its folder (`<batch>.<lang>.svg`), which no list holds: pilots' is here.
 */
const REPORT_FILE =
  /^(report|fan|gap|targets|gain|weighed|school|share|housing|tornado|prcc|swing|solve|frontier|compare-levels|compare-targets|compare-differences|pilots|weighed-[\p{L}\p{N}._-]+)\.(zh|en)\.(html|svg|png)$/u;
/**
 * Whether `name` is a file name urbsim's commands write into an output folder (or the temporary name
 * `<name>.tmp-<pid>` the writers of then used for it): in a folder without a manifest such a file is taken for
 * urbsim's, any other for the user's, which the folder is not replaced over.
 *
 * @example
 * urbsimFileName('swing.arrow'); // true: urbsim sensitivity writes it
 * urbsimFileName('thesis.txt');  // false
 */
export function urbsimFileName(name: string): boolean {
  const plain = name.replace(/\.tmp-\d+$/, '');
  return KNOWN_FILES.has(plain) || REPORT_FILE.test(plain);
}
const known = urbsimFileName;

/**
 * Refuse to replace a folder that holds anything urbsim did not write, or
 * another urbsim output folder it does not own: the whole folder is swapped
 * out, and a user's file in it, or another run's output folder written into
 * it (`urbsim run b.yaml --out par/sub`, then `urbsim run a.yaml --out par`),
 * would go with it.
 */
function checkReplaceable(dir: string, target: string, io: FileIo): void {
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) throw new InputError(`${dir}: is a file, expected a folder (new or existing)`);
  const cwd = relative(target, process.cwd());
  if (!cwd.startsWith('..') && !isAbsolute(cwd))
    throw new InputError(`${dir}: is the current folder or contains it; urbsim replaces an output folder as a whole, so choose another one`);
  checkParentReplaceable(dir, target);
  // A writer of a folder in it (`run --out dir/sub` under way) works in dir/.urbsim/, which the replacement deletes.
  const busy = writersIn(target).filter((w) => !KEPT_ENTRIES.includes(w.sub));
  if (busy.length) {
    const { sub, holder, lockFile } = busy[0];
    const shown = join(dir, sub);
    throw new InputError(
      `${dir}: holds ${shown}, which another urbsim process is writing (${holderText(holder, lockFile)}); urbsim replaces its output folder as a whole, ` +
        `so that output would be lost with it: wait for it to finish and move ${shown} out of ${dir}, or choose another output folder`,
    );
  }
  const entries = readdirSync(target, { withFileTypes: true }).filter((e) => e.name !== WORK_DIR && !KEPT_ENTRIES.includes(e.name));
  if (entries.length === 0) return checkRemovable(dir, target, io);
  const output = isOutputFolder(target, entries);
  // In a folder urbsim did not write, every output folder is another's.
  const { foreign, nested } = walkOutput(target, '', output ? readManifest(target)?.files : undefined, output && !readManifest(target));
  if (nested.length) throw new NestedOutputError(dir, target, nested);
  if (!output)
    throw new InputError(
      `${dir}: is not an urbsim output folder (it holds ${listed(entries.map((e) => e.name).sort())}); urbsim replaces its output folder as a whole, so choose a new or empty folder`,
    );
  if (foreign.length)
    throw new InputError(
      `${dir}: holds ${listed(foreign)}, which urbsim did not write; urbsim replaces its output folder as a whole, so move ${foreign.length > 1 ? 'them' : 'it'} out first or choose another folder`,
    );
  checkRemovable(dir, target, io);
}

/**
 * Refuse to add files to a folder (`update`) where one it replaces, of `names` (relative to it), is immutable or
 * append-only (chattr +i or +a: renamed over by nobody, root neither), which opening it to write refuses with EPERM.
 */
function checkReplacedFiles(dir: string, target: string, names: readonly string[], io: FileIo): void {
  for (const name of names) {
    const path = join(target, name);
    let flagged = false;
    try {
      if (!statSync(path).isFile()) continue;
      io.closeSync(io.openSync(path, 'r+')); // opened to write, nothing written
    } catch (e) {
      flagged = (e as NodeJS.ErrnoException).code === 'EPERM';
    }
    if (flagged)
      throw new InputError(
        `${dir}: ${join(dir, name)} cannot be replaced (operation not permitted: it is immutable or append-only, as lsattr shows (chattr +i or +a)): ` +
          'urbsim replaces the files of the same names in the folder, and its manifest.json: remove the flag (chattr -i or -a, as root), or choose another folder',
      );
  }
}

/**
 * Refuse to replace a folder that is in an append-only folder (chattr +a): it cannot be moved out of it, aside, for the
 * new output to take its place. Found only then, after the runs: 'cannot write out: permission denied', exit 2.
 */
function checkParentReplaceable(dir: string, target: string): void {
  const parent = dirname(target);
  if (!existsSync(target) || !appendOnly(parent)) return;
  throw new InputError(
    `${dir}: is in ${displayPath(parent)}, which is append-only or immutable (operation not permitted, as lsattr shows: chattr +a or +i): ` +
      `urbsim replaces its output folder as a whole, moving the old one aside, which such a folder refuses: remove the flag (chattr -a or -i, as root), or choose a new folder`,
  );
}

/**
 * Refuse a folder to be replaced that holds a folder urbsim cannot write into (a report/ made read-only, or without
 * its x permission — chmod 600 —, one of another user's): replacing moves the folder aside and removes it, every file
 * of every folder in it, which takes each folder's w and x, and moves what it keeps (cluster/) into the new one. Found only then, the new output was committed, the old one left half-removed in
 * .urbsim/ beside it with the folder that could not be written (out of sight), the command failed naming that hidden
 * path, and every later writer of the folder failed on it, before running.
 */
function checkRemovable(dir: string, target: string, io: FileIo): void {
  const stuck = unremovable(target, io);
  if (stuck === undefined) return;
  const where = stuck.rel === '' ? dir : join(dir, stuck.rel);
  // EPERM, not EACCES: the flag no permission (nor root) overrides. Found only when the old folder was removed, after
  // the new one was committed: 'cannot write …/.urbsim/r.old-…/summary.arrow: a part of the path is a file, not a
  // folder' (rmSync's rmdir of the file it could not unlink), exit 2, and every later writer of the folder stopped on it.
  const immutable = 'operation not permitted: it is immutable or append-only, as lsattr shows (chattr +i or +a)';
  if (stuck.appendOnly)
    throw new InputError(
      `${dir}: ${stuck.rel === '' ? 'cannot be moved aside or' : `${where} cannot be`} removed (${immutable}): urbsim replaces its output folder as a whole, ` +
        `removing every file and folder in it: remove the flag (chattr -a or -i, as root), or choose another folder`,
    );
  if (stuck.file)
    throw new InputError(
      `${dir}: ${where} cannot be removed (${immutable}): urbsim replaces its output folder as a whole, removing every file in it: ` +
        `remove the flag (chattr -i or -a, as root), or choose another folder`,
    );
  throw new InputError(
    `${dir}: ${where} cannot be written into (${stuck.immutable ? immutable : 'permission denied'}): urbsim replaces its output folder as a whole, removing every folder in it, ` +
      `so each must be writable and searchable (w and x): ${stuck.immutable ? 'remove the flag (chattr -i or -a, as root)' : `make ${stuck.rel === '' ? 'it' : `${where} (and what it holds)`} so`}, or choose another folder`,
  );
}

/**
 * What of `target` (itself included, `.urbsim/` not, cluster/ itself only; links not followed) cannot be removed,
 * relative to it, or undefined: the first folder not written (W_OK) and searched (X_OK) both, for a folder with w but
 * not x lets no file in it be unlinked (`immutable`: refused with EPERM, its flag); or the first file that is immutable
 * or append-only (chattr +i or +a: unlinked by nobody, root neither), which opening it to write (O_RDWR, no O_APPEND)
 * refuses with EPERM (access(W_OK) does for +i only). A file merely not writable (EACCES) is unlinked all the same.
 */
function unremovable(target: string, io: FileIo, rel = ''): Stuck | undefined {
  const access = io.accessSync ?? accessSync;
  const here = join(target, rel);
  const code = (e: unknown) => (e as NodeJS.ErrnoException).code;
  let entries: Dirent[];
  try {
    access(here, constants.W_OK | constants.X_OK);
    entries = readdirSync(here, { withFileTypes: true });
  } catch (e) {
    return { rel, immutable: code(e) === 'EPERM', file: false };
  }
  if (appendOnly(here)) return { rel, immutable: true, file: false, appendOnly: true };
  for (const e of entries) {
    if (e.isFile()) {
      try {
        io.closeSync(io.openSync(join(here, e.name), 'r+')); // opened to write, nothing written: refused with EPERM if flagged
      } catch (err) {
        if (code(err) === 'EPERM') return { rel: join(rel, e.name), immutable: true, file: true };
      }
      continue;
    }
    if (!e.isDirectory() || (rel === '' && e.name === WORK_DIR)) continue;
    // What the folder keeps (cluster/) is moved into the new one, not removed: only it must be writable (a folder moved
    // to another parent has its '..' rewritten), not what it holds — a shard's folder made read-only stays as it is.
    const found = rel === '' && KEPT_ENTRIES.includes(e.name) ? movable(join(target, e.name), access, e.name) : unremovable(target, io, join(rel, e.name));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** `name` when folder `path` cannot be moved to another folder (it must be writable: its '..' changes; not append-only), else undefined. */
function movable(path: string, access: (path: string, mode: number) => void, name: string): Stuck | undefined {
  try {
    access(path, constants.W_OK);
  } catch (e) {
    return { rel: name, immutable: (e as NodeJS.ErrnoException).code === 'EPERM', file: false };
  }
  return appendOnly(path) ? { rel: name, immutable: true, file: false, appendOnly: true } : undefined;
}

/** What cannot be removed or moved, relative to the folder: a folder (not writable, or flagged) or a flagged file. */
interface Stuck {
  readonly rel: string;
  /** Refused with EPERM: a flag (chattr +i or +a), not a permission. */
  readonly immutable: boolean;
  readonly file: boolean;
  /** A folder access() lets write, append-only (chattr +a): entries may be added to it, none removed, nor it renamed. */
  readonly appendOnly?: boolean;
}

/**
 * Whether folder `path` is append-only (chattr +a) — or immutable, which access() already tells: files may be added to
 * it, but none unlinked or renamed out of it, and it may not itself be renamed or removed. access(W_OK) says yes (+a
 * was not found before the commit: the runs ran, then 'cannot write out: permission denied'); a chown to its own owner
 * and group is refused with EPERM (the kernel refuses any change of a flagged inode's attributes) and otherwise changes
 * nothing but its ctime. Not a chmod to its own mode: for a user not in the folder's group (one made in a setgid shared
 * folder) that clears the folder's setgid bit, silently. Only asked of our own folders: another's chown is refused for
 * that, as root's is on an NFS share that maps root to nobody.
 */
function appendOnly(path: string): boolean {
  const st = statSync(path);
  if (st.uid !== process.getuid?.()) return false;
  try {
    chownSync(path, st.uid, st.gid);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Refuse to write an output folder inside another output folder that would then no longer be replaceable
 * ({@link checkReplaceable}): `urbsim run b.yaml --out a/report`, a/ a run with its report, replaced the report by b's
 * run (exit 0), and a/ then refused both `urbsim run` and `urbsim report` until a/report was moved. What a folder owns
 * may be written in it: its own report (`urbsim report a`, into a/report/, or `--out a/svg`), and what it keeps ({@link KEPT_ENTRIES}: the shards
 * `--slurm` runs into its `cluster/`). Only the output of a scenario file (its manifest records one: a run, a comparison,
 * a sensitivity analysis, a solve, a calibration, a batch's scenario folder) is checked: a batch's folder and a report's
 * are only ever added to, never replaced, so nothing is refused inside them (above them, it still is).
 *
 * @example
 * checkNotInsideOutput('a/report', realTarget('a/report'), undefined);
 * // InputError: a/report: is inside a, the output of scenarios/dalian.yaml (committed …); …
 */
function checkNotInsideOutput(dir: string, target: string, reportOf: string | undefined): void {
  const report = reportOf === undefined ? undefined : realTarget(reportOf);
  let given = dir;
  for (let up = dirname(target); up !== dirname(up); up = dirname(up)) {
    given = dirname(given);
    const parts = relative(up, target).split(sep);
    const writer = KEPT_ENTRIES.includes(parts[0]) ? undefined : replacer(up);
    if (writer !== undefined) {
      const shown = given === '.' || given === dirname(given) ? displayPath(up) : given;
      throw new InputError(
        `${dir}: is inside ${shown}, which another urbsim process is writing (${holderText(writer.holder, writer.lockFile)}) to replace it as a whole when done: ` +
          `its output would delete ${dir}, or ${dir} stop it from being written; choose a folder outside ${shown}`,
      );
    }
    const m = readManifest(up);
    if (m?.scenarioFile === undefined) continue;
    if (KEPT_ENTRIES.includes(parts[0]) || ownedWithin(up, m.files, parts, report)) continue;
    const shown = given === '.' || given === dirname(given) ? displayPath(up) : given;
    const of = `the output of ${displayPath(recordedScenarioFile(up)!)}`;
    const own = parts.length === 1 && parts[0] === 'report' ? ` (${dir} is where ${shown}'s own report goes: urbsim report ${shellWord(shown)})` : '';
    throw new InputError(
      `${dir}: is inside ${shown}, ${of} (committed ${m!.committedAt}), but would not be part of that output: urbsim replaces an output folder ` +
        `as a whole, so ${shown} could not be written again until ${dir} was moved out${own}; choose a folder outside ${shown}`,
    );
  }
}

/**
 * The live process replacing folder `dir` as a whole, if one is: its lock (`.urbsim/<name>.lock` beside it) is held and
 * its staging folder for a replacement (`<name>.new-<pid>-…`, or the old output moved aside, `.old-`) is there. An
 * `update` writer (a batch's folder, a report's) is not one: it only adds files.
 */
function replacer(dir: string): { holder: LockHolder; lockFile: string } | undefined {
  const work = join(dirname(dir), WORK_DIR);
  const base = basename(dir);
  const lockFile = join(work, `${base}.lock`);
  let holder: LockHolder | undefined;
  let entries: string[];
  try {
    holder = liveHolder(lockFile);
    entries = holder === undefined ? [] : readdirSync(work);
  } catch {
    return undefined; // a folder not to be read: nothing of urbsim's writer is in it
  }
  if (holder === undefined || !entries.some((e) => e.startsWith(`${base}.new-${holder.pid}-`) || e.startsWith(`${base}.old-${holder.pid}-`))) return undefined;
  return { holder, lockFile };
}

/** The folders whose writers work in `dir`'s own `.urbsim/` (a run's `--out dir/sub` under way), with who writes them. */
function writersIn(dir: string): { sub: string; holder: LockHolder; lockFile: string }[] {
  const work = join(dir, WORK_DIR);
  const found: { sub: string; holder: LockHolder; lockFile: string }[] = [];
  let entries: string[];
  try {
    entries = readdirSync(work);
  } catch {
    return found;
  }
  for (const e of entries.filter((n) => n.endsWith('.lock')).sort()) {
    let holder: LockHolder | undefined;
    try {
      holder = liveHolder(join(work, e));
    } catch {
      continue;
    }
    if (holder !== undefined) found.push({ sub: e.slice(0, -'.lock'.length), holder, lockFile: join(work, e) });
  }
  return found;
}

/** A lock's holder as a message names it: `pid 4242, urbsim run, since …` (and the host, when another). */
function holderText(h: LockHolder, lockFile: string): string {
  const other = h.host !== hostname();
  return `pid ${h.pid}${other ? ` on ${h.host}` : ''}, ${h.command}, since ${h.since}${other ? `; if that process is gone, delete ${lockFile}` : ''}`;
}

/**
 * Whether the output folder to be written at `parts` below `dir` (an output folder listing `files`) would be the
 * folder's own, as {@link walkOutput} reads it: only a report of the folder, directly in it, is; below a sub-folder
 * the folder lists (a comparison's variant) or its own report, the same question one level down. True too when the way
 * down passes another output folder the folder does not own: the folder already holds that one, and what is inside it
 * is that folder's to refuse.
 */
function ownedWithin(dir: string, files: Readonly<Record<string, WrittenFile>>, parts: readonly string[], reportOf: string | undefined): boolean {
  const [name, ...rest] = parts;
  const sub = join(dir, name);
  if (rest.length === 0) return reportOf === dir;
  // A folder of the user's (new or not): an output folder in it is another's.
  if (!existsSync(sub) || !statSync(sub).isDirectory()) return false;
  const under = Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith(`${name}/`)).map(([p, w]) => [p.slice(name.length + 1), w]));
  const subManifest = readManifest(sub);
  if (Object.keys(under).length && (!subManifest || under[MANIFEST_FILE]))
    return (subManifest !== undefined && under[MANIFEST_FILE].sha256 !== fileSha256(join(sub, MANIFEST_FILE))) || ownedWithin(sub, under, rest, reportOf);
  if (subManifest) return !isOwnReport(name, sub, dir) || ownedWithin(sub, subManifest.files, rest, reportOf);
  return false;
}

/**
 * The folder to be replaced holds another urbsim output folder it did not write (another command's `--out` inside
 * it): refused, exit code 2, naming it and what it is the output of.
 */
export class NestedOutputError extends InputError {
  override name = 'NestedOutputError';
  constructor(dir: string, target: string, nested: readonly string[]) {
    const what = (rel: string) => {
      const sub = join(target, rel);
      const m = readManifest(sub);
      const file = recordedScenarioFile(sub);
      const of = file !== undefined ? `the output of ${displayPath(file)}` : m?.reportOf !== undefined ? `a report of ${displayPath(resolve(sub, m.reportOf))}` : 'an urbsim output folder';
      return `${join(dir, rel)} (${of}${m ? `, committed ${m.committedAt}` : ''})`;
    };
    const shown = listed(nested.map(what));
    const one = nested.length === 1;
    super(
      `${dir}: holds ${one ? 'another urbsim output folder' : `${nested.length} other urbsim output folders`}, ${shown}, ` +
        `which ${one ? 'is' : 'are'} not part of ${dir}'s own output; urbsim replaces its output folder as a whole, so ${one ? 'it' : 'they'} would be deleted with it: ` +
        `move ${one ? 'it' : 'them'} out of ${dir} (or delete ${one ? 'it' : 'them'}) first, or choose another output folder`,
    );
  }
}

/**
 * Refuse to add files to a folder that holds the output of another command: an `update` writer (a batch's combined
 * files, a report) keeps what the folder holds and replaces files of the same name, so `urbsim batch q.yaml --out r`
 * over a run's folder r replaced the run's targets.arrow with the batch's, and `urbsim report r` then drew the run's
 * fan chart under another scenario's targets. `writes`: the names the writer adds; a name urbsim's other commands
 * write, or a manifest recording a scenario file (an output of one scenario), is another command's.
 */
function checkUpdatable(dir: string, target: string, writes: (name: string) => boolean, command: string, reportOf?: string): void {
  if (!existsSync(target)) return;
  const before = readManifest(target)?.reportOf;
  // A report of another folder: its pages would mix with these (a page of each, under one manifest naming the last).
  if (reportOf !== undefined && before !== undefined && realTarget(resolve(target, before)) !== realTarget(reportOf))
    throw new InputError(`${dir}: holds the report of ${displayPath(resolve(target, before))}, not of ${reportOf}; its pages would mix with these: choose another folder (--out)`);
  const file = readManifest(target)?.scenarioFile;
  // Files that show urbsim wrote them, not names alone: a user's own runs.arrow beside their notes was called another
  // command's output, and the folder refused to urbsim batch --out (their files are kept beside a batch's).
  const others = readdirSync(target, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== MANIFEST_FILE && showsUrbsim(target, e.name) && !writes(e.name.replace(/\.tmp-\d+$/, '')))
    .map((e) => e.name)
    .sort();
  if (file === undefined && others.length === 0) return;
  const of = file !== undefined ? `the output of ${displayPath(resolve(target, file))}` : 'the output of another urbsim command';
  throw new InputError(
    `${dir}: holds ${of}${others.length ? ` (${listed(others)})` : ''}; ${command} adds its files to its folder and replaces those of the same name, ` +
      'so they would mix with that output: choose another folder (--out)',
  );
}

/**
 * Refuse to add files to a folder whose manifest.json urbsim did not write (a web app's, a data package's): the commit
 * writes the folder's own manifest.json in its place (`urbsim report out/r --out site` replaced the site's, silently).
 */
function checkOwnManifest(dir: string, target: string, command: string): void {
  if (!existsSync(join(target, MANIFEST_FILE)) || readManifest(target)) return;
  throw new InputError(
    `${dir}: holds a ${MANIFEST_FILE} that is not urbsim's (another program's, or urbsim's damaged); ${command} writes its own ${MANIFEST_FILE} into its folder, which would replace it: ` +
      'move it out first, or choose another folder (--out)',
  );
}

const listed = (names: readonly string[]) => (names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', '));

/**
 * A folder urbsim wrote: it has a manifest, or (written before manifests) urbsim's meta.json, or only names urbsim
 * writes, one of them a file that shows it is urbsim's ({@link showsUrbsim}).
 */
function isOutputFolder(dir: string, entries: readonly Dirent[]): boolean {
  if (readManifest(dir) || urbsimMeta(join(dir, 'meta.json'))) return true;
  return entries.some((e) => e.isFile() && showsUrbsim(dir, e.name)) && walkOutput(dir, '', undefined, true).foreign.length === 0;
}

/** Whether `file` is a meta.json urbsim wrote (its `toolkit.name`). */
function urbsimMeta(file: string): boolean {
  try {
    return JSON.parse(readRegularFile(file, 'utf8'))?.toolkit?.name === 'urbsim';
  } catch {
    return false; // none, or not urbsim's
  }
}

/**
 * Whether file `name` of `dir` shows urbsim wrote it: a name urbsim writes, and for an Arrow table urbsim's documented
 * columns ({@link documentedArrowFile}), for meta.json urbsim's ({@link urbsimMeta}); a writer's temporary name by itself. By its name alone a user's folder
 * holding their own summary.arrow, runs.arrow or meta.json was taken for urbsim's and replaced, that file with it
 * (`urbsim run a.yaml --out study`, exit 0).
 */
function showsUrbsim(dir: string, name: string): boolean {
  if (!known(name)) return false;
  const plain = name.replace(/\.tmp-\d+$/, '');
  // A writer's temporary name (<name>.tmp-<pid>), left half-written by one killed: its name is all it can show.
  if (plain !== name) return true;
  if (plain === 'meta.json') return urbsimMeta(join(dir, name));
  return !plain.endsWith('.arrow') || documentedArrowFile(join(dir, name));
}

/**
 * A report of `dir` in it: an output folder of no scenario file that draws `dir` (its manifest's `reportOf`), under
 * any name (`report/`, where `urbsim report` writes a folder's charts by default, or `--out dir/svg`); in `report/`, a
 * report written before `reportOf` was recorded is taken for the folder's own too. Drawn from the folder's output, it
 * is replaced with it.
 */
function isOwnReport(name: string, sub: string, dir: string): boolean {
  const m = readManifest(sub);
  if (m?.scenarioFile !== undefined) return false;
  if (m?.reportOf === undefined) return name === 'report';
  return realTarget(resolve(sub, m.reportOf)) === realTarget(dir);
}

/**
 * What below `dir` (an output folder, or a folder of one) its replacement would delete but urbsim did not write
 * there: `foreign`, paths not in its manifest (`listedFiles`, relative to `dir`; undefined when it has none) and
 * not a name urbsim writes; `nested`, other output folders — a sub-folder with a manifest of its own that the
 * folder's manifest does not list as its own (by the sub-folder manifest's SHA-256, as a comparison lists its
 * variants), save the folder's own `report/`; also those a folder of the user's holds. `legacy`: a folder written
 * before manifests, whose sub-folders written before manifests too (a comparison's variants then) are its own.
 */
function walkOutput(dir: string, prefix: string, listedFiles: Readonly<Record<string, WrittenFile>> | undefined, legacy: boolean): { foreign: string[]; nested: string[] } {
  const foreign: string[] = [];
  const nested: string[] = [];
  const files = listedFiles ?? {};
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    // Unlisted, a file of urbsim's name is urbsim's only if it shows it (a folder an older urbsim wrote, then updated):
    // a user's runs.arrow dropped into a run folder was deleted with it by the next run into the folder, exit 0.
    if (e.name === MANIFEST_FILE || e.name === WORK_DIR || Object.hasOwn(files, e.name) || (e.isFile() && showsUrbsim(dir, e.name))) continue;
    if (prefix === '' && KEPT_ENTRIES.includes(e.name)) continue;
    const rel = `${prefix}${e.name}`;
    if (!e.isDirectory()) {
      foreign.push(rel);
      continue;
    }
    const sub = join(dir, e.name);
    const subEntries = readdirSync(sub, { withFileTypes: true });
    if (subEntries.length === 0) continue;
    const under = Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith(`${e.name}/`)).map(([p, w]) => [p.slice(e.name.length + 1), w]));
    const subManifest = readManifest(sub);
    let own: Readonly<Record<string, WrittenFile>> | undefined;
    if (Object.keys(under).length && (!subManifest || under[MANIFEST_FILE])) {
      // Listed by the folder: a plain sub-folder of its files, or a unit whose manifest is still the one committed with it.
      if (subManifest && under[MANIFEST_FILE].sha256 !== fileSha256(join(sub, MANIFEST_FILE))) {
        nested.push(`${rel}/`);
        continue;
      }
      own = under;
    } else if (isOutputFolder(sub, subEntries)) {
      if (!(isOwnReport(e.name, sub, dir) || (legacy && !subManifest))) {
        nested.push(`${rel}/`);
        continue;
      }
      own = subManifest?.files;
    } else {
      // A folder of the user's: itself what urbsim did not write, save the output folders put in it, named as such.
      const inner = walkOutput(sub, `${rel}/`, {}, false);
      nested.push(...inner.nested);
      if (inner.foreign.length) foreign.push(`${rel}/`);
      continue;
    }
    const inner = walkOutput(sub, `${rel}/`, own, legacy && !subManifest);
    foreign.push(...inner.foreign);
    nested.push(...inner.nested);
  }
  return { foreign: foreign.sort(), nested: nested.sort() };
}

/** A file name relative to the folder: no absolute path, no `..`, not a manifest, not `.urbsim`. */
function checkName(name: string): string {
  const rel = name.split(/[\\/]/).filter((p) => p !== '' && p !== '.').join('/');
  const parts = rel.split('/');
  if (!rel || isAbsolute(name) || parts.some((p) => p === '..' || p === WORK_DIR) || parts.at(-1) === MANIFEST_FILE)
    throw new Error(`not a file name inside an output folder: ${JSON.stringify(name)}`);
  return rel;
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not every system can flush a folder; the renames are atomic all the same
  }
}

/**
 * Remove `.urbsim/` if empty, then each folder above it up to `made` (the highest one this writer made) while empty:
 * a command refused after taking its lock (a bad --metric, a lever's range) leaves no empty `out/` behind.
 */
function removeMade(work: string, made: string | undefined): void {
  removeIfEmpty(work);
  if (made === undefined || made === work) return;
  for (let d = dirname(work); d.length >= made.length && d.startsWith(made); d = dirname(d)) if (!removeIfEmpty(d)) return;
}

function removeIfEmpty(dir: string): boolean {
  try {
    rmdirSync(dir);
    return true;
  } catch {
    // not empty (another folder's writer is at work), or already gone
    return false;
  }
}
