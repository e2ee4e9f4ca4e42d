import {
  Bool, type Data, type DataType, Dictionary, Field, Float64, Int32, RecordBatch, RecordBatchFileWriter, RecordBatchStreamWriter, Schema, Struct, Table, Uint32,
  Utf8, type Vector, makeData, makeVector, tableToIPC,
} from 'apache-arrow';
import { type ColumnDoc, type ColumnType, columnDoc } from './columnDictionary.ts';

/**
 * Builders for output columns and a documented schema. The rules every
 * output keeps: a value that is not a finite number is null (a validity
 * bitmap, with 0 in the data buffer), never NaN or ±Infinity; counts and
 * seeds are integers, flags booleans, repeated strings dictionaries with a
 * fixed id (arrow's default id comes from a process-wide counter, which
 * would make bytes depend on what the process wrote before); every field
 * carries `unit`, `description`, `label_zh` (and `nulls` when it can be
 * null) from the column dictionary.
 */

/** A validity bitmap (bit set = valid), or undefined when every value is valid. */
function validity(n: number, isNull: (i: number) => boolean): { nullBitmap?: Uint8Array; nullCount: number } {
  let bitmap: Uint8Array | undefined;
  let nulls = 0;
  for (let i = 0; i < n; i++)
    if (isNull(i)) {
      if (!bitmap) bitmap = validBitmap(n);
      bitmap[i >> 3] &= ~(1 << (i & 7));
      nulls++;
    }
  return bitmap ? { nullBitmap: bitmap, nullCount: nulls } : { nullCount: 0 };
}

function validBitmap(n: number): Uint8Array {
  const b = new Uint8Array(((n + 63) >> 6) << 3).fill(0xff);
  // Bits past the end stay 0, as the format asks.
  for (let i = n; i < b.length * 8; i++) b[i >> 3] &= ~(1 << (i & 7));
  return b;
}

/**
 * Float64 column: non-finite values become nulls with 0 underneath. A
 * Float64Array is used as it is when it holds none; with `inPlace` it is
 * also used (and its non-finite values zeroed) when it does: for scratch
 * buffers only.
 *
 * @example
 * floats(Float64Array.of(1.5, NaN, Infinity)); // 1.5, null, null
 */
export function floats(values: ArrayLike<number>, o: { inPlace?: boolean } = {}): Data<Float64> {
  const n = values.length;
  let data = values instanceof Float64Array ? values : Float64Array.from(values);
  let nullBitmap: Uint8Array | undefined;
  let nullCount = 0;
  // One pass, no call per value: trajectories run to 100 million values.
  for (let i = 0; i < n; i++) {
    const x = data[i];
    if (x - x === 0) continue; // finite; NaN and ±Infinity give NaN
    if (!nullBitmap) {
      nullBitmap = validBitmap(n);
      if (data === values && !o.inPlace) data = Float64Array.from(data);
    }
    nullBitmap[i >> 3] &= ~(1 << (i & 7));
    data[i] = 0;
    nullCount++;
  }
  return makeData({ type: new Float64(), length: n, data, nullCount, ...(nullBitmap && { nullBitmap }) });
}

/**
 * Float64 column of values whose nulls are zeroed and marked already: `nullBitmap` as {@link floats} makes it (bit set =
 * valid, bits past the end 0, ⌈n / 64⌉ · 8 bytes), absent when `nullCount` is 0. The same column as floats of the values,
 * without a pass over them.
 *
 * @example
 * markedFloats(Float64Array.of(1.5, 0), 1, Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0)); // 1.5, null
 */
export function markedFloats(values: Float64Array, nullCount: number, nullBitmap?: Uint8Array): Data<Float64> {
  return makeData({ type: new Float64(), length: values.length, data: values, nullCount, ...(nullCount > 0 && { nullBitmap }) });
}

/**
 * Int32 column; null where `values` holds null.
 *
 * @example
 * ints([2013, null]);
 */
export function ints(values: ArrayLike<number | null>): Data<Int32> {
  const n = values.length;
  // An Int32Array holds no null: no pass over it (the run and year columns of trajectories).
  if (values instanceof Int32Array) return makeData({ type: new Int32(), length: n, data: values, nullCount: 0 });
  const v = validity(n, (i) => values[i] === null);
  return makeData({ type: new Int32(), length: n, data: Int32Array.from({ length: n }, (_, i) => values[i] ?? 0), ...v });
}

/** Uint32 column (seeds run to 2³² − 1). */
export function uint32s(values: ArrayLike<number>): Data<Uint32> {
  return makeData({ type: new Uint32(), length: values.length, nullCount: 0, data: values instanceof Uint32Array ? values : Uint32Array.from(values) });
}

/**
 * Bool column; null where `values` holds null.
 *
 * @example
 * bools([true, false, null]);
 */
export function bools(values: ArrayLike<boolean | null>): Data<Bool> {
  const n = values.length;
  const data = new Uint8Array(((n + 63) >> 6) << 3);
  for (let i = 0; i < n; i++) if (values[i]) data[i >> 3] |= 1 << (i & 7);
  return makeData({ type: new Bool(), length: n, data, ...validity(n, (i) => values[i] === null) });
}

/**
 * Dictionary-encoded strings, dictionary in order of first appearance, with
 * a fixed id; null where `values` holds null.
 *
 * @example
 * dictionary(['dalian', 'dalian'], 0);
 */
export function dictionary(values: ArrayLike<string | null>, id: number): Data<Dictionary<Utf8, Int32>> {
  const n = values.length;
  const codes = new Map<string, number>();
  const indices = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if (s === null) continue;
    let c = codes.get(s);
    if (c === undefined) codes.set(s, (c = codes.size));
    indices[i] = c;
  }
  return dictionaryOf(dictionaryWords([...codes.keys()]), indices, id, validity(n, (i) => values[i] === null));
}

/**
 * A dictionary column of `n` copies of one string: what a scenario column
 * is. The batches of one file must share one dictionary (the IPC file format
 * has no replacement dictionaries): pass the same {@link dictionaryWords}
 * vector to each.
 *
 * @example
 * const words = dictionaryWords(['dalian']);
 * constantDictionary(words, 23_000, 0); // …and again for the next batch
 */
export function constantDictionary(words: string | Vector<Utf8>, n: number, id: number): Data<Dictionary<Utf8, Int32>> {
  return dictionaryOf(typeof words === 'string' ? dictionaryWords([words]) : words, new Int32Array(n), id, { nullCount: 0 });
}

/** The words of a dictionary column, as a vector batches can share. */
export const dictionaryWords = (words: readonly string[]): Vector<Utf8> => makeVector(strings(words));

function dictionaryOf(dictionary: Vector<Utf8>, indices: Int32Array, id: number, v: { nullBitmap?: Uint8Array; nullCount: number }) {
  return makeData({ type: new Dictionary(new Utf8(), new Int32(), id), length: indices.length, data: indices, dictionary, ...v });
}

/**
 * Plain Utf8 column; null where `values` holds null.
 *
 * @example
 * strings(['observed.csv:196', null]);
 */
export function strings(values: ArrayLike<string | null>): Data<Utf8> {
  const n = values.length;
  const encoder = new TextEncoder();
  const parts = Array.from({ length: n }, (_, i) => encoder.encode(values[i] ?? ''));
  const valueOffsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) valueOffsets[i + 1] = valueOffsets[i] + parts[i].length;
  const data = new Uint8Array(valueOffsets[n]);
  parts.forEach((p, i) => data.set(p, valueOffsets[i]));
  return makeData({ type: new Utf8(), length: n, valueOffsets, data, ...validity(n, (i) => values[i] === null) });
}

const IS_TYPE: Record<ColumnType, (t: DataType) => boolean> = {
  'dictionary<utf8>': (t) => t instanceof Dictionary && t.dictionary instanceof Utf8,
  utf8: (t) => t instanceof Utf8,
  int32: (t) => t instanceof Int32,
  uint32: (t) => t instanceof Uint32,
  float64: (t) => t instanceof Float64,
  bool: (t) => t instanceof Bool,
};

/**
 * The field of column `name` of `file`, typed `type` and carrying the
 * dictionary's metadata. Throws when the dictionary does not document the
 * column or gives it another type: a writer that adds a column must document it.
 *
 * @example
 * documentedField('summary.arrow', 'n', new Int32());
 */
export function documentedField(file: string, name: string, type: DataType): Field {
  const doc = columnDoc(file, name);
  if (!doc) throw new Error(`column ${name} of ${file} is not in the column dictionary (src/io/columnDictionary.ts)`);
  if (!IS_TYPE[doc.type](type)) throw new Error(`column ${name} of ${file} is ${type}, the column dictionary says ${doc.type}`);
  return new Field(name, type, doc.nulls !== undefined, fieldMetadata(doc));
}

/** The key–value metadata of a documented field. */
function fieldMetadata(doc: ColumnDoc): Map<string, string> {
  const m = new Map([['unit', doc.unit], ['description', doc.description], ['label_zh', doc.zh]]);
  if (doc.nulls) m.set('nulls', doc.nulls);
  return m;
}

/**
 * The schema of `file` for these columns, in order.
 *
 * @example
 * documentedSchema('params.arrow', [['run', new Int32()], ['seed', new Uint32()]]);
 */
export function documentedSchema(file: string, columns: readonly (readonly [string, DataType])[], metadata?: ReadonlyMap<string, string>): Schema {
  return new Schema(columns.map(([name, type]) => documentedField(file, name, type)), metadata ? new Map(metadata) : undefined);
}

/**
 * One record batch of `schema` from one Data per field, in the schema's order.
 *
 * @example
 * writer.write(recordBatch(schema, [ints(run), floats(value)]));
 */
export function recordBatch(schema: Schema, columns: readonly Data[]): RecordBatch {
  const length = columns[0]?.length ?? 0;
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length, nullCount: 0, children: columns as Data[] }));
}

/**
 * IPC file bytes of a one-batch table of `file`: columns in the order given,
 * each documented in the column dictionary.
 *
 * @example
 * writeFileAtomic(join(dir, 'solve.arrow'), documentedIpc('solve.arrow', { lever: dictionary(levers, 0), x: floats(xs), … }));
 */
export function documentedIpc(file: string, columns: Readonly<Record<string, Data>>, metadata?: ReadonlyMap<string, string>): Uint8Array {
  const entries = Object.entries(columns);
  const schema = documentedSchema(file, entries.map(([name, d]) => [name, d.type] as const), metadata);
  return tableToIPC(new Table(schema, [recordBatch(schema, entries.map(([, d]) => d))]), 'file');
}

/**
 * The bytes of {@link documentedIpc}, to the byte, as the pieces the IPC writer makes of them — the columns' own
 * buffers among them, not copied — to be written out in order: a table of a million rows need not exist a second
 * time as one file-sized array.
 *
 * @example
 * out.writeFile('params.arrow', documentedIpcChunks('params.arrow', { run: ints(runs), … }));
 */
export function documentedIpcChunks(file: string, columns: Readonly<Record<string, Data>>, metadata?: ReadonlyMap<string, string>): Uint8Array[] {
  const entries = Object.entries(columns);
  const schema = documentedSchema(file, entries.map(([name, d]) => [name, d.type] as const), metadata);
  const writer = new RecordBatchFileWriter();
  writer.reset(undefined, schema);
  writer.write(recordBatch(schema, entries.map(([, d]) => d)));
  writer.finish();
  return drain(writer);
}

/**
 * Take the bytes the writer has queued so far. Arrow JS only offers a
 * whole-file `toUint8Array` or an async stream; draining its queue keeps one
 * batch in memory at a time while staying synchronous.
 *
 * @example
 * writer.write(batch);
 * for (const bytes of drain(writer)) sink.write(bytes);
 */
export function drain(writer: RecordBatchFileWriter): Uint8Array[] {
  const queue = (writer as unknown as { _sink?: { _values?: Uint8Array[] } })._sink?._values;
  if (!queue) throw new Error('apache-arrow internals changed: RecordBatchWriter._sink._values not found');
  return queue.splice(0);
}

/**
 * The schema message that opens an Arrow IPC stream of `schema`, for a reader, not a file: Arrow JS writes a file's
 * schema only in its footer, so readRunOutputs puts this before a file's messages to read them a piece at a time
 * with a stream reader.
 *
 * @example
 * RecordBatchStreamReader.from([schemaMessage(Footer.decode(footer).schema), ...pieces]);
 */
export function schemaMessage(schema: Schema): Uint8Array {
  const writer = new RecordBatchStreamWriter();
  writer.reset(undefined, schema);
  return writer.toUint8Array(true);
}
