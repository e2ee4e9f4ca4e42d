import { closeSync, existsSync, fstatSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { RecordBatchReader, RecordBatchStreamReader, Table } from 'apache-arrow';
import { Footer } from 'apache-arrow/ipc/metadata/file';
import { InputError } from '../inputError.ts';
import { verifyOutputFolder } from './outputManifest.ts';
import { readArrowFile } from './readArrowFile.ts';
import { mergeResults } from './mergeResults.ts';
import { USABLE, availableMemory } from '../montecarlo/memoryNeed.ts';
import { sizeText } from './diskNeed.ts';
import { runsText } from '../report/batchMarks.ts';
import { METRICS, METRIC_COUNT } from '../model/indicators.ts';
import type { MonteCarloResult } from '../montecarlo/runMonteCarlo.ts';
import { UNLIMITED_METRICS } from './metricColumns.ts';
import { numberColumn } from './readColumns.ts';
import { schemaMessage } from './arrowColumns.ts';
import { type RunMeta, infinityReviver } from './writeRunOutputs.ts';
import { fileKind, readRegularFile, regularFileStats } from './regularFile.ts';
import { outputCommand } from './outputCommand.ts';
import { checkReadable } from './checkReadable.ts';

/**
 * Bytes of trajectories.arrow that {@link readRunOutputs} reads at a time. Node reads no file over 2 GiB at once
 * (ERR_FS_FILE_TOO_LARGE: about 270,000 runs of Dalian), and a piece at a time holds only a record batch beside the rows.
 */
export const PIECE_BYTES = 16 * 2 ** 20;

/**
 * Read a run folder back into the in-memory form the writer took: the rows
 * of trajectories.arrow and the sampled values of params.arrow, with the
 * resolved scenario from meta.json, after checking every file against the
 * folder's manifest. Used to merge shards, to weigh a folder's runs and by
 * `urbsim calibrate --runs-from`. trajectories.arrow is read `pieceBytes` at a
 * time ({@link PIECE_BYTES}), however large it is; memory holds its rows and
 * one record batch.
 *
 * @example
 * const { result, meta } = readRunOutputs('out/shard-1');
 */
export function readRunOutputs(dir: string, o: ReadOptions = {}): { result: MonteCarloResult; meta: RunMeta; dir: string } {
  const read = readRunMeta(dir);
  const { years, runStart, runEnd } = read.result;
  const rows = rowsFor(dir, runEnd - runStart, years.length, o.available);
  readTrajectoriesInto(dir, read.result, rows, runStart, o.pieceBytes);
  return { ...read, result: { ...read.result, rows } };
}

/**
 * The runs of one or more run folders (urbsim run, or the shards of one) as one result, as {@link mergeResults} of
 * their {@link readRunOutputs} would give it, each folder's trajectories read straight into the merged rows: memory
 * holds the rows once, not each shard's beside their merge. The shards are checked (one scenario, every run once)
 * before any run is read.
 *
 * @example
 * const result = readRunsMerged(['out/s1', 'out/s2']); // urbsim calibrate --runs-from out/s1 out/s2
 */
export function readRunsMerged(dirs: readonly string[], o: ReadOptions = {}): MonteCarloResult {
  const parts = dirs.map((d) => readRunMeta(d));
  const merged = mergeResults(parts);
  o.check?.(merged);
  const rows = rowsFor(dirs.length === 1 ? dirs[0] : `the ${dirs.length} folders ${dirs.join(', ')}`, merged.runEnd - merged.runStart, merged.years.length, o.available);
  for (const p of parts) readTrajectoriesInto(p.dir, p.result, rows, merged.runStart, o.pieceBytes);
  return { ...merged, rows };
}

interface ReadOptions {
  /** Called with the merged result, its rows still empty, before any run is read ({@link readRunsMerged}): throw to read none. */
  readonly check?: (merged: MonteCarloResult) => void;
  /** Bytes of trajectories.arrow read at a time (default {@link PIECE_BYTES}). */
  readonly pieceBytes?: number;
  /** Memory this process may count on (default the machine's or its container's, {@link availableMemory}). */
  readonly available?: number;
}

/** Bytes the rows of `runs` runs of `nYears` years take read back: {@link METRIC_COUNT} doubles a year of each run. */
const rowBytes = (runs: number, nYears: number) => runs * nYears * METRIC_COUNT * 8;
const needText = (runs: number, nYears: number) =>
  `${runsText(runs)} of ${nYears} years read back need ${sizeText(rowBytes(runs, nYears))} of memory (${METRIC_COUNT} indicators a year, 8 bytes each)`;

/**
 * Why memory cannot hold the rows of `runs` runs of `nYears` years read back, or undefined when it can: they would
 * need more than {@link USABLE} of the memory `available`, as a Monte Carlo plans its own (checkMemory). The one rule
 * {@link readRunOutputs} refuses by and `urbsim run` / `urbsim merge` leave their runs unweighed by.
 *
 * @example
 * tooLargeToReadBack(1000, 23); // undefined
 * tooLargeToReadBack(300_000, 23, 2e9); // '300,000 runs of 23 years read back need 2.4 GB of memory (43 indicators a year, 8 bytes each), more than 75% of the 2.0 GB this machine has'
 */
export function tooLargeToReadBack(runs: number, nYears: number, available = availableMemory()): string | undefined {
  if (rowBytes(runs, nYears) <= USABLE * available) return undefined;
  return `${needText(runs, nYears)}, more than ${Math.round(USABLE * 100)}% of the ${sizeText(available)} this machine has`;
}

/**
 * The rows `runs` runs of `nYears` years read back into, or an {@link InputError} when memory cannot hold them
 * ({@link tooLargeToReadBack}): allocated, they would end in "Array buffer allocation failed" or the system killing
 * the process, after the folder's files were hashed.
 *
 * @example
 * rowsFor('out/dalian', 1000, 23); // Float64Array of 1000 · 23 · METRIC_COUNT
 * rowsFor('out/huge', 5e6, 23, 16e9); // throws: out/huge: 5,000,000 runs of 23 years read back need 37.7 GB of memory …
 */
function rowsFor(where: string, runs: number, nYears: number, available = availableMemory()): Float64Array {
  const fewer = ': read fewer runs (a run of fewer runs, or fewer of its shards)';
  const over = tooLargeToReadBack(runs, nYears, available);
  if (over) throw new InputError(`${where}: ${over}${fewer}`);
  try {
    return new Float64Array(runs * nYears * METRIC_COUNT);
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(`${where}: ${needText(runs, nYears)}, which this process could not have (${e.message})${fewer}`);
    throw e;
  }
}

/**
 * Put the runs of `dir`'s trajectories.arrow, runs `part.runStart`–`part.runEnd − 1` of years `part.years`, into
 * `rows` (run-major, run r at row block r − `first`), reading the file `pieceBytes` at a time. Null reads as NaN, and
 * as Infinity in the capacity columns (no limit). A run or year outside the folder's, or a count of rows other than
 * meta.json implies, is an {@link InputError}.
 */
function readTrajectoriesInto(dir: string, part: Pick<MonteCarloResult, 'years' | 'runStart' | 'runEnd'>, rows: Float64Array, first: number, pieceBytes = PIECE_BYTES): void {
  const { years, runStart, runEnd } = part;
  const start = years[0];
  const file = join(dir, 'trajectories.arrow');
  const nYears = years.length;
  const expected = (runEnd - runStart) * nYears;
  let seen = 0;
  regularFileStats(file); // a pipe in its place is refused, never opened
  const fd = openSync(file, 'r');
  try {
    const reader = RecordBatchStreamReader.from(ipcStreamPieces(fd, file, pieceBytes));
    for (const batch of reader) {
      const traj = new Table(batch);
      const n = batch.numRows;
      if (n === 0) continue;
      if (seen + n > expected) throw new InputError(`${file} has more than ${expected} rows, which meta.json implies`);
      seen += n;
      // Numbers, or an InputError naming the column (NaN, a null, is outside every run and year below).
      const run = numberColumn(traj, 'run', 'trajectories', NaN, file);
      const year = numberColumn(traj, 'year', 'trajectories', NaN, file);
      const at = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        if (!(run[i] >= runStart && run[i] < runEnd && year[i] >= start && year[i] < start + nYears))
          throw new InputError(`${file} has run ${run[i]} year ${year[i]}, outside the runs ${runStart}–${runEnd - 1} and years ${start}–${start + nYears - 1} meta.json gives`);
        at[i] = ((run[i] - first) * nYears + (year[i] - start)) * METRIC_COUNT;
      }
      METRICS.forEach((m, j) => {
        // Null is "no limit" in a capacity column, which the engine holds as Infinity; elsewhere "no value", NaN.
        if (!traj.getChild(m)) throw new InputError(missingColumn(file, m));
        const col = numberColumn(traj, m, 'trajectories', UNLIMITED_METRICS.includes(m) ? Infinity : NaN, file);
        for (let i = 0; i < n; i++) rows[at[i] + j] = col[i];
      });
    }
  } catch (e) {
    // Arrow's own failures on bytes that are no Arrow stream (a TypeError deep in its reader) say nothing of the file.
    if (e instanceof InputError) throw e;
    throw new InputError(`${file} cannot be read as urbsim's runs (${(e as Error).message}): damaged, or written by another program?`);
  } finally {
    closeSync(fd);
  }
  if (seen !== expected) throw new InputError(`${file} has ${seen} rows, meta.json implies ${expected}`);
}

/**
 * The stream an Arrow IPC file holds, in pieces of `pieceBytes` read from `fd`. The file is its magic ('ARROW1' and two
 * bytes of padding), the messages of a stream (dictionaries, record batches, end of stream: Arrow JS writes the schema
 * only in the footer), a footer, its length (int32) and the magic again. The schema, read from the footer, comes
 * first as a stream's schema message; the pieces stop where the footer starts.
 */
function* ipcStreamPieces(fd: number, file: string, pieceBytes: number): Generator<Uint8Array> {
  const { schema, end, notArrow } = fileFooter(fd, file);
  yield schemaMessage(schema);
  for (let at = 8; at < end; ) {
    // A new piece each time: a record batch read from within one piece is a view of it.
    const piece = new Uint8Array(Math.min(pieceBytes, end - at));
    const got = readSync(fd, piece, 0, piece.length, at);
    if (got === 0) throw notArrow();
    yield got === piece.length ? piece : piece.subarray(0, got);
    at += got;
  }
}

/** The schema in an Arrow IPC file's footer, where the footer starts, and the error of a file cut short; an {@link InputError} when `fd` holds no such file. */
function fileFooter(fd: number, file: string): { schema: ReturnType<typeof Footer.decode>['schema']; end: number; notArrow: () => InputError } {
  const size = fstatSync(fd).size;
  const notArrow = () => new InputError(`${file} (${size} bytes) is not an Arrow IPC file: written by another program, or cut short?`);
  const bytesAt = (at: number, n: number) => {
    const b = Buffer.alloc(n);
    if (readSync(fd, b, 0, n, at) !== n) throw notArrow();
    return b;
  };
  if (size < 8 + 10) throw notArrow();
  const tail = bytesAt(size - 10, 10);
  if (bytesAt(0, 6).toString('latin1') !== 'ARROW1' || tail.toString('latin1', 4) !== 'ARROW1') throw notArrow();
  const footerBytes = tail.readInt32LE(0);
  const end = size - 10 - footerBytes;
  if (footerBytes <= 0 || end < 8) throw notArrow();
  return { schema: Footer.decode(bytesAt(end, footerBytes)).schema, end, notArrow };
}

/** Added to trajectories.arrow later than the rest: a file without them was written by an urbsim before 79b37fd. */
const ADDED_LATER: readonly string[] = ['converted_in_place', 'relabelled'];

/**
 * What to say of trajectories.arrow `file` without indicator `m`'s column: an urbsim of before a column was added
 * wrote it, so its runs cannot be read back; run its command again.
 *
 * @example
 * missingColumn('out/dalian/trajectories.arrow', 'converted_in_place');
 * // 'out/dalian/trajectories.arrow has no column converted_in_place: written by an urbsim before it was added (43 indicators since 79b37fd, 41 before); run the command that wrote it again'
 */
export function missingColumn(file: string, m: string): string {
  return ADDED_LATER.includes(m)
    ? `${file} has no column ${m}: written by an urbsim before it was added (${METRIC_COUNT} indicators since 79b37fd, ${METRIC_COUNT - ADDED_LATER.length} before); run the command that wrote it again`
    : `${file} has no column ${m}: written by another version of urbsim?`;
}

/**
 * The indicators this urbsim writes that `dir`'s trajectories.arrow has no column for (read from its footer alone): a
 * folder written before they were added (`converted_in_place` and `relabelled` since 43 indicators), whose runs cannot
 * be read back. An {@link InputError} when the file is not an Arrow IPC file.
 *
 * @example
 * trajectoriesLack('out/pilots/dalian'); // [] — or ['converted_in_place', 'relabelled'] for a folder of 41 indicators
 */
export function trajectoriesLack(dir: string): string[] {
  const file = join(dir, 'trajectories.arrow');
  regularFileStats(file);
  const fd = openSync(file, 'r');
  try {
    const names = new Set(fileFooter(fd, file).schema.fields.map((f) => f.name));
    return METRICS.filter((m) => !names.has(m));
  } finally {
    closeSync(fd);
  }
}

/**
 * A run folder's meta.json and sampled values, without its trajectories: what a streaming merge holds of a shard
 * ({@link trajectoryChunks} reads the runs). `result.rows` is empty.
 *
 * @example
 * const { result, meta } = readRunMeta('out/shard-1');
 */
export function readRunMeta(dir: string): { result: MonteCarloResult; meta: RunMeta; dir: string } {
  checkRunFolder(dir);
  verifyOutputFolder(dir, { content: true }); // merged runs must come from one run of each shard, byte for byte
  let meta: RunMeta;
  try {
    meta = JSON.parse(readRegularFile(join(dir, 'meta.json'), 'utf8'), infinityReviver) as RunMeta;
  } catch (e) {
    throw new InputError(`${join(dir, 'meta.json')} is not readable urbsim metadata (${(e as Error).message})`);
  }
  // JSON of another shape (another version's, or changed and its manifest written anew) failed below on a property
  // read ("Cannot read properties of null (reading 'runRange')", exit code 1), as did params.arrow not read as Arrow.
  const problem = runMetaProblem(meta);
  if (problem) throw new InputError(`${join(dir, 'meta.json')} is not readable urbsim metadata (${problem}): written by another version of urbsim, or changed since?`);
  const params = readArrowFile(join(dir, 'params.arrow'));
  const [runStart, runEnd] = meta.runRange;
  const runs = runEnd - runStart;
  const { start, end } = meta.scenario.years;
  const years = Int32Array.from({ length: end - start + 1 }, (_, i) => start + i);
  const names = meta.sampledParameters;
  const sampled = new Float64Array(runs * names.length);
  names.forEach((name, k) => {
    if (!params.getChild(name)) throw new InputError(`${dir}/params.arrow has no column ${name}, which meta.json lists as sampled`);
    const col = numberColumn(params, name, 'params', NaN, join(dir, 'params.arrow'));
    for (let r = 0; r < runs; r++) sampled[r * names.length + k] = col[r];
  });
  return {
    dir,
    meta,
    result: { scenario: meta.scenario, years, runStart, runEnd, rows: new Float64Array(0), sampledNames: names, sampled, elapsedMs: meta.timings.simulationMs },
  };
}

/** What in a run folder's meta.json is not as urbsim writes it, of what reading its runs back needs; undefined when all is. */
function runMetaProblem(meta: unknown): string | undefined {
  const m = meta as Partial<Record<keyof RunMeta, unknown>> | null;
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return `expected a mapping, found ${Array.isArray(m) ? 'a list' : String(m)}`;
  const whole = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
  const s = m.scenario as { name?: unknown; years?: { start?: unknown; end?: unknown } } | undefined;
  const range = m.runRange as unknown[] | undefined;
  if (typeof m.hash !== 'string') return 'hash: expected a text';
  if (!whole(m.runs)) return 'runs: expected a whole number';
  if (!Array.isArray(range) || range.length !== 2 || !range.every(whole) || !((range[0] as number) <= (range[1] as number) && (range[1] as number) <= (m.runs as number)))
    return `runRange: expected [first, end] within the ${m.runs} runs`;
  if (typeof s?.name !== 'string' || !Number.isInteger(s.years?.start) || !Number.isInteger(s.years?.end) || (s.years!.end as number) < (s.years!.start as number))
    return 'scenario: expected its name and years { start, end }';
  if (!Array.isArray(m.sampledParameters) || !m.sampledParameters.every((n) => typeof n === 'string')) return 'sampledParameters: expected a list of names';
  if (typeof (m.timings as { simulationMs?: unknown } | undefined)?.simulationMs !== 'number') return 'timings: expected simulationMs';
  return undefined;
}

/**
 * The runs of a folder's trajectories.arrow as indicator rows (run-major, as the engine writes them), one record
 * batch at a time, in run order: memory holds a batch, however large the file. Null reads as NaN, and as Infinity
 * in the capacity columns (no limit), as in {@link readRunOutputs}.
 *
 * @example
 * for await (const rows of trajectoryChunks('out/shard-1', years)) stream.add({ rows, sampled });
 */
export async function* trajectoryChunks(dir: string, years: Int32Array): AsyncGenerator<Float64Array> {
  regularFileStats(join(dir, 'trajectories.arrow')); // a pipe in its place is refused, never opened
  const file = await open(join(dir, 'trajectories.arrow'));
  try {
    const reader = await RecordBatchReader.from(file);
    const nYears = years.length;
    for await (const batch of reader) {
      const table = new Table(batch);
      const n = batch.numRows;
      if (n === 0) continue;
      const rows = new Float64Array(n * METRIC_COUNT);
      const run = table.getChild('run')!.toArray() as Int32Array;
      const year = table.getChild('year')!.toArray() as Int32Array;
      const first = run[0];
      METRICS.forEach((m, j) => {
        if (!table.getChild(m)) throw new InputError(missingColumn(join(dir, 'trajectories.arrow'), m));
        const col = numberColumn(table, m, 'trajectories', UNLIMITED_METRICS.includes(m) ? Infinity : NaN, join(dir, 'trajectories.arrow'));
        for (let i = 0; i < n; i++) rows[((run[i] - first) * nYears + (year[i] - years[0])) * METRIC_COUNT + j] = col[i];
      });
      yield rows;
    }
  } catch (e) {
    // Bytes changed since (the manifest written anew) fail inside apache-arrow: said as readTrajectoriesInto says it.
    if (e instanceof InputError) throw e;
    throw new InputError(`${join(dir, 'trajectories.arrow')} cannot be read as urbsim's runs (${(e as Error).message}): damaged, or written by another program?`);
  } finally {
    await file.close();
  }
}

/**
 * What a folder must hold to be read back; checked first so a wrong path gets a message, not ENOENT. The output of
 * another command (compare, sensitivity, solve: its meta.json names it) is called so, not an incomplete run folder,
 * and a folder that holds run folders (a batch's, a compare's) names them.
 */
function checkRunFolder(dir: string): void {
  if (!existsSync(dir)) throw new InputError(`${dir} does not exist: expected an urbsim run folder (urbsim run --out)`);
  if (!statSync(dir).isDirectory()) throw new InputError(`${dir} is ${fileKind(statSync(dir))}: expected an urbsim run folder (urbsim run --out)`);
  checkReadable(dir, { folder: true }); // not 'no meta.json' where the folder may not be listed
  if (!existsSync(join(dir, 'meta.json'))) throw new InputError(`${dir} is not an urbsim run folder (no meta.json)${runFoldersIn(dir)}`);
  for (const f of ['trajectories.arrow', 'params.arrow'])
    if (!existsSync(join(dir, f))) {
      const command = otherCommand(dir);
      throw new InputError(
        command ? `${dir} is the output of urbsim ${command}, not a run folder (urbsim run --out)${runFoldersIn(dir)}` : `${dir} is an incomplete run folder: it has meta.json but no ${f}${runFoldersIn(dir)}`,
      );
    }
}

/** `; the run folders in it: …` when `dir` holds run folders (meta.json and trajectories.arrow), else ''. */
function runFoldersIn(dir: string): string {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    return '';
  }
  const runs = names.map((n) => join(dir, n)).filter((d) => existsSync(join(d, 'meta.json')) && existsSync(join(d, 'trajectories.arrow')));
  if (runs.length === 0) return '';
  return `; the run folder${runs.length === 1 ? '' : 's'} in it: ${runs.slice(0, 5).join(', ')}${runs.length > 5 ? `, … ${runs.length} in all` : ''}`;
}

/** The command other than run (a whole run's or a shard's) whose output `dir` holds ({@link outputCommand}), or undefined. */
function otherCommand(dir: string): string | undefined {
  const command = outputCommand(dir);
  return command === 'run' || command === 'run --shard' ? undefined : command;
}
