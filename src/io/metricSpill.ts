import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { METRIC_COUNT } from '../model/indicators.ts';
import type { rowsToCells } from './rowsToCells.ts';
import type { SpillReader } from './spilledMedianRun.ts';
import { writeFailure } from './writeError.ts';

/** Bytes of runs gathered before they are written out: each cell's stretch of the block is one write. */
const BLOCK_BYTES = 16 << 20;

/**
 * Indicator rows of many runs kept on disk cell by cell (`[metric][year][run]`, float64), so that what needs every
 * run's value of one metric and year (a summary cell's quantiles, the median run's medians) reads one contiguous
 * stretch while memory holds a single cell of every run, however many runs there are: a million runs' cell is 8 MB
 * where a metric's years were 184 MB. Runs arrive in order, cell by cell, and are gathered in a block of a few
 * thousand runs, written out cell by cell when full (a write per cell per block, not per chunk).
 * A temporary file (`<path>.tmp-<pid>`, the name killed writers' leftovers are cleaned by), removed by {@link close}.
 *
 * @example
 * const spill = new MetricSpill('out/dalian/metrics', runs, years.length);
 * spill.write(0, chunk.cells, chunk.runs); // runs 0 … of the chunk, cell by cell (rowsToCells)
 * const cell = spill.read(M.resident_rate, 0, 0, runs); // the base year's resident rate of every run
 * spill.close();
 */
export class MetricSpill {
  readonly path: string;
  private fd: number;
  /** Runs gathered but not yet written: `(m · years + y) · blockRuns + (run − blockFirst)`. */
  private readonly block: Float64Array;
  private readonly blockRuns: number;
  private blockFirst = 0;
  private held = 0;
  private removing: Promise<void> | undefined;

  /** `blockRuns`: runs gathered before a write (default: as many as fit in 16 MB). */
  constructor(path: string, private readonly runs: number, private readonly years: number, blockRuns?: number) {
    this.path = `${path}.tmp-${process.pid}`;
    this.fd = openSync(this.path, 'w+');
    const cells = METRIC_COUNT * years;
    this.blockRuns = Math.max(1, Math.min(runs, blockRuns ?? Math.floor(BLOCK_BYTES / (8 * Math.max(1, cells)))));
    this.block = new Float64Array(this.blockRuns * cells);
  }

  /**
   * Store the next `runs` runs, from `first` on (relative to the spill's first run; runs arrive in order, each once),
   * given as cells: metric m in year index y of run r at `cells[(m · years + y) · runs + r]` ({@link rowsToCells}).
   * Each cell's stretch is copied into the block as it is.
   */
  write(first: number, cells: Float64Array, runs: number): void {
    if (first !== this.blockFirst + this.held) throw new RangeError(`spill: runs from ${first} given, ${this.blockFirst + this.held} expected next`);
    const B = this.blockRuns;
    const count = METRIC_COUNT * this.years;
    for (let r = 0; r < runs; ) {
      const take = Math.min(runs - r, B - this.held);
      for (let c = 0; c < count; c++) this.block.set(cells.subarray(c * runs + r, c * runs + r + take), c * B + this.held);
      this.held += take;
      r += take;
      if (this.held === B) this.flush();
    }
  }

  /** Write out the runs gathered so far: the file then holds every run given. */
  flush(): void {
    const B = this.blockRuns;
    const bytes = this.held * 8;
    for (let c = 0; c < METRIC_COUNT * this.years; c++) {
      const part = new Uint8Array(this.block.buffer, c * B * 8, bytes);
      const at = (c * this.runs + this.blockFirst) * 8;
      let done = 0;
      try {
        while (done < bytes) done += writeSync(this.fd, part, done, bytes - done, at + done);
      } catch (e) {
        throw writeFailure(e, this.path); // a full disk is the machine's, not a bug: "disk full writing …"
      }
    }
    this.blockFirst += this.held;
    this.held = 0;
  }

  /** Metric m in year index y of runs `from ≤ run < to` (relative to the spill's first run), into `into` (allocated when not given). */
  read(m: number, y: number, from: number, to: number, into: Float64Array = new Float64Array(to - from)): Float64Array {
    this.flush();
    return readCell(this.fd, this.path, this.runs, this.years, m, y, from, to, into);
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
 * Read cells of the spill file at `path` (a {@link MetricSpill}'s `path`, flushed, still open in the thread writing
 * it) of `runs` runs and `years` years from another thread: `f` gets a reader of metric m in year index y of runs
 * `from ≤ run < to`, into `into`; the file is open while `f` runs.
 *
 * @example
 * withSpillCells(spill.path, runs, years, (read) => median(read(M.resident_rate, 0, 0, runs, new Float64Array(runs))));
 */
export function withSpillCells<T>(path: string, runs: number, years: number, f: (read: SpillReader) => T): T {
  const fd = openSync(path, 'r');
  try {
    return f((m, y, from, to, into) => readCell(fd, path, runs, years, m, y, from, to, into));
  } finally {
    closeSync(fd);
  }
}

function readCell(fd: number, path: string, runs: number, years: number, m: number, y: number, from: number, to: number, into: Float64Array): Float64Array {
  const bytes = new Uint8Array(into.buffer, into.byteOffset, (to - from) * 8);
  const at = ((m * years + y) * runs + from) * 8;
  let done = 0;
  while (done < bytes.length) {
    const got = readSync(fd, bytes, done, bytes.length - done, at + done);
    if (got === 0) throw new Error(`${path}: ended early (metric ${m}, year ${y}, runs ${from}–${to})`);
    done += got;
  }
  return into;
}
