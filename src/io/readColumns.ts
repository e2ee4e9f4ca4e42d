import { DataType, type Table, type Vector } from 'apache-arrow';
import { InputError } from '../inputError.ts';

/**
 * A numeric column of an output table as a Float64Array, whatever its type
 * (float, 32- or 64-bit integer), each null read as `nullAs`: NaN by default
 * (a value that does not apply), Infinity for a capacity column whose null
 * means "no limit" (UNLIMITED_METRICS), which is how the engine holds it.
 * `toArray()` alone would hand back the 0 stored under a null, and BigInt for
 * 64-bit integers. Reads chunk by chunk, so 100,000 runs read fast. Works in
 * Node and in the browser.
 *
 * @example
 * const p50 = numberColumn(tableFromIPC(bytes), 'p50', 'summary'); // NaN where the median does not apply
 * numberColumn(trajectories, 'school_places', 'trajectories', Infinity); // no limit → Infinity
 * numberColumn(t, 'p50', 'summary', NaN, 'out/dalian/summary.arrow'); // an error names the file
 */
export function numberColumn(table: Table, name: string, what: string, nullAs = NaN, file?: string): Float64Array {
  const column = requiredColumn(table, name, what, file);
  // A text or boolean column's buffers would read as its bytes, numbers that mean nothing.
  if (!DataType.isFloat(column.type) && !DataType.isInt(column.type))
    throw new InputError(`${file ? `${file}: ` : ''}not a ${what} table: column ${name} holds ${column.type}, expected numbers`);
  const out = new Float64Array(column.length);
  let o = 0;
  for (const d of column.data) {
    const values = d.values as ArrayLike<number | bigint>;
    for (let i = 0; i < d.length; i++) {
      const v = values[i];
      out[o + i] = typeof v === 'bigint' ? Number(v) : v;
    }
    const bitmap = d.nullBitmap;
    if (d.nullCount > 0 && bitmap)
      for (let i = 0; i < d.length; i++) {
        const j = d.offset + i;
        if ((bitmap[j >> 3] & (1 << (j & 7))) === 0) out[o + i] = nullAs;
      }
    o += d.length;
  }
  return out;
}

/**
 * A column of an output table; missing, an InputError that names the table
 * it is not (and the file, where the caller knows it: a batch reads many
 * folders' tables).
 *
 * @example
 * requiredColumn(table, 'probability', 'solve'); // throws 'not a solve table: column probability is missing' without it
 */
export function requiredColumn(table: Table, name: string, what: string, file?: string): Vector {
  const column = table.getChild(name);
  if (!column) throw new InputError(`${file ? `${file}: ` : ''}not a ${what} table: column ${name} is missing`);
  return column;
}

/**
 * One cell as a number, null as NaN (`Number(null)` would be 0).
 *
 * @example
 * numberOr(table.getChild('lower')?.get(0)); // NaN where the file holds null
 */
export const numberOr = (v: unknown, nullAs = NaN): number => (v === null || v === undefined ? nullAs : Number(v));
