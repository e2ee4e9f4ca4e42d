import { Dictionary, Float64, Int32, type RecordBatch, RecordBatchFileWriter, type Schema, Utf8, type Vector } from 'apache-arrow';
import { METRICS, METRIC_COUNT } from '../model/indicators.ts';
import type { Summary } from '../analysis/summarize.ts';
import { SUMMARY_STATS } from '../analysis/summarize.ts';
import type { TargetResult } from '../analysis/targetProbabilities.ts';
import { bools, constantDictionary, dictionary, dictionaryWords, documentedIpc, documentedIpcChunks, documentedSchema, drain, floats, ints, markedFloats, recordBatch, uint32s } from './arrowColumns.ts';
import { METRIC_DOCS } from './metricColumns.ts';
import { GAIN_PARTS, type RegisteredGain } from '../montecarlo/registeredGain.ts';
import { type ChunkColumns, clearNulls, columnBitmapBytes, newChunkColumns, rowsToColumns } from './rowsToColumns.ts';

/**
 * The schema of `trajectories.arrow`: scenario (dictionary), run, year, then
 * one float64 column per metric (null where the engine has no finite value:
 * base-year flows, unlimited capacity), each with its metadata.
 *
 * @example
 * const writer = new RecordBatchFileWriter(); writer.reset(undefined, trajectoriesSchema());
 */
export function trajectoriesSchema(): Schema {
  return documentedSchema('trajectories.arrow', [
    ['scenario', new Dictionary(new Utf8(), new Int32(), 0)],
    ['run', new Int32()],
    ['year', new Int32()],
    ...METRICS.map((m) => [m, new Float64()] as const),
  ]);
}

/**
 * What the batches of one trajectories file share: the scenario's dictionary
 * (one for the whole file: the IPC file format has no replacement
 * dictionaries) and column buffers reused from batch to batch: the metric
 * columns one after another, and each one's validity bitmap (bit set = valid)
 * and null count, kept as the values are put in ({@link columnsIntoBatch}).
 */
interface TrajectoryBuffers {
  readonly scenario: Vector<Utf8>;
  readonly run: Int32Array;
  readonly year: Int32Array;
  readonly columns: Float64Array;
  readonly valid: Uint8Array;
  readonly nulls: Int32Array;
  /** Values and bitmap bytes of a metric's column. */
  readonly rows: number;
  readonly bitmapBytes: number;
}

/** Buffers for batches of up to `rows` rows (runs × years) of `scenario`, every value valid so far. */
function trajectoryBuffers(scenario: string, rows: number): TrajectoryBuffers {
  const bitmapBytes = ((rows + 63) >> 6) << 3;
  return {
    scenario: dictionaryWords([scenario]), run: new Int32Array(rows), year: new Int32Array(rows), columns: new Float64Array(METRIC_COUNT * rows),
    valid: new Uint8Array(METRIC_COUNT * bitmapBytes).fill(0xff), nulls: new Int32Array(METRIC_COUNT), rows, bitmapBytes,
  };
}

/**
 * One record batch of `trajectories.arrow` of `runs` whole runs, the first being run `firstRun`, whose metric columns
 * (run-major, `r · years + y`), validity and null counts are in `buffers`. The batch is a view of them: write it out
 * before filling the buffers again ({@link resetValidity}). The same columns as {@link floats} makes of the values.
 */
function trajectoriesBatch(schema: Schema, firstRun: number, years: Int32Array, runs: number, b: TrajectoryBuffers): RecordBatch {
  const nYears = years.length;
  const n = runs * nYears;
  const run = b.run.subarray(0, n);
  const year = b.year.subarray(0, n);
  for (let r = 0, i = 0; i < n; r++)
    for (let y = 0; y < nYears; y++, i++) {
      run[i] = firstRun + r;
      year[i] = years[y];
    }
  const bytes = ((n + 63) >> 6) << 3;
  const metrics = METRICS.map((_, m) => {
    const values = b.columns.subarray(m * b.rows, m * b.rows + n);
    if (b.nulls[m] === 0) return markedFloats(values, 0);
    const bitmap = b.valid.subarray(m * b.bitmapBytes, m * b.bitmapBytes + bytes);
    for (let i = n; i < bytes * 8; i++) bitmap[i >> 3] &= ~(1 << (i & 7)); // bits past the end stay 0, as the format asks
    return markedFloats(values, b.nulls[m], bitmap);
  });
  return recordBatch(schema, [constantDictionary(b.scenario, n, 0), ints(run), ints(year), ...metrics]);
}

/** Every value of the buffers' columns valid again, for the next batch. */
function resetValidity(b: TrajectoryBuffers): void {
  b.valid.fill(0xff);
  b.nulls.fill(0);
}

/**
 * `trajectories.arrow` as IPC file chunks, written in batches of `batchRuns`
 * runs so 100,000 runs never exist as one table. A chunk may be a view of
 * buffers the next batch reuses: write each one out before asking for the
 * next (as {@link writeFileAtomic} does).
 *
 * @example
 * writeFileAtomic('out/trajectories.arrow', trajectoriesIpc('dalian', 0, years, rows));
 */
export function* trajectoriesIpc(scenario: string, runStart: number, years: Int32Array, rows: Float64Array, batchRuns = 1000): Generator<Uint8Array> {
  const t = new TrajectoryBatches(scenario, runStart, years, batchRuns);
  const columns = newChunkColumns(rows.length / (years.length * METRIC_COUNT), years.length);
  clearNulls(columns);
  rowsToColumns(rows, years.length, columns, 0);
  yield* t.push(columns);
  yield* t.finish();
}

/**
 * `trajectories.arrow` written as runs arrive, in run order: {@link push} takes the columns of the next runs and yields
 * the bytes of every batch they complete; {@link finish} the last batch and the footer. Batches hold `batchRuns`
 * runs counted from `runStart`, however the runs arrive, so the bytes depend only on the runs. Yielded chunks are
 * views of buffers the next batch reuses: write each out before the iteration goes on.
 *
 * @example
 * const t = new TrajectoryBatches('dalian', 0, years);
 * for (const chunk of chunks) for (const b of t.push(chunk.columns)) writeSync(fd, b);
 * for (const b of t.finish()) writeSync(fd, b);
 */
export class TrajectoryBatches {
  private readonly schema = trajectoriesSchema();
  private readonly writer = new RecordBatchFileWriter();
  /** Runs in the batch being filled. */
  private filled = 0;
  private written = 0;
  // One set of column buffers for all batches, filled in place: each batch's bytes are taken (drained and written)
  // before the next batch fills them, so 100,000 runs leave no trail of dead buffers for the collector to find late.
  private readonly buffers: TrajectoryBuffers;

  constructor(scenario: string, private readonly runStart: number, private readonly years: Int32Array, private readonly batchRuns = 1000) {
    this.writer.reset(undefined, this.schema);
    this.buffers = trajectoryBuffers(scenario, batchRuns * years.length);
  }

  /**
   * Add the next runs, given as columns with their nulls marked ({@link ChunkColumns}, {@link rowsToColumns}); yields
   * the bytes of each batch they complete, to be written before the iteration goes on (the next batch reuses the
   * buffers).
   */
  *push(chunk: ChunkColumns): Generator<Uint8Array> {
    const nYears = this.years.length;
    const runs = chunk.runs;
    for (let r = 0; r < runs; ) {
      const take = Math.min(runs - r, this.batchRuns - this.filled);
      if (this.filled === 0) resetValidity(this.buffers); // the last batch's bytes are written out by now
      columnsIntoBatch(chunk, r, take, nYears, this.buffers, this.filled * nYears);
      this.filled += take;
      r += take;
      if (this.filled === this.batchRuns) yield* this.flush();
    }
  }

  /** The last batch (an empty one if there were no runs at all) and the footer. */
  *finish(): Generator<Uint8Array> {
    if (this.filled > 0 || this.written === 0) yield* this.flush();
    this.writer.finish();
    yield* drain(this.writer);
  }

  private flush(): Uint8Array[] {
    this.writer.write(trajectoriesBatch(this.schema, this.runStart + this.written, this.years, this.filled, this.buffers));
    this.written += this.filled;
    this.filled = 0;
    return drain(this.writer);
  }
}

/**
 * Runs `from ≤ r < from + take` of a chunk's columns into the buffers' metric columns from row `offset` on: a copy of
 * each metric's stretch, and of its null marks (few: a base year's flows, a capacity with no limit) bit by bit.
 */
function columnsIntoBatch(chunk: ChunkColumns, from: number, take: number, years: number, b: TrajectoryBuffers, offset: number): void {
  const column = chunk.runs * years;
  const chunkBitmap = columnBitmapBytes(column);
  const lo = from * years;
  const hi = (from + take) * years;
  for (let m = 0; m < METRIC_COUNT; m++) {
    b.columns.set(chunk.columns.subarray(m * column + lo, m * column + hi), m * b.rows + offset);
    if (chunk.nulls[m] === 0) continue;
    const bits = m * b.bitmapBytes * 8 + offset - lo;
    const valid = chunk.valid.subarray(m * chunkBitmap, (m + 1) * chunkBitmap);
    let nulls = 0;
    for (let k = lo >> 3; k <= (hi - 1) >> 3; k++) {
      if (valid[k] === 0xff) continue;
      for (let i = Math.max(lo, k << 3); i < Math.min(hi, (k + 1) << 3); i++)
        if ((valid[k] & (1 << (i & 7))) === 0) {
          const at = bits + i;
          b.valid[at >> 3] &= ~(1 << (at & 7));
          nulls++;
        }
    }
    b.nulls[m] += nulls;
  }
}

/**
 * `summary.arrow`: scenario, year, metric, unit (dictionaries), n and
 * unlimited (runs), mean, sd, p5 … p95 over the n runs with a value; null
 * where there is none.
 */
export function summaryIpc(scenario: string, s: Summary): Uint8Array {
  const n = s.year.length;
  return documentedIpc('summary.arrow', {
    scenario: constantDictionary(scenario, n, 1),
    year: ints(s.year),
    metric: dictionary(s.metric, 2),
    unit: dictionary(s.metric.map((m) => METRIC_DOCS[m as keyof typeof METRIC_DOCS].unit), 7),
    n: ints(s.n),
    unlimited: ints(s.unlimited),
    ...Object.fromEntries(SUMMARY_STATS.map((k) => [k, floats(s.stats[k])])),
  });
}

/**
 * `params.arrow`: run, seed (uint32), then one float64 column per sampled scalar, from `columns` (`names.length`
 * columns of `runs` values one after another, used as they are), as the writer's pieces ({@link documentedIpcChunks}).
 *
 * @example
 * out.writeFile('params.arrow', paramsIpc(0, 2, 42, ['tfr'], Float64Array.of(1.1, 1.3)));
 */
export function paramsIpc(runStart: number, runs: number, seed: number, names: readonly string[], columns: Float64Array): Uint8Array[] {
  return documentedIpcChunks('params.arrow', {
    run: ints(Int32Array.from({ length: runs }, (_, i) => runStart + i)),
    seed: uint32s(new Uint32Array(runs).fill(seed)),
    ...Object.fromEntries(names.map((name, k) => [name, floats(columns.subarray(k * runs, (k + 1) * runs))])),
  });
}

/**
 * A batch's check of each area's own observed figures against its runs' 80 % interval (src/batch/ownFigures.ts), as
 * its combined targets.arrow carries it: per row the row's scenario's count of figures and of those inside (null for
 * a scenario with none), and in the schema's metadata `own_figures` every figure of every scenario, targets or not (JSON).
 */
export interface OwnFiguresColumns {
  /** `weighed`: the row's target weighed by those figures (absent where nothing is weighed). */
  readonly rows: readonly ({ readonly figures: number; readonly inside: number; readonly weighed?: { readonly probability: number; readonly lower: number; readonly upper: number; readonly effectiveRuns: number } } | null)[];
  readonly json: string;
}

/**
 * `targets.arrow`: one row per target plus `all`, with the Wilson interval;
 * `scenario` is one name, or one per row for a batch's combined table. The
 * joint row has null metric, year and value. A run's and a batch's table add, per row, whether the probability rests
 * mainly on defaults (`onDefaults`, the reachability report's †, null on a joint row) and whether it rests on an assumed
 * change of the registered count's definition (`onBreak`, the §, src/batch/onBreak.ts); a batch's the own-figures check
 * (`own`), and in the schema's metadata `scenarios` its `members`: every scenario folder of the batch, targets or not,
 * so that a reader tells them from a folder an earlier batch into the same --out left.
 *
 * @example
 * targetsIpc('luoyang', targets, undefined, targetsOnDefaults(scenario, targets), undefined, targetsOnBreak(scenario, targets)); // a run folder's table
 */
export function targetsIpc(
  scenario: string | readonly string[],
  results: readonly TargetResult[],
  own?: OwnFiguresColumns,
  onDefaults?: readonly (boolean | null)[],
  members?: readonly string[],
  onBreak?: readonly (boolean | null)[],
): Uint8Array {
  const n = results.length;
  const joint = (r: TargetResult) => r.year === null;
  if (onDefaults && onDefaults.length !== n) throw new Error(`targetsIpc: ${onDefaults.length} on_defaults values for ${n} rows`);
  if (onBreak && onBreak.length !== n) throw new Error(`targetsIpc: ${onBreak.length} on_break values for ${n} rows`);
  const metadata = new Map<string, string>();
  if (own) metadata.set('own_figures', own.json);
  if (members) metadata.set('scenarios', JSON.stringify(members));
  const ownColumns = own && {
    own_figures: ints(own.rows.map((r) => r?.figures ?? null)),
    own_inside: ints(own.rows.map((r) => r?.inside ?? null)),
    weighed_probability: floats(own.rows.map((r) => r?.weighed?.probability ?? NaN)),
    weighed_lower: floats(own.rows.map((r) => r?.weighed?.lower ?? NaN)),
    weighed_upper: floats(own.rows.map((r) => r?.weighed?.upper ?? NaN)),
    weighed_runs: floats(own.rows.map((r) => r?.weighed?.effectiveRuns ?? NaN)),
  };
  return documentedIpc('targets.arrow', {
    scenario: typeof scenario === 'string' ? constantDictionary(scenario, n, 3) : dictionary(scenario, 3),
    target: dictionary(results.map((r) => r.id), 4),
    metric: dictionary(results.map((r) => (joint(r) ? null : r.metric)), 5),
    year: ints(results.map((r) => r.year)),
    op: dictionary(results.map((r) => r.op), 6),
    value: floats(results.map((r) => (joint(r) ? NaN : r.value))),
    met: ints(results.map((r) => r.met)),
    runs: ints(results.map((r) => r.runs)),
    probability: floats(results.map((r) => r.probability)),
    lower: floats(results.map((r) => r.lower)),
    upper: floats(results.map((r) => r.upper)),
    ...(onDefaults && { on_defaults: bools(onDefaults) }),
    ...(onBreak && { on_break: bools(onBreak) }),
    ...ownColumns,
  }, metadata.size ? metadata : undefined);
}

/**
 * `registered_gain.arrow`: per year of a registered-rate target, each part of the registered rate's gain from the base
 * year ({@link GAIN_PARTS}, the engine's order) and then `total`, with mean, p10, p50, p90 over the runs and n.
 *
 * @example
 * out.writeFile('registered_gain.arrow', registeredGainIpc('dalian', gain));
 */
export function registeredGainIpc(scenario: string, gain: RegisteredGain): Uint8Array {
  const rows = gain.years.flatMap((y) => [...GAIN_PARTS.map((p) => ({ year: y.year, part: p as string, s: y.parts[p] })), { year: y.year, part: 'total', s: y.total }]);
  const n = rows.length;
  return documentedIpc('registered_gain.arrow', {
    scenario: constantDictionary(scenario, n, 0),
    year: ints(rows.map((r) => r.year)),
    base_year: ints(rows.map(() => gain.baseYear)),
    part: dictionary(rows.map((r) => r.part), 1),
    mean: floats(rows.map((r) => r.s.mean)),
    p10: floats(rows.map((r) => r.s.p10)),
    p50: floats(rows.map((r) => r.s.p50)),
    p90: floats(rows.map((r) => r.s.p90)),
    n: ints(rows.map((r) => r.s.n)),
  }, new Map([['definition', `${gain.reading.definition}/${gain.reading.denominator}`], ['unsplit_runs', String(gain.unsplitRuns)], ['reclass_hukou', String(gain.reclassHukou === true)]]));
}
