import { METRIC_COUNT } from '../model/indicators.ts';

/**
 * `runs` runs' indicators as trajectories.arrow's metric columns hold them: metric m of run r in year index y at
 * `columns[(m · runs + r) · years + y]`, a value that is not a finite number written as 0 and marked in `valid`
 * (metric m's bits from byte `m · columnBitmapBytes(runs · years)`, bit `r · years + y`; set = valid), with each
 * metric's count of such values in `nulls`. A chunk in this layout is put into a file's batches by copying each
 * metric's stretch and its few null bits, without a pass over the values.
 */
export interface ChunkColumns {
  readonly runs: number;
  readonly columns: Float64Array;
  readonly valid: Uint8Array;
  readonly nulls: Int32Array;
}

/** Bytes of one metric's validity bits in a chunk of `values` values (runs × years). */
export const columnBitmapBytes = (values: number): number => (values + 7) >> 3;

/**
 * Views of a chunk of `runs` runs of `years` years in the given buffers (shared with another thread, or not), from
 * their start: what {@link rowsToColumns} fills.
 *
 * @example
 * const c = chunkColumns(new ArrayBuffer(runs * years * METRIC_COUNT * 8), new ArrayBuffer(METRIC_COUNT * columnBitmapBytes(runs * years)), new ArrayBuffer(METRIC_COUNT * 4), runs, years);
 */
export function chunkColumns(values: ArrayBufferLike, valid: ArrayBufferLike, nulls: ArrayBufferLike, runs: number, years: number): ChunkColumns {
  return {
    runs,
    columns: new Float64Array(values, 0, runs * years * METRIC_COUNT),
    valid: new Uint8Array(valid, 0, METRIC_COUNT * columnBitmapBytes(runs * years)),
    nulls: new Int32Array(nulls, 0, METRIC_COUNT),
  };
}

/** A chunk of `runs` runs of `years` years in memory of its own. */
export function newChunkColumns(runs: number, years: number): ChunkColumns {
  const bytes = METRIC_COUNT * columnBitmapBytes(runs * years);
  return chunkColumns(new ArrayBuffer(runs * years * METRIC_COUNT * 8), new ArrayBuffer(bytes), new ArrayBuffer(METRIC_COUNT * 4), runs, years);
}

/** Every value of the chunk valid again, before {@link rowsToColumns} fills it. */
export function clearNulls(c: ChunkColumns): void {
  c.valid.fill(0xff);
  c.nulls.fill(0);
}

/**
 * Indicator rows of runs (run-major: `(r · years + y) · METRIC_COUNT + m`, as the engine writes them) into runs
 * `offset …` of the chunk `into` ({@link ChunkColumns}), marking what is not a finite number as null with 0 under it
 * (as `floats` of arrowColumns.ts would) in the same pass. The chunk's marks must have been cleared
 * ({@link clearNulls}) before its first runs are put in.
 *
 * @example
 * const c = newChunkColumns(runs, years.length);
 * clearNulls(c);
 * rowsToColumns(rows, years.length, c, 0); // metric m: c.columns.subarray(m · runs · years, (m + 1) · runs · years)
 */
export function rowsToColumns(rows: Float64Array, years: number, into: ChunkColumns, offset: number): void {
  const perRun = years * METRIC_COUNT;
  const runs = perRun === 0 ? 0 : rows.length / perRun;
  const { columns, valid, nulls } = into;
  const column = into.runs * years;
  const bitmap = columnBitmapBytes(column) * 8;
  for (let r = 0; r < runs; r++)
    for (let y = 0; y < years; y++) {
      const from = (r * years + y) * METRIC_COUNT;
      const at = (offset + r) * years + y;
      for (let m = 0; m < METRIC_COUNT; m++) {
        const x = rows[from + m];
        if (x - x === 0) columns[m * column + at] = x; // finite; NaN and ±Infinity give NaN
        else {
          columns[m * column + at] = 0;
          const bit = m * bitmap + at;
          valid[bit >> 3] &= ~(1 << (bit & 7));
          nulls[m]++;
        }
      }
    }
}
