import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { METRIC_COUNT } from '../model/indicators.ts';
import { writeFailure } from './writeError.ts';

/**
 * Indicator rows of many runs kept on disk metric by metric (`[metric][run][year]`, float64), so that what needs all
 * runs of one metric (quantiles, the median run) reads one contiguous stretch while memory holds a single metric,
 * however many runs there are. Runs arrive as metric columns of a chunk, in any order.
 * A temporary file (`<path>.tmp-<pid>`, the name killed writers' leftovers are cleaned by), removed by {@link close}.
 *
 * @example
 * const spill = new MetricSpill('out/dalian/metrics', runs, years.length);
 * spill.write(0, chunkColumns); // rowsToColumns of the chunk's rows
 * const column = spill.read(M.resident_rate, 0, runs); // runs × years values
 * spill.close();
 */
export class MetricSpill {
  readonly path: string;
  private fd: number;

  constructor(path: string, private readonly runs: number, private readonly years: number) {
    this.path = `${path}.tmp-${process.pid}`;
    this.fd = openSync(this.path, 'w+');
  }

  /**
   * Store runs `first …` (relative to the spill's first run) from their metric columns: METRIC_COUNT columns one after
   * another, each the runs' values run by run, year by year (as rowsToColumns.ts lays a chunk out).
   */
  write(first: number, columns: Float64Array): void {
    const block = columns.length / METRIC_COUNT;
    for (let m = 0; m < METRIC_COUNT; m++) {
      const bytes = new Uint8Array(columns.buffer, columns.byteOffset + m * block * 8, block * 8);
      let done = 0;
      const at = (m * this.runs * this.years + first * this.years) * 8;
      try {
        while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, at + done);
      } catch (e) {
        throw writeFailure(e, this.path); // a full disk is the machine's, not a bug: "disk full writing …"
      }
    }
  }

  /** Metric m of runs `from ≤ run < to`, `(run − from) · years + y`, into `into` (allocated when not given). */
  read(m: number, from: number, to: number, into: Float64Array = new Float64Array((to - from) * this.years)): Float64Array {
    return readMetric(this.fd, this.path, this.runs, this.years, m, from, to, into);
  }

  /** Close and remove the file. */
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    rmSync(this.path, { force: true });
  }
}

/**
 * Metric m of every run from the spill file at `path` (a {@link MetricSpill}'s `path`, still open in the thread
 * writing it) of `runs` runs and `years` years, from another thread: `run · years + y`, into `into`.
 *
 * @example
 * const column = readSpilledMetric(spill.path, runs, years, M.resident_rate, new Float64Array(runs * years));
 */
export function readSpilledMetric(path: string, runs: number, years: number, m: number, into: Float64Array): Float64Array {
  const fd = openSync(path, 'r');
  try {
    return readMetric(fd, path, runs, years, m, 0, runs, into);
  } finally {
    closeSync(fd);
  }
}

function readMetric(fd: number, path: string, runs: number, years: number, m: number, from: number, to: number, into: Float64Array): Float64Array {
  const bytes = new Uint8Array(into.buffer, into.byteOffset, (to - from) * years * 8);
  const at = (m * runs * years + from * years) * 8;
  let done = 0;
  while (done < bytes.length) {
    const got = readSync(fd, bytes, done, bytes.length - done, at + done);
    if (got === 0) throw new Error(`${path}: ended early (metric ${m}, runs ${from}–${to})`);
    done += got;
  }
  return into;
}
