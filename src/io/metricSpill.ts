import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { METRIC_COUNT } from '../model/indicators.ts';
import type { rowsToCells } from './rowsToCells.ts';
import type { SpillReader } from './spilledMedianRun.ts';
import { writeFailure } from './writeError.ts';

/**
 * Where a metric file lies and what it holds, for any thread: room for `runs` runs of `years`, and the edges of the
 * blocks written so far, in run order (block i holds runs `blocks[i] ≤ run < blocks[i + 1]`, counted from the
 * file's first run).
 */
export interface SpilledRuns {
  readonly path: string;
  /** What an error writing the file names: the output folder it serves, not the temporary file (src/io/writeError.ts). */
  readonly reportAs: string;
  readonly runs: number;
  readonly years: Int32Array;
  readonly blocks: Int32Array;
}

/**
 * Indicator values of many runs kept on disk, so that what needs every run's value of one metric and year (a summary
 * cell's quantiles, the median run's medians) reads them back while memory holds a cell or a few years of every run,
 * however many runs there are. Runs come in blocks, in run order (a chunk of runs each, as it was run), given cell by
 * cell ({@link rowsToCells}: metric m, year y, run r of the block at `cells[(m · years + y) · n + r]`); the file
 * keeps each metric's runs together, block after block, each block as it came: metric m of block [s, e) is
 * `years · (e − s)` values at value `(m · runs + s) · years` of the file. A block is one write per metric, written
 * here or by the thread that ran it ({@link writeSpillBlock}); reading a cell of every run is one read per block.
 * A temporary file (`<path>.tmp-<pid>`, the name killed writers' leftovers are cleaned by), removed by {@link close}.
 *
 * @example
 * const spill = new MetricSpill('out/dalian/metrics', runs, years);
 * spill.write(0, chunk.cells, chunk.runs); // runs 0 … of the chunk, cell by cell (rowsToCells)
 * const cell = spill.read(M.resident_rate, 0, 0, runs); // the base year's resident rate of every run
 * spill.close();
 */
export class MetricSpill {
  readonly path: string;
  private fd: number;
  /** Edges of the blocks given so far: starts, then the end of the last one. */
  private readonly edges: number[] = [0];
  private removing: Promise<void> | undefined;

  /** @param reportAs what a write error names (the output folder); the temporary file when not given */
  constructor(path: string, private readonly runs: number, private readonly years: Int32Array, private readonly reportAs?: string) {
    this.path = `${path}.tmp-${process.pid}`;
    this.fd = openSync(this.path, 'w+');
  }

  /** Runs given so far. */
  get given(): number {
    return this.edges[this.edges.length - 1];
  }

  /**
   * Store the next `runs` runs as a block, from `first` on (relative to the spill's first run; runs arrive in order,
   * each once), given as cells: metric m in year index y of run r at `cells[(m · years + y) · runs + r]`.
   */
  write(first: number, cells: Float64Array, runs: number): void {
    this.expect(first, runs);
    writeSpillBlock(this.fd, this.target(), first, cells, runs);
    this.edges.push(first + runs);
  }

  /** Take note of the next `runs` runs from `first` on, written as a block by another thread ({@link writeSpillBlock}). */
  written(first: number, runs: number): void {
    this.expect(first, runs);
    this.edges.push(first + runs);
  }

  private expect(first: number, runs: number): void {
    if (first !== this.given) throw new RangeError(`spill: runs from ${first} given, ${this.given} expected next`);
    if (first + runs > this.runs) throw new RangeError(`spill: runs up to ${first + runs} given to a spill of ${this.runs}`);
  }

  /** Where the file is and what it holds, for other threads: to write blocks ({@link writeSpillBlock}) or read what is written. */
  target(): SpilledRuns {
    return { path: this.path, reportAs: this.reportAs ?? this.path, runs: this.runs, years: this.years, blocks: Int32Array.from(this.edges) };
  }

  /** Metric m in year index y of runs `from ≤ run < to` (relative to the spill's first run), into `into` (allocated when not given). */
  read(m: number, y: number, from: number, to: number, into: Float64Array = new Float64Array(to - from)): Float64Array {
    return readCell(this.fd, this.target(), m, y, from, to, into);
  }

  /** Close and remove the file. */
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    if (!this.removing) rmSync(this.path, { force: true });
  }

  /** {@link close}, the file removed on another thread (freeing the cache of a large one takes tens of milliseconds). */
  remove(): Promise<void> {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    return (this.removing ??= rm(this.path, { force: true }));
  }
}

/**
 * Write runs `first ≤ run < first + n` of the metric file `spill` (open as `fd`, in any thread) as one block, given
 * as cells (metric m in year index y of run r at `cells[(m · years + y) · n + r]`): a write per metric. The block
 * counts once the thread that keeps the file takes note of it ({@link MetricSpill.written}), in run order.
 *
 * @example
 * writeSpillBlock(fd, spill, chunk.start - runStart, cells, chunk.runs);
 */
export function writeSpillBlock(fd: number, spill: Pick<SpilledRuns, 'path' | 'reportAs' | 'runs' | 'years'>, first: number, cells: Float64Array, n: number): void {
  const years = spill.years.length;
  const bytes = years * n * 8;
  for (let m = 0; m < METRIC_COUNT; m++) {
    const part = new Uint8Array(cells.buffer, cells.byteOffset + m * bytes, bytes);
    const at = (m * spill.runs + first) * years * 8;
    let done = 0;
    try {
      while (done < bytes) done += writeSync(fd, part, done, bytes - done, at + done);
    } catch (e) {
      throw writeFailure(e, spill.reportAs); // a full disk is the machine's, not a bug: "disk full writing …"
    }
  }
}

/**
 * {@link writeSpillBlock} into the metric file at `spill.path`, opened for the block and closed again: from any thread.
 *
 * @example
 * writeSpillBlockTo(spill, chunk.start - runStart, cells, chunk.runs); // in the worker thread that ran the chunk
 */
export function writeSpillBlockTo(spill: Pick<SpilledRuns, 'path' | 'reportAs' | 'runs' | 'years'>, first: number, cells: Float64Array, n: number): void {
  let fd: number;
  try {
    fd = openSync(spill.path, 'r+');
  } catch (e) {
    throw writeFailure(e, spill.reportAs);
  }
  try {
    writeSpillBlock(fd, spill, first, cells, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Read the metric file `spill` (still open in the thread keeping it) from another thread: `f` gets a reader of metric
 * m in year index y of runs `from ≤ run < to`, into `into`; the file is open while `f` runs.
 *
 * @example
 * withSpillCells(spill, (read) => median(read(M.resident_rate, 0, 0, spill.runs, new Float64Array(spill.runs))));
 */
export function withSpillCells<T>(spill: SpilledRuns, f: (read: SpillReader, fd: number) => T): T {
  const fd = openSync(spill.path, 'r');
  try {
    return f((m, y, from, to, into) => readCell(fd, spill, m, y, from, to, into), fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs written to the metric file so far: the end of its last block.
 *
 * @example
 * runsWritten(spill.target()); // spill.given
 */
export const runsWritten = (spill: Pick<SpilledRuns, 'blocks'>): number => spill.blocks[spill.blocks.length - 1];

/** The block holding run `run` (< the runs written): the last edge ≤ run. */
function blockOf(edges: Int32Array, run: number): number {
  let lo = 0;
  let hi = edges.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid] <= run) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function readCell(fd: number, spill: SpilledRuns, m: number, y: number, from: number, to: number, into: Float64Array): Float64Array {
  const { blocks: edges } = spill;
  const years = spill.years.length;
  if (to > runsWritten(spill)) throw new RangeError(`spill: runs up to ${to} read, ${runsWritten(spill)} written`);
  for (let b = from < to ? blockOf(edges, from) : edges.length; b < edges.length - 1 && edges[b] < to; b++) {
    const s = edges[b];
    const n = edges[b + 1] - s;
    const lo = Math.max(from, s);
    const hi = Math.min(to, s + n);
    readExactly(fd, spill.path, into, lo - from, hi - lo, (m * spill.runs + s) * years + y * n + (lo - s));
  }
  return into;
}

/**
 * Metric m in year indices `y0 ≤ y < y1` of every run written, into `into[(y − y0) · runs + r]` (`runs` the runs
 * written): a read per block, each block's years being one stretch of the file. `scratch` holds a block's stretch.
 *
 * @example
 * readYears(fd, spill, M.resident_rate, 0, 5, into, { values: new Float64Array(0) });
 */
export function readYears(fd: number, spill: SpilledRuns, m: number, y0: number, y1: number, into: Float64Array, scratch: { values: Float64Array }): Float64Array {
  const { blocks: edges } = spill;
  const years = spill.years.length;
  const runs = runsWritten(spill);
  for (let b = 0; b < edges.length - 1; b++) {
    const s = edges[b];
    const n = edges[b + 1] - s;
    const want = (y1 - y0) * n;
    if (y1 - y0 === 1) {
      readExactly(fd, spill.path, into, s, n, (m * spill.runs + s) * years + y0 * n); // one year: in place, no copy
      continue;
    }
    if (scratch.values.length < want) scratch.values = new Float64Array(Math.max(want, 2 * scratch.values.length));
    readExactly(fd, spill.path, scratch.values, 0, want, (m * spill.runs + s) * years + y0 * n);
    for (let y = y0; y < y1; y++) into.set(scratch.values.subarray((y - y0) * n, (y - y0 + 1) * n), (y - y0) * runs + s);
  }
  return into;
}

/** `count` values at value `at` of the file into `into` from index `offset`. */
function readExactly(fd: number, path: string, into: Float64Array, offset: number, count: number, at: number): void {
  const bytes = new Uint8Array(into.buffer, into.byteOffset + offset * 8, count * 8);
  let done = 0;
  while (done < bytes.length) {
    const got = readSync(fd, bytes, done, bytes.length - done, at * 8 + done);
    if (got === 0) throw new Error(`${path}: ended early (values ${at}–${at + count})`);
    done += got;
  }
}
