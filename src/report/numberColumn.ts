import type { Table } from 'apache-arrow';

/**
 * A numeric column of an Arrow table as a Float64Array, whatever its type
 * (float, 32- or 64-bit integer), with null — a value that does not apply,
 * such as a base-year flow or an unlimited capacity — as NaN. `toArray()`
 * alone would hand back whatever bytes sit under a null, and BigInt for
 * 64-bit integers. Works in Node and in the browser.
 *
 * @example
 * const p50 = numberColumn(tableFromIPC(bytes), 'p50', 'summary'); // NaN where the median does not apply
 */
export function numberColumn(table: Table, name: string, what: string): Float64Array {
  const c = table.getChild(name);
  if (!c) throw new Error(`not a ${what} table: column ${name} is missing`);
  const raw = c.toArray() as ArrayLike<number | bigint | null>;
  if (c.nullCount === 0 && raw instanceof Float64Array) return raw;
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) {
    const v = c.nullCount > 0 && !c.isValid(i) ? null : raw[i];
    out[i] = v === null || v === undefined ? NaN : Number(v);
  }
  return out;
}
