import type { Piscina } from 'piscina';
import type { OutOfBoundsSummary } from '../analysis/outOfBounds.ts';
import { METRIC_COUNT } from '../model/indicators.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { type BoundsCheck, boundsChecks } from './boundsChecks.ts';
import { nonFiniteDraw } from './nonFiniteDraw.ts';
import { checkMemory } from './memoryNeed.ts';
import { type CompiledScenario, compileScenario } from './compileScenario.ts';
import { monteCarloPool } from './monteCarloPool.ts';
import { runChunk } from './runChunk.ts';
import { type GivenParameters, RunSampler } from './runSampler.ts';
import type { ChunkDone, ChunkTask, SpillBlock } from './worker.ts';
import { runChunkColumns } from './runChunkColumns.ts';
import { type ChunkColumns, chunkColumns, columnBitmapBytes, newChunkColumns } from '../io/rowsToColumns.ts';
import { type SpilledRuns, writeSpillBlockTo } from '../io/metricSpill.ts';
import { writeFailure } from '../io/writeError.ts';
import { GAIN_BYTES_PER_RUN, hasRegisteredGain } from './registeredGain.ts';

/** A slice `index/count` (1-based) of a scenario's runs. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface MonteCarloOptions {
  /** Worker threads; 1 runs in the calling thread. */
  readonly workers?: number;
  readonly shard?: Shard;
  /** Runs per task handed to a worker. */
  readonly chunkSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Run these parameter values instead of drawing them (a designed
   * experiment, e.g. a Saltelli design): one run per row of `values`
   * (runs × names.length, row-major), whatever `monteCarlo.runs` says.
   * `names` must be the scenario's sampled scalars, in any order. The run's
   * own randomness (shocks, year-to-year variation, hukou break, perturbed
   * baseline) comes from run r's own streams, or from run `shockRuns[r]`'s.
   */
  readonly parameters?: { readonly names: readonly string[]; readonly values: Float64Array; readonly shockRuns?: Int32Array };
  /** The scenario compiled already ({@link compileScenario} of the same scenario object), e.g. by a check before. */
  readonly compiled?: CompiledScenario;
  /** Worker threads to use when `workers` > 1 ({@link monteCarloPool}), kept alive for the caller. */
  readonly pool?: Piscina;
  /**
   * Hand over the runs chunk by chunk, in run order, instead of keeping them: the result's rows, sampled values and
   * out-of-bounds counts are then empty, and memory holds a few chunks whatever the number of runs.
   */
  readonly onChunk?: (chunk: MonteCarloChunk) => void; // its arrays take the next chunk once it returns: copy what you keep
  /**
   * With `onChunk`: a metric file ({@link MetricSpill}, of these runs alone) that each chunk's indicators are also
   * written into, as a block, by the thread that ran them, before the chunk is handed over.
   */
  readonly spill?: Pick<SpilledRuns, 'path' | 'reportAs' | 'runs' | 'years'>;
  /** What the message says to do when memory cannot hold the runs, given how many would fit ({@link checkMemory}). */
  readonly memoryAdvice?: (fit: number) => string;
}

/**
 * Runs `start ≤ run < end` (`runs` of them) as `onChunk` gets them: their indicators as trajectories.arrow's columns
 * ({@link ChunkColumns}: metric m of run `start + i` in year index y at `columns[(m · runs + i) · years + y]`, nulls
 * marked; rearranged by the thread that ran them: {@link runChunkColumns}), their target counts, and sampled values
 * and out-of-bounds counts as in MonteCarloResult.
 */
export interface MonteCarloChunk {
  readonly start: number;
  readonly end: number;
  readonly runs: number;
  readonly columns: ChunkColumns;
  readonly met: Int32Array;
  readonly sampled: Float64Array;
  readonly outside: Int32Array;
  /** The metric file this chunk's block was written to by the thread that ran it (`spill.path`), if one was given. */
  readonly spilledTo: string | undefined;
}

/** The indicator rows and sampled values of runs `runStart ≤ run < runEnd`, in run order. */
export interface MonteCarloResult {
  readonly scenario: ResolvedScenario;
  readonly years: Int32Array;
  readonly runStart: number;
  readonly runEnd: number;
  /** `((run − runStart) · years + y) · METRIC_COUNT + m`. */
  readonly rows: Float64Array;
  readonly sampledNames: readonly string[];
  readonly sampled: Float64Array;
  /**
   * Parameters set per run by an expression of drawn values or by shocks,
   * which the validator cannot check ({@link boundsChecks}), and per run the
   * number of years each was outside its key's bounds (the kernel clamps rates
   * to [0, 1] and counts at 0): `counts[(run − runStart) · checks.length + i]`.
   * Absent from results read back from files.
   */
  readonly outOfBounds?: { readonly checks: readonly BoundsCheck[]; readonly counts: Int32Array };
  /** Merged shards carry only each shard's totals from meta.json, summed. */
  readonly outOfBoundsTotals?: readonly OutOfBoundsSummary[];
  readonly elapsedMs: number;
}

/** Runs `[start, end)` of shard `index/count` of n runs: `⌊(index−1)·n/count⌋ … ⌊index·n/count⌋`. */
export function shardRange(n: number, shard?: Shard): [number, number] {
  if (!shard) return [0, n];
  return [Math.floor(((shard.index - 1) * n) / shard.count), Math.floor((shard.index * n) / shard.count)];
}

/**
 * Refuse (checkMemory's InputError) `runs` runs of a compiled scenario that memory cannot hold as {@link runMonteCarlo}
 * holds them: every run, or a few chunks at a time when `streaming`, with `workers` threads; and, for runs written to a
 * run folder (`folder`, or streamed) of a scenario with registered-rate targets, the split of their gain by source. A batch asks it of each
 * scenario before its first one runs, with the same arguments its runs will.
 *
 * @example
 * checkRunsMemory(compileScenario(loadScenario('scenarios/dalian.yaml')), 10_000_000, { workers: 2, streaming: false }); // throws: … need about 7x.x GB of memory …
 */
export function checkRunsMemory(compiled: CompiledScenario, runs: number, o: { workers?: number; streaming: boolean; folder?: boolean; advice?: (fit: number) => string }, checks = boundsChecks(compiled).length): void {
  const workers = Math.max(1, Math.floor(o.workers ?? 1));
  // Runs streamed go to a run folder, which splits the registered rate's gain by source from them; `folder` says so of runs held whole.
  const gain = (o.folder ?? o.streaming) && hasRegisteredGain(compiled.resolved) ? GAIN_BYTES_PER_RUN : 0;
  const need = { runs, years: compiled.steps + 1, metrics: METRIC_COUNT, sampled: compiled.sampledNames.length, checks, streaming: o.streaming, workers: workers > 1 ? workers : 0, gain };
  checkMemory(compiled.resolved.name, need, undefined, o.advice);
}

/**
 * Run a resolved scenario's Monte Carlo: `scenario.monteCarlo.runs` runs (or
 * one shard of them), spread over worker threads in chunks. Each run depends
 * only on (seed, run index), and chunks are put back in run order, so the
 * result is bit-identical for any worker count or shard split.
 *
 * @example
 * const r = await runMonteCarlo(loadScenario('scenarios/dalian.yaml'), { workers: 2 });
 * r.rows.length; // runs × years × METRIC_COUNT
 */
export async function runMonteCarlo(scenario: ResolvedScenario, options: MonteCarloOptions = {}): Promise<MonteCarloResult> {
  const t0 = performance.now();
  if (options.compiled && options.compiled.resolved !== scenario) throw new RangeError('runMonteCarlo: options.compiled is another scenario\'s');
  const compiled = options.compiled ?? compileScenario(scenario);
  const { trees } = compiled;
  const given = options.parameters && givenParameters(compiled.sampledNames, options.parameters);
  const total = given ? given.runs : scenario.monteCarlo.runs;
  const [runStart, runEnd] = shardRange(total, options.shard);
  const perRun = (compiled.steps + 1) * METRIC_COUNT;
  const nSampled = compiled.sampledNames.length;
  const count = runEnd - runStart;
  const checks = boundsChecks(compiled);
  const streaming = options.onChunk !== undefined;
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  checkRunsMemory(compiled, count, { workers, streaming, advice: options.memoryAdvice }, checks.length);
  // Shared memory: workers write their runs in place, so no chunk is copied or left for the collector. Streamed,
  // chunks take turns in a few buffers of one chunk each: a buffer shared with a worker is freed only when both
  // threads have collected it, and a worker running the kernel collects too rarely for a buffer per chunk.
  const nYears = compiled.steps + 1;
  const room = (runs: number) => ({
    rows: new SharedArrayBuffer(runs * perRun * 8),
    sampled: new SharedArrayBuffer(runs * nSampled * 8),
    outside: new SharedArrayBuffer(runs * checks.length * 4),
    valid: new SharedArrayBuffer(streaming ? METRIC_COUNT * columnBitmapBytes(runs * nYears) : 0),
    nulls: new SharedArrayBuffer(streaming ? METRIC_COUNT * 4 : 0),
  });
  const whole = room(streaming ? 0 : count);
  // Chunks of at least 50 runs: smaller ones cost more in messages and thread start-ups than they spread.
  const chunkSize = Math.max(1, options.chunkSize ?? (workers > 1 ? Math.max(50, Math.min(500, Math.ceil(count / (workers * 8)))) : 250));
  let done = 0;
  const progressed = (n: number): void => {
    done += n;
    options.onProgress?.(done, count);
  };
  // Toward the end the default chunks shrink to a quarter of what each thread has left (not below 50 runs), so that
  // the threads finish together instead of one running a whole chunk alone.
  const guided = options.chunkSize === undefined && workers > 1;
  const chunks: [number, number][] = [];
  for (let s = runStart; s < runEnd; ) {
    const size = guided ? Math.max(50, Math.min(chunkSize, Math.ceil((runEnd - s) / (4 * workers)))) : chunkSize;
    chunks.push([s, Math.min(runEnd, s + size)]);
    s += size;
  }
  const free: ReturnType<typeof room>[] = [];
  const buffersOf = () => (streaming ? (free.pop() ?? room(chunkSize)) : whole);
  const noColumns = newChunkColumns(0, nYears);
  /** Chunk i in buffers b: a streamed chunk's own (its columns, met to come), or its part of the whole result's. */
  const chunkOf = (i: number, b: ReturnType<typeof room>, met: Int32Array = new Int32Array(0)): MonteCarloChunk => {
    const n = streaming ? chunks[i][1] - chunks[i][0] : count;
    return {
      start: chunks[i][0], end: chunks[i][1], runs: chunks[i][1] - chunks[i][0], met,
      columns: streaming ? chunkColumns(b.rows, b.valid, b.nulls, n, nYears) : noColumns,
      sampled: new Float64Array(b.sampled, 0, n * nSampled), outside: new Int32Array(b.outside, 0, n * checks.length),
      spilledTo: options.spill?.path,
    };
  };
  /** Where chunk i's runs go in the metric file, if one was given. */
  const spillOf = (i: number): SpillBlock | undefined => options.spill && { ...options.spill, first: chunks[i][0] - runStart };
  /** A chunk's metric-file error, as the thread that keeps the file reports it ("disk full writing …"); with its path, as the same error in this thread would have, so any file error reads as one. */
  const spillFailed = (e: NonNullable<ChunkDone['spillError']>): Error => writeFailure(Object.assign(new Error(e.message), { code: e.code, path: options.spill!.path, syscall: 'write' }), options.spill!.reportAs);

  // A run drawing a non-finite value stops everything before its chunk is handed on: its indicators would be NaN.
  const checkDraws = (chunk: MonteCarloChunk): void =>
    nonFiniteDraw({ ...chunk, base: streaming ? chunk.start : runStart }, compiled.sampledNames, checks, scenario.years.start, scenario.name);

  // No more threads than chunks: each thread costs a start-up and its own heap, and a spare one only waits.
  const threads = Math.min(workers, chunks.length);
  if (threads <= 1 && !options.pool) {
    const sampler = new RunSampler(compiled, total, given && { values: new Float64Array(given.values), shockRuns: given.shockRuns && new Int32Array(given.shockRuns) });
    const cells = options.spill && new Float64Array(Math.min(chunkSize, count) * perRun);
    for (let i = 0; i < chunks.length; i++) {
      const [s, e] = chunks[i];
      const b = buffersOf();
      const into = chunkOf(i, b);
      if (streaming) {
        const chunk = { ...into, met: runChunkColumns(compiled, total, s, e, sampler, { ...into, cells }) };
        const spill = spillOf(i);
        if (spill) writeSpillBlockTo(spill, spill.first, cells!, e - s);
        checkDraws(chunk);
        options.onChunk!(chunk);
        free.push(b);
      } else {
        runChunk(compiled, total, s, e, sampler, { rows: new Float64Array(b.rows), sampled: into.sampled, outside: into.outside, runStart });
        checkDraws(into);
      }
      progressed(e - s);
      await new Promise((resolve) => setImmediate(resolve)); // let a progress bar draw
    }
  } else {
    const pool = options.pool ?? monteCarloPool(threads);
    const key = `${scenario.name}:${total}:${performance.now()}`;
    const task = (i: number, b: ReturnType<typeof room>) =>
      pool.run({
        key, scenario, trees, totalRuns: total, start: chunks[i][0], end: chunks[i][1], rows: b.rows, sampled: b.sampled, outside: b.outside,
        runStart: streaming ? chunks[i][0] : runStart, given, streamed: streaming ? { valid: b.valid, nulls: b.nulls, spill: spillOf(i) } : undefined,
      } satisfies ChunkTask) as Promise<ChunkDone>;
    try {
      if (!streaming)
        await Promise.all(chunks.map((_, i) => task(i, whole).then(({ runs }) => {
          checkDraws(chunkOf(i, whole));
          progressed(runs);
        })));
      else {
        const holding = new Map<number, ReturnType<typeof room>>();
        await streamChunks(chunks.length, 2 * threads + 2, async (i) => {
          const b = buffersOf();
          holding.set(i, b);
          const { runs, met, spillError } = await task(i, b);
          if (spillError) throw spillFailed(spillError);
          const chunk = chunkOf(i, b, met);
          checkDraws(chunk);
          progressed(runs);
          return chunk;
        }, (chunk, i) => {
          options.onChunk!(chunk);
          free.push(holding.get(i)!); // handed on and copied: the buffer takes the next chunk
          holding.delete(i);
        });
      }
    } finally {
      if (pool !== options.pool) await pool.destroy();
    }
  }
  const rows = new Float64Array(whole.rows);
  const sampled = new Float64Array(whole.sampled);
  const outside = new Int32Array(whole.outside);
  return {
    scenario,
    years: compiled.years,
    runStart,
    runEnd,
    rows,
    sampledNames: compiled.sampledNames,
    sampled,
    outOfBounds: { checks, counts: outside },
    elapsedMs: performance.now() - t0,
  };
}

/**
 * Run `count` chunks with at most `ahead` of them computed or waiting at a time, and hand each to `deliver` in
 * order as soon as it and every chunk before it are done: memory holds a few chunks, however many runs there are.
 */
async function streamChunks(
  count: number, ahead: number, compute: (i: number) => Promise<MonteCarloChunk>, deliver: (c: MonteCarloChunk, i: number) => void,
): Promise<void> {
  const ready = new Map<number, MonteCarloChunk>();
  let next = 0;
  let started = 0;
  await new Promise<void>((resolve, reject) => {
    const start = (): void => {
      if (next === count) return resolve();
      while (started < count && started - next < ahead) {
        const i = started++;
        compute(i).then((c) => {
          ready.set(i, c);
          try {
            while (ready.has(next)) {
              const chunk = ready.get(next)!;
              ready.delete(next);
              deliver(chunk, next++);
            }
          } catch (e) {
            reject(e);
            return;
          }
          start();
        }, reject);
      }
    };
    start();
  });
}

/**
 * Check a given parameter matrix against the scenario's sampled scalars and
 * put its columns in their order, in shared memory that workers read without
 * a copy.
 */
function givenParameters(
  sampledNames: readonly string[],
  p: NonNullable<MonteCarloOptions['parameters']>,
): { runs: number; values: SharedArrayBuffer; shockRuns?: SharedArrayBuffer } {
  const k = sampledNames.length;
  const sameSet = p.names.length === k && new Set(p.names).size === k && p.names.every((n) => sampledNames.includes(n));
  if (!sameSet) throw new RangeError(`given parameters [${p.names.join(', ')}] are not the scenario's sampled ones [${sampledNames.join(', ')}]`);
  if (k === 0 || p.values.length === 0 || p.values.length % k !== 0)
    throw new RangeError(`given parameter values: expected a positive multiple of ${k} values (runs × parameters), found ${p.values.length}`);
  const runs = p.values.length / k;
  const values = new Float64Array(new SharedArrayBuffer(p.values.length * 8));
  const from = sampledNames.map((n) => p.names.indexOf(n));
  for (let r = 0; r < runs; r++)
    for (let j = 0; j < k; j++) {
      const v = p.values[r * k + from[j]];
      if (!Number.isFinite(v)) throw new RangeError(`given value of ${sampledNames[j]} in run ${r} is ${v}, expected a finite number`);
      values[r * k + j] = v;
    }
  let shockRuns: SharedArrayBuffer | undefined;
  if (p.shockRuns) {
    if (p.shockRuns.length !== runs) throw new RangeError(`shockRuns: expected one run index per run (${runs}), found ${p.shockRuns.length}`);
    if (p.shockRuns.some((r) => r < 0)) throw new RangeError('shockRuns: run indices must be ≥ 0');
    shockRuns = new SharedArrayBuffer(runs * 4);
    new Int32Array(shockRuns).set(p.shockRuns);
  }
  return { runs, values: values.buffer as SharedArrayBuffer, shockRuns };
}
