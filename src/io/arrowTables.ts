import {
  Dictionary, Field, Float64, Int32, RecordBatch, RecordBatchFileWriter, Schema, Struct, Table, Utf8,
  type Vector, makeData, makeVector, tableToIPC, vectorFromArray,
} from 'apache-arrow';
import { METRICS, METRIC_COUNT } from '../model/indicators.ts';
import type { Summary } from '../analysis/summarize.ts';
import { SUMMARY_STATS } from '../analysis/summarize.ts';
import type { TargetResult } from '../analysis/targetProbabilities.ts';

/** Dictionary ids are fixed per column: arrow's default is a process-wide counter, which would make bytes depend on history. */
const dictType = (id: number) => new Dictionary(new Utf8(), new Int32(), id);

/** A dictionary column of `n` copies of one string, sharing one dictionary across batches. */
function constantDictionary(dictionary: Vector<Utf8>, type: Dictionary<Utf8, Int32>, n: number) {
  return makeData({ type, length: n, nullCount: 0, data: new Int32Array(n), dictionary });
}

/**
 * `trajectories.arrow` as IPC file chunks: columns scenario (dictionary),
 * run, year, then one float64 column per metric; written in batches of
 * `batchRuns` runs so 100,000 runs never exist as one table. A chunk may
 * be a view of buffers the next batch reuses: write each one out before
 * asking for the next (as {@link writeFileAtomic} does).
 *
 * @example
 * writeFileAtomic('out/trajectories.arrow', trajectoriesIpc('dalian', 0, years, rows));
 */
export function* trajectoriesIpc(scenario: string, runStart: number, years: Int32Array, rows: Float64Array, batchRuns = 1000): Generator<Uint8Array> {
  const type = dictType(0);
  const schema = new Schema([
    new Field('scenario', type, false),
    new Field('run', new Int32(), false),
    new Field('year', new Int32(), false),
    ...METRICS.map((m) => new Field(m, new Float64(), false)),
  ]);
  const dict = vectorFromArray([scenario], new Utf8());
  const nYears = years.length;
  const runs = rows.length / (nYears * METRIC_COUNT);
  const writer = new RecordBatchFileWriter();
  writer.reset(undefined, schema);
  // One set of column buffers for all batches: each batch's bytes are taken (drained and written) before the
  // next batch fills them, so 100,000 runs leave no trail of dead buffers for the collector to find late.
  const most = Math.min(Math.max(runs, 1), batchRuns) * nYears;
  const runBuf = new Int32Array(most);
  const yearBuf = new Int32Array(most);
  const colBufs = METRICS.map(() => new Float64Array(most));
  for (let r0 = 0; r0 < Math.max(runs, 1); r0 += batchRuns) {
    const r1 = Math.min(runs, r0 + batchRuns);
    const n = (r1 - r0) * nYears;
    const run = runBuf.subarray(0, n);
    const year = yearBuf.subarray(0, n);
    const cols = colBufs.map((c) => c.subarray(0, n));
    for (let r = r0; r < r1; r++)
      for (let y = 0; y < nYears; y++) {
        const i = (r - r0) * nYears + y;
        run[i] = runStart + r;
        year[i] = years[y];
        const o = (r * nYears + y) * METRIC_COUNT;
        for (let m = 0; m < METRIC_COUNT; m++) cols[m][i] = rows[o + m];
      }
    const data = makeData({
      type: new Struct(schema.fields),
      length: n,
      nullCount: 0,
      children: [constantDictionary(dict, type, n), makeVector(run).data[0], makeVector(year).data[0], ...cols.map((c) => makeVector(c).data[0])],
    });
    writer.write(new RecordBatch(schema, data));
    yield* drain(writer);
  }
  writer.finish();
  yield* drain(writer);
}

/**
 * Take the bytes the writer has queued so far. Arrow JS only offers a
 * whole-file `toUint8Array` or an async stream; draining its queue keeps one
 * batch in memory at a time while staying synchronous.
 */
function drain(writer: RecordBatchFileWriter): Uint8Array[] {
  const queue = (writer as unknown as { _sink?: { _values?: Uint8Array[] } })._sink?._values;
  if (!queue) throw new Error('apache-arrow internals changed: RecordBatchWriter._sink._values not found');
  return queue.splice(0);
}

/** `summary.arrow`: scenario, year, metric (dictionaries), mean, sd, p5 … p95. */
export function summaryIpc(scenario: string, s: Summary): Uint8Array {
  const n = s.year.length;
  const table = new Table({
    scenario: vectorFromArray(new Array(n).fill(scenario), dictType(1)),
    year: makeVector(s.year),
    metric: vectorFromArray(s.metric as string[], dictType(2)),
    ...Object.fromEntries(SUMMARY_STATS.map((k) => [k, makeVector(s.stats[k])])),
  });
  return tableToIPC(table, 'file');
}

/** `params.arrow`: run, seed, then one float64 column per sampled scalar. */
export function paramsIpc(runStart: number, runs: number, seed: number, names: readonly string[], sampled: Float64Array): Uint8Array {
  const run = Int32Array.from({ length: runs }, (_, i) => runStart + i);
  const cols: Record<string, ReturnType<typeof makeVector>> = {
    run: makeVector(run),
    seed: makeVector(new Float64Array(runs).fill(seed)),
  };
  names.forEach((name, k) => {
    const c = new Float64Array(runs);
    for (let r = 0; r < runs; r++) c[r] = sampled[r * names.length + k];
    cols[name] = makeVector(c);
  });
  return tableToIPC(new Table(cols), 'file');
}

/**
 * `targets.arrow`: one row per target plus `all`, with the Wilson interval;
 * `scenario` is one name, or one per row for a batch's combined table.
 */
export function targetsIpc(scenario: string | readonly string[], results: readonly TargetResult[]): Uint8Array {
  const n = results.length;
  const names = typeof scenario === 'string' ? new Array<string>(n).fill(scenario) : [...scenario];
  const table = new Table({
    scenario: vectorFromArray(names, dictType(3)),
    target: vectorFromArray(results.map((r) => r.id), dictType(4)),
    metric: vectorFromArray(results.map((r) => r.metric), dictType(5)),
    year: vectorFromArray(results.map((r) => r.year), new Int32()),
    op: vectorFromArray(results.map((r) => r.op), dictType(6)),
    value: makeVector(Float64Array.from(results.map((r) => r.value))),
    met: makeVector(Int32Array.from(results.map((r) => r.met))),
    runs: makeVector(Int32Array.from(results.map((r) => r.runs))),
    probability: makeVector(Float64Array.from(results.map((r) => r.probability))),
    lower: makeVector(Float64Array.from(results.map((r) => r.lower))),
    upper: makeVector(Float64Array.from(results.map((r) => r.upper))),
  });
  return tableToIPC(table, 'file');
}
